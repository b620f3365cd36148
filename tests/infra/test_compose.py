"""docker-compose.yml and infra/Dockerfile start the same product as `make run`
and docs/operations.md. No Docker engine is needed: these tests check that
what the files would run exists in the project, that ports, hosts and
variables agree with the project's own, and run the image's build steps
that can run here (the package's files, the static files)."""

import importlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from spiral.platform.core.health import PROBES
from spiral.platform.core.management.commands import dev
from tests.infra.environment import REPO_ROOT, product_folders, variables_read_by_the_code

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SPIRAL_SERVICES = ("migrate", "demo", "web", "worker", "beat")
DOCKERFILE = (REPO_ROOT / "infra" / "Dockerfile").read_text()
README = (REPO_ROOT / "README.md").read_text()
OPERATIONS = (REPO_ROOT / "docs" / "operations.md").read_text()
# Set for Python and pip inside the image, not for the product.
IMAGE_ONLY_PREFIXES = ("PYTHON", "PIP_")


def dockerfile_instructions(name: str) -> list[str]:
    """Each instruction ``name`` of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return re.findall(rf"^{name}\s+(.+)$", text, flags=re.MULTILINE)


def dockerfile_env() -> dict[str, str]:
    env = {}
    for instruction in dockerfile_instructions("ENV"):
        for assignment in shlex.split(instruction):
            key, _, value = assignment.partition("=")
            env[key] = value
    return env


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


def option(command: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value`` in a command."""
    for index, arg in enumerate(command):
        if arg == name:
            return command[index + 1]
        if arg.startswith(f"{name}="):
            return arg.partition("=")[2]
    return None


def web_port() -> int:
    return int(option(SERVICES["web"]["command"], "--bind").rpartition(":")[2])


def published_port() -> tuple[str, int, int]:
    """The web service's one published port: host address, host port, container port."""
    (mapping,) = SERVICES["web"]["ports"]
    parts = str(mapping).split(":")
    host_ip = parts[0] if len(parts) == 3 else "0.0.0.0"  # noqa: S104 (what compose does)
    return host_ip, int(parts[-2]), int(parts[-1])


def readme_address() -> str:
    first_screen = "\n".join(README.splitlines()[:25])
    return re.search(r"http://demo\.[a-z.]+:\d+/", first_screen).group(0)


# --- the services -----------------------------------------------------------


def test_compose_runs_a_whole_deployment_and_the_demo():
    assert set(SERVICES) == {"postgres", "redis", *SPIRAL_SERVICES}
    for name in SPIRAL_SERVICES:
        assert SERVICES[name]["build"] == {"context": ".", "dockerfile": "infra/Dockerfile"}
    assert (REPO_ROOT / "infra" / "Dockerfile").exists()


@pytest.mark.parametrize("service", SPIRAL_SERVICES)
def test_compose_services_run_commands_that_exist(service):
    assert_command_exists(SERVICES[service]["command"])


def test_migrate_migrates_every_schema_once_before_anything_else_starts():
    migrate = SERVICES["migrate"]
    assert migrate["command"][:2] == ["spiral", "migrate_schemas"]
    assert not {"--shared", "--tenant", "-s", "--schema"} & set(migrate["command"])
    assert "--noinput" in migrate["command"]
    assert migrate["restart"] == "no"  # one-shot
    for name in ("postgres", "redis"):
        assert migrate["depends_on"][name]["condition"] == "service_healthy"
    for name in ("demo", "web", "worker", "beat"):
        condition = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_the_demo_is_a_one_shot_after_migrate():
    demo = SERVICES["demo"]
    assert demo["command"] == ["spiral", "demo"]  # migrate has migrated
    assert demo["restart"] == "no"


