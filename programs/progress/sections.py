"""The contract between the report builder and the component apps.

Every installed app may have a ``reports`` module (``<app>/reports.py``),
found like ``pages`` and ``demo`` modules are (nothing registers itself), that
defines::

    def report_sections(scope: Scope) -> list[Section]: ...

and, optionally, ``ORDER = <int>`` (where its sections stand; lower first;
default 50). The builder calls it once per report, inside the tenant's schema,
with the report's language active (``django.utils.translation.override``), so
labels written with ``gettext`` come out in that language.

What a section module must do
    - Read only what lies in the scope: ``scope.programme`` (None: every
      programme of the tenant), ``scope.unit_ids`` (the units of the unit
      subtree in scope, None: every unit), ``scope.person_ids`` (the people in
      scope: the programme's participants, within the subtree if one is given),
      ``scope.start`` and ``scope.end`` (dates, both included).
    - Publish every aggregate of people's answers or activity through the
      anonymity engine (``spiral.programs.anonymity.services.publish_subject``)
      with a subject starting with ``scope.subject(<name>)``, and put a figure
      in the section only where the engine shows its cell: a withheld figure
      is ``None`` with ``suppressed=True`` (and the engine's reason). Never
      private text (notes, reflections, free-text answers), never a name of a
      participant next to their figures.
    - Return plain data (the classes below, nothing else): every format
      (JSON, CSV, XLSX, PDF) and the dashboard render the same objects, so a
      figure appears with the same value everywhere.
    - Return an empty list when the component has nothing in the scope.

The data
    ``Section(key, level, title, figures, series, tables, note)``: ``level`` is
    one of ``LEVELS`` ("individual", "group", "organisation"); ``key`` is
    unique in the report ("sessions.individual", "feedback").
    ``Figure(key, label, value, goal=None, measure="", suppressed=False,
    reason=None)``: one number (int or float, rounded as it should be shown).
    ``Series(key, label, points)``: a trend over the period, one
    ``Point(label, value, suppressed=False)`` per month or round, drawn as a
    chart in the PDF and on the dashboard; a suppressed point has value None.
    ``Table(key, label, columns, rows)``: rows of cells (str, int, float or
    None); None in a numeric column is a withheld figure.
"""

from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

LEVELS = ("individual", "group", "organisation")
Value = int | float | str | None


@dataclass(frozen=True)
class Scope:
    """What a report covers. ``key`` names the scope in anonymity subjects, so
    a later report of the same scope and period is checked against what earlier
    ones showed (the engine's ledger)."""

    key: str
    start: date
    end: date
    threshold: int
    language: str = "sv"
    programme: object | None = None  # a Programme, or None for every programme
    unit_ids: frozenset[int] | None = None  # None: the whole tenant
    person_ids: frozenset[int] = frozenset()

    def subject(self, name: str) -> str:
        return f"progress:{self.key}:{self.start:%Y%m%d}-{self.end:%Y%m%d}:{name}"

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
        return months


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    goal: int | float | None = None
    measure: str = ""
    suppressed: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class Point:
    label: str
    value: int | float | None
    suppressed: bool = False


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    level: str
    title: str
    figures: tuple[Figure, ...] = ()
    series: tuple[Series, ...] = ()
    tables: tuple[Table, ...] = ()
    note: str = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"Section {self.key!r}: level must be one of {LEVELS}.")

    def as_dict(self) -> dict:
        return asdict(self)


def section_from_dict(data: dict) -> Section:
    return Section(
        key=data["key"],
        level=data["level"],
        title=data["title"],
        note=data.get("note", ""),
        figures=tuple(Figure(**figure) for figure in data.get("figures", ())),
        series=tuple(
            Series(s["key"], s["label"], tuple(Point(**p) for p in s["points"]))
            for s in data.get("series", ())
        ),
        tables=tuple(
            Table(t["key"], t["label"], tuple(t["columns"]), tuple(map(tuple, t["rows"])))
            for t in data.get("tables", ())
        ),
    )


@cache
def section_providers() -> tuple:
    """(order, label, function) of every installed app's ``reports`` module."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("spiral.") and module_has_submodule(config.module, "reports"):
            module = import_module(f"{config.name}.reports")
            provider = getattr(module, "report_sections", None)
            if callable(provider):
                found.append((getattr(module, "ORDER", 50), config.label, provider))
    return tuple(sorted(found, key=lambda entry: entry[:2]))


def shown(cell) -> dict:
    """The keyword arguments of a Figure for an engine cell's count/mean."""
    if cell.published:
        return {"suppressed": False, "reason": None}
    return {"suppressed": True, "reason": str(cell.reason or "too_few")}
