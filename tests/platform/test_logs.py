import logging


def test_each_request_logs_a_json_line_with_tenant_and_request_id(client_a, log_lines):
    client_a.get("/accounts/login/", HTTP_X_REQUEST_ID="abc-123")
    lines = [line for line in log_lines() if line["logger"] == "spiral.access"]
    assert lines, "no access line logged"
    line = lines[-1]
    assert line["tenant"] == "alfa"
    assert line["request_id"] == "abc-123"
    assert line["path"] == "/accounts/login/"
    assert line["status"] == 200


def test_a_generated_request_id_is_echoed_and_logged(client_b, log_lines):
    response = client_b.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id; with spaces")
    request_id = response["X-Request-ID"]
    assert request_id != "bad id; with spaces"
    line = [line for line in log_lines() if line["logger"] == "spiral.access"][-1]
    assert line["request_id"] == request_id
    assert line["tenant"] == "beta"


def test_lines_from_any_library_carry_the_schema(tenant_a, in_tenant, log_lines):
    with in_tenant(tenant_a):
        logging.getLogger("some.library").warning("inside a tenant")
    line = log_lines()[-1]
    assert line["event"] == "inside a tenant"
    assert line["tenant"] == "alfa"
