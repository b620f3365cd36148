"""Tenants (municipalities and regions), their domains, provisioning and the
platform operators who run them. Lives in the public schema."""
