"""Mentor matching (make bench BENCH_ARGS='-k matching'): a run for 1,000
mentees and 400 mentors with capacities 1 to 4 in an organisation of 60 units
(some people manage units, so reporting lines forbid pairs). Timed: the whole
run as HR starts it (reading the pool and requests, scoring, solving, writing
1,000 proposals with their reasons, the audit event and the emails) and the
solver alone; its total is compared with scipy's exact optimum over mentor
slots on the same scores, in the same run (target: equal, under 5 s)."""

import random
import time

from django_tenants.utils import schema_context

from spiral.programs.mentoring import matching, rematch, services
from spiral.programs.mentoring.models import MentoringRequest, MentorProfile
from spiral.programs.org.models import OrgUnit, Person
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory

MENTEES, MENTORS = 1_000, 400
PROFESSIONS = ["undersköterska", "sjuksköterska", "socionom", "chef", "arbetsterapeut",
               "fysioterapeut", "biståndshandläggare", "lärare"]  # fmt: skip
INTERESTS = ["planering", "ledning", "demens", "palliativ vård", "digitalisering", "schema",
             "bemötande", "rehabilitering", "handledning", "kvalitet", "arbetsmiljö",
             "språk", "dokumentation", "nutrition", "läkemedel"]  # fmt: skip
LANGUAGES = ["svenska", "engelska", "finska", "arabiska", "somaliska"]


def _organisation(rng: random.Random) -> tuple[list[OrgUnit], list[Person]]:
    root = OrgUnitFactory(name="Bänkförvaltningen", external_id="MBENCH")
    units = []
    for v in range(5):
        verksamhet = OrgUnitFactory(name=f"Verksamhet {v}", external_id=f"MV{v}", parent=root)
        units += [OrgUnitFactory(name=f"Enhet {v}.{e}", external_id=f"ME{v}.{e}",
                                 parent=verksamhet) for e in range(12)]  # fmt: skip
    people = Person.objects.bulk_create(
        Person(external_id=f"M{n:05d}", given_name="Person", family_name=f"Nummer {n}",
               email=f"m{n}@bench.example.se", unit=rng.choice(units),
               title=rng.choice(PROFESSIONS))
        for n in range(MENTEES + MENTORS)
    )  # fmt: skip
    for unit in rng.sample(units, 40):  # managers of units, some mentors, some mentees
        unit.manager = rng.choice(people)
        unit.save(update_fields=["manager"])
    return units, people


def _pool(rng: random.Random, people: list[Person]) -> None:
    MentorProfile.objects.bulk_create(
        MentorProfile(person=person, unit_id=person.unit_id, profession=person.title,
                      interests=sorted(rng.sample(INTERESTS, rng.randint(1, 5))),
                      languages=sorted(rng.sample(LANGUAGES, rng.randint(1, 2))),
                      capacity=rng.randint(1, 4))
        for person in people[MENTEES:]
    )  # fmt: skip
    MentoringRequest.objects.bulk_create(
        MentoringRequest(mentee=person, profession=rng.choice([*PROFESSIONS, ""]),
                         interests=sorted(rng.sample(INTERESTS, rng.randint(0, 4))),
                         languages=sorted(rng.sample(LANGUAGES, 1)))
        for person in people[:MENTEES]
    )  # fmt: skip


def test_matching_run_1000_mentees_400_mentors(db, provisioned_tenants):
    rng = random.Random(2026)  # noqa: S311
    with schema_context(provisioned_tenants["a"].schema_name):
        _, people = _organisation(rng)
        _pool(rng, people)
        mentees, pool = rematch._sides(
            rematch._requests(None, set()), rematch._mentors(set()), rematch._managed_paths()
        )
        started = time.perf_counter()
        scores = matching.score_matrix(mentees, pool)
        scored = time.perf_counter() - started
        capacities = [side.capacity for side in pool]
        started = time.perf_counter()
        assignment = matching.solve(scores, capacities)
        solved = time.perf_counter() - started
        started = time.perf_counter()
        optimum = matching.slot_optimum(scores, capacities)
        exact = time.perf_counter() - started
        started = time.perf_counter()
        run = services.run_start(started_by=None)
        whole = time.perf_counter() - started
        matched = int((assignment >= 0).sum())
        forbidden = int((scores == matching.FORBIDDEN).sum())
        report(
            "Mentor matching: 1,000 mentees, 400 mentors (capacity 1-4)",
            [
                ("slots", str(sum(capacities))),
                ("pairs forbidden (unit, reporting line)", f"{forbidden:,}"),
                ("whole run (read, score, solve, write, audit, emails)", f"{whole:.2f} s"),
                ("score matrix", f"{scored * 1000:.0f} ms"),
                ("solver alone", f"{solved * 1000:.0f} ms"),
                ("scipy linear_sum_assignment over slots (baseline)", f"{exact * 1000:.0f} ms"),
                ("mentees matched", str(matched)),
                ("total: solver / run / scipy optimum",
                 f"{matching.total(scores, assignment)} / {run.total_score} / {optimum}"),
            ],
        )  # fmt: skip
        assert matching.total(scores, assignment) == optimum == run.total_score
        assert whole < 5.0


def test_matching_when_mentors_are_scarce():
    """The solver alone on 1,000 mentees and 400 mentors of capacity 1, most
    pairs forbidden (fewer places than mentees: who stays unmatched is part
    of the optimum), against scipy in the same run."""
    import numpy as np

    rng = np.random.default_rng(2026)
    scores = (10 + 30 * (rng.random((MENTEES, MENTORS)) < 0.15)
              + np.minimum(10 * rng.integers(0, 6, size=(MENTEES, MENTORS)), 40)
              + 20 * (rng.random((MENTEES, MENTORS)) < 0.6))  # fmt: skip
    # Most pairs forbidden (each mentor open to about 15 mentees), so that
    # places are contested and the optimum is not simply each mentor's best.
    scores[rng.random((MENTEES, MENTORS)) < 0.985] = matching.FORBIDDEN
    capacities = [1] * MENTORS
    started = time.perf_counter()
    assignment = matching.solve(scores, capacities)
    solved = time.perf_counter() - started
    started = time.perf_counter()
    optimum = matching.slot_optimum(scores, capacities)
    exact = time.perf_counter() - started
    report(
        "Mentor matching, scarce: 1,000 mentees, 400 places",
        [
            ("solver alone", f"{solved * 1000:.0f} ms"),
            ("scipy linear_sum_assignment over slots (baseline)", f"{exact * 1000:.0f} ms"),
            ("total: solver / scipy optimum", f"{matching.total(scores, assignment)} / {optimum}"),
        ],
    )
    assert matching.total(scores, assignment) == optimum
