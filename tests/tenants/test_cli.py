import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SPIRAL = shutil.which("spiral", path=str(Path(sys.executable).parent))


def run_spiral(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SPIRAL, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_spiral_is_an_installed_console_script():
    assert SPIRAL is not None


def test_cli_lists_tenants(subprocess_env):
    result = run_spiral("tenants", "list", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert "alfa\tactive\tmunicipality\tAlingsås kommun\talfa.spiral.test" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--slug=public"], "slug: Namnet är reserverat."),
        (["--org-number=212000-1562"], "org_number: Kontrollsiffran stämmer inte."),
        (["--slug=alfa"], "slug:"),
    ],
)
def test_cli_rejects_bad_input_naming_the_field(subprocess_env, args, message):
    base = {
        "--name": "Borås stad",
        "--slug": "boras",
        "--kind": "municipality",
        "--org-number": "212000-1561",
        "--admin-email": "hr@boras.se",
    }
    for arg in args:
        key, value = arg.split("=", 1)
        base[key] = value
    result = run_spiral(
        "tenants", "create", *[f"{k}={v}" for k, v in base.items()], env=subprocess_env
    )
    assert result.returncode != 0
    assert message in result.stderr
    listed = run_spiral("tenants", "list", env=subprocess_env).stdout
    assert "boras" not in listed
