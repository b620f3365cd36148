"""The support assessment's part of a progress report (contract:
``spiral.programs.progress.sections``): for the rounds closed in the period,
the mean rating of each kind of support, from ``support_results`` (the
anonymity engine, rolled up the organisation tree). Never the free text."""

from django.utils.translation import gettext as _

from spiral.programs.org.actors import Actor
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table
from spiral.programs.support.models import SupportRound
from spiral.programs.support.questions import SUPPORT_KINDS
from spiral.programs.support.selectors import support_results

ORDER = 70


def report_sections(scope: Scope) -> list[Section]:
    rounds = SupportRound.objects.filter(
        status=SupportRound.Status.CLOSED,
        closed_at__date__gte=scope.start,
        closed_at__date__lte=scope.end,
    )
    if scope.programme is not None:
        rounds = rounds.filter(programme=scope.programme)
    rounds = list(rounds.order_by("closed_at", "id"))
    if not rounds:
        return []
    results = [support_results(actor=Actor(), support_round=r) for r in rounds]
    latest = results[-1].whole
    hidden = {} if latest.published else {"suppressed": True, "reason": latest.reason or "too_few"}
    figures = [
        Figure(
            "support.respondents",
            _("Managers who assessed their support"),
            latest.count if latest.published else None,
            **hidden,
        ),
        *(
            Figure(
                f"support.{kind.key}",
                str(kind.label),
                _rounded(latest.means.get(kind.key)) if latest.published else None,
                goal=None,
                measure="1\u20135",
                **hidden,
            )
            for kind in SUPPORT_KINDS
        ),
    ]
    series = tuple(
        Series(
            f"support.{kind.key}.trend",
            str(kind.label),
            tuple(
                Point(
                    r.support_round.closed_at.date().isoformat(),
                    _rounded(r.whole.means.get(kind.key)) if r.whole.published else None,
                    suppressed=not r.whole.published,
                )
                for r in results
            ),
        )
        for kind in SUPPORT_KINDS
    )
    top = min((unit.depth for unit in results[-1].units), default=0)
    rows = tuple(
        (
            unit.name,
            unit.count if unit.published else None,
            *(_rounded(unit.means.get(k.key)) if unit.published else None for k in SUPPORT_KINDS),
        )
        for unit in results[-1].units
        if unit.depth <= top + 2 and (unit.published or unit.reason)
    )
    columns = (_("Unit"), _("Respondents"), *(k.key for k in SUPPORT_KINDS))
    return [
        Section(
            key="support",
            level="organisation",
            title=_("Organisational support for managers (scale 1 to 5)"),
            figures=tuple(figures),
            series=series,
            tables=(Table("support.by_unit", _("Latest round by unit"), columns, rows),),
            note=_(
                "Means of the latest round closed in the period; a unit with too few "
                "answers is counted in the unit above it."
            ),
        )
    ]


def _rounded(value):
    return None if value is None else round(value, 2)
