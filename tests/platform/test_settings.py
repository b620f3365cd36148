import subprocess
import sys

import pytest

CHECK = "import django; django.setup(); print('started')"


def start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SPIRAL_ENV"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "spiral.platform.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=60
    )


GOOD_KEY = "k7Qe-2vLm9xR4tZp8wNb3cYh6sJd1fGa5uKo0iVl-PzXqTrMnBe"
PRODUCTION = {"SPIRAL_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ".example.se"}


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"ALLOWED_HOSTS": "spiral.example.se"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "spiral.example.se"}, "SECRET_KEY"),
        ({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "spiral.example.se"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "dev-only-not-secret-" + "x" * 32, "ALLOWED_HOSTS": "spiral.example.se"},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "spiral.example.se", "DEBUG": "true"},
            "DEBUG",
        ),
    ],
)
def test_production_refuses_to_start_without_secret_key_and_explicit_hosts(overrides, complaint):
    result = start({"SPIRAL_ENV": "production", **overrides})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_starts_with_a_secret_key_and_explicit_hosts():
    result = start(
        {"SPIRAL_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ".spiral.example.se"}
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_starts_with_no_configuration_at_all():
    result = start({})
    assert result.returncode == 0, result.stderr


def run(args: list[str], env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SPIRAL_ENV"}}
    env.update({"DJANGO_SETTINGS_MODULE": "spiral.platform.settings", **env_overrides})
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("environment", [{}, {"SPIRAL_ENV": "development"}, PRODUCTION])
def test_debug_is_off_unless_asked_for(environment):
    # A host that forgets SPIRAL_ENV (or sets it) without DEBUG serves no debug pages
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = run([sys.executable, "-c", code], environment)
    assert result.stdout.strip() == "False", result.stderr
    asked = run([sys.executable, "-c", code], {"DEBUG": "true"})
    assert asked.stdout.strip() == "True", asked.stderr


def test_the_run_command_asks_for_debug():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n")[1]  # the first line of `make run`
    assert recipe.startswith("\tDEBUG=true ") and "$(BIN)/spiral dev" in recipe


def test_production_passes_the_deploy_checks_with_no_further_configuration():
    check = [sys.executable, "-m", "spiral.platform.cli", "check", "--deploy"]
    result = run([*check, "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable, check_id",
    [
        ("SECURE_SSL_REDIRECT", "security.W008"),
        ("SECURE_HSTS_SECONDS", "security.W004"),
    ],
)
def test_production_warns_about_what_is_turned_off(variable, check_id):
    off = {**PRODUCTION, variable: "0"}
    check = run([sys.executable, "-m", "spiral.platform.cli", "check", "--deploy"], off)
    assert check_id in check.stderr + check.stdout
    # and a web process says so when it starts
    code = "import spiral.platform.wsgi"
    started = run([sys.executable, "-c", code], off)
    assert started.returncode == 0, started.stderr
    assert check_id in started.stderr


@pytest.mark.parametrize(
    "overrides, address",
    [
        (PRODUCTION, "https None"),
        ({**PRODUCTION, "SPIRAL_PUBLIC_PORT": "8443"}, "https 8443"),
        ({"SPIRAL_ENV": "development"}, "http 8000"),
        ({"SPIRAL_ENV": "development", "SPIRAL_PUBLIC_PORT": ""}, "http None"),
        ({"SPIRAL_ENV": "development", "SPIRAL_PUBLIC_SCHEME": "https"}, "https 8000"),
    ],
)
def test_the_public_address_of_links_by_environment(overrides, address):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("SPIRAL_PUBLIC_")}
    env.update({"DJANGO_SETTINGS_MODULE": "spiral.platform.settings", **overrides})
    show = (
        "from django.conf import settings as s; print(s.SPIRAL_PUBLIC_SCHEME, s.SPIRAL_PUBLIC_PORT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", show], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.strip() == address, result.stderr


def test_a_public_scheme_other_than_http_or_https_is_refused():
    result = start({"SPIRAL_PUBLIC_SCHEME": "ftp"})
    assert result.returncode != 0 and "SPIRAL_PUBLIC_SCHEME" in result.stderr
