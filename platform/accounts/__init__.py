"""Logins of a tenant's people. Lives in each tenant's schema."""
