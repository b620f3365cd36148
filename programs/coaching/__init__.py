"""The component kinds of coaching tracks."""
