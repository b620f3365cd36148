import re

from django.core.management import call_command


def test_openapi_schema_generates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns every drf-spectacular warning into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert "/api/v1/me/" in out.read_text()


def test_api_docs_are_served_without_any_cdn(client_a):
    response = client_a.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "swagger-ui" in html


def test_the_document_names_the_scopes_defined_once(db, tmp_path):
    import yaml

    from spiral.api.scopes import SCOPES

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    document = yaml.safe_load(out.read_text())
    flows = document["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["scopes"] == SCOPES
    people = document["paths"]["/api/v1/people/"]
    assert {"oauth2": ["people:read"]} in people["get"]["security"]
    assert {"oauth2": ["people:write"]} in people["post"]["security"]
    assert people["get"]["tags"] == ["people"]
    clients = document["paths"]["/api/v1/api-clients/"]["get"].get("security", [])
    assert not any("oauth2" in requirement for requirement in clients)  # no scope reaches it
    # The session cookie belongs to the web pages, not to the API's contract.
    assert set(document["components"]["securitySchemes"]) == {"oauth2"}


def test_every_operation_documents_its_problem_answers(db, tmp_path):
    import yaml

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    document = yaml.safe_load(out.read_text())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, (method, path)
            problem = operation["responses"]["404"]["content"]["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
