"""The anonymity engine (placeholder docstring, replaced below)."""
