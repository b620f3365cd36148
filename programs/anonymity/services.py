"""The one way Django code publishes an aggregate: one subject, or many at once."""

from collections.abc import Hashable, Iterable, Mapping

from django.db import connection, transaction

from spiral.programs.anonymity.cells import Answer, Filter, Publication
from spiral.programs.anonymity.engine import publish
from spiral.programs.anonymity.models import PublishedVersion
from spiral.programs.anonymity.selectors import anonymity_threshold, org_tree
from spiral.programs.anonymity.stored import BatchLedger, StoredLedger, versions_of


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


def publish_subjects(
    requests: Mapping[str, Iterable[Answer]],
    *,
    tree: Mapping[Hashable, Hashable | None] | None = None,
) -> dict[str, Publication]:
    """``publish_subject`` of many subjects (subject -> answers) in a fixed
    number of queries: every subject's lock at once, their ledgers read in one
    query and their new versions written in one. The same decisions as one
    call per subject. Keep a call to a few hundred subjects: each lock is an
    entry of PostgreSQL's lock table until the transaction ends."""
    subjects = sorted(requests)
    tree = org_tree() if tree is None else tree
    threshold = anonymity_threshold()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(hashtextextended(name, 0)))"
                " FROM unnest(%s::text[]) AS name",
                [[f"{connection.schema_name}:anonymity:{subject}" for subject in subjects]],
            )
        stored, pending = versions_of(subjects), []
        published = {
            subject: publish(
                requests[subject],
                tree=tree,
                threshold=threshold,
                ledger=BatchLedger(subject, stored[subject], pending),
            )
            for subject in subjects
        }
        PublishedVersion.objects.bulk_create(pending, batch_size=1000, ignore_conflicts=True)
    return published
