"""Screenshots of the main pages, at 1280 px and 375 px, for docs/screenshots/
(shown in the README). Not part of the test run: ``make screenshots`` runs this
module in a test database of its own (spiral_screenshots), collected with
``-o python_files='shots_*.py'``.

It makes the demo tenant there, as ``spiral demo`` does (Demokommunen, seed
2026, about 10 s, committed; the test database is dropped after the run),
serves it with the browser tests' live server on the demo's own host, signs
in as the demo's HR, first-line manager and staff logins, and saves each page
as a PNG at device scale factor 1. Every page is checked with axe on the way.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from tests.browser.accessibility import assert_accessible
from tests.conftest import REPO_ROOT, host

OUT = Path(os.environ.get("SPIRAL_SCREENSHOTS", REPO_ROOT / "docs" / "screenshots"))
WIDTHS = {"desktop": (1280, 800), "phone": (375, 812)}
MAX_HEIGHT = {"desktop": 1200, "phone": 1600}  # a long page is cut there


@dataclass(frozen=True)
class Demo:
    base_url: str
    cookies: dict  # "hr", "manager", "staff" -> session cookie value
    person_id: str  # the first-line manager's public id
    programme_id: str  # the running first-line-manager programme
    draft_id: str  # a draft, set up as far as the wizard's preview
    hr_file: bytes  # the demo's HR export with two new people and one change


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, page_server) -> Demo:
    from spiral.programs.org.models import Person
    from spiral.programs.programmes.models import Programme, ProgrammeTemplate
    from spiral.programs.programmes.services import programme_create
    from spiral.tenants.demo import demo_tenant_ensure

    with django_db_blocker.unblock():
        made = demo_tenant_ensure()
        tenant, plan = made.tenant, made.plan
        cookies = {}
        with schema_context(tenant.schema_name):
            people = {key: Person.objects.get(external_id=plan.logins[key]) for key in plan.logins}
            for key in ("hr", "manager", "staff"):
                client = Client(HTTP_HOST=host(tenant))
                client.force_login(people[key].user)
                cookies[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
            running = Programme.objects.get(status="active")
            year = running.ends_on.year + 1
            draft = Programme.objects.filter(status="draft").first() or programme_create(
                name=f"Chefsprogram {year}",
                template=ProgrammeTemplate.objects.get(key="first-line-managers"),
                owner=people["hr"], starts_on=f"{year}-01-01", ends_on=f"{year}-12-31",
            )  # fmt: skip
            unit = people["manager"].unit
            parent = unit.parent.external_id if unit.parent else ""
    lines = plan.hr_export().decode("utf-8-sig").splitlines()
    new = [
        f"D9001;Märta;Ågren;marta.agren@demo.example.se;;Undersköterska;{unit.external_id};"
        f"{unit.name};{parent};nej;;aktiv;",
        f"D9002;Örjan;Lind;orjan.lind@demo.example.se;;Stödassistent;{unit.external_id};"
        f"{unit.name};{parent};nej;;aktiv;",
    ]
    hr_file = ("\r\n".join([*lines, *new]) + "\r\n").encode("utf-8-sig")
    return Demo(
        base_url=f"http://{host(tenant)}:{page_server}", cookies=cookies,
        person_id=str(people["manager"].public_id), programme_id=str(running.public_id),
        draft_id=str(draft.public_id), hr_file=hr_file,
    )  # fmt: skip


@pytest.fixture
def shoot(browser, demo, django_db_blocker):
    """``shoot(role, path, name, before=None)``: opens the page signed in as
    that role ("hr", "manager" or "staff") at each width, runs ``before(page)``
    if given, checks it with axe and saves
    docs/screenshots/<name>-<desktop|phone>.png."""
    OUT.mkdir(parents=True, exist_ok=True)

    def go(role: str, path: str, name: str, before=None):
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(
                base_url=demo.base_url, viewport={"width": width, "height": height},
                device_scale_factor=1, locale="sv-SE", reduced_motion="reduce",
            )  # fmt: skip
            context.set_default_timeout(30_000)
            cookie = {"name": settings.SESSION_COOKIE_NAME, "url": demo.base_url}
            context.add_cookies([{**cookie, "value": demo.cookies[role]}])
            try:
                with django_db_blocker.unblock():
                    page = context.new_page()
                    response = page.goto(path)
                    assert response is not None and response.status == 200, (path, response)
                    if before is not None:
                        before(page)
                    page.wait_for_load_state("networkidle")
                    assert_accessible(page)
                    full = page.evaluate("() => document.documentElement.scrollHeight")
                    page.screenshot(
                        path=OUT / f"{name}-{label}.png", animations="disabled", caret="hide",
                        clip={"x": 0, "y": 0, "width": width,
                              "height": min(max(full, height), MAX_HEIGHT[label])},
                        full_page=True,
                    )  # fmt: skip
            finally:
                context.close()

    return go


def _check_the_file(demo):
    def before(page):
        page.get_by_label("Fil från HR-systemet").set_input_files(
            {"name": "personal.csv", "mimeType": "text/csv", "buffer": demo.hr_file}
        )
        page.get_by_role("button", name="Kontrollera filen").click()
        page.get_by_text("Inga fel: filen kan importeras.").wait_for()

    return before


def test_screenshots(demo, shoot):
    shoot("hr", "/", "start")
    shoot("manager", "/my-programme/", "my-programme")
    shoot("staff", "/my-programme/", "my-programme-staff")
    shoot("hr", "/people/", "people")
    shoot("hr", f"/people/{demo.person_id}/", "person")
    shoot("hr", "/organisation/", "organisation")
    shoot("hr", "/import/", "import-report", before=_check_the_file(demo))
    shoot("hr", "/programmes/", "programmes")
    shoot("hr", f"/programmes/{demo.programme_id}/", "programme")
    shoot("hr", f"/programmes/{demo.draft_id}/setup/preview/", "wizard-preview")
    shoot("hr", "/settings/", "settings")
    written = sorted(OUT.glob("*.png"))
    print(f"\n{len(written)} screenshots in {OUT}: "
          f"{sum(p.stat().st_size for p in written) / 1e6:.1f} MB")  # fmt: skip
