"""docker-compose.yml and the Dockerfile cannot be run here (no Docker engine),
so these tests check that what they would run exists in the project."""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (REPO_ROOT / "infra" / "Dockerfile").read_text()


def _import_target(dotted: str):
    module, _, attribute = dotted.partition(":")
    imported = importlib.import_module(module)
    return getattr(imported, attribute) if attribute else imported


def assert_command_exists(command: list[str]) -> None:
    program, *args = command
    if program == "spiral":
        assert args[0] in get_commands(), f"no management command {args[0]!r}"
    elif program == "celery":
        assert args[0] == "-A"
        target = _import_target(args[1])
        app = getattr(target, "app", target)  # `-A module` means module.app
        assert app.__class__.__name__ == "CeleryApp"
        assert args[2] in {"worker", "beat"}
    elif program == "gunicorn":
        if args[0] == "-c":  # a config module: python:<dotted module>
            config, args = args[1], args[2:]
            assert config.startswith("python:")
            assert importlib.import_module(config.removeprefix("python:")).logger_class
        assert callable(_import_target(args[0]))
    else:
        pytest.fail(f"unexpected program {program!r}")


def test_compose_has_the_services_of_a_full_deployment():
    assert set(SERVICES) == {"web", "migrate", "worker", "beat", "postgres", "redis"}
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert SERVICES["migrate"]["restart"] == "no"  # one-shot
    for name in ("web", "worker", "beat"):
        condition = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


@pytest.mark.parametrize("service", ["web", "migrate", "worker", "beat"])
def test_compose_services_run_commands_that_exist(db, service):
    assert_command_exists(SERVICES[service]["command"])


def test_dockerfile_builds_a_non_root_gunicorn_image(db):
    users = re.findall(r"^USER\s+(\S+)", DOCKERFILE, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    cmd = re.search(r"^CMD\s+(\[.*\])", DOCKERFILE, flags=re.MULTILINE).group(1)
    assert_command_exists(yaml.safe_load(cmd))
    for line in re.findall(r"^COPY\s+(.+)$", DOCKERFILE, flags=re.MULTILINE):
        for path in line.split()[:-1]:  # the last is the destination
            assert (REPO_ROOT / path).exists(), f"Dockerfile copies missing {path}"


def test_readme_opens_with_the_run_and_test_commands():
    head = (REPO_ROOT / "README.md").read_text().splitlines()[:12]
    assert any(line.strip().startswith("make run") for line in head)
    assert any(line.strip().startswith("make test") for line in head)
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
