"""What the climate pulse tells a work group's members by email: that a pulse
is open (on ``climate.pulse_opened``) and, a few days before it closes, a
reminder to those who have not answered (on ``climate.pulse_due``, held by the
relay until then). Outbox subscribers registered in ``ClimateConfig.ready()``;
each email's key names the pulse, the stage and the person, so a repeat
delivery writes nothing new. An email carries a link, never an answer."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.climate.models import ClimateParticipation, ClimatePulse
from spiral.programs.climate.services import group_members
from spiral.programs.sessions.models import NotificationPreference
from spiral.tenants.links import tenant_url


def _open_pulse(message: OutboxMessage) -> ClimatePulse | None:
    found = (
        ClimatePulse.objects.select_related("work_group")
        .filter(public_id=message.payload["pulse"])
        .first()
    )
    if found is None or found.status != ClimatePulse.Status.OPEN:
        return None  # closed (or gone) before the message came: nothing to ask
    return found


def _invitation(pulse: ClimatePulse, link: str) -> tuple[str, str]:
    values = {"group": pulse.work_group.name, "closes": pulse.closes_on.isoformat(), "link": link}
    return (
        _("Group climate: how is it in %(group)s?") % values,
        _(
            "A climate pulse of %(group)s is open until %(closes)s. It takes a few "
            "minutes. Your answer is saved without your name, and the group sees "
            "results only when enough members have answered.\n\nAnswer here: %(link)s"
        )
        % values,
    )


def _reminder(pulse: ClimatePulse, link: str) -> tuple[str, str]:
    values = {"group": pulse.work_group.name, "closes": pulse.closes_on.isoformat(), "link": link}
    return (
        _("Group climate: a few days left"),
        _(
            "The climate pulse of %(group)s closes on %(closes)s, and your answer is "
            "still missing. The more who answer, the sooner the group sees its "
            "results.\n\nAnswer here: %(link)s"
        )
        % values,
    )


def _emails(pulse: ClimatePulse, people, stage: str, compose) -> list[Publication]:
    link = tenant_url(reverse("climate:answer", args=[pulse.public_id]))
    messages = []
    for person in people:
        if not person.email:
            continue
        with override(person.user.language if person.user_id else "sv"):
            subject, body = compose(pulse, link)
        key = f"climate:{pulse.public_id}:{stage}:{person.pk}"
        messages.append(
            Publication(EMAIL, key, {"to": person.email, "subject": subject, "body": body})
        )
    return messages


def pulse_opened(message: OutboxMessage) -> None:
    """Subscriber of ``climate.pulse_opened``: asks every member to answer."""
    pulse = _open_pulse(message)
    if pulse is None:
        return
    people = group_members(work_group=pulse.work_group).select_related("user")
    outbox_publish(_emails(pulse, people, "invitation", _invitation))


def pulse_due(message: OutboxMessage) -> None:
    """Subscriber of ``climate.pulse_due``: reminds the members who have not
    answered (and have not turned nudges off) while the pulse is open."""
    pulse = _open_pulse(message)
    if pulse is None or pulse.closes_on < timezone.localdate():
        return
    answered = ClimateParticipation.objects.filter(pulse=pulse).values("person_id")
    silenced = NotificationPreference.objects.filter(nudges=False).values("person_id")
    people = (
        group_members(work_group=pulse.work_group)
        .exclude(pk__in=answered)
        .exclude(pk__in=silenced)
        .select_related("user")
    )
    outbox_publish(_emails(pulse, people, "reminder", _reminder))
