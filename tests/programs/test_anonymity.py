"""The anonymity engine: examples that read as its documentation, then
properties (hypothesis) over random organisations, answers, filters and
thresholds, checked against an oracle that knows nothing of the engine."""

from collections import defaultdict
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spiral.programs.anonymity.cells import EVERYONE, Answer, Filter, Kind, Reason, ledger_key
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


# Two units, one under the other: the smallest tree in which the whole, a unit
# and its child can be subtracted from one another across publications.
PAIR = {"forv": None, "hemtj": "forv"}


def answered(unit, *respondents):
    return [Answer(r, unit, value=r % 5 + 1) for r in respondents]


def groups_shown(ledger):
    """The sizes of the groups that every version published so far tells apart."""
    return sorted(atoms({v for versions in ledger.versions().values() for v in versions}))


def test_a_late_answer_under_a_lowered_threshold_keeps_the_whole_and_hides_the_new_units():
    # The shape hypothesis found. At 4, the whole (6) is shown and both units (3) too few. One
    # late answer in hemtj and the threshold lowered to 3 make both units 4; shown beside
    # the whole of before, the late answerer would be a group of one.
    ledger = MemoryLedger()
    answers = answered("hemtj", 0, 1, 2) + answered(None, 3, 4, 5)
    publish(answers, tree=PAIR, threshold=4, ledger=ledger)
    later = publish([*answers, *answered("hemtj", 6)], tree=PAIR, threshold=3, ledger=ledger)
    assert groups_shown(ledger) == [6]
    assert later.everyone.held and later.everyone.count == 6
    assert not later.units["forv"].published and not later.units["hemtj"].published


def test_new_cells_are_checked_against_before_even_when_they_mend_this_publication():
    # The whole of four (0..3), then three late answers in hemtj: the new whole (7) and
    # forv (1 and the three) are each fine now, but the whole of before minus (the new
    # whole minus forv) is person 1. Hiding hemtj mends this publication, not that.
    ledger = MemoryLedger()
    answers = answered(None, 0, 2, 3) + answered("forv", 1)
    publish(answers, tree=PAIR, threshold=3, ledger=ledger)
    later = publish([*answers, *answered("hemtj", 4, 5, 6)], tree=PAIR, threshold=3, ledger=ledger)
    assert min(groups_shown(ledger)) >= 3
    assert later.everyone.count == 7 and not later.units["forv"].published


def test_a_late_answer_never_splits_one_person_off_a_figure_shown_before():
    # Two versions shown and three cells: the versions' random marks once equalled the
    # cells' and cancelled out, and forv (8) was shown beside the whole of before (7):
    # person 0, the one of those seven not in forv, a group of one.
    ledger = MemoryLedger()
    answers = answered(None, 0) + answered("forv", 1, 2, 3) + answered("hemtj", 4, 5, 6)
    first = publish(answers, tree=PAIR, threshold=3, ledger=ledger)
    assert first.everyone.count == 7 and first.units["hemtj"].count == 3
    later = publish([*answers, *answered("forv", 7, 8)], tree=PAIR, threshold=3, ledger=ledger)
    assert min(groups_shown(ledger)) >= 3
    assert later.everyone.held and not later.units["forv"].published


def test_a_withdrawn_answer_is_not_given_away_by_what_remains():
    # The whole (4) was shown; person 3 withdraws. forv is now the same three people the
    # whole had besides person 3: shown, it would give away 3's earlier answer.
    ledger = MemoryLedger()
    answers = answered("forv", 0, 1, 2) + answered(None, 3)
    first = publish(answers, tree=PAIR, threshold=3, ledger=ledger)
    assert first.everyone.count == 4 and not first.units["forv"].published
    later = publish(answers[:3], tree=PAIR, threshold=3, ledger=ledger)
    assert min(groups_shown(ledger)) >= 3
    assert later.everyone.reason is Reason.CHANGED
    assert later.units["forv"].reason is Reason.DIFFERENCING


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


def groups(sets):
    """People grouped by exactly which of the sets hold them."""
    signature = defaultdict(set)
    for n, members in enumerate(sets):
        for person in members:
            signature[person].add(n)
    together = defaultdict(set)
    for person, cells in signature.items():
        together[frozenset(cells)].add(person)
    return {frozenset(people) for people in together.values()}


def atoms(sets):
    return [len(group) for group in groups(sets)]


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
def test_late_answers_withdrawals_and_threshold_changes_never_reveal_a_small_group(case, data):
    """Each publication, at the threshold k in force then: alone, no group of
    1..k-1; with every earlier one, no group of 1..k-1 that was not already
    a group before it (what was shown under a lower threshold cannot be
    taken back). So no group ever shown is smaller than the smallest
    threshold used."""
    tree, answers, filters, k = case
    ledger, thresholds, everything = MemoryLedger(), [], set()
    for round_ in range(data.draw(st.integers(1, 4))):
        if round_:
            gone = data.draw(st.sets(st.integers(0, len(answers)), max_size=2))  # withdrew
            late = data.draw(st.integers(0, 6))
            units = st.one_of(st.sampled_from(sorted(tree)), st.none())
            answers = [a for n, a in enumerate(answers) if n not in gone] + [
                Answer(f"late-{round_}-{n}", data.draw(units), value=1) for n in range(late)
            ]
            k = data.draw(st.integers(3, 8))
        thresholds.append(k)
        before = {key: versions[-1] for key, versions in ledger.versions().items()}
        publication = publish(answers, tree=tree, threshold=k, filters=filters, ledger=ledger)
        oracle = members_of(tree, answers, filters)
        shown = []
        for cell in publication.published():
            now = oracle[cell.kind, cell.key]
            if cell.held:
                now = before[ledger_key(cell.kind, cell.key)]
                assert len(now ^ oracle[cell.kind, cell.key]) < k
            assert cell.count == len(now) >= k
            shown.append(now)
        assert all(size >= k for size in atoms(shown))
        earlier = groups(everything)
        everything |= {v for versions in ledger.versions().values() for v in versions}
        assert all(len(group) >= k or group in earlier for group in groups(everything))
    assert all(size >= min(thresholds) for size in atoms(everything))


@PROPERTY
@given(organisations(), st.integers(0, 3))
def test_a_higher_threshold_never_shows_a_smaller_cell(case, raise_by):
    tree, answers, filters, k = case
    raised = publish(answers, tree=tree, threshold=k + raise_by, filters=filters)
    assert all(cell.count >= k + raise_by for cell in raised.published())
