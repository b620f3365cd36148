import django_filters

from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.org.selectors import person_filter, unit_path

ROLE_CHOICES = [
    (field.removeprefix("is_"), field.removeprefix("is_")) for field in Person.ROLE_FIELDS
]


def _path_of(public_id) -> str:
    """The unit's path, for an indexed prefix query over its subtree. An unknown
    unit gives a path that matches nothing."""
    return unit_path(public_id=public_id) or "/unknown/"


class OrgUnitFilter(django_filters.FilterSet):
    under = django_filters.UUIDFilter(method="filter_under", label="Units under this unit")
    parent = django_filters.UUIDFilter(field_name="parent__public_id")

    class Meta:
        model = OrgUnit
        fields = ["under", "parent"]

    def filter_under(self, queryset, name, value):
        return queryset.filter(path__startswith=_path_of(value))


class PersonFilter(django_filters.FilterSet):
    unit = django_filters.UUIDFilter(field_name="unit__public_id")
    under = django_filters.UUIDFilter(method="filter_under", label="People in this unit or below")
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, method="filter_role")
    status = django_filters.ChoiceFilter(choices=Person.Status.choices)
    search = django_filters.CharFilter(method="filter_search", label="Name or email contains")

    class Meta:
        model = Person
        fields = ["unit", "under", "role", "status", "search"]

    # The same narrowing as the people page: one selector decides both.
    def filter_under(self, queryset, name, value):
        return person_filter(queryset, under=value)

    def filter_role(self, queryset, name, value):
        return person_filter(queryset, role=value)

    def filter_search(self, queryset, name, value):
        return person_filter(queryset, search=value)
