"""Every read of the support assessment, for an Actor. Results come from the
anonymity engine and nowhere else: the API and HR's page both read
``support_results``."""

import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from spiral.programs.anonymity.cells import EVERYONE, Answer, Cell
from spiral.programs.anonymity.selectors import org_tree
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import ComponentInstance, Enrolment
from spiral.programs.support.kinds import SUPPORT_ASSESSMENT
from spiral.programs.support.models import SupportAnswer, SupportRound
from spiral.programs.support.questions import NEED, SUPPORT_KEYS

WHOLE = _("the whole organisation")


def support_round_list_visible(*, actor: Actor) -> QuerySet[SupportRound]:
    """Every round of the tenant, for anyone of the organisation (a round is a
    title, dates and a status), each annotated for the actor: ``answerable``
    (they are one of its respondents) and ``answered`` (they have answered)."""
    rounds = SupportRound.objects.select_related("programme")
    if actor.is_client or not (actor.person_id or actor.is_tenant_admin):
        return rounds.none()
    if actor.person_id is None:
        return rounds.annotate(answerable=Value(False), answered=Value(False))
    respondent = (
        Enrolment.objects.filter(
            programme_id=OuterRef("programme_id"),
            person_id=actor.person_id,
            status=Enrolment.Status.ENROLLED,
        )
        .filter(Q(person__is_first_line_manager=True) | Q(person__is_senior_manager=True))
        .exclude(person__status=Person.Status.LEFT)
    )
    mine = SupportAnswer.objects.filter(round_id=OuterRef("pk"), respondent_id=actor.person_id)
    return rounds.annotate(answerable=Exists(respondent), answered=Exists(mine))


def support_round_open_mine(*, actor: Actor) -> QuerySet[SupportRound]:
    """The open rounds the actor answers (their own page's list)."""
    return support_round_list_visible(actor=actor).filter(
        status=SupportRound.Status.OPEN, answerable=True
    )


def support_answer_mine(*, actor: Actor, support_round: SupportRound) -> SupportAnswer | None:
    """The actor's own answer in the round: the only single answer anyone sees."""
    if actor.person_id is None:
        return None
    return (
        SupportAnswer.objects.select_related("unit")
        .filter(round_id=support_round.pk, respondent_id=actor.person_id)
        .first()
    )


@dataclass(frozen=True)
class UnitResult:
    """One unit (with its subtree) of a round's results: figures only when the
    engine shows the cell, else why not and which shown cell its answers are in."""

    unit: uuid.UUID | None  # None: the whole organisation
    name: str
    depth: int
    published: bool
    count: int | None = None
    reason: str | None = None
    rolled_into: uuid.UUID | None = None
    rolled_into_name: str | None = None
    means: dict[str, float | None] = field(default_factory=dict)
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupportResults:
    support_round: SupportRound
    available: bool  # False while the round is open: answers may still change
    threshold: int | None
    whole: UnitResult | None
    units: list[UnitResult]


def _subject(support_round: SupportRound, measure: str) -> str:
    return f"support-round:{support_round.public_id}:{measure}"


def support_results(*, actor: Actor, support_round: SupportRound) -> SupportResults:
    """The round's results by unit, through the anonymity engine: one subject
    per kind of support and one for the free text, every answer keyed to the
    respondent's unit, so small units roll up into their parents. Published
    only once the round is closed (answers are final then, as the engine's
    ledger needs). A fixed number of queries, however many units or answers."""
    if support_round.status != SupportRound.Status.CLOSED:
        return SupportResults(support_round, False, None, None, [])
    rows = list(
        SupportAnswer.objects.filter(round_id=support_round.pk).values_list(
            "respondent_id", "unit__public_id", "ratings", "need"
        )
    )
    tree = org_tree()
    publications = {
        key: publish_subject(
            subject=_subject(support_round, key),
            answers=[Answer(person, unit, float(marks[key])) for person, unit, marks, _ in rows],
            tree=tree,
        )
        for key in SUPPORT_KEYS
    }
    publications[NEED] = publish_subject(
        subject=_subject(support_round, NEED),
        answers=[Answer(person, unit, None, need) for person, unit, _, need in rows],
        tree=tree,
    )
    units = list(OrgUnit.objects.order_by("path").values_list("public_id", "name", "depth"))
    names = {public_id: name for public_id, name, _ in units}
    names[EVERYONE] = str(WHOLE)

    def result(cells: dict[str, Cell], unit, name, depth) -> UnitResult:
        hidden = next((cell for cell in cells.values() if not cell.published), None)
        if hidden is not None:
            rolled = hidden.rolled_into
            return UnitResult(
                unit=unit, name=name, depth=depth, published=False,
                reason=str(hidden.reason) if hidden.reason else None,
                rolled_into=None if rolled in (None, EVERYONE) else rolled,
                rolled_into_name=names.get(rolled) if rolled is not None else None,
            )  # fmt: skip
        first = cells[SUPPORT_KEYS[0]]
        return UnitResult(
            unit=unit, name=name, depth=depth, published=True, count=first.count,
            means={key: cells[key].mean for key in SUPPORT_KEYS},
            needs=cells[NEED].texts,
        )  # fmt: skip

    whole = result(
        {key: publication.everyone for key, publication in publications.items()},
        None, str(WHOLE), 0,
    )  # fmt: skip
    by_unit = [
        result(
            {key: publication.units[public_id] for key, publication in publications.items()},
            public_id,
            name,
            depth,
        )
        for public_id, name, depth in units
        if all(public_id in publication.units for publication in publications.values())
    ]
    threshold = publications[NEED].threshold
    return SupportResults(support_round, True, threshold, whole, by_unit)


def support_instance_of(*, actor: Actor, programme) -> ComponentInstance | None:
    """The programme's support assessment (a programme-wide component), if it has one."""
    return (
        ComponentInstance.objects.filter(
            component__programme=programme, component__kind=SUPPORT_ASSESSMENT.key
        )
        .order_by("id")
        .first()
    )
