"""Feedback rounds in the demo tenant (``spiral demo``): every management group
(Kommunledningsgruppen, the förvaltningsledningar and the verksamheter's
ledningsgrupper) has held the programme's monthly feedback loop since it
started: three closed rounds (two named, then a confidential one), nearly
everyone giving feedback to everyone, and one round open now, with some
participants done, some half-way and some not started. The rounds belong to
the group's feedback-loop component of the programme.

Written through the round services (create, open, close) with the moments
they happened (``at``), and the feedback of each round given at once through
``feedback_give_many``, so the history costs a few statements a round."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from spiral.programs.feedback import services
from spiral.programs.feedback.models import FeedbackRound
from spiral.programs.org.models import ManagementGoal, Person
from spiral.programs.programmes.models import ComponentInstance

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")  # fmt: skip
# (weeks after the programme started it opened, its mode); the last is open now.
CLOSED = ((1, FeedbackRound.Mode.NAMED), (5, FeedbackRound.Mode.NAMED),
          (9, FeedbackRound.Mode.CONFIDENTIAL))  # fmt: skip
OPEN_DAYS_AGO, OPEN_DAYS_LEFT = 4, 10
WEEKS_TO_GIVE = 2
GIVEN_IN_CLOSED = 0.9  # how likely a giver gave a colleague feedback in a closed round
GIVEN_IN_OPEN = 0.5  # ... so far, in the open round, for those who started

WORKS = (
    "Du lyssnar in alla innan vi bestämmer, och det märks i gruppen.",
    "Du delar med dig av hur det går i dina enheter, även när det är svårt.",
    "Du håller det vi kommer överens om och återkopplar i tid.",
    "Du tar ansvar för helheten och inte bara för din egen verksamhet.",
    "Du ställer frågor som får oss att tänka om.",
    "Du är tydlig med vad du behöver av oss andra.",
)
DEVELOP = (
    "Ta oftare upp dina egna misstag, så att fler vågar göra det.",
    "Släpp in fler i besluten innan de är färdiga.",
    "Ge oss återkoppling direkt i stället för i efterhand.",
    "Håll tiden på mötena, så att vi hinner med lärandet.",
    "Dela mer av det som fungerar hos dig, så att vi kan lära av det.",
    "Säg ifrån tidigare när du inte håller med.",
)


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    start = world.programme.starts_on
    instances = {
        instance.management_group_id: instance
        for instance in ComponentInstance.objects.filter(
            component__programme=world.programme,
            component__kind="feedback_loop",
            management_group__isnull=False,
        )
    }
    goals: dict[int, list[ManagementGoal]] = {}
    for goal in ManagementGoal.objects.order_by("id"):
        goals.setdefault(goal.group_id, []).append(goal)
    for group in world.management_groups().prefetch_related("members"):
        people = sorted(
            {*group.members.all(), *([group.chair] if group.chair else [])},
            key=lambda p: p.external_id,
        )
        people = [p for p in people if p.status != Person.Status.LEFT]
        if len(people) < 2:
            continue
        instance = instances.get(group.pk)
        for weeks, mode in CLOSED:
            opened = _moment(start + timedelta(weeks=weeks, days=world.rng.randrange(3)), 9)
            deadline = _moment(opened.date() + timedelta(weeks=WEEKS_TO_GIVE), 16)
            round = _round(world, group, instance, mode, opened, deadline)
            given_at = deadline - timedelta(days=1)
            _give(world, round, people, goals.get(group.pk, []), given_at, GIVEN_IN_CLOSED)
            services.round_close(round=round, at=deadline + timedelta(hours=1))
        opened = _moment(world.today - timedelta(days=OPEN_DAYS_AGO), 9)
        deadline = _moment(world.today + timedelta(days=OPEN_DAYS_LEFT), 16)
        round = _round(world, group, instance, FeedbackRound.Mode.NAMED, opened, deadline)
        given_at = min(world.now, opened + timedelta(days=2))
        _give(world, round, people, goals.get(group.pk, []), given_at, GIVEN_IN_OPEN, partial=True)


def _moment(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _round(world, group, instance, mode, opened: datetime, deadline: datetime) -> FeedbackRound:
    title = f"Återkoppling {MONTHS[opened.month - 1]} {opened.year}"
    round = services.round_create(
        group=group, title=title, deadline=deadline, mode=mode,
        component_instance=instance, at=opened,
    )  # fmt: skip
    return services.round_open(round=round, at=opened)


def _give(world, round, people, goals, at: datetime, share: float, partial=False) -> None:
    """Each giver gives each colleague feedback with the chance ``share``; in
    a round in ``partial`` completion the first giver is done and the last has
    not started."""
    # round_open's answer: its group and philosophy are at hand.

    def given(giver, receiver) -> bool:
        if partial and giver in (people[0], people[-1]):
            return giver == people[0]
        key = (round.title, round.group.name, giver.external_id, receiver.external_id)
        return world.chance("feedback", *key) < share

    principles = len(round.philosophy.principles) if round.philosophy else 0
    items = []
    for giver in people:
        for receiver in people:
            if giver == receiver or not given(giver, receiver):
                continue
            chosen = world.rng.sample(range(principles), min(principles, world.rng.randint(1, 2)))
            referred = [world.rng.choice(goals)] if goals and world.rng.random() < 0.5 else []
            if not chosen and not referred and goals:
                referred = [goals[0]]
            items.append(
                {
                    "giver": giver,
                    "receiver": receiver,
                    "principles": chosen,
                    "goals": referred,
                    "works": world.rng.choice(WORKS),
                    "develop": world.rng.choice(DEVELOP),
                    "ratings": {str(p): world.rng.choice((3, 4, 4, 5, 5, 2)) for p in chosen},
                }
            )
    services.feedback_give_many(round=round, items=items, at=at)
