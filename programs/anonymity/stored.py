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
            PublishedVersion(
                subject=self.subject,
                key=key,
                fingerprint=_fingerprint(members),
                members=sorted(members),
                size=len(members),
                threshold=threshold,
            )
            for key, members in published.items()
            if members not in versions.get(key, ())
        ]
        PublishedVersion.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        for version in new:
            self._versions[version.key].append(frozenset(version.members))


def _fingerprint(members: frozenset) -> str:
    return hashlib.sha256(",".join(map(str, sorted(members))).encode()).hexdigest()
