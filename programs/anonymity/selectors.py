"""Reads the engine needs from the tenant: its threshold and its tree."""

import uuid

from django.db import connection

from spiral.programs.org.models import OrgUnit
from spiral.tenants.models import DEFAULT_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD, Tenant


def anonymity_threshold() -> int:
    """The current tenant's threshold, read from its row now: not from the
    request's tenant object or a cache, so a change applies to the very next
    publication in every process. Never below the minimum."""
    stored = (
        Tenant.objects.filter(schema_name=connection.schema_name)
        .values_list("anonymity_threshold", flat=True)
        .first()
    )
    return max(MIN_ANONYMITY_THRESHOLD, DEFAULT_ANONYMITY_THRESHOLD if stored is None else stored)


def org_tree() -> dict[uuid.UUID, uuid.UUID | None]:
    """Every unit's parent, by public id: the tree the engine rolls up in."""
    return dict(OrgUnit.objects.values_list("public_id", "parent__public_id"))
