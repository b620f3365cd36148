"""The anonymity engine (make bench BENCH_ARGS='-k anonymity'): one publication
of 1,000 declared aggregates (filters over overlapping subtrees) and every unit
of a 5,000-unit tree, 25,000 respondents, target under 1 s; then a
republication after 50 late answers against the ledger of the first. The
baseline, measured in the same run, is the plain count and mean of the same
cells without any suppression."""

import random
import statistics
import time
from collections import defaultdict

from spiral.programs.anonymity.cells import Answer, Filter
from spiral.programs.anonymity.engine import publish
from spiral.programs.anonymity.ledger import MemoryLedger
from tests.benchmarks.conftest import report

UNITS, PEOPLE, AGGREGATES, THRESHOLD = 5000, 25_000, 1000, 5


def _organisation(seed: int = 2026):
    rng = random.Random(seed)  # noqa: S311
    tree = {0: None}
    for unit in range(1, UNITS):  # about ten children a unit, four or five levels
        tree[unit] = rng.randrange(max(0, unit // 10 - 5), unit // 10 + 1)
    answers = [
        Answer(
            f"person-{n}",
            rng.randrange(UNITS),
            value=rng.randint(1, 5),
            text="kommentar" if rng.random() < 0.2 else "",
            facets=frozenset({"manager"}) if rng.random() < 0.1 else frozenset(),
        )
        for n in range(PEOPLE)
    ]
    filters = [
        Filter(
            f"f{n}",
            units=frozenset(rng.randrange(UNITS) for _ in range(rng.randint(1, 4))),
            facets=frozenset({"manager"}) if n % 10 == 0 else frozenset(),
        )
        for n in range(AGGREGATES)
    ]
    return tree, answers, filters


def _plain(tree, answers, filters):
    """The least any aggregation does: the same cells' counts and means."""
    chains, members = {}, defaultdict(list)
    for unit in tree:
        chain, node = [], unit
        while node is not None:
            chain.append(node)
            node = tree[node]
        chains[unit] = chain
    for i, answer in enumerate(answers):
        for unit in chains[answer.unit]:
            members[unit].append(i)
    cells = dict(members)
    for cut in filters:
        found = set().union(*(members.get(unit, ()) for unit in cut.units))
        cells[cut.name] = [i for i in found if cut.facets <= answers[i].facets]
    return {
        key: (len(ms), sum(answers[i].value for i in ms) / len(ms))
        for key, ms in cells.items()
        if ms
    }


def _median_seconds(func, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_anonymity_engine_on_1000_aggregates_over_5000_units():
    tree, answers, filters = _organisation()
    baseline = _median_seconds(lambda: _plain(tree, answers, filters))
    engine = _median_seconds(
        lambda: publish(answers, tree=tree, threshold=THRESHOLD, filters=filters)
    )

    ledger = MemoryLedger()
    first = publish(answers, tree=tree, threshold=THRESHOLD, filters=filters, ledger=ledger)
    late = answers + [Answer(f"late-{n}", n * 97 % UNITS, value=1) for n in range(50)]
    started = time.perf_counter()
    again = publish(late, tree=tree, threshold=THRESHOLD, filters=filters, ledger=ledger)
    republish = time.perf_counter() - started

    cells = sum(1 for _ in first.cells())
    shown = sum(1 for _ in first.published())
    held = sum(cell.held for cell in again.published())
    report(
        "Anonymity engine: 1,000 aggregates over a 5,000-unit tree, 25,000 answers",
        [
            ("cells decided (units + filters + the whole)", f"{cells:,}"),
            ("shown / hidden", f"{shown:,} / {cells - shown:,}"),
            ("baseline: plain counts and means, no suppression", f"{baseline * 1000:.0f} ms"),
            ("engine: publish (median of 5)", f"{engine * 1000:.0f} ms"),
            ("engine / baseline", f"{engine / baseline:.1f}x"),
            ("republish after 50 late answers, with the ledger", f"{republish * 1000:.0f} ms"),
            ("cells held at their published figures", f"{held:,}"),
        ],
    )
    assert engine < 1.0
