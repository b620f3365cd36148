from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "spiral.programs.sessions"
    label = "scheduling"  # "sessions" is Django's login sessions
    verbose_name = "Sessions"

    def ready(self):
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.org.events import GROUP_CHANGED
        from spiral.programs.programmes.enrolment import INSTANCE_TOPIC, WITHDRAWN_TOPIC
        from spiral.programs.sessions import components

        subscribe(INSTANCE_TOPIC, "scheduling.series", components.series_for_component)
        # Who is invited follows who is in the audience.
        subscribe(WITHDRAWN_TOPIC, "scheduling.withdrawals", components.series_follow_withdrawals)
        subscribe(GROUP_CHANGED, "scheduling.group_members", components.series_follow_group)
