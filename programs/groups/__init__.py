"""The component kinds of work-group learning: contract, meetings, looking back, climate."""
