"""Progress pages in the browser (issue 18.4): HR asks for a report, a worker
produces it, the report list offers every format, the dashboard shows the
three levels with their charts and marks the withheld figures; HR records a
KPI; top management sees the tenant view. Accessible at 1280 and 375 px."""

from django_tenants.utils import schema_context

from spiral.programs.progress.models import KpiValue, Report
from spiral.programs.progress.services import report_produce
from tests.browser.accessibility import assert_accessible
from tests.programs.progress_world import progress_world


def _produce_all(world):
    with schema_context(world.tenant.schema_name):
        for report in Report.objects.filter(status=Report.Status.QUEUED):
            report_produce(report_id=report.pk)


def test_hr_asks_for_a_report_and_reads_its_dashboard(world, open_page):
    setup = progress_world(world)
    page = open_page("hr", "/progress/")
    assert_accessible(page)
    page.get_by_label("Rapport om").select_option(label=setup.programme.name)
    page.get_by_label("Från").fill("2027-01-01")
    page.get_by_label("Till").fill("2027-02-28")
    page.get_by_role("button", name="Ta fram rapporten").click()
    page.get_by_text("Rapporten tas fram").wait_for()
    _produce_all(world)
    page.reload()
    for name in ("PDF", "XLSX", "CSV", "JSON"):
        assert page.get_by_role("link", name=name, exact=True).count() == 1
    page.get_by_role("link", name=setup.programme.name).click()
    for level in ("Individnivå", "Gruppnivå", "Organisationsnivå"):
        assert page.get_by_role("heading", name=level, exact=True).count() == 1
    assert page.locator("svg[role=img]").count() >= 2
    assert page.get_by_text("visas inte").count() >= 4  # mentoring: too few people
    assert_accessible(page)
    with schema_context(world.tenant.schema_name):
        programme_id = setup.programme.public_id
    narrow = open_page("hr", f"/progress/programmes/{programme_id}/", width=375)
    assert narrow.get_by_role("heading", name="Individnivå", exact=True).count() == 1
    assert_accessible(narrow)


def test_hr_records_a_kpi_and_top_management_sees_the_tenant_view(world, open_page):
    page = open_page("hr", "/progress/kpis/")
    assert_accessible(page)
    page.get_by_label("Nyckeltal:", exact=True).fill("Sjukfrånvaro")
    page.get_by_label("Enhet").select_option(label="Hemtjänst Norr")
    page.get_by_label("Månad:", exact=True).fill("2027-01-01")
    page.get_by_label("Värde:", exact=True).fill("5.5")
    page.get_by_label("Mål:", exact=True).fill("5")
    page.get_by_role("button", name="Spara värdet").click()
    page.get_by_text("Värdet är sparat.").wait_for()
    with schema_context(world.tenant.schema_name):
        assert KpiValue.objects.filter(kpi__name="Sjukfrånvaro").count() == 1
    senior = open_page("senior", "/progress/")
    options = senior.get_by_label("Rapport om").locator("option").all_inner_texts()
    assert options == ["Hela organisationen"]
    assert open_page("staff", "/progress/").last_status == 403
    assert open_page("senior", "/progress/kpis/").last_status == 403
