"""The climate pulse of a work group (issue 17, point 5)."""
