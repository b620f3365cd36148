"""The support assessment in the demo tenant (``spiral demo``): its first
round opened on the programme's first day, as its yearly cadence does, and
closed three weeks later; most of the programme's managers answered, some in
their own words. Closed, its results by unit show what the anonymity engine
publishes and what it holds back."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.support.kinds import SUPPORT_ASSESSMENT
from spiral.programs.support.questions import RATING_MAX, RATING_MIN, SUPPORT_KEYS
from spiral.programs.support.services import (
    ROUND_DAYS,
    respondents,
    support_answer_submit,
    support_round_close,
    support_round_open,
)

ANSWERED = 0.85  # of the respondents
WROTE = 0.4  # of those who answered, how many said what they need
# Where the municipality's managers tend to stand on each kind of support.
MEANS = {"administrative": 2.8, "trust": 3.7, "rules": 3.1, "mandate": 3.4, "quality": 2.6}
SPREAD = 0.9
NEEDS = (
    "Mer administrativt stöd nära verksamheten, så att jag hinner leda.",
    "Tydligare mandat i budgetfrågor: vad får jag besluta själv?",
    "Snabbare svar från HR i rehabiliteringsärenden.",
    "En tydlig kvalitetsnivå för de resurser vi faktiskt har.",
    "Färre och enklare riktlinjer, och att de hänger ihop.",
    "Att IT-stödet kommer ut till enheten när något inte fungerar.",
    "Stöd från ekonomi att läsa uppföljningen, inte bara siffrorna.",
    "Tid med min egen chef för att prata om annat än budget.",
    "Tydligare ansvarsfördelning mellan mig och verksamhetschefen.",
    "Hjälp med schemaläggning och bemanning.",
    "Kommunikationsstöd när vi behöver nå ut till brukare och anhöriga.",
    "Tillit att prioritera själv när allt inte hinns med.",
)


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _rating(world, key: str) -> int:
    value = round(world.rng.gauss(MEANS[key], SPREAD))
    return min(RATING_MAX, max(RATING_MIN, value))


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    programme = world.programme
    instance = (
        ComponentInstance.objects.filter(
            component__programme=programme, component__kind=SUPPORT_ASSESSMENT.key
        )
        .order_by("pk")
        .first()
    )
    if instance is None or programme.starts_on is None:
        return
    opened = _at(programme.starts_on, 8)
    closes_on = programme.starts_on + timedelta(days=ROUND_DAYS)
    support_round = support_round_open(instance=instance, closes_on=closes_on, now=opened)
    people = sorted(respondents(programme=programme), key=lambda person: person.external_id)
    for person in people:
        if world.chance("support", support_round.sequence, person.external_id) >= ANSWERED:
            continue
        ratings = {key: _rating(world, key) for key in SUPPORT_KEYS}
        need = world.rng.choice(NEEDS) if world.rng.random() < WROTE else ""
        day = programme.starts_on + timedelta(days=world.rng.randrange(ROUND_DAYS))
        support_answer_submit(
            support_round=support_round, person=person, ratings=ratings, need=need,
            now=_at(day, 12),
        )  # fmt: skip
    support_round_close(support_round=support_round, now=_at(closes_on + timedelta(days=1), 1))
