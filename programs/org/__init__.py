"""The organisation: units, people, work groups and management groups."""
