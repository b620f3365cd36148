# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class GroupsConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.groups"
    label = "groups"
    verbose_name = "Groups"
