"""Notes and exercise answers never reach a log line or an error report
(issue 16): not when written, read, refused, nor when a write fails with a 500."""

import logging

import pytest
from django.core.signals import got_request_exception
from django.views.debug import ExceptionReporter

from spiral.programs.coaching import services
from tests.coaching_world import coaching_world

JSON = "application/json"
SECRET = "Min chef gör mig orolig"


@pytest.fixture
def cw(world, in_tenant):
    return coaching_world(world, in_tenant)


def test_private_text_is_in_no_log_line(cw, caplog, capfd):
    # Given everything logged, at every level
    caplog.set_level(logging.DEBUG)
    track = str(cw.track.public_id)
    coachee, coach = cw.client("manager"), cw.client("coach")
    # When notes and answers are written, read, refused and rejected
    note = coachee.post("/api/v1/coaching-notes/", {"track": track, "text": SECRET}, JSON).json()
    coach.get(f"/api/v1/coaching-notes/{note['id']}/")
    cw.client("hr").get(f"/api/v1/coaching-notes/{note['id']}/")
    cw.client("hr").post("/api/v1/coaching-notes/", {"track": track, "text": SECRET}, JSON)
    body = {"track": track, "exercise": "emotions", "answers": {"nonsense": SECRET}}
    refused = coachee.post("/api/v1/coaching-exercise-answers/", body, JSON)
    long = coachee.post("/api/v1/coaching-notes/", {"track": track, "text": SECRET * 2000}, JSON)
    assert refused.status_code == long.status_code == 400
    # Then no log record, nothing on stdout or stderr, and no error response holds it
    assert SECRET not in refused.content.decode() + long.content.decode()
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    out, err = capfd.readouterr()
    assert SECRET not in out + err


def test_a_failing_write_leaves_the_text_out_of_the_error_report(cw, monkeypatch):
    # Given the write of a note fails after its text was read
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_record", broken)
    reports = []

    def report(sender, request, **kwargs):
        import sys

        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_html())

    got_request_exception.connect(report)
    try:
        client = cw.client("manager")
        client.raise_request_exception = False
        # When the coachee writes a note
        body = {"track": str(cw.track.public_id), "text": SECRET}
        response = client.post("/api/v1/coaching-notes/", body, JSON)
    finally:
        got_request_exception.disconnect(report)
    # Then the 500's report (what an admin email or an error tracker gets) hides it
    assert response.status_code == 500
    assert reports and "the database went away" in reports[0]
    assert SECRET not in reports[0]
    assert SECRET not in response.content.decode()
