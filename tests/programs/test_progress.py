"""Progress reports: the numbers of a constructed data set whose answers are
known, the same numbers in every format, and suppression in every format."""

import csv
import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from spiral.programs.progress.builder import build_document, scope_of
from spiral.programs.progress.models import Report
from spiral.programs.progress.renderers import RENDERERS, number_text
from spiral.programs.progress.sections import section_providers
from spiral.programs.progress.services import report_produce, report_request, report_retry
from tests.programs.progress_world import BY_UNIT, END, EXPECTED, START, SUPPRESSED, progress_world


def _document(world, setup, language="sv"):
    scope = scope_of(programme=setup.programme, unit=None, start=START, end=END, language=language)
    return build_document(scope=scope)


def _figures(document) -> dict:
    return {f["key"]: f for s in document["sections"] for f in s["figures"]}


@pytest.fixture
def setup(world):
    return progress_world(world)


def test_every_component_app_with_a_reports_module_contributes(world):
    labels = [label for _, label, _ in section_providers()]
    assert {"progress", "feedback", "support"} <= set(labels)


def test_the_figures_are_the_known_answers(world, setup):
    # Given the constructed programme, when its report is built
    with schema_context(world.tenant.schema_name):
        document = _document(world, setup)
    figures = _figures(document)
    # then every figure is the one worked out by hand
    for key, expected in EXPECTED.items():
        assert figures[key]["value"] == expected, key
        assert not figures[key]["suppressed"]
    assert figures["kpi.sick-leave"]["goal"] == 5.0
    assert document["participants"] == 11
    # the three levels: coaching and mentoring are individual, KPIs organisation
    levels = {s["key"]: s["level"] for s in document["sections"]}
    assert levels["sessions.individual"] == "individual"
    assert levels["kpis"] == "organisation"
    # held per month, and the units side by side
    section = next(s for s in document["sections"] if s["key"] == "sessions.individual")
    trend = next(s for s in section["series"] if s["key"] == "coaching_track.held_per_month")
    assert [(p["label"], p["value"]) for p in trend["points"]] == [("2027-01", 22), ("2027-02", 0)]
    table = next(t for t in section["tables"] if t["key"] == "coaching_track.by_unit")
    rows = {row[0]: tuple(row[1:]) for row in table["rows"]}
    for unit, expected in BY_UNIT.items():
        assert rows[unit] == expected


def test_figures_of_too_few_people_are_withheld(world, setup):
    with schema_context(world.tenant.schema_name):
        document = _document(world, setup)
    figures = _figures(document)
    for key in SUPPRESSED:
        assert figures[key]["value"] is None and figures[key]["suppressed"], key
    section = next(s for s in document["sections"] if s["key"] == "sessions.individual")
    trend = next(s for s in section["series"] if s["key"] == "mentoring.held_per_month")
    assert trend["points"][0] == {"label": "2027-01", "value": None, "suppressed": True}


def test_raising_the_threshold_hides_the_smaller_unit(world, setup):
    world.tenant.anonymity_threshold = 6
    world.tenant.save()
    with schema_context(world.tenant.schema_name):
        document = _document(world, setup)
    section = next(s for s in document["sections"] if s["key"] == "sessions.individual")
    table = next(t for t in section["tables"] if t["key"] == "coaching_track.by_unit")
    rows = {row[0]: tuple(row[1:]) for row in table["rows"]}
    assert rows["Hemtjänst Söder"] == (None, None, None, None)
    assert document["threshold"] == 6


def _rendered(document) -> dict:
    return {name: render(document) for name, render in RENDERERS.items()}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_format_carries_the_same_numbers(world, setup, language):
    with schema_context(world.tenant.schema_name):
        document = _document(world, setup, language)
    files = _rendered(document)
    figures = _figures(document)
    # CSV
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    in_csv = {r["key"]: r for r in rows if r["type"] == "figure"}
    # XLSX, read back
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    header = [c.value for c in sheet[4]]
    in_xlsx = {
        r[header.index("key")]: r
        for r in sheet.iter_rows(min_row=5, values_only=True)
        if r[header.index("type")] == "figure"
    }
    # PDF, its text extracted
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    for key, figure in figures.items():
        value = figure["value"]
        assert in_csv[key]["value"] == number_text(value), key
        assert in_xlsx[key][header.index("value")] == value, key
        status = "suppressed" if figure["suppressed"] else "shown"
        assert in_csv[key]["status"] == status and in_xlsx[key][header.index("status")] == status
        if value is not None:
            assert number_text(value, language) in text, key
    for key in SUPPRESSED:  # withheld everywhere: empty, and marked
        assert in_csv[key]["value"] == "" and in_xlsx[key][header.index("value")] is None
    assert "\u2013" in text  # the PDF's mark of a withheld figure
    assert ("Individnivå" if language == "sv" else "Individual level") in text
    assert files["json"].decode().count('"suppressed": true') >= len(SUPPRESSED)


