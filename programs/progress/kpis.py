"""KPIs in reports, and reading an uploaded CSV or XLSX of KPI values.

KPI values are figures about units that HR enters (sick leave, staff
turnover); they are not answers of people, so they are shown as entered."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spiral.programs.progress.models import KpiValue
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table

UPLOAD_COLUMNS = ("kpi", "unit", "period", "value", "goal")
MAX_UPLOAD_ROWS = 50_000


def kpi_section(scope: Scope) -> list[Section]:
    values = KpiValue.objects.filter(
        period__gte=scope.start.replace(day=1), period__lte=scope.end
    ).select_related("kpi", "unit")
    if scope.unit_ids is not None:
        values = values.filter(unit_id__in=scope.unit_ids)
    rows = list(values.order_by("kpi__name", "kpi_id", "unit__path", "period"))
    if not rows:
        return []
    by_kpi: dict = defaultdict(list)
    for row in rows:
        by_kpi[row.kpi].append(row)
    figures, series, table = [], [], []
    for kpi, kpi_rows in by_kpi.items():
        latest = _latest_per_unit(kpi_rows)
        met = sum(1 for row in latest if _meets(row))
        with_goal = sum(1 for row in latest if row.goal is not None)
        mean = _mean(row.value for row in latest)
        goal = _mean(row.goal for row in latest if row.goal is not None)
        figures.append(Figure(f"kpi.{kpi.key}", kpi.name, mean, goal=goal, measure=kpi.measure))
        figures.append(
            Figure(
                f"kpi.{kpi.key}.units_meeting_goal",
                _("%(kpi)s: units meeting the goal") % {"kpi": kpi.name},
                met,
                goal=with_goal,
            )
        )
        series.append(_kpi_series(scope, kpi, kpi_rows))
        table.extend(
            (
                kpi.name,
                row.unit.name,
                f"{row.period:%Y-%m}",
                _number(row.value),
                _number(row.goal),
                _("yes") if _meets(row) else _("no"),
            )
            for row in latest
        )
    columns = (_("KPI"), _("Unit"), _("Period"), _("Value"), _("Goal"), _("Goal met"))
    return [
        Section(
            key="kpis",
            level="organisation",
            title=_("Key figures against goals"),
            figures=tuple(figures),
            series=tuple(series),
            tables=(Table("kpis.latest", _("Latest value per unit"), columns, tuple(table)),),
            note=_(
                "The mean of the units' latest values in the period, against the mean "
                "of their goals."
            ),
        )
    ]


def _latest_per_unit(rows: list[KpiValue]) -> list[KpiValue]:
    latest: dict[int, KpiValue] = {}
    for row in rows:  # ordered by period
        latest[row.unit_id] = row
    return list(latest.values())


def _meets(row: KpiValue) -> bool:
    if row.goal is None:
        return False
    return row.value <= row.goal if row.kpi.direction == "down" else row.value >= row.goal


def _number(value) -> float | None:
    return None if value is None else round(float(value), 3)


def _mean(values) -> float | None:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 2) if values else None


def _kpi_series(scope: Scope, kpi, rows: list[KpiValue]) -> Series:
    per_month: dict[str, list] = defaultdict(list)
    for row in rows:
        per_month[f"{row.period:%Y-%m}"].append(row.value)
    points = tuple(
        Point(label, _mean(per_month[label]) if label in per_month else None)
        for label in (f"{month:%Y-%m}" for month in scope.months())
    )
    return Series(f"kpi.{kpi.key}.trend", kpi.name, points)


@dataclass(frozen=True)
class UploadRow:
    line: int
    kpi: str
    unit: str  # the unit's external id
    period: date
    value: Decimal
    goal: Decimal | None


def read_upload(name: str, content: bytes) -> list[UploadRow]:
    """Rows of a CSV (comma or semicolon) or XLSX file with the columns
    kpi, unit, period (YYYY-MM), value, goal. Errors name the line."""
    raw = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    header = [str(cell or "").strip().lower() for cell in (next(raw, None) or [])]
    missing = [column for column in UPLOAD_COLUMNS[:4] if column not in header]
    if missing:
        raise ValidationError({"file": [_("Missing columns: %(c)s.") % {"c": ", ".join(missing)}]})
    rows, errors = [], []
    for line, cells in enumerate(raw, start=2):
        record = dict(zip(header, cells, strict=False))
        if not any(str(v or "").strip() for v in record.values()):
            continue
        try:
            rows.append(_upload_row(line, record))
        except ValueError as error:
            errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": error})
        if len(rows) > MAX_UPLOAD_ROWS:
            raise ValidationError({"file": [_("At most 50,000 rows in one file.")]})
    if errors:
        raise ValidationError({"file": errors[:20]})
    return rows


def _upload_row(line: int, record: dict) -> UploadRow:
    period = _period(record.get("period"))
    goal = record.get("goal")
    return UploadRow(
        line=line,
        kpi=str(record.get("kpi") or "").strip(),
        unit=str(record.get("unit") or "").strip(),
        period=period,
        value=_decimal(record.get("value")),
        goal=None if goal in (None, "") else _decimal(goal),
    )


def _period(value) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        year, month = text[:7].split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(_("the period is a month, YYYY-MM")) from None


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value).strip().replace(",", ".").replace("\u00a0", ""))
    except (InvalidOperation, AttributeError):
        raise ValueError(_("a value is a number")) from None


def _csv_rows(content: bytes):
    text = content.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;") if text.strip() else csv.excel
    return iter(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError({"file": [_("The file is not a readable XLSX workbook.")]}) from None
    return iter(book.worksheets[0].iter_rows(values_only=True))
