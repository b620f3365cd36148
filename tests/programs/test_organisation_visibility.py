"""Who sees what at the organisation level (issue 14, point 4): a matrix over
every endpoint of api/feedback and api/support and every page of
programs/feedback/pages.py and programs/support/pages.py, for each role.

Given one closed confidential feedback round in a management group of five
(everyone gave everyone feedback, each text a distinct marker) and one closed
support round (each respondent's free text a distinct marker), every route of
those modules (enumerated from the URL resolver: a new one joins the matrix
by itself, and one the walk cannot fill fails it) is requested by the chair,
a receiver, a giver, another member, HR, a member of staff, a person of
tenant B and an anonymous visitor, every write in a savepoint rolled back.
Then:

- feedback texts reach only their giver and (the round closed) their
  receiver; an item's id likewise;
- nothing anyone but the giver reads puts an item next to its giver: no JSON
  object and no received item on a page holds the giver's id, name or email
  (a round's participants are listed to its readers: who took part is not
  confidential, who wrote what is);
- HR's audit trail (API and page) names rounds, never items, receivers or text;
- support free text reaches its author (their own answer) and HR only inside
  published cells of the results, and no result names a respondent;
- the database-backed admin is not installed: /admin/ is 404;
- no private text is in any log record (every logger at DEBUG, the project's
  JSON formatter, the access log), from the services' writes to the last request.
"""

import html
import io
import json
import logging
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from spiral.platform.audit.models import AuditEvent
from spiral.platform.core.logs import SpiralContextFilter, json_formatter
from spiral.platform.core.redaction import RedactingFilter
from spiral.programs.feedback import services as feedback
from spiral.programs.feedback.models import FeedbackItem
from spiral.programs.org.actors import Actor
from spiral.programs.support.models import SupportAnswer
from spiral.programs.support.selectors import support_results
from spiral.programs.support.services import support_answer_submit, support_round_close
from tests.conftest import host
from tests.factories import PersonFactory, login_for
from tests.feedback_world import feedback_world, open_round
from tests.programs.support_helpers import RATINGS, support_setup

pytestmark = pytest.mark.django_db

# The modules whose every route the matrix walks.
WALKED = {
    "spiral.api.feedback.views",
    "spiral.api.support.views",
    "spiral.programs.feedback.pages",
    "spiral.programs.support.pages",
}
ROLES = ("chair", "receiver", "giver", "member", "hr", "staff", "tenant_b", "anonymous")


# --- capturing every log line ------------------------------------------------


@pytest.fixture
def logs(caplog):
    """Every logger at DEBUG into caplog, and the project's JSON formatter (with
    its filters, as in production) into a buffer."""
    for name in ["", *list(logging.root.manager.loggerDict)]:
        caplog.set_level(logging.DEBUG, logger=name)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(json_formatter())
    handler.addFilter(SpiralContextFilter())
    handler.addFilter(RedactingFilter())
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield caplog, buffer
    finally:
        logging.getLogger().removeHandler(handler)


def _logged(caplog, buffer) -> str:
    parts = [buffer.getvalue()]
    for record in caplog.records:
        parts += [record.getMessage(), str(vars(record))]
    return "\n".join(parts)


# --- the world -----------------------------------------------------------------


@dataclass
class Item:
    public_id: str
    giver: object
    receiver: object
    works: str
    develop: str

    @property
    def markers(self) -> tuple[str, str]:
        return self.works, self.develop


@dataclass
class Scene:
    fb_round: object
    items: list[Item]
    sp_round: object
    needs: dict  # person pk -> their marker
    respondents: list
    published_needs: set
    people: dict  # role -> Person (or None)
    clients: dict  # role -> Client
    participants: list
    audit_ids: list = field(default_factory=list)


def _identities(person) -> set[str]:
    names = {person.name, html.escape(person.name)}
    return {str(person.public_id), person.email, *names}


