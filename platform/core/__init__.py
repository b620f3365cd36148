"""Cross-cutting pieces every request and task passes through: request context,
structured logs, health probes and problem responses."""
