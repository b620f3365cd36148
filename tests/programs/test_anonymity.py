"""The anonymity engine: examples that read as its documentation, then
properties (hypothesis) over random organisations, answers, filters and
thresholds, checked against an oracle that knows nothing of the engine."""

from collections import defaultdict
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spiral.programs.anonymity.cells import EVERYONE, Answer, Filter, Kind, Reason
from spiral.programs.anonymity.engine import publish
from spiral.programs.anonymity.ledger import MemoryLedger

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# förvaltning → verksamhet → two enheter, and a second verksamhet
TREE = {"forv": None, "hemtj": "forv", "norr": "hemtj", "soder": "hemtj", "skola": "forv"}


def people(unit, count, *, start=0, value=4, text=""):
    return [
        Answer(f"{unit}-{n}", unit, value=value, text=text and f"{text} {n}")
        for n in range(start, start + count)
    ]


# -- examples ------------------------------------------------------------------


def test_a_unit_of_four_rolls_into_its_parent():
    answers = people("norr", 4) + people("hemtj", 6)
    publication = publish(answers, tree=TREE, threshold=5)
    norr = publication.units["norr"]
    assert not norr.published and norr.reason is Reason.TOO_FEW
    assert norr.rolled_into == "hemtj" and norr.count is None
    assert publication.units["hemtj"].count == 10  # the four are in it


def test_a_parent_of_six_with_a_child_of_five_shows_the_parent_and_hides_the_child():
    # Shown together they would give away the sixth person's answer.
    answers = people("norr", 5, value=2) + people("hemtj", 1, value=5)
    publication = publish(answers, tree=TREE, threshold=5)
    assert publication.units["hemtj"].count == 6
    assert publication.units["norr"].reason is Reason.DIFFERENCING
    assert publication.units["norr"].rolled_into == "hemtj"


def test_a_parent_of_eleven_with_two_children_of_five_hides_one_child():
    # Every pair differs by five or more, yet hemtj - norr - soder is one person.
    answers = people("norr", 5) + people("soder", 5) + people("hemtj", 1)
    publication = publish(answers, tree=TREE, threshold=5)
    shown = {key for key, cell in publication.units.items() if cell.published}
    assert "hemtj" in shown and len(shown & {"norr", "soder"}) == 1


def test_two_filters_that_differ_by_one_person_are_not_both_shown():
    managers = [Answer(f"m{n}", "skola", value=3, facets=frozenset({"manager"})) for n in range(6)]
    staff = people("skola", 1)
    filters = [Filter("skola", units=frozenset({"skola"})), Filter("managers", facets={"manager"})]
    publication = publish(managers + staff, tree=TREE, threshold=5, filters=filters)
    assert sum(cell.published for cell in publication.filters.values()) == 1


def test_free_text_only_in_shown_cells_sorted_and_without_its_author():
    answers = people("norr", 5, text="Bra stöd") + people("skola", 2, text="Hemligt")
    publication = publish(answers, tree=TREE, threshold=5)
    assert publication.units["norr"].texts == tuple(f"Bra stöd {n}" for n in range(5))
    assert publication.units["skola"].texts == ()
    assert not any("Hemligt" in text for cell in publication.published() for text in cell.texts)
    assert "norr-0" not in repr(publication)  # no respondent anywhere in the output


def test_a_late_answer_keeps_the_figures_published_before():
    ledger = MemoryLedger()
    first = publish(people("norr", 6, value=4), tree=TREE, threshold=5, ledger=ledger)
    late = [*people("norr", 6, value=4), Answer("late", "norr", value=1)]
    second = publish(late, tree=TREE, threshold=5, ledger=ledger)
    assert second.units["norr"].held and second.units["norr"].count == 6
    assert second.units["norr"].mean == first.units["norr"].mean == 4


def test_answers_from_k_late_people_update_the_figures():
    ledger = MemoryLedger()
    publish(people("norr", 6, value=4), tree=TREE, threshold=5, ledger=ledger)
    later = people("norr", 11, value=4)[:6] + people("norr", 5, start=6, value=1)
    publication = publish(later, tree=TREE, threshold=5, ledger=ledger)
    assert publication.units["norr"].count == 11 and not publication.units["norr"].held


def test_raising_the_threshold_applies_to_a_closed_round_at_once():
    answers = people("norr", 6) + people("skola", 9)
    ledger = MemoryLedger()
    assert publish(answers, tree=TREE, threshold=5, ledger=ledger).units["norr"].published
    raised = publish(answers, tree=TREE, threshold=7, ledger=ledger)
    assert raised.units["norr"].reason is Reason.TOO_FEW
    assert raised.everyone.count == 15
    # skola (9) goes too: beside the whole it would give away norr's six.
    assert raised.units["skola"].reason is Reason.DIFFERENCING


def test_the_threshold_is_never_below_three():
    with pytest.raises(ValueError, match="never below 3"):
        publish(people("norr", 5), tree=TREE, threshold=2)


def test_one_answer_per_respondent_and_one_kind_of_measure():
    with pytest.raises(ValueError, match="one answer per respondent"):
        publish(people("norr", 1) * 2, tree=TREE, threshold=5)
    with pytest.raises(ValueError, match="Either every answer"):
        publish([Answer("a", "norr", value=1), Answer("b", "norr")], tree=TREE, threshold=5)


