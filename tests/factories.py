"""Factories that build through the services, as the product does."""

import factory

from spiral.platform.accounts.models import User
from spiral.programs.org import services
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    external_id = factory.Sequence(lambda n: f"U{n:05d}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_create(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    external_id = factory.Sequence(lambda n: f"P{n:06d}")
    given_name = factory.Faker("first_name", locale="sv_SE")
    family_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda person: f"{person.external_id.lower()}@example.se")
    unit = factory.SubFactory(OrgUnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.person_create(**kwargs)


class WorkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkGroup

    name = factory.Sequence(lambda n: f"Arbetsgrupp {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.work_group_create(**kwargs)


class ManagementGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementGroup

    name = factory.Sequence(lambda n: f"Ledningsgrupp {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.management_group_create(**kwargs)


def login_for(person: Person, *, admin: bool = False) -> User:
    """A login linked to the person (call inside the tenant's schema)."""
    user = User.objects.create_user(email=person.email, is_tenant_admin=admin)
    person.user = user
    person.save(update_fields=["user"])
    return user
