"""The ledger of a subject in the tenant's database (``PublishedVersion``)."""

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

from spiral.programs.anonymity.ledger import respondent_token
from spiral.programs.anonymity.models import PublishedVersion


class StoredLedger:
    """Reads every version of the subject once, and adds the new ones. Use it
    inside ``services.publish_subject``, which holds the subject's lock."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self._versions: dict[str, list[frozenset]] | None = None

    def token(self, respondent: Hashable) -> int:
        return respondent_token(self.subject, respondent)

    def versions(self) -> Mapping[str, Sequence[frozenset]]:
        if self._versions is None:
            rows = PublishedVersion.objects.filter(subject=self.subject).order_by("id")
            self._versions = defaultdict(list)
            for key, members in rows.values_list("key", "members"):
                self._versions[key].append(frozenset(members))
        return self._versions

    def record(self, published: Mapping[str, frozenset], *, threshold: int) -> None:
        versions = self.versions()
        new = [
            _version(self.subject, key, members, threshold)
            for key, members in published.items()
            if members not in versions.get(key, ())
        ]
        PublishedVersion.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        for version in new:
            self._versions[version.key].append(frozenset(version.members))


class BatchLedger(StoredLedger):
    """A subject's ledger whose versions were read with other subjects' in one
    query, and whose new versions are collected in ``pending`` for one write
    (``services.publish_subjects``, which holds every subject's lock)."""

    def __init__(self, subject: str, versions: dict[str, list[frozenset]], pending: list) -> None:
        super().__init__(subject)
        self._versions, self._pending = versions, pending

    def record(self, published: Mapping[str, frozenset], *, threshold: int) -> None:
        for key, members in published.items():
            if members not in self._versions[key]:
                self._pending.append(_version(self.subject, key, members, threshold))
                self._versions[key].append(members)


def versions_of(subjects: Sequence[str]) -> dict[str, dict[str, list[frozenset]]]:
    """Every version of each subject, in one query."""
    found = {subject: defaultdict(list) for subject in subjects}
    rows = PublishedVersion.objects.filter(subject__in=subjects).order_by("id")
    for subject, key, members in rows.values_list("subject", "key", "members"):
        found[subject][key].append(frozenset(members))
    return found


def _version(subject: str, key: str, members: frozenset, threshold: int) -> PublishedVersion:
    return PublishedVersion(
        subject=subject,
        key=key,
        fingerprint=_fingerprint(members),
        members=sorted(members),
        size=len(members),
        threshold=threshold,
    )


def _fingerprint(members: frozenset) -> str:
    return hashlib.sha256(",".join(map(str, sorted(members))).encode()).hexdigest()
