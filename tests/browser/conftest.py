"""Browser tests: Debian's chromium (/usr/bin/chromium) driven by Playwright,
every page checked with axe-core (tests/browser/axe/) for WCAG 2.0/2.1 A and AA.

How it fits together:

- ``page_server``: Django served on 127.0.0.1 in a thread, sharing the test's
  own database connection, so that a browser test uses the ordinary fixtures
  (``world``, factories) inside the test's transaction, rolled back after it
  like any other test. Requests are served one at a time (they share that
  connection); static files come from the apps' folders (StaticFilesHandler).
- chromium resolves every ``*.spiral.test`` name to 127.0.0.1
  (``--host-resolver-rules``), so pages are reached on the tenant's own host:
  ``http://alfa.spiral.test:<port>/``, routed as in production.
- ``browser``: one chromium per test module; each test gets fresh contexts.
- ``open_page(role, path, width=1280)``: a page signed in as one of the world's
  people (roles of tests/world.py: hr, senior, manager, staff, other_staff,
  coach; "anonymous" for nobody), at that width.
- ``assert_accessible(page)``: axe reports no violation, and nothing scrolls
  sideways (at 375 px too).

Skipped, with the reason, only when chromium is not installed (.ci/run
installs it).
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread, _MediaFilesHandler

from tests.conftest import host

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP *.{settings.SPIRAL_BASE_DOMAIN} 127.0.0.1",
]
WIDTHS = {"desktop": 1280, "phone": 375}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


class _SharedConnectionServer(ThreadedWSGIServer):
    def _close_connections(self):
        pass  # the connection is the test's: it stays open, in its transaction


class _OneAtATime:
    """The requests share the test's database connection, in its transaction:
    one is served at a time, and, as Django's test Client does, without closing
    that connection when a request starts and ends."""

    def __init__(self, app):
        self.app, self.lock = app, threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            try:
                response = self.app(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()  # request_finished
            finally:
                request_started.connect(close_old_connections)
                request_finished.connect(close_old_connections)


class _LiveServer(LiveServerThread):
    server_class = _SharedConnectionServer

    def run(self):  # LiveServerThread.run, without closing the shared connection
        for alias, conn in self.connections_override.items():
            connections[alias] = conn
        try:
            handler = _OneAtATime(StaticFilesHandler(_MediaFilesHandler(WSGIHandler())))
            self.httpd = self._create_server(connections_override=self.connections_override)
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(handler)
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as error:
            self.error = error
            self.is_ready.set()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def page_server(django_db_setup, django_db_blocker, browser):
    """The port of a server that answers every host, in the test's transaction."""
    with django_db_blocker.unblock():
        conn = connections["default"]
        conn.ensure_connection()
    conn.inc_thread_sharing()
    server = _LiveServer("127.0.0.1", None, connections_override={"default": conn})
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield server.port
    server.terminate()
    conn.dec_thread_sharing()
    conn.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django
    # takes for an async context: the ORM would refuse the test's own queries.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_url(page_server, tenant_a) -> str:
    return f"http://{host(tenant_a)}:{page_server}"


@pytest.fixture
def new_context(browser, base_url):
    """``new_context(role, width=1280)``: a browser context signed in as the
    world's person of that role (or nobody, for "anonymous")."""
    contexts = []

    def make(role: str = "anonymous", width: int = 1280, world=None):
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        if role != "anonymous":
            client = world.client(role)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(new_context, world):
    """``open_page(role, path, width=1280)``: a signed-in page, loaded."""

    def go(role: str, path: str, width: int = 1280):
        page = new_context(role, width, world).new_page()
        response = page.goto(path)
        assert response is not None
        page.last_status = response.status
        return page

    return go
