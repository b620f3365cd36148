"""What the support assessment tells its respondents by email: that a round is
open (on ``support.round_opened``) and, a few days before it closes, a reminder
to those who have not answered yet (on ``support.round_due``, held by the relay
until then). Both are outbox subscribers registered in ``SupportConfig.ready()``;
every email's key names the round and the person, so a repeat delivery writes
nothing new. The emails carry a link to the answer page, never an answer."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.sessions.models import NotificationPreference
from spiral.programs.support.models import SupportAnswer, SupportRound
from spiral.programs.support.services import respondents
from spiral.tenants.links import tenant_url


def _open_round(message: OutboxMessage) -> SupportRound | None:
    found = SupportRound.objects.filter(public_id=message.payload["round"]).first()
    if found is None or found.status != SupportRound.Status.OPEN:
        return None  # closed (or gone) before the message came: nothing to ask
    return found


def _invitation(support_round: SupportRound, link: str) -> tuple[str, str]:
    closes = support_round.closes_on.isoformat()
    return (
        _("Support assessment: how does the organisation support you?"),
        _(
            "A new round of the support assessment is open until %(closes)s. Rate the "
            "support you get as a manager and say what you need; your answer is shown "
            "only in aggregates, never with your name.\n\nAnswer here: %(link)s"
        )
        % {"closes": closes, "link": link},
    )


def _reminder(support_round: SupportRound, link: str) -> tuple[str, str]:
    return (
        _("Support assessment: a few days left"),
        _(
            "The support assessment closes on %(closes)s and your answer is still "
            "missing. It takes a few minutes.\n\nAnswer here: %(link)s"
        )
        % {"closes": support_round.closes_on.isoformat(), "link": link},
    )


def _emails(support_round: SupportRound, people, stage: str, compose) -> list[Publication]:
    link = tenant_url(reverse("support:answer", args=[support_round.public_id]))
    messages = []
    for person in people:
        if not person.email:
            continue
        with override(person.user.language if person.user_id else "sv"):
            subject, body = compose(support_round, link)
        messages.append(
            Publication(
                EMAIL,
                f"support:{support_round.public_id}:{stage}:{person.pk}",
                {"to": person.email, "subject": subject, "body": body},
            )
        )
    return messages


def round_opened(message: OutboxMessage) -> None:
    """Subscriber of ``support.round_opened``: asks every respondent to answer."""
    support_round = _open_round(message)
    if support_round is None:
        return
    people = respondents(programme=support_round.programme).select_related("user")
    outbox_publish(_emails(support_round, people, "invitation", _invitation))


def round_due(message: OutboxMessage) -> None:
    """Subscriber of ``support.round_due``: reminds the respondents who have not
    answered (and have not turned nudges off) while the round is still open."""
    support_round = _open_round(message)
    if support_round is None or support_round.closes_on < timezone.localdate():
        return
    answered = SupportAnswer.objects.filter(round=support_round).values("respondent_id")
    silenced = NotificationPreference.objects.filter(nudges=False).values("person_id")
    people = (
        respondents(programme=support_round.programme)
        .exclude(pk__in=answered)
        .exclude(pk__in=silenced)
        .select_related("user")
    )
    outbox_publish(_emails(support_round, people, "reminder", _reminder))
