"""Coaching in the demo tenant (``spiral demo``): every first-line manager's
track, coached by the coach the plan gave them (where the plan's pairing
breaks the reporting-line rule, the track waits for HR) (each coach's capacity is what
the plan gives them, so the automatic assignment would keep that balance);
one or two development goals each, with a progress reading after most held
sessions; a short note by the coach after some sessions; and answers to one or
two exercises from about half the managers. Written through the services, with
the moments things happened."""

from spiral.programs.coaching import services, tracks
from spiral.programs.coaching.assignment import coach_may_take
from spiral.programs.coaching.exercises import EXERCISES
from spiral.programs.coaching.models import DEFAULT_CAPACITY

GOALS = (
    "Ge medarbetarna mer eget ansvar för schemat",
    "Avsätta tid varje vecka för eget lärande",
    "Hålla lugnet i svåra samtal",
    "Bli tydligare med vad jag förväntar mig",
    "Få arbetsgruppen att dela erfarenheter oftare",
    "Säga nej till det som inte är mitt uppdrag",
)
NOTES = (
    "Vi gick igenom veckan och vad som tog mest tid. Nästa gång: vad kan lämnas över?",
    "Samtal om ett möte som blev laddat. Bilden med floden och stranden hjälpte.",
    "Framsteg med delegeringen. Prova att låta gruppen leda nästa APT.",
    "Kort avstämning av målen; skattningen gick upp ett steg.",
)
ANSWERS = {
    "openness": {"control": "Mest styr kalendern mig, inte tvärtom.",
                 "learning_time": "En timme på fredagar, om jag skyddar den."},
    "emotions": {"river": "När budgeten kom upp blev jag medryckt.",
                 "beach": "Att andas och ställa en fråga i stället för att svara."},
    "crafting": {"tasks": "Vill pröva att leda förbättringsarbetet själv.",
                 "colleagues": "Chefen i grannenheten som redan gjort det."},
    "distributed": {"questions": "Schemaläggning och introduktion av nyanställda.",
                    "support": "En genomgång i månaden och att jag finns nära i början."},
}  # fmt: skip


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    planned = world.plan.coaches
    load: dict[str, int] = {}
    for coach in planned.values():
        load[coach] = load.get(coach, 0) + 1
    for coach, coachees in sorted(load.items()):
        capacity = max(DEFAULT_CAPACITY, coachees)
        services.coach_profile_set(person=world.people[coach], capacity=capacity)
    for series in world.series("coaching_track").select_related(
        "component_instance__enrolment__person__unit"
    ):
        _track_history(world, series, planned)


def _track_history(world, series, planned) -> None:
    instance = series.component_instance
    coachee = instance.enrolment.person
    coach = world.people.get(planned.get(coachee.external_id, ""))
    if coach is None or not coach_may_take(coach=coach, coachee=coachee):
        # The plan's pairing breaks the reporting-line rule: the track waits
        # for HR to choose (the demo shows such a track).
        tracks.track_create(instance=instance, automatic=False)
        return
    track = tracks.track_create(instance=instance, coach=coach, reason="Vald vid programstart")
    held = list(world.held(series))
    rng = world.rng
    for title in rng.sample(GOALS, rng.choice((1, 2))):
        goal = services.goal_create(track=track, title=title)
        value = rng.randint(1, 3)
        for session in held:
            if world.chance("progress", goal.pk, session.pk) < 0.8:
                value = min(10, value + rng.choice((0, 1, 1, 2)))
                services.goal_progress_record(
                    goal=goal, value=value, by=coachee, at=session.ends_at
                )
    for session in held:
        if world.chance("note", session.pk) < 0.5:
            services.note_write(
                track=track, author=track.coach, text=rng.choice(NOTES), session=session
            )
    if world.chance("answers", track.pk) < 0.5:
        for exercise in rng.sample(EXERCISES, rng.choice((1, 2))):
            services.answer_save(
                track=track, author=coachee, exercise=exercise.key,
                answers=ANSWERS[exercise.key],
            )  # fmt: skip
