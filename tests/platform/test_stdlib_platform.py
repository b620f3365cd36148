import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_platform_folder_does_not_shadow_the_standard_library():
    # given the repository root as the working directory (as with python -m,
    # manage-style commands and pytest)
    # when the standard library's platform module is imported from there
    result = subprocess.run(
        [sys.executable, "-c", "import uuid, platform; print(platform.system())"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # then it is the standard library's, not our folder
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {"Linux", "Darwin", "Windows"}


def test_product_code_imports_as_spiral():
    result = subprocess.run(
        [sys.executable, "-c", "import spiral.platform.settings, spiral.tenants.validators"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
