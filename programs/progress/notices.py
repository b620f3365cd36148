"""The email that tells a report's owner it is ready (subscriber of
``progress.report_ready``): a link to the report's page, never its figures."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.progress.models import Report
from spiral.tenants.links import tenant_url


def report_ready(message: OutboxMessage) -> None:
    report = (
        Report.objects.select_related("owner__user", "programme")
        .filter(public_id=message.payload["report"], status=Report.Status.READY)
        .first()
    )
    if report is None or report.owner is None or not report.owner.email:
        return  # expired or gone before the message came, or nobody to tell
    owner = report.owner
    with override(owner.user.language if owner.user_id else report.language):
        subject = _("Your progress report is ready")
        body = _(
            "The progress report for %(start)s to %(end)s is ready to download as JSON, "
            "CSV, XLSX or PDF.\n\n%(link)s"
        ) % {
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
            "link": tenant_url(reverse("progress:reports")),
        }
    outbox_publish(
        [
            Publication(
                EMAIL,
                f"report-ready-email:{report.public_id}",
                {"to": owner.email, "subject": subject, "body": body},
            )
        ]
    )
