"""What was published of a subject before: every version of every shown cell,
as the set of its respondents' tokens.

The engine reads it before deciding and records what it shows. A late answer
that moves a cell by fewer than k people keeps the version published before;
anything new is checked against every earlier version (people who have since
withdrawn included), so no publication at threshold k, together with any
earlier ones whatever their threshold or filters, tells apart a group of fewer
than k people that they had not told apart already.
"""

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from typing import Protocol


class Ledger(Protocol):
    def token(self, respondent: Hashable) -> Hashable:
        """How the ledger names a respondent (never needs to be reversible)."""

    def versions(self) -> Mapping[str, Sequence[frozenset]]:
        """Every published version of each cell, oldest first."""

    def record(self, published: Mapping[str, frozenset], *, threshold: int) -> None:
        """Adds the versions not seen before."""


class MemoryLedger:
    """A ledger in memory: tests, and callers that keep their own."""

    def __init__(self) -> None:
        self._versions: dict[str, list[frozenset]] = defaultdict(list)

    def token(self, respondent: Hashable) -> Hashable:
        return respondent

    def versions(self) -> Mapping[str, Sequence[frozenset]]:
        return self._versions

    def record(self, published: Mapping[str, frozenset], *, threshold: int) -> None:
        for key, members in published.items():
            if members not in self._versions[key]:
                self._versions[key].append(members)


def respondent_token(subject: str, respondent: Hashable) -> int:
    """A 63-bit digest of a respondent within one subject. Not a secret (whoever
    reads the answers can read who answered): it keeps person ids out of the
    ledger's rows and stays the same when the secret key is rotated, which a
    keyed digest would not (every earlier version would then look unrelated)."""
    digest = hashlib.sha256(f"{subject}\x1f{respondent}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1
