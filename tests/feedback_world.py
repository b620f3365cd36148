"""A management group of five in the world's tenant, for the feedback tests:
the senior manager chairs it, the first-line manager and three more managers
(each with a login) sit in it; it has two goals and a philosophy of three
principles."""

from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from spiral.programs.feedback import services
from spiral.programs.org.services import management_goal_add, philosophy_version_add
from tests.conftest import host
from tests.factories import ManagementGroupFactory, PersonFactory, login_for


@dataclass
class FeedbackWorld:
    group: object
    people: list  # the chair first
    goals: list
    clients: dict  # person pk -> logged-in Client

    def client(self, person) -> Client:
        return self.clients[person.pk]


def feedback_world(world, in_tenant, *, size: int = 5) -> FeedbackWorld:
    with in_tenant(world.tenant):
        unit = world.units["verksamhet"]
        chair, manager = world.people["senior"], world.people["manager"]
        others = [PersonFactory(unit=unit, is_first_line_manager=True) for _ in range(size - 2)]
        for person in others:
            login_for(person)
        group = ManagementGroupFactory(
            name="Ledningsgrupp Hemtjänst", unit=unit, chair=chair, members=[manager, *others]
        )
        goals = [
            management_goal_add(group=group, title="Minskad sjukfrånvaro"),
            management_goal_add(group=group, title="Tillitsbaserad styrning"),
        ]
        philosophy_version_add(
            group=group,
            principles=["Vi litar på varandra", "Vi delar ansvar", "Vi lär av misstag"],
            in_force_from=timezone.localdate() - timedelta(days=30),
        )
        clients = {world.people[role].pk: world.client(role) for role in ("senior", "manager")}
        for person in others:
            client = Client(HTTP_HOST=host(world.tenant))
            client.force_login(person.user)
            clients[person.pk] = client
    return FeedbackWorld(group, [chair, manager, *others], goals, clients)


def open_round(fw: FeedbackWorld, *, mode: str = "named", days: int = 7):
    round = services.round_create(
        group=fw.group, title="Vårens återkoppling", mode=mode,
        deadline=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    return services.round_open(round=round)


def give_all(fw: FeedbackWorld, round, *, skip=()) -> None:
    """Everyone gives everyone feedback (except the pairs in ``skip``)."""
    for giver in fw.people:
        for receiver in fw.people:
            if giver == receiver or (giver, receiver) in skip:
                continue
            services.feedback_give(
                round=round, giver=giver, receiver=receiver, principles=[0],
                goals=[fw.goals[0]], works=f"Bra: {giver.pk}->{receiver.pk}",
                develop="Mer tid för reflektion", ratings={"0": 4},
            )  # fmt: skip
