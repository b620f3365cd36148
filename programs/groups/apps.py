"""The component kinds of work-group learning: contract, meetings, looking back, climate."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class GroupsConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.groups import actions

        # The climate pulse's chosen improvement becomes the group's action.
        subscribe(actions.TOPIC_IMPROVEMENT_CHOSEN, "groups.actions", actions.improvement_chosen)
