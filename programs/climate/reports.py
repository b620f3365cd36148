"""The climate pulse's part of a progress report (contract:
``spiral.programs.progress.sections``): the trend of each aspect of the work
groups' climate by month. Only pulses the anonymity engine shows as they stand
count (the same publication of each pulse as the climate pages', made for all
of them at once); their answers are pooled per month and aspect and published
again under the report's scope, so a month's point is itself a cell of the
engine. A month with pulses of which none is shown is a marked gap."""

from collections import defaultdict
from datetime import date

from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.selectors import anonymity_threshold
from spiral.programs.anonymity.services import publish_subject, publish_subjects
from spiral.programs.climate.aspects import ASPECT_KEYS, ASPECTS
from spiral.programs.climate.models import ClimateAnswer, ClimatePulse
from spiral.programs.climate.selectors import _subject
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, shown

ORDER = 35
# Pulses asked of the engine together: nine advisory locks each, well within
# PostgreSQL's lock table (max_locks_per_transaction) per transaction.
CHUNK = 50


def _pulses(scope: Scope) -> list:
    """The pulses opened in the period (a pulse belongs to the month it opened)."""
    pulses = ClimatePulse.objects.filter(
        opened_at__date__gte=scope.start, opened_at__date__lte=scope.end
    )
    if scope.programme is not None:
        pulses = pulses.filter(instance__component__programme=scope.programme)
    if scope.unit_ids is not None:
        pulses = pulses.filter(work_group__unit_id__in=scope.unit_ids)
    return list(
        pulses.annotate(year=ExtractYear("opened_at"), month=ExtractMonth("opened_at")).order_by(
            "opened_at", "id"
        )
    )


def report_sections(scope: Scope) -> list[Section]:
    pulses = _pulses(scope)
    if not pulses:
        return []
    answers = defaultdict(list)
    rows = ClimateAnswer.objects.filter(pulse_id__in=[p.pk for p in pulses])
    for pulse_id, key, ratings in rows.values_list("pulse_id", "id", "ratings").order_by():
        answers[pulse_id].append((key, ratings))
    visible = _visible(pulses, answers)
    by_month: dict[date, list] = defaultdict(list)
    for pulse in visible:
        by_month[date(pulse.year, pulse.month, 1)].extend(answers[pulse.pk])
    measured = {date(p.year, p.month, 1) for p in pulses}
    pooled = [row for pulse in visible for row in answers[pulse.pk]]
    figures = [
        Figure("climate.pulses", _("Climate pulses"), len(pulses)),
        Figure("climate.pulses_shown", _("Climate pulses with enough answers"), len(visible)),
    ]
    series = []
    for aspect in ASPECTS:
        cell = _cell(scope, f"climate:{aspect.key}", pooled, aspect.key)
        figures.append(
            Figure(
                f"climate.{aspect.key}",
                str(aspect.label),
                round(cell.mean, 2) if cell.published else None,
                measure="1\u20135",
                **shown(cell),
            )
        )
        series.append(_aspect_trend(scope, aspect, by_month, measured))
    return [
        Section(
            key="climate",
            level="group",
            title=_("Climate in the work groups (scale 1 to 5)"),
            figures=tuple(figures),
            series=tuple(series),
            note=_(
                "Means of the pulses opened in the period that had enough answers to "
                "be shown; a month whose pulses had too few answers is marked."
            ),
        )
    ]


def _visible(pulses: list, answers: dict) -> list:
    """The pulses the engine shows as they stand (a pulse it holds at an older
    version is left out: pooling its answers now would show what it holds
    back). The same publication as the climate pages' (``publish_subject`` of
    the pulse's subjects: the same locks, threshold and ledger), asked of
    ``CHUNK`` pulses at a time in a few queries rather than a few per pulse."""
    threshold = anonymity_threshold()
    # Below the threshold the engine never shows a pulse: ask it only of the rest.
    candidates = [p for p in pulses if len(answers[p.pk]) >= threshold]
    shown = []
    for first in range(0, len(candidates), CHUNK):
        chunk = candidates[first : first + CHUNK]
        shown.extend(_visible_chunk(chunk, answers))
    return shown


def _visible_chunk(pulses: list, answers: dict) -> list:
    requests = {
        _subject(pulse, aspect): [
            Answer(key, None, float(ratings[aspect])) for key, ratings in answers[pulse.pk]
        ]
        for pulse in pulses
        for aspect in ASPECT_KEYS
    }
    published = publish_subjects(requests, tree={})
    return [
        pulse
        for pulse in pulses
        if all(
            published[_subject(pulse, aspect)].everyone.published
            and not published[_subject(pulse, aspect)].everyone.held
            for aspect in ASPECT_KEYS
        )
    ]


def _cell(scope: Scope, name: str, rows: list, aspect: str):
    return publish_subject(
        subject=scope.subject(name),
        answers=[Answer(key, None, float(ratings[aspect])) for key, ratings in rows],
        tree={},
    ).everyone


def _aspect_trend(scope: Scope, aspect, by_month: dict, measured: set) -> Series:
    points = []
    for month in scope.months():
        label = f"{month:%Y-%m}"
        rows = by_month.get(month)
        if not rows:
            # No pulse that month: no point; pulses none of which is shown: a gap.
            points.append(Point(label, None, suppressed=month in measured))
            continue
        cell = _cell(scope, f"climate:{aspect.key}:{label}", rows, aspect.key)
        value = round(cell.mean, 2) if cell.published else None
        points.append(Point(label, value, suppressed=not cell.published))
    return Series(f"climate.{aspect.key}.trend", str(aspect.label), tuple(points))
