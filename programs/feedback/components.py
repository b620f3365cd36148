"""Feedback rounds for a programme's feedback loop. When enrolment gives a
management group the programme's ``feedback_loop`` component, the outbox
message it writes (``programmes.component_instance.created``) becomes a draft
round of that group here, linked to the component instance, for its chair to
open (the chair may move its deadline when opening it): the programme starts
the loop, the chair runs it. A repeat delivery, or a group whose instance has
a round already, gets no second one. Rounds a chair starts outside programmes
have no component instance."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.feedback import services
from spiral.programs.feedback.kinds import FEEDBACK_LOOP
from spiral.programs.feedback.models import FeedbackRound
from spiral.programs.programmes.models import ComponentInstance

# The first round's deadline: this long after the programme starts (or after
# today, when it has), at the end of a working day.
FIRST_ROUND = timedelta(weeks=2)
DEADLINE_TIME = time(16, 0)


def deadline_on(day) -> datetime:
    """A deadline on ``day``: at the end of its working day, local time."""
    return timezone.make_aware(datetime.combine(day, DEADLINE_TIME))


def round_for_component(message: OutboxMessage) -> None:
    payload = message.payload
    if not payload.get("management_group"):
        return
    instance = (
        ComponentInstance.objects.select_related("component__programme", "management_group")
        .filter(
            component_id=payload["component"],
            management_group_id=payload["management_group"],
            component__kind=FEEDBACK_LOOP.key,
        )
        .first()
    )
    if instance is not None:
        round_create_for_component(instance=instance)


@transaction.atomic
def round_create_for_component(*, instance: ComponentInstance) -> FeedbackRound | None:
    """The instance's first round, a draft, made once; None when the programme
    is over or the instance has a round already."""
    ComponentInstance.objects.select_for_update().filter(pk=instance.pk).first()
    if FeedbackRound.objects.filter(component_instance=instance).exists():
        return None
    programme, today = instance.component.programme, timezone.localdate()
    starts_on = max(programme.starts_on or today, today)
    if programme.ends_on and programme.ends_on < starts_on:
        return None
    return services.round_create(
        group=instance.management_group,
        title=instance.component.title_sv,
        deadline=deadline_on(starts_on + FIRST_ROUND),
        component_instance=instance,
    )
