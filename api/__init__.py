"""The HTTP API (Django REST Framework): problem responses, authentication,
and one module per resource family."""
