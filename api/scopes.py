"""The OAuth2 scopes an integration can be given, defined once.

Settings (django-oauth-toolkit), the API's permission check, the API client
serializer and the OpenAPI document all read this module. It imports nothing
from Django, so that settings can read it before apps load.

A scope is ``<family>:read`` or ``<family>:write``; every API resource names its
family (``ScopedViewSet.scope_family``), or None when no scope can reach it.
``people:admin`` stands apart: an integration may give a person an
administering role (HR) or a login only when a tenant administrator granted it
explicitly, never through ``people:write`` alone.
"""

# family -> (what :read grants, what :write grants)
SCOPE_FAMILIES: dict[str, tuple[str, str]] = {
    "org": (
        "Read units, work groups and management groups",
        "Change units, work groups and management groups",
    ),
    "people": ("Read people", "Change people and import them from an HR system"),
    "programmes": (
        "Read programmes, templates, enrolments and sessions",
        "Set up programmes, enrol people and change sessions",
    ),
    "kpis": ("Read key figures (KPIs) of units", "Record key figures (KPIs) of units"),
}

ADMIN_SCOPE = "people:admin"

SCOPES: dict[str, str] = {
    **{
        f"{family}:{access}": text
        for family, texts in SCOPE_FAMILIES.items()
        for access, text in zip(("read", "write"), texts, strict=True)
    },
    ADMIN_SCOPE: "Give people the HR role and invite them to sign in",
}


def scope_for(family: str, *, write: bool) -> str:
    return f"{family}:{'write' if write else 'read'}"