def _scene(world, in_tenant, tenant_b) -> Scene:
    support = support_setup(world, extra={"e1": 4, "e2": 1})
    fw = feedback_world(world, in_tenant)
    with in_tenant(world.tenant):
        respondents = [
            world.people["manager"],
            *[p for ps in support.managers.values() for p in ps],
        ]
        needs = {person.pk: f"ZQNEED-{person.pk}-END" for person in respondents}
        for person in respondents:
            support_answer_submit(support_round=support.round, person=person, ratings=RATINGS,
                                  need=needs[person.pk])  # fmt: skip
        sp_round = support_round_close(support_round=support.round)
        results = support_results(actor=Actor(is_tenant_admin=True), support_round=sp_round)
        published = {t for row in [results.whole, *results.units] if row.published
                     for t in row.needs}  # fmt: skip
        assert any(not row.published for row in results.units), "no hidden unit to test"

        fb_round = open_round(fw, mode="confidential")
        items = []
        for giver in fw.people:
            for receiver in fw.people:
                if giver == receiver:
                    continue
                works = f"ZQWORKS-{giver.pk}-{receiver.pk}-END"
                develop = f"ZQDEV-{giver.pk}-{receiver.pk}-END"
                made = feedback.feedback_give(
                    round=fb_round, giver=giver, receiver=receiver, principles=[0],
                    goals=[fw.goals[0]], works=works, develop=develop, ratings={"0": 4},
                )  # fmt: skip
                items.append(Item(str(made.public_id), giver, receiver, works, develop))
        fb_round = feedback.round_close(round=fb_round)
        audit_ids = list(
            AuditEvent.objects.filter(action__regex=r"^(feedback|support)").values_list(
                "pk", flat=True
            )
        )
    with schema_context(tenant_b.schema_name):
        outsider = PersonFactory()
        login_for(outsider, admin=True)  # HR of tenant B: the most another tenant can be
        b_client = Client(HTTP_HOST=host(tenant_b))
        b_client.force_login(outsider.user)
    chair, receiver, giver, member = fw.people[0], fw.people[1], fw.people[2], fw.people[3]
    people = {"chair": chair, "receiver": receiver, "giver": giver, "member": member,
              "hr": world.people["hr"], "staff": world.people["staff"], "tenant_b": None,
              "anonymous": None}  # fmt: skip
    clients = {"chair": world.client("senior"), "receiver": world.client("manager"),
               "giver": fw.client(giver), "member": fw.client(member), "hr": world.client("hr"),
               "staff": world.client("staff"), "tenant_b": b_client,
               "anonymous": world.client("anonymous")}  # fmt: skip
    return Scene(fb_round, items, sp_round, needs, respondents, published, people, clients,
                 list(fw.people), audit_ids)  # fmt: skip


# --- the routes ------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _module(pattern: URLPattern) -> str:
    view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    return view.__module__ if view else pattern.callback.__module__


def _methods(pattern: URLPattern) -> list[str]:
    if getattr(pattern.callback, "actions", None):  # a DRF viewset route
        return sorted(pattern.callback.actions)
    view = pattern.callback.view_class
    return [m for m in ("get", "post") if m in view.http_method_names and hasattr(view, m)]


def walked_routes() -> list[tuple[str, URLPattern]]:
    return [(r, p) for r, p in _walk(get_resolver().url_patterns) if _module(p) in WALKED]


