"""The one way Django code publishes an aggregate, and the threshold's setter."""

from collections.abc import Hashable, Iterable, Mapping

from django.db import connection, transaction

from spiral.programs.anonymity.cells import Answer, Filter, Publication
from spiral.programs.anonymity.engine import publish
from spiral.programs.anonymity.selectors import anonymity_threshold, org_tree
from spiral.programs.anonymity.stored import StoredLedger


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
