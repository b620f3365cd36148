"""The one way Django code publishes an aggregate, and the threshold's setter."""

from collections.abc import Hashable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.programs.anonymity.cells import Answer, Filter, Publication
from spiral.programs.anonymity.engine import publish
from spiral.programs.anonymity.selectors import anonymity_threshold, org_tree
from spiral.programs.anonymity.stored import StoredLedger
from spiral.tenants.models import MIN_ANONYMITY_THRESHOLD, Tenant


def publish_subject(
    *,
    subject: str,
    answers: Iterable[Answer],
    tree: Mapping[Hashable, Hashable | None] | None = None,
    filters: Iterable[Filter] = (),
) -> Publication:
    """The publication of one measure of ``subject`` (say "round:<id>:q3"), at
    the tenant's threshold of this moment, checked against and recorded in the
    subject's ledger. ``tree`` defaults to the organisation (``org_tree``)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two publications of one subject at once would each miss the other.
            lock = f"{connection.schema_name}:anonymity:{subject}"
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [lock])
        return publish(
            answers,
            tree=org_tree() if tree is None else tree,
            threshold=anonymity_threshold(),
            filters=filters,
            ledger=StoredLedger(subject),
        )


def anonymity_threshold_set(*, threshold: int) -> int:
    """Sets the current tenant's threshold (a tenant administrator's decision,
    audited); every publication from now on uses it, closed rounds included."""
    if threshold < MIN_ANONYMITY_THRESHOLD:
        message = _("The anonymity threshold is never below %(minimum)d.")
        raise ValidationError(
            {"anonymity_threshold": [message % {"minimum": MIN_ANONYMITY_THRESHOLD}]}
        )
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(schema_name=connection.schema_name)
        before = tenant.anonymity_threshold
        tenant.anonymity_threshold = threshold
        tenant.save(update_fields=["anonymity_threshold", "updated_at"])
        audit_record(
            action="tenant.anonymity_threshold_changed",
            obj=tenant,
            changes={"anonymity_threshold": [before, threshold]},
        )
    return threshold
