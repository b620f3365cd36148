"""Every write of learning arenas: making one, joining and leaving (with the
waitlist), approvals. Topics, attendance and ratings are in
``spiral.programs.arenas.meetings``. Keyword-only, one transaction each, audited.

Capacity holds exactly under concurrency: every change of who holds a seat
or a waitlist position first locks the arena row, so two joins of one arena
run one after the other and each sees the places the other gave.
"""

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.arenas.audience import admits, describe
from spiral.programs.arenas.kinds import LEARNING_ARENA
from spiral.programs.arenas.models import ROLES, Arena, Membership
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import SessionSeries
from spiral.programs.sessions.services import (
    HORIZON,
    series_materialise,
    series_participants_set,
)
from spiral.tenants.links import tenant_url

DEFAULT_CAPACITY = 30
Status = Membership.Status


class OutsideAudienceError(PermissionDenied):
    """The person is not in the arena's audience: the message says who it is for."""


@transaction.atomic
def arena_create(
    *,
    title: str,
    kind: str,
    capacity: int,
    facilitators: list[Person],
    admission: str = Arena.Admission.OPEN,
    description: str = "",
    audience_roles: list[str] | None = None,
    audience_units: list[OrgUnit] | None = None,
    starts_on: date | None = None,
    start_time: time | None = None,
    rule: str = "",
    place: str = "",
    component_instance: ComponentInstance | None = None,
) -> Arena:
    """An arena; with ``starts_on`` and ``start_time`` a session series of its
    own (``rule``: an RFC 5545 rule, say FREQ=MONTHLY), organised by the first
    facilitator and materialised at once."""
    roles = list(audience_roles or [])
    if unknown := set(roles) - set(ROLES):
        raise ValidationError({"audience_roles": [_("Unknown roles: %s.") % sorted(unknown)]})
    arena = Arena(
        title=title, kind=kind, capacity=capacity, admission=admission,
        description=description, audience_roles=roles, component_instance=component_instance,
    )  # fmt: skip
    arena.full_clean(exclude=["component_instance", "series"])
    arena.save()
    arena.facilitators.set(facilitators)
    arena.audience_units.set(audience_units or [])
    if starts_on and start_time:
        arena.series = SessionSeries.objects.create(
            kind=LEARNING_ARENA.key, title=title, starts_on=starts_on, start_time=start_time,
            rule=rule, place=place, organiser=facilitators[0] if facilitators else None,
        )  # fmt: skip
        arena.save(update_fields=["series", "updated_at"])
        series_materialise(series=arena.series, until=timezone.now() + HORIZON)
    audit_record(
        action="arena.created",
        obj=arena,
        changes={
            "title": [None, title], "capacity": [None, capacity], "admission": [None, admission],
            "facilitators": [[], sorted(p.pk for p in facilitators)],
        },
    )  # fmt: skip
    return arena


def _locked(arena: Arena) -> Arena:
    return Arena.objects.select_for_update(of=("self",)).select_related("series").get(pk=arena.pk)


def _place(arena: Arena) -> tuple[str, int | None]:
    """A seat while one is free, else the end of the waitlist (call under the lock)."""
    places = Membership.objects.filter(arena=arena)
    if places.filter(status=Status.MEMBER).count() < arena.capacity:
        return Status.MEMBER, None
    last = places.aggregate(last=Max("waitlist_position"))["last"] or 0
    return Status.WAITLISTED, last + 1


@transaction.atomic
def arena_join(*, arena: Arena, person: Person) -> Membership:
    """Makes ``person`` a member (invited to the arena's sessions from now on),
    puts them on the waitlist, or, in an arena by approval, files their request.
    Joining again changes nothing and returns their place."""
    arena = _locked(arena)
    current = Membership.objects.filter(arena=arena, person=person).first()
    if current is not None:
        return current
    if not admits(arena, person):
        raise OutsideAudienceError(
            _("This arena is not open to you: %(who)s.") % {"who": describe(arena)}
        )
    if arena.admission == Arena.Admission.APPROVAL:
        status, position = Status.REQUESTED, None
    else:
        status, position = _place(arena)
    membership = Membership.objects.create(
        arena=arena, person=person, status=status, waitlist_position=position
    )
    audit_record(
        action="arena.joined",
        obj=arena,
        changes={
            "person": [None, person.pk],
            "status": [None, status],
            "position": [None, position],
        },
    )
    if status == Status.MEMBER:
        _sync_series(arena)
    return membership