def test_one_beat_with_the_settings_scheduler():
    beats = [name for name, service in SERVICES.items() if "beat" in service.get("command", [])]
    assert beats == ["beat"]
    beat = SERVICES["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1 and "scale" not in beat
    scheduler = option(beat["command"], "--scheduler") or option(beat["command"], "-S")
    assert scheduler in {None, settings.CELERY_BEAT_SCHEDULER}
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"


@pytest.mark.parametrize("service, role", [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_app_spiral_dev_runs(service, role):
    *_, app, dev_role = dev._celery(role)[:6]
    assert SERVICES[service]["command"][:4] == ["celery", "-A", app, dev_role]


def test_web_serves_the_settings_wsgi_application():
    command = SERVICES["web"]["command"]
    assert command[:3] == ["gunicorn", "-c", "python:spiral.platform.gunicorn_conf"]
    module, _, attribute = settings.WSGI_APPLICATION.rpartition(".")
    assert command[3] == f"{module}:{attribute}"
    # An HR import through the API may read for 60 s before it commits.
    assert int(option(command, "--timeout")) > 60


def test_the_image_runs_what_compose_runs_for_the_web():
    (cmd,) = dockerfile_instructions("CMD")
    assert yaml.safe_load(cmd) == SERVICES["web"]["command"]
    (exposed,) = dockerfile_instructions("EXPOSE")
    assert int(exposed) == web_port()


def test_the_published_port_is_gunicorns_and_the_readmes():
    host_ip, host_port, container_port = published_port()
    assert container_port == web_port()
    assert host_ip == "127.0.0.1"  # the demo's logins are public
    assert urlsplit(readme_address()).port == host_port


# --- variables --------------------------------------------------------------


def spiral_environment() -> dict[str, str]:
    """What a Spiral container's settings see: the image's ENV, then compose's."""
    environments = [SERVICES[name].get("environment", {}) for name in SPIRAL_SERVICES]
    assert all(environment == environments[0] for environment in environments)
    return {**dockerfile_env(), **{key: str(value) for key, value in environments[0].items()}}


def test_compose_and_the_image_set_only_variables_the_project_reads():
    read = set(variables_read_by_the_code())
    named = {key for key in spiral_environment() if not key.startswith(IMAGE_ONLY_PREFIXES)}
    assert named - read == set()


@pytest.fixture(scope="module")
def compose_settings() -> dict:
    """The settings a container starts with, read by a process given exactly
    the compose service's environment."""
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SPIRAL_ENV', 'DEBUG', 'SPIRAL_BASE_DOMAIN', 'SPIRAL_PUBLIC_SCHEME', "
        "'SPIRAL_PUBLIC_PORT', 'ALLOWED_HOSTS', 'EMAIL_BACKEND', 'EMAIL_FILE_PATH', "
        "'REDIS_URL', 'CELERY_BROKER_URL')}))"
    )
    env = {"PATH": os.environ.get("PATH", ""), **spiral_environment()}
    env["DJANGO_SETTINGS_MODULE"] = "spiral.platform.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout.strip().splitlines()[-1])


def test_a_container_links_and_answers_on_the_readmes_address(compose_settings):
    address = urlsplit(readme_address())
    assert compose_settings["SPIRAL_ENV"] == "development" and not compose_settings["DEBUG"]
    assert address.hostname == f"demo.{compose_settings['SPIRAL_BASE_DOMAIN']}"
    # Links in emails and the demo printout: the address the browser uses.
    assert compose_settings["SPIRAL_PUBLIC_SCHEME"] == address.scheme
    assert compose_settings["SPIRAL_PUBLIC_PORT"] == published_port()[1]
    hosts = compose_settings["ALLOWED_HOSTS"]
    assert address.hostname in hosts or any(
        host.startswith(".") and address.hostname.endswith(host) for host in hosts
    )


def test_the_urls_point_at_the_compose_services(compose_settings):
    postgres = SERVICES["postgres"]["environment"]
    database = urlsplit(spiral_environment()["DATABASE_URL"])
    assert database.scheme in {"postgres", "postgresql"}
    assert (database.hostname, database.port) == ("postgres", 5432)
    assert database.username == "postgres"
    assert database.password == postgres["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == postgres["POSTGRES_DB"]
    redis_dbs = []
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = urlsplit(compose_settings[name])
        assert (url.scheme, url.hostname, url.port) == ("redis", "redis", 6379), name
        redis_dbs.append(url.path)
    assert len(set(redis_dbs)) == 2  # the cache and the broker apart


def test_mail_is_written_to_a_volume_every_spiral_service_shares(compose_settings):
    assert compose_settings["EMAIL_BACKEND"] == dev.FILE_BACKEND
    folder = compose_settings["EMAIL_FILE_PATH"]
    for name in SPIRAL_SERVICES:
        volumes = [str(volume).split(":") for volume in SERVICES[name].get("volumes", [])]
        assert [source for source, target in volumes if target == folder] == ["mail"], name
    assert "mail" in COMPOSE["volumes"]
    assert dockerfile_env()["EMAIL_FILE_PATH"] == folder
    assert f"mkdir -p {folder}" in DOCKERFILE  # made in the image, owned by its user


# --- health -----------------------------------------------------------------


def healthcheck(service: str) -> str:
    """The command as the container runs it (compose turns `$$` into `$`)."""
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[0] in {"CMD", "CMD-SHELL"}
    return " ".join(test[1:]).replace("$$", "$")


def test_compose_interpolates_nothing_from_the_callers_shell():
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    assert "$" not in text.replace("$$", ""), "compose reads $NAME from the shell: write $$"


def test_every_service_waited_on_as_healthy_has_a_health_check():
    for name, service in SERVICES.items():
        for target, wait in (service.get("depends_on") or {}).items():
            if wait["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[target], f"{name} waits for {target}"


def test_the_health_checks_ask_the_right_thing():
    postgres_db = SERVICES["postgres"]["environment"]["POSTGRES_DB"]
    assert f"pg_isready -U postgres -d {postgres_db}" in healthcheck("postgres")
    assert healthcheck("redis") == "redis-cli ping"
    web = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", healthcheck("web"))
    assert int(web.group(1)) == web_port() and web.group(2) in PROBES
    worker = healthcheck("worker")
    app = option(SERVICES["worker"]["command"], "-A")
    assert f"celery -A {app} inspect ping --destination celery@$HOSTNAME" in worker


# --- the image --------------------------------------------------------------


def test_dockerfile_builds_a_non_root_image_of_the_package():
    users = dockerfile_instructions("USER")
    assert users and users[-1] not in {"root", "0"}
    copied = set()
    for line in dockerfile_instructions("COPY"):
        for path in line.split()[:-1]:  # the last is the destination
            assert (REPO_ROOT / path).exists(), f"Dockerfile copies missing {path}"
            copied.add(path.rstrip("/"))
    assert {"pyproject.toml", "setup.py", "README.md", *product_folders()} <= copied
    assert any("pip install . " in run + " " for run in dockerfile_instructions("RUN"))
    python = re.match(r"python:(\d+)\.(\d+)", dockerfile_instructions("FROM")[0])
    required = re.search(
        r'requires-python = ">=(\d+)\.(\d+)"', (REPO_ROOT / "pyproject.toml").read_text()
    )
    assert tuple(map(int, python.groups())) >= tuple(map(int, required.groups()))


def test_the_build_context_lets_in_what_the_dockerfile_copies():
    ignore = (REPO_ROOT / "infra" / "Dockerfile.dockerignore").read_text().splitlines()
    assert "*" in ignore  # everything else stays out (.venv, .spiral, .git)
    included = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for line in dockerfile_instructions("COPY"):
        for path in line.split()[:-1]:
            assert path.rstrip("/") in included, f"{path} is copied but not in the context"


def test_the_installed_package_carries_every_file_of_the_product(tmp_path):
    """What `pip install .` puts in the image (templates and translations
    included): setuptools' build_py, which pip's wheel build runs."""
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    for folder in product_folders():
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            relative = path.relative_to(REPO_ROOT)
            assert (tmp_path / "spiral" / relative).exists(), f"{relative} is not installed"


def test_the_images_static_files_serve_production_and_development(tmp_path):
    """The image's collectstatic step, run as the Dockerfile writes it: the
    manifest production's storage needs, and files development finds too."""
    (step,) = [
        part.strip()
        for run in dockerfile_instructions("RUN")
        for part in run.split("&&")
        if "collectstatic" in part
    ]
    assert step.startswith("SPIRAL_ENV=production ")
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "STATIC_ROOT": str(tmp_path),
    }
    subprocess.run(["sh", "-c", step], env=env, check=True, timeout=300)
    assert (tmp_path / "staticfiles.json").exists()
    show = (
        "import django; django.setup()\n"
        "from django.templatetags.static import static\n"
        "print(static('drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css'))"
    )
    production = {
        "SPIRAL_ENV": "production",
        "SECRET_KEY": "k7Qe-2vLm9xR4tZp8wNb3cYh6sJd1fGa5uKo0iVl-PzXqTrMnBe",
        "ALLOWED_HOSTS": ".spiral.example.se",
    }
    for environment in (production, {"SPIRAL_ENV": "development"}):
        result = subprocess.run(
            [sys.executable, "-c", show],
            env={**env, **environment, "DJANGO_SETTINGS_MODULE": "spiral.platform.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        url = result.stdout.strip().splitlines()[-1]
        assert (tmp_path / url.removeprefix(settings.STATIC_URL).lstrip("/")).exists(), url


# --- the documentation agrees -----------------------------------------------


def test_readme_opens_with_the_run_and_test_commands():
    head = README.splitlines()[:12]
    assert any(line.strip().startswith("make run") for line in head)
    assert any(line.strip().startswith("make test") for line in head)
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_the_operations_page_lists_every_compose_service():
    section = OPERATIONS.split("\n## Containers\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(\w+)`(?:, `(\w+)`)?", section, flags=re.MULTILINE))
    names = {name for row in listed for name in row if name}
    assert names == set(SERVICES)
    assert "docker compose up" in README
