"""The group level in the demo tenant (``spiral demo``): a few work groups
agreed a contract from the Swedish template, held their learning meetings
(check-in, each one's expectations, check-out with where they stand on two
goals, rising unevenly), took actions (some done, one overdue) and looked
back on one event together."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from spiral.programs.groups.actions import action_add, action_close
from spiral.programs.groups.backspegling import (
    backspegling_answer,
    backspegling_joint,
    backspegling_share,
    backspegling_start,
)
from spiral.programs.groups.contract_template import contract_template
from spiral.programs.groups.kinds import GROUP_MEETINGS
from spiral.programs.groups.membership import group_people
from spiral.programs.groups.services import (
    contract_accept,
    contract_version_add,
    meeting_check_in,
    meeting_check_out,
    meeting_open,
    note_write,
)

GROUPS = 3  # work groups with a history
MEETINGS = 4  # the latest held meetings of each
GOALS = ("Trygga överlämningar mellan passen", "Alla känner sig sedda i arbetsgruppen")
EXPECTATIONS = (
    "Att vi hittar ett sätt att följa upp det vi bestämmer.",
    "Att alla kommer till tals, också de som är nya.",
    "Konkreta förslag som vi kan prova redan nästa vecka.",
)
FEARS = ("Att det blir prat utan handling.", "Att tiden inte räcker.", "")
ACTIONS = (
    "Ta fram en checklista för överlämning",
    "Prova korta avstämningar vid passbyte",
    "Bjuda in bemanningen till nästa möte",
    "Sammanfatta vad vi lärt oss för enhetschefen",
)
TAKEAWAYS = ("Vi är bättre på detta än jag trodde.", "Små steg räknas.", "")


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _meetings(world, series, people, contract) -> None:
    held = list(world.held(series))[-MEETINGS:]
    positions = [world.rng.randint(1, 3), world.rng.randint(0, 2)]
    for number, session in enumerate(held):
        when = session.starts_at
        meeting = meeting_open(session=session)
        meeting_check_in(
            meeting=meeting, now=when, purpose="Följa upp våra mål och åtgärder",
            roles="Enhetschefen leder, en medlem håller tiden", time_frame="60 minuter",
            agenda=["Incheckning", "Åtgärder sedan sist", "Läget för våra mål", "Utcheckning"],
        )  # fmt: skip
        for person in people:
            if world.chance("groups-note", session.pk, person.pk) < 0.6:
                note_write(
                    meeting=meeting, person=person,
                    expectations=world.rng.choice(EXPECTATIONS), fears=world.rng.choice(FEARS),
                    takeaway=world.rng.choice(TAKEAWAYS),
                )  # fmt: skip
        positions = [min(10, p + world.rng.randint(0, 2)) for p in positions]
        meeting_check_out(
            meeting=meeting, now=when + timedelta(minutes=55),
            goals=[{"title": g, "position": p} for g, p in zip(GOALS, positions, strict=True)],
            activities="Prova i två veckor och berätta vad som hände", next_purpose="Följa upp",
        )  # fmt: skip
        owner = world.rng.choice(people)
        action = action_add(
            work_group=series.component_instance.work_group, meeting=meeting, owner=owner,
            text=ACTIONS[number % len(ACTIONS)],
            due=timezone.localdate(when) + timedelta(days=14),
        )  # fmt: skip
        if number < len(held) - 2:  # the last two stay open; one of them may be overdue
            action_close(action=action, now=when + timedelta(days=10))


def _backspegling(world, work_group, people) -> None:
    looked_back = backspegling_start(
        work_group=work_group, event="När två kollegor var sjuka samma vecka",
        started_by=work_group.leader or people[0],
    )  # fmt: skip
    for index, person in enumerate(people[:3]):
        backspegling_answer(
            backspegling=looked_back, person=person,
            happened="Vi fick lösa bemanningen från dag till dag.",
            felt="Stress först, sedan lättnad när vi hjälptes åt.",
            learned="Vi behöver en plan innan det händer.",
            use="Nästa gång någon är borta mer än en dag.",
        )  # fmt: skip
        if index < 2:  # the third keeps their answers to themself
            backspegling_share(backspegling=looked_back, person=person)
    backspegling_joint(
        backspegling=looked_back, person=people[0],
        joint_happened="Det blev rörigt, men vi höll ihop och ingen brukare blev utan.",
        joint_learned="En enkel reservplan, och att säga till tidigt när det är tungt.",
    )  # fmt: skip


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    done = 0
    for series in world.series(GROUP_MEETINGS.key).select_related("component_instance__work_group"):
        work_group = series.component_instance.work_group
        if work_group is None or not world.held(series).exists():
            continue
        people = sorted(group_people(work_group=work_group), key=lambda p: p.external_id)
        if len(people) < 2:
            continue
        contract = contract_version_add(
            work_group=work_group, rules=contract_template("sv"), written_by=work_group.leader
        )
        for person in people:
            if world.chance("groups-accept", person.pk) < 0.85:
                contract_accept(contract=contract, person=person)
        _meetings(world, series, people, contract)
        _backspegling(world, work_group, people)
        done += 1
        if done == GROUPS:
            return
