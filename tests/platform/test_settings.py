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


GOOD_KEY = "k" * 50


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"ALLOWED_HOSTS": "spiral.example.se"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "spiral.example.se"}, "SECRET_KEY"),
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
