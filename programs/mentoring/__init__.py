"""The component kinds of mentoring, its matching and supervision."""
