"""The engine's core: which cells of one subject may be shown, and their figures.

Every respondent gets a signature, the XOR of a random 128-bit number for each
shown cell that contains them; respondents with equal signatures form an atom.
Every figure that adding and subtracting shown figures can produce covers a
union of whole atoms, so "no atom of 1..k-1 people" is the invariant the engine
keeps (the package docstring says why it implies the rest). Suppressing a cell
moves whole atoms, so the signatures and atom sizes are updated in place.

With a ledger every person also has a signature over the versions published
before (``sig_k``), and the atoms that count are those of both together: the
people of earlier versions who no longer answer take part as people in no cell
of this publication, and so do those who answer but are in no shown cell, for
an earlier figure minus a new one would cover exactly them.
"""

import heapq
import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

from spiral.programs.anonymity.cells import (
    EVERYONE,
    Answer,
    Cell,
    Filter,
    Kind,
    Publication,
    Reason,
    ledger_key,
)
from spiral.programs.anonymity.ledger import Ledger
from spiral.tenants.models import MIN_ANONYMITY_THRESHOLD

# Suppression order among cells of equal size: a declared cut before a unit,
# a unit before the whole.
_RANK = {Kind.FILTER: 0, Kind.UNIT: 1, Kind.EVERYONE: 2}
_OWN, _LEDGER = 1, 2  # which invariant an atom breaks


def publish(
    answers: Iterable[Answer],
    *,
    tree: Mapping[Hashable, Hashable | None],
    threshold: int,
    filters: Iterable[Filter] = (),
    ledger: Ledger | None = None,
) -> Publication:
    """The publication of one measure of one subject.

    ``tree``: every unit's parent (None for a root). ``threshold``: the
    tenant's, read now (never below MIN_ANONYMITY_THRESHOLD). ``ledger``: what
    was published of this subject before; the new publication is recorded in it.
    """
    if int(threshold) < MIN_ANONYMITY_THRESHOLD:
        raise ValueError(f"The threshold is never below {MIN_ANONYMITY_THRESHOLD}.")
    engine = _Engine(_checked(answers), tree, list(filters), int(threshold), ledger)
    engine.run()
    return engine.publication()


def _checked(answers: Iterable[Answer]) -> list[Answer]:
    answers, seen = list(answers), set()
    for answer in answers:
        if answer.respondent in seen:
            raise ValueError("A publication takes one answer per respondent.")
        seen.add(answer.respondent)
    if len({answer.value is None for answer in answers}) > 1:
        raise ValueError("Either every answer has a value or none has (free text).")
    return answers


def _chains(parent: Mapping[Hashable, Hashable | None]) -> dict[Hashable, tuple]:
    """Each unit with its ancestors, nearest first."""
    chains: dict[Hashable, tuple] = {}
    for unit in parent:
        path, node = [], unit
        while node is not None and node not in chains:
            if node not in parent or node in path:
                raise ValueError(f"The tree is broken at unit {node!r}.")
            path.append(node)
            node = parent[node]
        tail = chains[node] if node is not None else ()
        for step in reversed(path):
            tail = (step, *tail)
            chains[step] = tail
    return chains


