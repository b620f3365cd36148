"""The component kinds of learning arenas."""