@transaction.atomic
def arena_leave(*, arena: Arena, person: Person) -> Membership | None:
    """Takes ``person`` out of the arena (off its coming sessions). A freed seat
    goes to the first on the waitlist, who is told by email and on their page
    and invited; the waitlist closes up. Returns the promoted membership, if
    any. Leaving an arena one is not in changes nothing."""
    arena = _locked(arena)
    leaving = Membership.objects.filter(arena=arena, person=person).first()
    if leaving is None:
        return None
    leaving.delete()
    audit_record(
        action="arena.left",
        obj=arena,
        changes={"person": [person.pk, None], "status": [leaving.status, None]},
    )
    promoted = None
    if leaving.status == Status.WAITLISTED:
        _close_gap(arena, after=leaving.waitlist_position)
    elif leaving.status == Status.MEMBER:
        promoted = _promote_first(arena)
        _sync_series(arena)
    return promoted


def _close_gap(arena: Arena, *, after: int) -> None:
    # The position constraint is deferred: no order of row updates trips it.
    Membership.objects.filter(arena=arena, waitlist_position__gt=after).update(
        waitlist_position=F("waitlist_position") - 1
    )


def _promote_first(arena: Arena) -> Membership | None:
    first = (
        Membership.objects.select_related("person__user")
        .filter(arena=arena, status=Status.WAITLISTED)
        .order_by("waitlist_position")
        .first()
    )
    if first is None:
        return None
    was = first.waitlist_position
    first.status, first.waitlist_position = Status.MEMBER, None
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "waitlist_position", "promoted_at", "updated_at"])
    _close_gap(arena, after=was)
    audit_record(
        action="arena.promoted",
        obj=arena,
        changes={"person": [first.person_id, first.person_id], "position": [was, None]},
    )
    outbox_publish(_promotion_email(arena, first))
    return first


def _promotion_email(arena: Arena, membership: Membership) -> list[Publication]:
    person = membership.person
    if not person.email:
        return []
    with override(person.user.language if person.user_id else "sv"):
        subject = _("You have a place in %(arena)s") % {"arena": arena.title}
        body = _(
            "A place became free in the learning arena %(arena)s and it is yours: you "
            "are a member now and invited to its coming sessions.\n\nSee it here: %(link)s"
        ) % {"arena": arena.title, "link": tenant_url(reverse("arenas:mine"))}
    key = f"arena:{arena.public_id}:promoted:{person.pk}:{membership.promoted_at.isoformat()}"
    return [Publication(EMAIL, key, {"to": person.email, "subject": subject, "body": body})]


def arena_series(arena: Arena) -> SessionSeries | None:
    """The arena's series: its own, or the one its programme component got
    (linked the first time it is asked for: the two are made by different
    subscribers of one message, in either order)."""
    if arena.series_id is None and arena.component_instance_id is not None:
        series = SessionSeries.objects.filter(component_instance_id=arena.component_instance_id)
        arena.series = series.first()
        if arena.series is not None:
            Arena.objects.filter(pk=arena.pk).update(series=arena.series)
    return arena.series


def _sync_series(arena: Arena) -> None:
    """The series' people are the arena's members: newcomers are invited, those
    who left get a cancellation (the sessions app's own path); the members who
    stay are not sent an update each time someone comes or goes."""
    series = arena_series(arena)
    if series is None:
        return
    members = Membership.objects.filter(arena=arena, status=Status.MEMBER)
    series_participants_set(
        series=series,
        people=sorted(members.values_list("person_id", flat=True)),
        update_everyone=False,
    )


@transaction.atomic
def arena_request_decide(*, arena: Arena, person: Person, approve: bool) -> Membership | None:
    """A facilitator's answer to a request to join: approved, the person gets a
    seat or a place on the waitlist; declined, the request is gone."""
    arena = _locked(arena)
    request = Membership.objects.filter(arena=arena, person=person, status=Status.REQUESTED).first()
    if request is None:
        raise ConflictError(_("There is no request from this person."))
    if not approve:
        request.delete()
        audit_record(
            action="arena.request_declined", obj=arena, changes={"person": [person.pk, None]}
        )
        return None
    request.status, request.waitlist_position = _place(arena)
    request.save(update_fields=["status", "waitlist_position", "updated_at"])
    audit_record(
        action="arena.request_approved",
        obj=arena,
        changes={"person": [person.pk, person.pk], "status": [Status.REQUESTED, request.status]},
    )
    if request.status == Status.MEMBER:
        _sync_series(arena)
    return request


def arena_for_component(message) -> None:
    """Subscriber of ``programmes.component_instance.created``: a programme's
    learning_arena component gets its arena (once), facilitated by the
    programme's owner, open to everyone, linked to the component's series."""
    instance = (
        ComponentInstance.objects.select_related("component__programme__owner")
        .filter(component_id=message.payload["component"], component__kind=LEARNING_ARENA.key)
        .first()
    )
    if instance is None or Arena.objects.filter(component_instance=instance).exists():
        return
    owner = instance.component.programme.owner
    arena = arena_create(
        title=instance.component.title_sv, kind=Arena.Kind.MANAGERS_NETWORK,
        capacity=DEFAULT_CAPACITY, facilitators=[owner] if owner else [],
        component_instance=instance,
    )  # fmt: skip
    arena_series(arena)