def test_a_report_is_produced_stored_and_its_owner_told(world, setup):
    from spiral.platform.outbox.models import OutboxMessage

    with schema_context(world.tenant.schema_name):
        report = report_request(
            owner=world.people["hr"],
            programme=setup.programme,
            unit=None,
            period_start=START,
            period_end=END,
        )
        assert report.status == Report.Status.QUEUED and not report.files.exists()
        report = report_produce(report_id=report.pk)
        assert report.status == Report.Status.READY
        assert sorted(report.files.values_list("format", flat=True)) == [
            "csv",
            "json",
            "pdf",
            "xlsx",
        ]
        assert report.expires_at is not None
        assert OutboxMessage.objects.filter(key=f"report-ready:{report.public_id}").exists()
        again = report_produce(report_id=report.pk)  # safe to run twice
        assert again.files.count() == 4


def test_a_failed_report_says_why_and_can_be_retried(world, setup, monkeypatch):
    from spiral.programs.progress import services

    with schema_context(world.tenant.schema_name):
        report = report_request(
            owner=None, programme=setup.programme, unit=None, period_start=START, period_end=END
        )

        def broken(document):
            raise RuntimeError("renderer out of order")

        monkeypatch.setitem(services.RENDERERS, "pdf", broken)
        report = report_produce(report_id=report.pk)
        assert report.status == Report.Status.FAILED
        assert "renderer out of order" in report.error and not report.files.exists()
        monkeypatch.undo()
        report_retry(report=report)
        report = report_produce(report_id=report.pk)
        assert report.status == Report.Status.READY and report.files.count() == 4


def test_no_private_text_in_any_format(world, setup):
    from spiral.programs.progress.models import NextStep

    with schema_context(world.tenant.schema_name):
        document = _document(world, setup)
        names = [p.family_name for p in setup.managers] + [world.people["hr"].family_name]
        assert NextStep.objects.filter(who=world.people["hr"]).exists()
    text = render_all_text(document)
    for name in names:
        assert name not in text


def render_all_text(document) -> str:
    files = _rendered(document)
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    return files["json"].decode() + files["csv"].decode("utf-8-sig") + pdf


def test_feedback_completion_and_reciprocity_of_a_closed_round(world, in_tenant):
    from django.utils import timezone

    from spiral.programs.feedback.services import round_close
    from tests.feedback_world import feedback_world, give_all, open_round

    # Given a group of five where one pair got feedback one way only
    fw = feedback_world(world, in_tenant)
    with in_tenant(world.tenant):
        feedback_round = open_round(fw)
        give_all(fw, feedback_round, skip={(fw.people[1], fw.people[2])})
        round_close(round=feedback_round)
        today = timezone.localdate()
        scope = scope_of(programme=None, unit=None, start=today, end=today)
        document = build_document(scope=scope)
    figures = _figures(document)
    # then 19 of 20 items were given (each gives 4; one gave 3): 95 %, and 9 of
    # the 10 connected pairs have feedback both ways: 90 %
    assert figures["feedback.rounds"]["value"] == 1
    assert figures["feedback.participants"]["value"] == 5
    assert figures["feedback.completion"]["value"] == 95.0
    assert figures["feedback.reciprocity"]["value"] == 90.0


def test_support_assessment_means_and_no_free_text(world, in_tenant):
    from django.utils import timezone

    from spiral.programs.support.services import support_answer_submit, support_round_close
    from tests.programs.support_helpers import RATINGS, support_setup

    # Given six managers (five in Norr, one in Söder) who all rated the same
    setup = support_setup(world)
    with in_tenant(world.tenant):
        people = [world.people["manager"], *[p for ps in setup.managers.values() for p in ps]]
        for person in people:
            support_answer_submit(
                support_round=setup.round,
                person=person,
                ratings=RATINGS,
                need="Hemlig önskan om mer tid",
            )
        support_round_close(support_round=setup.round)
        today = timezone.localdate()
        scope = scope_of(programme=setup.programme, unit=None, start=today, end=today)
        document = build_document(scope=scope)
    figures = _figures(document)
    assert figures["support.respondents"]["value"] == 6
    for key, rating in RATINGS.items():
        assert figures[f"support.{key}"]["value"] == rating
    section = next(s for s in document["sections"] if s["key"] == "support")
    rows = {row[0]: row[1:] for row in section["tables"][0]["rows"]}
    assert rows["Hemtjänst Söder"][0] is None  # one person: rolled up, not shown
    assert "Hemlig önskan" not in render_all_text(document)