def _path(route: str, values: dict) -> str:
    """The route with its arguments filled; an argument the walk cannot fill fails."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", route)
    path = route
    for angle, regex in names:
        name = angle or regex
        assert name in values, f"the matrix cannot fill {name!r} of {route}: add it"
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(values[name]), path, count=1)
    return "/" + path.replace("^", "").replace("$", "")


def _requests(scene: Scene) -> list[tuple[str, str, str]]:
    """Every (route, method, path) the matrix makes; fails on a route it cannot fill."""
    made = []
    for route, pattern in walked_routes():
        if "support" in route:
            fills = [{"public_id": scene.sp_round.public_id}]
        elif route.startswith("api/v1/^feedback/") and "public_id" in route:
            fills = [{"public_id": item.public_id} for item in scene.items]
        else:
            fills = [
                {"public_id": scene.fb_round.public_id, "what": what,
                 "receiver": scene.people["receiver"].public_id}
                for what in (("open", "close", "nudge") if "what" in route else (None,))
            ]  # fmt: skip
        for method in _methods(pattern):
            for values in fills if method == "get" else fills[:1]:
                made.append((route, method, _path(route, values)))
    assert {route for route, _, _ in made} == {route for route, _ in walked_routes()}
    round_id = scene.fb_round.public_id
    made += [
        ("extra", "get", f"/api/v1/feedback/?round={round_id}"),
        ("extra", "get", f"/api/v1/feedback/received/?round={round_id}"),
        ("extra", "get", "/api/v1/audit-events/?page_size=200"),
        ("extra", "get", "/audit/"),
        ("extra", "get", "/admin/"),
        *[("extra", "get", f"/api/v1/audit-events/{pk}/") for pk in scene.audit_ids],
    ]
    return made


def _request(client: Client, method: str, path: str):
    """Reads as they are; writes in a savepoint rolled back, so every role
    meets the same closed rounds."""
    if method == "get":
        return client.get(path)
    with transaction.atomic():
        if path.startswith("/api/"):
            response = getattr(client, method)(path, {}, content_type="application/json")
        else:
            response = client.post(path, {})
        transaction.set_rollback(True)
    return response


# --- what each response may hold --------------------------------------------------


def _objects(value):
    """Every dict and list in a JSON document, the document first."""
    if isinstance(value, dict | list):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from _objects(child)


def _json(response):
    if response.get("Content-Type", "").startswith("application/json") and response.content:
        return response.json()
    return None


def _check(scene: Scene, role: str, method: str, path: str, response) -> None:
    viewer = scene.people[role]
    text = response.content.decode()
    where = f"{role} {method.upper()} {path} ({response.status_code})"
    document = _json(response)
    for item in scene.items:
        may_read = viewer in (item.giver, item.receiver)
        for marker in (*item.markers, item.public_id):
            assert may_read or marker not in text, f"{where}: {marker} of another's feedback"
        if viewer == item.giver:
            continue
        giver = _identities(item.giver)
        if document is not None:
            for obj in _objects(document):
                dumped = json.dumps(obj, ensure_ascii=False, default=str)
                if isinstance(obj, dict) and any(
                    m in dumped for m in (*item.markers, item.public_id)
                ):
                    assert not any(g in dumped for g in giver), f"{where}: giver by item"
        else:
            fragments = re.findall(r"<article\b.*?</article>", text, flags=re.S)
            inside = [f for f in fragments if any(m in f for m in item.markers)]
            for fragment in inside:
                assert not any(g in fragment for g in giver), f"{where}: giver by item"
            if any(m in text for m in item.markers):
                assert inside, f"{where}: feedback text outside a received item"
    audit = "audit" in path  # HR's trail of the people it administers names them
    for person in scene.participants:  # no one's address is shown to another here
        assert audit or viewer == person or person.email not in text, f"{where}: {person.email}"
    results = path.endswith(("/aggregate/", "/results/"))
    for obj in _objects(document if results else None):
        if isinstance(obj, dict) and obj.get("published") is False:  # a hidden cell says nothing
            assert not obj["needs"] and obj["count"] is None and obj["means"] is None, where
    for person in scene.respondents:
        need = scene.needs[person.pk]
        if need in text and viewer != person:
            assert role == "hr" and results, f"{where}: another's support answer"
            assert need in scene.published_needs, f"{where}: a text of a hidden cell"
        if results:
            assert not any(i in text for i in _identities(person)), f"{where}: a respondent"


def _audit_names_no_item(scene: Scene, document) -> None:
    items = {item.public_id for item in scene.items}
    receivers = {str(p.public_id) for p in scene.participants}
    for event in document["results"]:
        if event["action"].startswith("feedback"):
            assert event["object_id"] not in items
            assert not any(r in json.dumps(event["changes"]) for r in receivers)


# --- the matrix ---------------------------------------------------------------------

# What each role gets from the reads that say who may see what (the rest of the
# walk is checked by _check alone).
EXPECTED = {
    # route name:        chair receiver giver member  hr  staff tenant_b anonymous
    "feedback-round-completion": (200, 403, 403, 403, 403, 404, 404, 401),
    "feedback-round-themes": (200, 200, 200, 200, 200, 404, 404, 401),
    "support-assessment-aggregate": (403, 403, 403, 403, 200, 403, 404, 401),
    "support results": (403, 403, 403, 403, 200, 403, 404, 302),
    # tenant B's person is its HR: its own trail, none of A's (checked by _check)
    "audit events": (403, 403, 403, 403, 200, 403, 200, 302),
    "audit-event-list": (403, 403, 403, 403, 200, 403, 200, 401),
}


def test_who_sees_what_through_every_path(world, in_tenant, tenant_b, logs):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    scene = _scene(world, in_tenant, tenant_b)
    requests = _requests(scene)
    statuses: dict[tuple[str, str], int] = {}
    seen: dict[tuple[str, str], object] = {}
    for role in ROLES:
        client = scene.clients[role]
        for route, method, path in requests:
            response = _request(client, method, path)
            assert response.status_code < 500, f"{role} {method} {path}"
            _check(scene, role, method, path, response)
            name = path if route == "extra" else route
            statuses.setdefault((role, name), response.status_code)
            seen.setdefault((role, path), response)
    for role in ROLES:
        assert seen[(role, "/admin/")].status_code == 404

    # The receiver reads what four colleagues gave them, without a giver.
    receiver, giver = scene.people["receiver"], scene.people["giver"]
    received = seen[("receiver", "/api/v1/feedback/received/")].json()
    assert len(received) == 4 and all(r["giver"] is None and not r["giver_name"] for r in received)
    assert {r["works"] for r in received} == {
        i.works for i in scene.items if i.receiver == receiver
    }
    page = seen[("receiver", f"/feedback/{scene.fb_round.public_id}/")].content.decode()
    assert all(i.works in page for i in scene.items if i.receiver == receiver)
    # The giver reads what they gave (their receiver named: it is theirs).
    given = seen[("giver", "/api/v1/feedback/")].json()["results"]
    assert {g["works"] for g in given} == {i.works for i in scene.items if i.giver == giver}
    # The chair follows completion; HR reads the aggregates and its trail.
    completion = seen[("chair", f"/api/v1/feedback-rounds/{scene.fb_round.public_id}/completion/")]
    assert [row["complete"] for row in completion.json()] == [True] * 5
    aggregate = seen[("hr", f"/api/v1/support-assessments/{scene.sp_round.public_id}/aggregate/")]
    assert scene.published_needs and all(n in aggregate.content.decode()
                                         for n in scene.published_needs)  # fmt: skip
    trail = seen[("hr", "/api/v1/audit-events/?page_size=200")].json()
    assert any(e["action"] == "feedback.given" for e in trail["results"])
    _audit_names_no_item(scene, trail)
    assert SupportAnswer.objects.count() == len(scene.respondents)  # writes were rolled back
    assert FeedbackItem.objects.count() == 20

    _matrix(requests, statuses)
    # Not one private text in any log line, from the first write to the last request.
    caplog, buffer = logs
    logged = _logged(caplog, buffer)
    assert "spiral.access" in logged  # the access log was captured
    for marker in [m for i in scene.items for m in i.markers] + list(scene.needs.values()):
        assert marker not in logged, f"{marker} was logged"


def _matrix(requests, statuses) -> None:
    by_name = {}
    for route, pattern in walked_routes():
        by_name[pattern.name] = route
    pages = {"support results": "support/<uuid:public_id>/results/"}
    got = {}
    for name in EXPECTED:
        if name in ("audit events", "audit-event-list"):
            key = "/audit/" if name == "audit events" else "/api/v1/audit-events/?page_size=200"
        else:
            key = pages.get(name) or by_name[name]
        got[name] = tuple(statuses[(role, key)] for role in ROLES)
    assert got == EXPECTED
