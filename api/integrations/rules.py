"""Integrations are managed by tenant administrators only: an integration can
never create or see another (no scope reaches them)."""

from spiral.programs.org.rules import is_tenant_admin

manages_integrations = is_tenant_admin