class _Engine:
    def __init__(self, answers, tree, filters, k, ledger):
        self.answers, self.k, self.ledger = answers, k, ledger
        self.parent = dict(tree)
        self.chains = _chains(self.parent)
        self.kinds: list[Kind] = []
        self.keys: list[Hashable] = []
        self.members: list[list[int]] = []
        self.unit_cell: dict[Hashable, int] = {}
        self._add(Kind.EVERYONE, EVERYONE, list(range(len(answers))))
        self._add_units()
        self.filter_cell = {f.name: self._add(Kind.FILTER, f.name, self._of(f)) for f in filters}
        if len(self.filter_cell) < len(filters):
            raise ValueError("Filter names must differ.")
        cells = len(self.kinds)
        self.published, self.reason = [True] * cells, [None] * cells
        self.held, self.fresh = [False] * cells, [True] * cells
        # Any numbers do (only equality matters); fixed ones keep runs
        # repeatable. The earlier versions' marks come from the same stream:
        # a cell's and a version's equal numbers would cancel out in sig_k ^ sig_p.
        self.rng = random.Random(cells)  # noqa: S311
        self.hash = [self.rng.getrandbits(128) for _ in range(cells)]
        self.cell_of_hash = {mark: cell for cell, mark in enumerate(self.hash)}
        respondents = [answer.respondent for answer in answers]
        self.tokens = [ledger.token(r) for r in respondents] if ledger else respondents

    def _add(self, kind: Kind, key: Hashable, members: list[int]) -> int:
        self.kinds.append(kind)
        self.keys.append(key)
        self.members.append(members)
        return len(self.kinds) - 1

    def _add_units(self) -> None:
        for unit in self.parent:
            self.unit_cell[unit] = self._add(Kind.UNIT, unit, [])
        for i, answer in enumerate(self.answers):
            if answer.unit is None:
                continue
            if answer.unit not in self.chains:
                raise ValueError(f"Unit {answer.unit!r} is not in the tree.")
            for unit in self.chains[answer.unit]:
                self.members[self.unit_cell[unit]].append(i)

    def _of(self, cut: Filter) -> list[int]:
        if cut.units is None:
            base = range(len(self.answers))
        else:
            if unknown := set(cut.units) - self.parent.keys():
                raise ValueError(f"Filter {cut.name!r} names units not in the tree: {unknown}")
            subtrees = (self.members[self.unit_cell[unit]] for unit in cut.units)
            base = sorted(set().union(*subtrees))
        return [i for i in base if cut.facets <= self.answers[i].facets]

    def order(self, cell: int) -> tuple:
        """Which cell goes first when one must: the smallest."""
        return self.orders[cell]

    def _sort(self) -> None:
        self.orders = [
            (len(members), _RANK[kind], str(key))
            for kind, key, members in zip(self.kinds, self.keys, self.members, strict=True)
        ]

    # -- the run -------------------------------------------------------------

    def run(self) -> None:
        # People: the answers, then (with a ledger) those of earlier versions
        # who no longer answer, who are in no cell now.
        self.people = len(self.answers)
        self.sig_k: list[int] = [0] * self.people
        self.counts_k: Counter = Counter()
        self.sharing: dict[int, list[int]] = {}  # the people with each sig_k
        if self.ledger is not None:
            self._hold_and_pin()
        self._sort()
        self.cells_of: list[list[int]] = [[] for _ in range(self.people)]
        for cell, members in enumerate(self.members):
            for i in members:
                self.cells_of[i].append(cell)
            if len(members) < self.k and self.published[cell]:
                self._drop(cell, Reason.TOO_FEW)
        self._sign()
        self._repair()

    def _drop(self, cell: int, reason: Reason) -> None:
        self.published[cell], self.reason[cell] = False, reason

    def _hold_and_pin(self) -> None:
        """A cell that moved by fewer than k people since its last published
        version keeps that version (if all its people still answer) or goes.
        Every version ever published becomes a pinned set (``sig_k``)."""
        versions = self.ledger.versions()
        known = {version for past in versions.values() for version in past}
        index = {token: i for i, token in enumerate(self.tokens)}
        for cell in range(len(self.kinds)):
            now = frozenset(self.tokens[i] for i in self.members[cell])
            past = versions.get(ledger_key(self.kinds[cell], self.keys[cell]), ())
            if past and now not in past and len(now ^ past[-1]) < self.k:
                if past[-1] <= index.keys():
                    now = past[-1]
                    self.members[cell] = sorted(index[token] for token in now)
                    self.held[cell] = True
                else:
                    self._drop(cell, Reason.CHANGED)
            self.fresh[cell] = now not in known
        self._pin(known, index)

    def _pin(self, known: set[frozenset], index: dict) -> None:
        outside: dict[Hashable, int] = {}  # people of past versions who no longer answer
        for version in known:
            mark = self.rng.getrandbits(128)
            for token in version:
                if token in index:
                    self.sig_k[index[token]] ^= mark
                else:
                    outside[token] = outside.get(token, 0) ^ mark
        # They count in the atoms (an earlier figure minus a new one can cover
        # them), so each one is a person here too, in no cell; in a fixed order.
        self.sig_k.extend(outside[token] for token in sorted(outside, key=str))
        self.people = len(self.sig_k)
        self.counts_k = Counter(sig for sig in self.sig_k if sig)
        for i, sig in enumerate(self.sig_k):
            if sig:
                self.sharing.setdefault(sig, []).append(i)

    def _sign(self) -> None:
        self.sig_p = [0] * self.people
        for cell, members in enumerate(self.members):
            if self.published[cell]:
                mark = self.hash[cell]
                for i in members:
                    self.sig_p[i] ^= mark
        self.counts_p = Counter(self.sig_p)
        self.counts_c = Counter(k ^ p for k, p in zip(self.sig_k, self.sig_p, strict=True))

    # -- repair: suppress the smallest offending cell until no atom is small --

    def _breaks(self, i: int) -> int:
        """Whether person i's atom is 1..k-1 people: with a ledger, among this
        publication's cells and every version published before, unless it is
        the very same people as an atom of those versions alone (_LEDGER);
        among this publication's cells (_OWN). Someone in no shown cell now
        still counts in the first if an earlier version held them. The ledger
        comes first: only new cells can mend it, so a late answer hides what
        is new rather than what was shown before."""
        p, before = self.sig_p[i], self.sig_k[i]
        if self.ledger is not None and (p or before):
            together = self.counts_c[before ^ p]
            if together < self.k and not (before and self.counts_k[before] == together):
                return _LEDGER
        if p and self.counts_p[p] < self.k:
            return _OWN
        return 0

    def _repair(self) -> None:
        """Every atom that breaks the invariant has one of its people in the
        heap: at first all, then after each suppression the atoms it moved and
        i's own (which may still break it, the other way: mended in this
        publication but still split from before). An atom not moved only grows."""
        heap: list[tuple] = []
        self._push(heap, range(self.people))
        while heap:
            _rank, i = heapq.heappop(heap)
            broken = self._breaks(i)
            if not broken:
                continue
            cell = self._best(i, broken)
            if heap and self.order(cell) > heap[0][0]:
                heapq.heappush(heap, (self.order(cell), i))
                continue
            self._push(heap, [i, *self._suppress(cell)])

    def _push(self, heap: list, respondents: Iterable[int]) -> None:
        atoms = {}
        for i in respondents:
            atoms.setdefault((self.sig_k[i], self.sig_p[i]), i)
        for i in atoms.values():
            if broken := self._breaks(i):
                heapq.heappush(heap, (self.order(self._best(i, broken)), i))

    def _best(self, i: int, broken: int) -> int:
        """The cell whose suppression mends i's atom, smallest first: one that
        contains it and whose removal merges it into a neighbouring atom (or
        out of sight), or one next to it whose atom would merge into it."""
        own = broken == _OWN
        before = self.sig_k[i]
        sig = self.sig_p[i] if own else before ^ self.sig_p[i]
        counts = self.counts_p if own else self.counts_c

        def allowed(cell):  # a ledger break is mended only by something new
            return self.published[cell] and (own or self.fresh[cell])

        holding = [cell for cell in self.cells_of[i] if self.published[cell]]
        inside = [cell for cell in holding if allowed(cell)]
        useful = [
            cell
            for cell in inside
            if counts.get(sig ^ self.hash[cell], 0) > 0
            or (not self.sig_p[i] ^ self.hash[cell] and (own or not before))
        ]
        beside = [cell for cell in self._beside(i, holding, own) if allowed(cell)]
        choice = useful + beside or inside
        if not choice and not own:
            # Split from the rest of its earlier atom by two cells or more (or
            # in none itself): the new cells that hold some of the rest.
            choice = [
                cell
                for j in self.sharing.get(before, ())
                for cell in self.cells_of[j]
                if allowed(cell)
            ]
        if not choice:  # cannot happen without a hash collision; never loop forever
            choice = [c for c in range(len(self.kinds)) if self.published[c]]
        return min(choice, key=self.order)

    def _beside(self, i: int, holding: list[int], own: bool) -> set[int]:
        """Shown cells that do not hold i but hold an atom that differs from
        i's by that one cell. Such an atom lies in every cell holding i, and
        for a ledger break among the people who shared i's earlier atom, so
        the smaller of those is the only place to look."""
        found, mine, before = set(), set(holding), self.sig_k[i]
        places = [self.members[min(holding, key=self.order)]] if holding else []
        if not own and before:
            places.append(self.sharing[before])
        for j in min(places, key=len, default=()):
            if own or self.sig_k[j] == before:
                cell = self.cell_of_hash.get(self.sig_p[j] ^ self.sig_p[i])
                if cell is not None and cell not in mine:
                    found.add(cell)
        return found

    def _suppress(self, cell: int) -> list[int]:
        """Hides a cell for differencing; returns one respondent per moved atom."""
        self._drop(cell, Reason.DIFFERENCING)
        mark, moved = self.hash[cell], {}
        for i in self.members[cell]:
            before, p = self.sig_k[i], self.sig_p[i]
            q = p ^ mark
            self.counts_p[p] -= 1
            self.counts_p[q] += 1
            self.counts_c[before ^ p] -= 1
            self.counts_c[before ^ q] += 1
            self.sig_p[i] = q
            moved.setdefault(before ^ q, i)
        return list(moved.values())

    # -- the result ----------------------------------------------------------

    def publication(self) -> Publication:
        cells = [self._cell(c) for c in range(len(self.kinds))]
        if self.ledger is not None:
            self.ledger.record(
                {
                    ledger_key(self.kinds[c], self.keys[c]): frozenset(
                        self.tokens[i] for i in self.members[c]
                    )
                    for c in range(len(self.kinds))
                    if self.published[c]
                },
                threshold=self.k,
            )
        return Publication(
            threshold=self.k,
            everyone=cells[0],
            units={self.keys[c]: cells[c] for c in self.unit_cell.values()},
            filters={name: cells[c] for name, c in self.filter_cell.items()},
        )

    def _cell(self, c: int) -> Cell:
        kind, key = self.kinds[c], self.keys[c]
        if not self.published[c]:
            into = self._rolled_into(key) if kind is Kind.UNIT else None
            return Cell(kind, key, False, reason=self.reason[c], rolled_into=into)
        answers = [self.answers[i] for i in self.members[c]]
        values = [answer.value for answer in answers if answer.value is not None]
        # Sorted, so that neither the order of answering nor the order of
        # units says who wrote what.
        texts = sorted((a.text.strip() for a in answers if a.text.strip()), key=str.casefold)
        return Cell(
            kind,
            key,
            True,
            held=self.held[c],
            count=len(answers),
            mean=round(sum(values) / len(values), 4) if values else None,
            distribution=dict(sorted(Counter(values).items())) if values else None,
            texts=tuple(texts),
        )

    def _rolled_into(self, unit: Hashable) -> Hashable | None:
        for step in self.chains[unit][1:]:
            if self.published[self.unit_cell[step]]:
                return step
        return EVERYONE if self.published[0] else None
