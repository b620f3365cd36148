from django.db import connection, transaction

from spiral.programs.org.hr_import.applying import apply_plan
from spiral.programs.org.hr_import.planning import plan_import
from spiral.programs.org.hr_import.reading import read_table
from spiral.programs.org.hr_import.report import ImportReport


def people_import(
    *, data: bytes, filename: str = "", full: bool, dry_run: bool, may_grant_admin: bool = True
) -> ImportReport:
    """Reads an HR export and, unless it is a dry run or has any error, applies
    it: all or nothing. The report says what was (or would be) done. Without
    ``may_grant_admin`` (an integration without the people:admin scope), a row
    that gives or takes the HR role is an error.

    A file that cannot be read at all, or breaks one of the reading limits,
    raises UnreadableFileError: there are no rows to report on."""
    header, rows = read_table(data, filename)
    with transaction.atomic():
        # One import at a time per tenant, planned and written in one
        # transaction, so that no change can slip in between the two.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_lock_name()])
        plan = plan_import(header, rows, full=full, may_grant_admin=may_grant_admin)
        if not plan.report.errors and not dry_run:
            apply_plan(plan)
    return plan.report


def _lock_name() -> str:
    return f"{connection.schema_name}:hr-import"
