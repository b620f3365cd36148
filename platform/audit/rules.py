"""Who may read the audit trail: the tenant's administrators, signed in as
people (no integration scope reaches it)."""

from spiral.programs.org.rules import is_tenant_admin

reads_audit_trail = is_tenant_admin
