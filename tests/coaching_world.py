"""The shared world of the coaching tests: the first-line-manager programme
running in tenant A, so that the manager has a coaching track coached by the
world's coach; and, for the privacy tests, another coach and a process leader
with logins of their own."""

from dataclasses import dataclass

from django.test import Client

from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.coaching.models import CoachingTrack
from tests.conftest import host
from tests.factories import PersonFactory, login_for
from tests.world import World, running_programme


@dataclass
class CoachingWorld:
    world: World
    track: CoachingTrack
    programme: object
    clients: dict

    def client(self, role: str) -> Client:
        return self.clients.get(role) or self.world.client(role)


def coaching_world(world: World, in_tenant) -> CoachingWorld:
    programme = running_programme(world)
    clients = {}
    with in_tenant(world.tenant):
        extra = {
            "other_coach": PersonFactory(unit=world.units["e2"], is_coach=True),
            "process_leader": PersonFactory(unit=world.units["root"], is_process_leader=True),
        }
        programme.process_leaders.add(extra["process_leader"])
        for role, person in extra.items():
            client = Client(HTTP_HOST=host(world.tenant))
            client.force_login(login_for(person))
            clients[role] = client
            world.people[role] = person
        outbox_relay(limit=5000)
        track = CoachingTrack.objects.select_related("coachee", "coach").get(
            coachee=world.people["manager"]
        )
    return CoachingWorld(world=world, track=track, programme=programme, clients=clients)
