"""Matching mentees with mentors: the compatibility score and an exact solver.

The score of a mentee e and a mentor m (whole points, at most 100):

    score(e, m) = 10                                    any pair that is allowed
                + 30  if e's wished profession equals m's profession
                      (e's own profession when the request names none)
                + 10 * |e's wished interests ∩ m's interests|, at most 40
                + 20  if they share at least one language

Hard constraints (a pair that breaks one is never proposed):
  - the mentor is not the mentee;
  - they are in different units;
  - neither is in the other's reporting line: neither manages a unit that
    holds the other's unit (the unit itself or any unit above it);
  - the pair was not declined before (a rematch leaves it out);
  - a mentor takes at most their capacity (1 to 4) of mentees.

A run maximises the sum of the scores of the pairs it proposes. Every allowed
pair scores at least 10, so it never leaves a mentee unmatched who could be
matched without lowering the sum; mentees may stay unmatched when no mentor
is free for them.

The solver is successive shortest augmenting paths (the Hungarian method in
its Jonker-Volgenant form) on a transportation problem: mentees are rows,
mentors are columns with their capacity, and one more column, "unmatched", of
score 0 takes any number of mentees. Each mentee is added in turn along a
shortest path in reduced costs (Dijkstra over the columns, numpy-vectorised
per step), which keeps the assignment optimal after every step; potentials on
rows and columns keep reduced costs non-negative. Treating a mentor as one
column with a capacity, rather than as that many identical slot columns, gives
the same optimum as the assignment over mentor slots (the tests compare it
with scipy's) with far fewer columns.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

BASE, PROFESSION, PER_INTEREST, INTERESTS_MAX, LANGUAGE = 10, 30, 10, 40, 20
CAPACITY_MIN, CAPACITY_MAX = 1, 4
FORBIDDEN = -1  # in a score matrix: the pair breaks a hard constraint


@dataclass(frozen=True)
class Side:
    """A mentee (with their wishes) or a mentor (with their profile), as the
    matching sees them. ``unit_path`` and ``managed_paths`` are OrgUnit paths:
    a unit lies under a managed unit when its path starts with that unit's."""

    key: int
    unit_path: str | None
    profession: str = ""
    interests: frozenset[str] = field(default_factory=frozenset)
    languages: frozenset[str] = field(default_factory=frozenset)
    managed_paths: tuple[str, ...] = ()
    person: int | None = None  # the person's id, to keep a mentor from themselves
    capacity: int = 1  # mentors only


def normalised(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.strip().casefold() for word in words if word and word.strip())


def allowed(mentee: Side, mentor: Side) -> bool:
    """The hard constraints of one pair (capacity and declines aside). A person
    without a unit is in no unit and in nobody's reporting line."""
    if mentee.person is not None and mentee.person == mentor.person:
        return False
    if mentee.unit_path is not None and mentee.unit_path == mentor.unit_path:
        return False
    return not (
        any(_under(mentee.unit_path, path) for path in mentor.managed_paths)
        or any(_under(mentor.unit_path, path) for path in mentee.managed_paths)
    )


def _under(unit_path: str | None, managed_path: str) -> bool:
    return unit_path is not None and unit_path.startswith(managed_path)


def score_parts(mentee: Side, mentor: Side) -> dict:
    """Why a pair scores what it does: each part of the formula, and the
    interests and languages they share."""
    shared = sorted(mentee.interests & mentor.interests)
    languages = sorted(mentee.languages & mentor.languages)
    same_profession = bool(mentee.profession.strip()) and (
        mentee.profession.strip().casefold() == mentor.profession.strip().casefold()
    )
    parts = {
        "base": BASE,
        "profession": PROFESSION if same_profession else 0,
        "interests": min(PER_INTEREST * len(shared), INTERESTS_MAX),
        "language": LANGUAGE if languages else 0,
    }
    return {
        "parts": parts,
        "total": sum(parts.values()),
        "shared_interests": shared,
        "shared_languages": languages,
    }


def _indicator(people: Sequence[Side], attribute: str, vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(people), max(len(vocabulary), 1)), dtype=np.int32)
    for row, side in enumerate(people):
        for word in getattr(side, attribute):
            matrix[row, vocabulary[word]] = 1
    return matrix