# -- properties ----------------------------------------------------------------


@st.composite
def organisations(draw):
    """A tree, answers, filters (overlapping sets of units) and a threshold."""
    size = draw(st.integers(1, 25))
    tree = {0: None}
    for unit in range(1, size):
        tree[unit] = draw(st.one_of(st.none(), st.integers(0, unit - 1)))
    units = st.integers(0, size - 1)
    count = draw(st.integers(0, 70))
    answers = [
        Answer(
            f"person-{n}",
            draw(st.one_of(units, units, units, st.none())),
            value=draw(st.integers(1, 5)),
            text=draw(st.sampled_from(["", "", f"text of person-{n}"])),
            facets=draw(st.sampled_from([frozenset(), frozenset({"manager"})])),
        )
        for n in range(count)
    ]
    filters = [
        Filter(
            f"f{n}",
            units=draw(st.one_of(st.none(), st.frozensets(units, min_size=1, max_size=4))),
            facets=draw(st.sampled_from([frozenset(), frozenset({"manager"})])),
        )
        for n in range(draw(st.integers(0, 5)))
    ]
    return tree, answers, filters, draw(st.integers(3, 8))


def members_of(tree, answers, filters):
    """The oracle: who each cell covers, from the definitions alone."""

    def under(unit, top):
        while unit is not None:
            if unit == top:
                return True
            unit = tree[unit]
        return False

    sets = {(Kind.EVERYONE, EVERYONE): frozenset(a.respondent for a in answers)}
    for unit in tree:
        sets[Kind.UNIT, unit] = frozenset(a.respondent for a in answers if under(a.unit, unit))
    for cut in filters:
        sets[Kind.FILTER, cut.name] = frozenset(
            a.respondent
            for a in answers
            if (cut.units is None or any(under(a.unit, top) for top in cut.units))
            and cut.facets <= a.facets
        )
    return sets


def atoms(sets):
    """People grouped by exactly which of the sets hold them."""
    signature = defaultdict(set)
    for n, members in enumerate(sets):
        for person in members:
            signature[person].add(n)
    groups = defaultdict(int)
    for cells in signature.values():
        groups[frozenset(cells)] += 1
    return list(groups.values())


def shown_sets(publication, oracle):
    return [oracle[cell.kind, cell.key] for cell in publication.published()]


@PROPERTY
@given(organisations())
def test_no_publication_reveals_a_group_smaller_than_the_threshold(case):
    tree, answers, filters, k = case
    publication = publish(answers, tree=tree, threshold=k, filters=filters)
    oracle = members_of(tree, answers, filters)
    shown = shown_sets(publication, oracle)
    for cell in publication.published():
        assert cell.count == len(oracle[cell.kind, cell.key]) >= k
    for one, other in combinations(shown, 2):
        assert len(one ^ other) == 0 or len(one ^ other) >= k
    # The strong form: no sum or difference of shown figures covers 1..k-1 people.
    assert all(size >= k for size in atoms(shown))
    for cell in publication.cells():
        if not cell.published:
            assert cell.count is cell.mean is cell.distribution is None and cell.texts == ()


@PROPERTY
@given(organisations())
def test_free_text_only_in_shown_cells_and_never_with_an_id(case):
    tree, answers, filters, k = case
    publication = publish(answers, tree=tree, threshold=k, filters=filters)
    oracle = members_of(tree, answers, filters)
    written = {a.respondent: a.text for a in answers}
    for cell in publication.published():
        texts = sorted(written[p] for p in oracle[cell.kind, cell.key] if written[p])
        assert sorted(cell.texts) == texts and list(cell.texts) == sorted(texts, key=str.casefold)
    output = repr(publication).replace("text of person-", "")
    assert "person-" not in output


@PROPERTY
@given(organisations(), st.data())
def test_late_answers_and_threshold_changes_never_reveal_a_small_difference(case, data):
    tree, answers, filters, k = case
    ledger, thresholds = MemoryLedger(), [k]
    publish(answers, tree=tree, threshold=k, filters=filters, ledger=ledger)
    for round_ in range(data.draw(st.integers(1, 3))):
        late = data.draw(st.integers(1, 6))
        answers = answers + [
            Answer(f"late-{round_}-{n}", data.draw(st.sampled_from(sorted(tree))), value=1)
            for n in range(late)
        ]
        thresholds.append(data.draw(st.integers(3, 8)))
        publication = publish(
            answers, tree=tree, threshold=thresholds[-1], filters=filters, ledger=ledger
        )
        oracle = members_of(tree, answers, filters)
        for cell in publication.published():
            if not cell.held:
                assert cell.count == len(oracle[cell.kind, cell.key]) >= thresholds[-1]
        everything = {v for versions in ledger.versions().values() for v in versions}
        assert all(size >= min(thresholds) for size in atoms(everything))


@PROPERTY
@given(organisations(), st.integers(0, 3))
def test_a_higher_threshold_never_shows_a_smaller_cell(case, raise_by):
    tree, answers, filters, k = case
    raised = publish(answers, tree=tree, threshold=k + raise_by, filters=filters)
    assert all(cell.count >= k + raise_by for cell in raised.published())
