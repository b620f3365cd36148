"""Every write to templates, programmes and enrolments."""

from django.db import transaction
from django.utils.translation import gettext as _

from spiral.platform.audit.changes import changed_fields, created_fields, related_ids, snapshot
from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.programs.programmes.enrolment import enrolments_sync
from spiral.programs.programmes.kinds import derived_fields
from spiral.programs.programmes.library import TEMPLATES
from spiral.programs.programmes.models import (
    Programme,
    ProgrammeComponent,
    ProgrammeTemplate,
    TemplateComponent,
)

COMPONENT_FIELDS = (
    "position", "kind", "level", "audience", "cadence", "session_minutes",
    "title_sv", "title_en", "exercises",
)  # fmt: skip


def _with_kind(fields: dict) -> dict:
    """A component's fields with its level and audience as its kind declares
    them: the stored columns are written from the registry, never from input.
    An unregistered kind raises UnknownKindError (nothing is written)."""
    return {**fields, **derived_fields(fields["kind"])}


def _copied(component) -> dict:
    return _with_kind({f: getattr(component, f) for f in COMPONENT_FIELDS})


@transaction.atomic
def template_library_sync(*, templates: list[dict] = TEMPLATES) -> None:
    """Loads the shipped templates into this tenant, or brings them up to date.
    Idempotent; a tenant's own copies are never touched. A component of an
    unregistered kind raises UnknownKindError, so a migration (which loads the
    library) fails loudly instead of storing a kind nothing handles. ``templates``
    defaults to the shipped library (tests pass a broken one)."""
    for spec in templates:
        fields = {k: v for k, v in spec.items() if k not in {"key", "components"}}
        template, _ = ProgrammeTemplate.objects.update_or_create(
            key=spec["key"], defaults={**fields, "is_shipped": True}
        )
        template.components.all().delete()
        TemplateComponent.objects.bulk_create(
            TemplateComponent(template=template, position=i, **_with_kind(c))
            for i, c in enumerate(spec["components"])
        )


TEMPLATE_FIELDS = ("name_sv", "name_en", "summary_sv", "summary_en", "target_roles")


@transaction.atomic
def template_copy(*, template: ProgrammeTemplate) -> ProgrammeTemplate:
    """A tenant's own, editable copy of a template."""
    number = ProgrammeTemplate.objects.filter(key__startswith=f"{template.key}-copy-").count() + 1
    copy = ProgrammeTemplate.objects.create(
        key=f"{template.key}-copy-{number}", is_shipped=False, copied_from=template,
        name_sv=f"{template.name_sv} (kopia)", name_en=f"{template.name_en} (copy)",
        summary_sv=template.summary_sv, summary_en=template.summary_en,
        target_roles=list(template.target_roles),
    )  # fmt: skip
    TemplateComponent.objects.bulk_create(
        TemplateComponent(template=copy, **_copied(c)) for c in template.components.all()
    )
    audit_record(
        action="programme_template.copied",
        obj=copy,
        changes=created_fields(copy, ("key", "copied_from", *TEMPLATE_FIELDS)),
    )
    return copy


@transaction.atomic
def template_update(
    *, template: ProgrammeTemplate, components=None, **changes
) -> ProgrammeTemplate:
    """Edits a tenant's own template; ``components``, when given, replace its
    components in the order given."""
    if template.is_shipped:
        raise ConflictError(_("A shipped template stays as it is: copy it and edit the copy."))
    before = {**snapshot(template, TEMPLATE_FIELDS), "components": _kinds(template)}
    for name, value in changes.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    if components is not None:
        template.components.all().delete()
        TemplateComponent.objects.bulk_create(
            TemplateComponent(template=template, **_with_kind({**fields, "position": position}))
            for position, fields in enumerate(components)
        )
    after = {**snapshot(template, TEMPLATE_FIELDS), "components": _kinds(template)}
    audit_record(
        action="programme_template.updated", obj=template, changes=changed_fields(before, after)
    )
    return template


def _kinds(template: ProgrammeTemplate) -> list[str]:
    """Components are recorded by their kinds, in order: enough to see what changed."""
    return list(template.components.values_list("kind", flat=True))


PROGRAMME_FIELDS = (
    "name", "template", "owner", "starts_on", "ends_on", "status", "phases", "goals",
    "milestones", "target_roles", "target_units", "include_people", "exclude_people",
)  # fmt: skip