def score_matrix(
    mentees: Sequence[Side],
    mentors: Sequence[Side],
    declined: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """Scores as an int matrix (mentees x mentors), FORBIDDEN where a hard
    constraint forbids the pair. ``declined`` holds (mentee key, mentor key)."""
    words = sorted({w for side in (*mentees, *mentors) for w in side.interests})
    tongues = sorted({w for side in (*mentees, *mentors) for w in side.languages})
    interests = {w: n for n, w in enumerate(words)}
    languages = {w: n for n, w in enumerate(tongues)}
    shared = (
        _indicator(mentees, "interests", interests) @ _indicator(mentors, "interests", interests).T
    )
    spoken = (
        _indicator(mentees, "languages", languages) @ _indicator(mentors, "languages", languages).T
    )
    named = {s.profession.strip().casefold() for s in mentors} - {""}
    professions = {p: n for n, p in enumerate(sorted(named))}
    wanted = np.array([professions.get(s.profession.strip().casefold(), -1) for s in mentees])
    offered = np.array([professions.get(s.profession.strip().casefold(), -2) for s in mentors])
    same = wanted[:, None] == offered[None, :]
    scores = (
        BASE
        + PROFESSION * same
        + np.minimum(PER_INTEREST * shared, INTERESTS_MAX)
        + LANGUAGE * (spoken > 0)
    ).astype(np.int64)
    _forbid(scores, mentees, mentors, declined)
    return scores


def _forbid(scores, mentees, mentors, declined) -> None:
    """Marks the pairs the hard constraints rule out. Units are compared as
    codes; the reporting line is checked only for the few who manage."""
    units = {path: n for n, path in enumerate({s.unit_path for s in (*mentees, *mentors)})}
    mentee_units = np.array([units[s.unit_path] if s.unit_path else -1 for s in mentees])
    mentor_units = np.array([units[s.unit_path] if s.unit_path else -2 for s in mentors])
    scores[mentee_units[:, None] == mentor_units[None, :]] = FORBIDDEN
    row_of = {s.key: n for n, s in enumerate(mentees)}
    column_of = {s.key: n for n, s in enumerate(mentors)}
    columns_of_person: dict[int, list[int]] = {}
    for column, mentor in enumerate(mentors):
        if mentor.person is not None:
            columns_of_person.setdefault(mentor.person, []).append(column)
    for row, mentee in enumerate(mentees):
        scores[row, columns_of_person.get(mentee.person, [])] = FORBIDDEN
        if mentee.managed_paths:
            for column, mentor in enumerate(mentors):
                if not allowed(mentee, mentor):
                    scores[row, column] = FORBIDDEN
    for column, mentor in enumerate(mentors):
        if mentor.managed_paths:
            for row, mentee in enumerate(mentees):
                if not allowed(mentee, mentor):
                    scores[row, column] = FORBIDDEN
    for mentee_key, mentor_key in declined:
        if mentee_key in row_of and mentor_key in column_of:
            scores[row_of[mentee_key], column_of[mentor_key]] = FORBIDDEN


def solve(scores: np.ndarray, capacities: Sequence[int]) -> np.ndarray:
    """The assignment of largest total score: for each mentee (row) the index
    of its mentor (column), or -1 when it stays unmatched. Pairs scored
    FORBIDDEN are never used; a mentor takes at most its capacity."""
    rows, columns = scores.shape
    # Costs to minimise; the last column is "unmatched" (cost 0, any number).
    cost = np.full((rows, columns + 1), np.inf)
    cost[:, :columns] = np.where(scores == FORBIDDEN, np.inf, -scores.astype(np.float64))
    cost[:, columns] = 0.0
    capacity = np.append(np.asarray(capacities, dtype=np.int64), rows)
    column_of = np.full(rows, -1, dtype=np.int64)
    members: list[list[int]] = [[] for _ in range(columns + 1)]
    # Every column that still has room keeps potential 0 (only full ones
    # move), so the distances to free columns compare as true costs.
    row_potential = -np.min(cost, axis=1)
    column_potential = np.zeros(columns + 1)
    for row in range(rows):
        _augment(row, cost, capacity, members, column_of, row_potential, column_potential)
    column_of[column_of == columns] = -1
    return column_of


def _augment(start, cost, capacity, members, column_of, row_potential, column_potential) -> None:
    """Adds mentee ``start`` along a shortest path in reduced costs (Dijkstra
    over the columns; a full column passes on to the mentees it holds), then
    moves the potentials so that reduced costs stay non-negative and are zero
    on every pair in the assignment. Scores are whole points, so many columns
    tie: all columns at the nearest distance are taken in one step, and a
    column with room among them ends the search at once."""
    width = cost.shape[1]
    distance = cost[start] + row_potential[start] - column_potential
    via_row = np.full(width, start)
    done = np.zeros(width, dtype=bool)
    room = np.array([len(held) for held in members]) < capacity
    reached = {start: 0.0}  # row -> its distance
    while True:
        waiting = np.where(done, np.inf, distance)
        nearest = waiting.min()
        level = np.flatnonzero(waiting == nearest)
        free = level[room[level]]
        if free.size:
            column = int(free[0])
            done[column] = True
            break
        done[level] = True
        held = np.array([row for column in level for row in members[column]])
        for row in held:
            reached[int(row)] = nearest
        reduced = nearest + cost[held] + row_potential[held, None] - column_potential[None, :]
        best = np.argmin(reduced, axis=0)  # one line above per mentee the columns hold
        candidate = reduced[best, np.arange(width)]
        better = (candidate < distance) & ~done
        distance[better] = candidate[better]
        via_row[better] = held[best[better]]
    final = nearest
    column_potential[done] += distance[done] - final
    for row, reached_at in reached.items():
        row_potential[row] += reached_at - final
    while True:  # along the path back: each mentee moves to the column before it
        row = int(via_row[column])
        previous = int(column_of[row])
        members[column].append(row)
        column_of[row] = column
        if row == start:
            return
        members[previous].remove(row)
        column = previous


def total(scores: np.ndarray, assignment: np.ndarray) -> int:
    matched = assignment >= 0
    return int(scores[np.flatnonzero(matched), assignment[matched]].sum())


def slot_optimum(scores: np.ndarray, capacities: Sequence[int]) -> int:
    """The exact optimum by scipy's linear_sum_assignment over mentor slots
    (each mentor repeated by its capacity, one "unmatched" column per mentee):
    the reference the solver is checked against (tests and the benchmark)."""
    from scipy.optimize import linear_sum_assignment

    slots = np.repeat(np.arange(scores.shape[1]), np.asarray(capacities, dtype=np.int64))
    rows = scores.shape[0]
    taken = scores[:, slots]
    # Forbidden pairs cost more than all allowed ones together: never chosen,
    # since leaving the mentee unmatched (cost 0) is always possible.
    cost = np.where(taken == FORBIDDEN, 10**9, -taken)
    cost = np.hstack([cost, np.zeros((rows, rows), dtype=np.int64)])
    chosen_rows, chosen_columns = linear_sum_assignment(cost)
    real = chosen_columns < len(slots)
    return int(-cost[chosen_rows[real], chosen_columns[real]].sum())
