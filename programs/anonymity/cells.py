"""What goes into the engine and what comes out of it (no Django, no database).

Answers name their respondent; publications never do: a ``Cell`` carries only
counts, a mean, a distribution and sorted free text.
"""

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

EVERYONE = "everyone"


class Reason(StrEnum):
    """Why a cell is not shown."""

    TOO_FEW = "too_few"  # fewer than the threshold of distinct respondents
    DIFFERENCING = "differencing"  # shown, it could be subtracted from another figure
    CHANGED = "changed"  # it moved by fewer than the threshold since it was published


class Kind(StrEnum):
    EVERYONE = "everyone"  # every answer of the subject
    UNIT = "unit"  # a unit and its whole subtree
    FILTER = "filter"  # a declared cut: some subtrees, some facets


@dataclass(frozen=True, slots=True)
class Answer:
    """One respondent's answer to the one measure a publication is about.

    ``unit``: the unit they answered as a member of (None: counted only in the
    whole and in filters without units). ``value``: a rating; either every
    answer of a publication has one or none has (a free-text question).
    ``facets``: labels a filter may select on ("first_line_manager", ...).
    """

    respondent: Hashable
    unit: Hashable | None = None
    value: float | None = None
    text: str = ""
    facets: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Filter:
    """A named cut of the answers: those under any of ``units`` (each with its
    subtree; None: anywhere) that carry every one of ``facets``. Filters are
    declared by the subject, not typed in by a viewer: see the package docs."""

    name: str
    units: frozenset | None = None
    facets: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Cell:
    """One aggregate of a publication. Figures are None unless ``published``.

    ``rolled_into``: for a unit not shown, the nearest shown ancestor (or
    EVERYONE) whose figures include its answers. ``held``: the figures are the
    ones published before, because the answers since then differ from them by
    fewer people than the threshold.
    """

    kind: Kind
    key: Hashable
    published: bool
    reason: Reason | None = None
    rolled_into: Hashable | None = None
    held: bool = False
    count: int | None = None
    mean: float | None = None
    distribution: Mapping[float, int] | None = None
    texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Publication:
    """Everything one subject may show, at one threshold. Views pick cells from
    it; they never publish a subset of the answers on their own."""

    threshold: int
    everyone: Cell
    units: Mapping[Hashable, Cell]
    filters: Mapping[str, Cell]

    def cells(self) -> Iterator[Cell]:
        yield self.everyone
        yield from self.units.values()
        yield from self.filters.values()

    def published(self) -> Iterator[Cell]:
        return (cell for cell in self.cells() if cell.published)


def ledger_key(kind: Kind, key: Hashable) -> str:
    """The name a ledger files a cell's versions under."""
    return EVERYONE if kind is Kind.EVERYONE else f"{kind.value}:{key}"
