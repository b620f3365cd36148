"""The matching solver: optimal against scipy's exact assignment over mentor
slots, and never breaking a hard constraint (hypothesis property tests)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spiral.programs.mentoring import matching
from spiral.programs.mentoring.matching import FORBIDDEN, Side, slot_optimum, solve, total


def _random_case(rng, mentees: int, mentors: int, forbidden: float):
    scores = rng.integers(10, 101, size=(mentees, mentors))
    scores[rng.random((mentees, mentors)) < forbidden] = FORBIDDEN
    return scores, rng.integers(1, 5, size=mentors)


@pytest.mark.parametrize("seed", range(40))
def test_the_total_equals_the_exact_optimum_over_mentor_slots(seed):
    # Given a generated case, some pairs forbidden, capacities 1 to 4
    rng = np.random.default_rng(seed)
    mentees, mentors = rng.integers(1, 40), rng.integers(1, 15)
    scores, capacities = _random_case(rng, mentees, mentors, forbidden=rng.random() * 0.6)
    # When the solver matches them
    assignment = solve(scores, capacities)
    # Then its total is scipy's optimum over mentor slots
    assert total(scores, assignment) == slot_optimum(scores, capacities)


def test_ties_everywhere_still_give_the_optimum():
    # Given whole-point scores with many ties (the solver takes ties in steps)
    rng = np.random.default_rng(7)
    scores = 10 + 10 * rng.integers(0, 3, size=(120, 50))
    scores[rng.random((120, 50)) < 0.2] = FORBIDDEN
    capacities = rng.integers(1, 5, size=50)
    # Then the total is the exact optimum
    assert total(scores, solve(scores, capacities)) == slot_optimum(scores, capacities)


def test_a_mentee_with_only_forbidden_pairs_stays_unmatched():
    scores = np.array([[FORBIDDEN, FORBIDDEN], [50, 20]])
    assert list(solve(scores, [1, 1])) == [-1, 0]


def test_a_lower_score_for_one_lets_two_be_matched():
    # Given the best pair for the first mentee is the only pair of the second
    scores = np.array([[90, 80], [85, FORBIDDEN]])
    # Then the first takes its second best: 80 + 85 beats 90 alone
    assert list(solve(scores, [1, 1])) == [1, 0]


@st.composite
def cases(draw):
    units = [f"/r/u{n}/" for n in range(draw(st.integers(1, 4)))] + ["/r/"]
    interests = st.frozensets(st.sampled_from(["vård", "ledning", "it", "skola"]), max_size=3)
    languages = st.frozensets(st.sampled_from(["sv", "en", "fi"]), max_size=2)

    def side(key, person, capacity=1):
        return Side(
            key=key,
            person=person,
            unit_path=draw(st.sampled_from(units)),
            profession=draw(st.sampled_from(["", "sjuksköterska", "chef"])),
            interests=draw(interests),
            languages=draw(languages),
            managed_paths=tuple(draw(st.lists(st.sampled_from(units), max_size=1))),
            capacity=capacity,
        )

    people = draw(st.integers(2, 14))
    mentees = [side(n, n) for n in range(draw(st.integers(1, people)))]
    mentors = [
        side(100 + n, draw(st.integers(0, people)), draw(st.integers(1, 4)))
        for n in range(draw(st.integers(1, 6)))
    ]
    declined = draw(
        st.lists(st.tuples(st.sampled_from([m.key for m in mentees]),
                           st.sampled_from([m.key for m in mentors])), max_size=4)
    )  # fmt: skip
    return mentees, mentors, declined


@settings(max_examples=150, deadline=None)
@given(cases())
def test_proposals_keep_every_hard_constraint_and_are_optimal(case):
    # Given mentees and mentors in units, some managing, some pairs declined
    mentees, mentors, declined = case
    # When they are matched
    scores = matching.score_matrix(mentees, mentors, declined=declined)
    capacities = [m.capacity for m in mentors]
    assignment = solve(scores, capacities)
    # Then no mentor is over capacity ...
    used = np.bincount(assignment[assignment >= 0], minlength=len(mentors))
    assert (used <= np.array(capacities)).all()
    for row, column in enumerate(assignment):
        if column < 0:
            continue
        mentee, mentor = mentees[row], mentors[column]
        # ... each pair is in different units, outside each other's reporting
        # line, not the same person, not declined ...
        assert matching.allowed(mentee, mentor)
        assert mentee.unit_path != mentor.unit_path
        assert (mentee.key, mentor.key) not in set(declined)
        # ... and its stored reasons add up to its score
        assert matching.score_parts(mentee, mentor)["total"] == scores[row, column]
    # ... and the total is the exact optimum
    assert total(scores, assignment) == slot_optimum(scores, capacities)


def test_the_score_follows_the_documented_formula():
    mentee = Side(key=1, unit_path="/a/", profession="Sjuksköterska",
                  interests=frozenset({"vård", "ledning", "it", "skola", "kultur"}),
                  languages=frozenset({"sv"}))  # fmt: skip
    mentor = Side(key=2, unit_path="/b/", profession="sjuksköterska ",
                  interests=frozenset({"vård", "ledning", "it", "skola", "kultur"}),
                  languages=frozenset({"sv", "en"}))  # fmt: skip
    reasons = matching.score_parts(mentee, mentor)
    # 10 base + 30 profession + min(50, 40) interests + 20 language
    assert reasons["parts"] == {"base": 10, "profession": 30, "interests": 40, "language": 20}
    assert reasons["total"] == 100
    assert matching.score_matrix([mentee], [mentor])[0, 0] == 100
