"""Who is acting, and what their place in the organisation lets them see.

Built once per request or task (a few queries) and passed to selectors and
permission rules, which are the only places that decide visibility.
"""

from dataclasses import dataclass, field

from spiral.programs.org.models import OrgUnit, Person, SupportAssignment, WorkGroup


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    person_id: int | None = None
    # An integration (OAuth2 client credentials): tenant-wide, limited by scopes.
    client_id: str | None = None
    scopes: frozenset[str] = frozenset()
    is_tenant_admin: bool = False
    is_senior_manager: bool = False
    managed_unit_ids: frozenset[int] = frozenset()
    managed_unit_paths: tuple[str, ...] = ()
    led_work_group_ids: frozenset[int] = frozenset()
    supported_person_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def sees_whole_tenant(self) -> bool:
        return self.is_tenant_admin or self.is_client


def actor_for_user(user) -> Actor:
    try:
        person = user.person  # loaded with the user (PersonAwareBackend)
    except Person.DoesNotExist:
        person = None
    if person is not None and person.status == Person.Status.LEFT:
        return Actor(user_id=user.pk)  # gone from the organisation: sees nothing
    if person is None or user.is_tenant_admin or person.is_hr:
        # An administrator sees everything: no need to learn their place.
        return Actor(
            user_id=user.pk,
            person_id=person.pk if person else None,
            is_tenant_admin=user.is_tenant_admin or (person is not None and person.is_hr),
        )
    managed = list(OrgUnit.objects.filter(manager=person).values_list("id", "path"))
    return Actor(
        user_id=user.pk,
        person_id=person.pk,
        is_senior_manager=person.is_senior_manager,
        managed_unit_ids=frozenset(unit_id for unit_id, _ in managed),
        managed_unit_paths=tuple(path for _, path in managed),
        led_work_group_ids=frozenset(
            WorkGroup.objects.filter(leader=person).values_list("id", flat=True)
        ),
        supported_person_ids=frozenset(
            SupportAssignment.objects.filter(supporter=person).values_list("person_id", flat=True)
        ),
    )


def actor_for_client(client_id: str, scopes: frozenset[str]) -> Actor:
    return Actor(client_id=client_id, scopes=scopes)
