"""Celery: the app, the tenant-aware base task, the per-tenant fan-out and the
tasks themselves (thin: they take ids and call services)."""
