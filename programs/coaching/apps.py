# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class CoachingConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.coaching"
    label = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.coaching import tracks
        from spiral.programs.org.events import PEOPLE_CHANGED
        from spiral.programs.programmes.enrolment import INSTANCE_TOPIC

        subscribe(INSTANCE_TOPIC, "coaching.tracks", tracks.track_for_component)
        # Re-reads who coaches now: a burst of organisation changes, one run.
        subscribe(PEOPLE_CHANGED, "coaching.hand_on", tracks.tracks_hand_on, coalesce=True)
