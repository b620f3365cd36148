from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "spiral.programs.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from django_tenants.signals import schema_migrated

        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.org.events import PEOPLE_CHANGED

        schema_migrated.connect(_load_library, dispatch_uid="programmes-template-library")
        subscribe(
            PEOPLE_CHANGED, "programmes.enrolments_follow", _follow_organisation, coalesce=True
        )


def _follow_organisation(message):
    """Every active programme's enrolments follow its rule, as people now are."""
    from spiral.programs.programmes.enrolment import enrolments_follow_organisation

    enrolments_follow_organisation()


def _load_library(sender, schema_name: str, **kwargs):
    """Every tenant schema, once migrated (at provisioning and at every deploy),
    gets the shipped template library, as it is in this release."""
    from django.conf import settings
    from django_tenants.utils import schema_context

    from spiral.programs.programmes.services import template_library_sync

    if schema_name == settings.PUBLIC_SCHEMA_NAME:
        return
    with schema_context(schema_name):
        template_library_sync()
