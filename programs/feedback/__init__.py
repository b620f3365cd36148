"""The component kinds of management-group feedback and support assessment."""