@transaction.atomic
def programme_create(
    *, name: str, template: ProgrammeTemplate | None = None, **fields
) -> Programme:
    """A programme made from a template starts with the template's components
    and, unless ``fields`` give roles of their own, its target roles."""
    leaders = fields.pop("process_leaders", [])
    if template is not None and "target_roles" not in fields:
        fields["target_roles"] = list(template.target_roles)
    programme = Programme(name=name, template=template, **fields)
    programme.full_clean()
    programme.save()
    programme.process_leaders.set(leaders)
    if template is not None:
        ProgrammeComponent.objects.bulk_create(
            ProgrammeComponent(programme=programme, **_copied(c)) for c in template.components.all()
        )
    changes = created_fields(programme, PROGRAMME_FIELDS)
    if leaders:
        changes["process_leaders"] = [None, related_ids(leaders)]
    audit_record(action="programme.created", obj=programme, changes=changes)
    return programme


EDITABLE_WHEN_ACTIVE = {"name", "goals", "milestones", "phases", "process_leaders", "ends_on"}
RULE_FIELDS = {"target_roles", "target_units", "include_people", "exclude_people"}


@transaction.atomic
def programme_update(*, programme: Programme, **changes) -> Programme:
    # Locked and read afresh: a concurrent transition or rule edit is not undone.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status in {Programme.Status.COMPLETED, Programme.Status.ARCHIVED}:
        raise ConflictError(
            _("A programme that is %(status)s cannot be changed.") % {"status": programme.status}
        )
    if programme.status == Programme.Status.ACTIVE:
        frozen = set(changes) - EDITABLE_WHEN_ACTIVE - RULE_FIELDS
        if frozen:
            raise ConflictError(
                _("While active, these cannot change: %(fields)s.")
                % {"fields": ", ".join(sorted(frozen))}
            )
    leaders = changes.pop("process_leaders", None)
    before = _programme_state(programme, with_leaders=leaders is not None)
    for name, value in changes.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if leaders is not None:
        programme.process_leaders.set(leaders)
    after = _programme_state(programme, with_leaders=leaders is not None)
    audit_record(action="programme.updated", obj=programme, changes=changed_fields(before, after))
    if programme.status == Programme.Status.ACTIVE and RULE_FIELDS & set(changes):
        enrolments_sync(programme=programme)
    return programme


def _programme_state(programme: Programme, *, with_leaders: bool) -> dict:
    state = snapshot(programme, PROGRAMME_FIELDS)
    if with_leaders:
        state["process_leaders"] = related_ids(programme.process_leaders.all())
    return state


@transaction.atomic
def programme_delete(*, programme: Programme) -> None:
    if programme.status != Programme.Status.DRAFT:
        raise ConflictError(_("Only a draft can be deleted; complete and archive the rest."))
    audit_record(action="programme.deleted", obj=programme)
    programme.delete()


def _activation_problems(programme: Programme) -> list[str]:
    problems = []
    if programme.status != Programme.Status.DRAFT:
        problems.append(
            _("Only a draft can be activated; this programme is %(status)s.")
            % {"status": programme.status}
        )
    if programme.owner_id is None:
        problems.append(_("The programme needs an owner."))
    if not (programme.starts_on and programme.ends_on):
        problems.append(_("The programme needs a period (start and end dates)."))
    if not programme.components.exists():
        problems.append(_("The programme needs at least one component."))
    return problems


def programme_activation_problems(*, programme: Programme) -> list[str]:
    """What stands in the way of activating the programme now (none: it can be)."""
    return _activation_problems(programme)


@transaction.atomic
def programme_activate(*, programme: Programme) -> list[int]:
    """Enrols the target population, gives each participant, work group and
    management group its components, and publishes the new component instances
    for the scheduler. Returns the ids of the people enrolled."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    problems = _activation_problems(programme)
    if problems:
        raise ConflictError(problems)
    programme.status = Programme.Status.ACTIVE
    programme.save(update_fields=["status", "updated_at"])
    audit_record(
        action="programme.activated",
        obj=programme,
        changes={"status": [Programme.Status.DRAFT, Programme.Status.ACTIVE]},
    )
    return enrolments_sync(programme=programme)


def _transition(programme: Programme, *, source: str, target: str, action: str) -> Programme:
    if programme.status != source:
        raise ConflictError(
            _("Only a programme that is %(source)s can become %(target)s; this one is %(status)s.")
            % {"source": source, "target": target, "status": programme.status}
        )
    programme.status = target
    programme.save(update_fields=["status", "updated_at"])
    audit_record(action=action, obj=programme, changes={"status": [source, target]})
    return programme


@transaction.atomic
def programme_complete(*, programme: Programme) -> Programme:
    return _transition(
        programme,
        source=Programme.Status.ACTIVE,
        target=Programme.Status.COMPLETED,
        action="programme.completed",
    )


@transaction.atomic
def programme_archive(*, programme: Programme) -> Programme:
    return _transition(
        programme,
        source=Programme.Status.COMPLETED,
        target=Programme.Status.ARCHIVED,
        action="programme.archived",
    )
