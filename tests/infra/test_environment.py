"""Every environment variable the code reads is documented where an operator
looks: the variables table of docs/operations.md (with its default and
meaning) and .env.example; and neither names one the code does not read."""

import re

import pytest

from tests.infra.environment import REPO_ROOT, variables_read_by_the_code

READ = variables_read_by_the_code()
OPERATIONS = (REPO_ROOT / "docs" / "operations.md").read_text()
ENV_EXAMPLE = (REPO_ROOT / ".env.example").read_text()
# Chosen before any .env could be read (the settings module reads the file).
NOT_FOR_DOT_ENV = {"DJANGO_SETTINGS_MODULE"}


def documented_variables() -> dict[str, str]:
    """The variables table of the "Environment variables" section: each name
    in a row's first cell, with the row."""
    section = OPERATIONS.split("\n## Environment variables\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 3, f"variable, default, meaning: {row}"
        assert cells[2], f"no meaning given: {row}"
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            documented[name] = row
    return documented


DOCUMENTED = documented_variables()


def test_the_search_finds_each_way_the_code_reads_a_variable():
    assert {
        "DATABASE_URL",  # env.db
        "ALLOWED_HOSTS",  # env.list
        "TENANT_HOST_LOCAL_SECONDS",  # env.float
        "SECURE_HSTS_PRELOAD",  # deploy_setting
        "DJANGO_SETTINGS_MODULE",  # os.environ.setdefault
        "SPIRAL_PUBLIC_PORT",  # the environment spiral dev hands its children
    } <= set(READ)


@pytest.mark.parametrize("name", sorted(READ))
def test_each_variable_the_code_reads_is_in_the_operations_table(name):
    assert name in DOCUMENTED, (
        f"{name} (read at {', '.join(READ[name])}) is not in the variables table of "
        "docs/operations.md: add a row with its default and meaning"
    )


def test_the_operations_table_names_only_variables_the_code_reads():
    assert set(DOCUMENTED) - set(READ) == set()


def test_env_example_names_every_variable():
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, flags=re.MULTILINE))
    assert set(READ) - NOT_FOR_DOT_ENV - named == set()
    assert named - set(READ) == set()


def test_the_readme_sends_operators_to_the_operations_page():
    readme = (REPO_ROOT / "README.md").read_text()
    assert "docs/operations.md" in readme
    assert "## Operations" in readme
