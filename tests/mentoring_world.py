"""A mentor pool and mentee requests on top of tests/world.py.

Mentors: other_staff (Hemtjänst Söder, undersköterska, capacity 1), coach
(the förvaltning, sjuksköterska, capacity 2) and senior (manages Hemtjänst,
so above both Hemtjänst units: in the reporting line of every mentee below).
Mentees: staff (Hemtjänst Norr) wishes an undersköterska interested in care;
manager (Hemtjänst Norr) wishes someone interested in leadership.

Optimal first run: staff with other_staff (10 + 30 + 10 + 20 = 70) and
manager with coach (10): 80, against 30 + 20 = 50 the other way round."""

from dataclasses import dataclass

from spiral.programs.mentoring import services


@dataclass
class MentoringWorld:
    profiles: dict
    requests: dict


def mentoring_world(world, in_tenant) -> MentoringWorld:
    p = world.people
    with in_tenant(world.tenant):
        profiles = {
            "other_staff": services.profile_save(
                person=p["other_staff"], profession="Undersköterska",
                interests=["Vård", "ledning"], languages=["sv"], capacity=1,
            ),
            "coach": services.profile_save(
                person=p["coach"], profession="Sjuksköterska", interests=["IT"],
                languages=["sv", "en"], capacity=2,
            ),
            "senior": services.profile_save(
                person=p["senior"], profession="Undersköterska", interests=["vård"],
                languages=["sv"], capacity=4,
            ),
        }  # fmt: skip
        requests = {
            "staff": services.request_create(
                mentee=p["staff"], profession="undersköterska", interests=["vård"],
                languages=["sv"], wishes="Jag vill lära mig mer om planering.",
            ),
            "manager": services.request_create(mentee=p["manager"], interests=["Ledning"]),
        }  # fmt: skip
    return MentoringWorld(profiles, requests)


def proposal_of(run, mentee):
    return run.proposals.filter(request__mentee=mentee, status="proposed").get()
