"""What happens to a person's access when they leave: the one path every way
of marking someone ``left`` goes through (the people API, the HR import, later
SCIM), for one person or fifty thousand.

Their login is switched off and its password made unusable (a returning person
is invited again), every session of theirs ends, their calendar feed is
revoked, and the login memo of this process forgets them once the change is
committed; other processes follow within AUTH_LOCAL_SECONDS, because the memo
re-reads the user (now inactive) by then.
"""

from collections.abc import Collection

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from spiral.platform.accounts.backends import forget_user_ids
from spiral.platform.accounts.models import User
from spiral.platform.accounts.sessions import sessions_delete_for
from spiral.platform.audit.services import audit_record_many
from spiral.programs.org.models import Person
from spiral.programs.sessions.models import CalendarFeed


def people_access_end(*, people: Collection[Person]) -> None:
    """Ends the access of people who left. Runs in the caller's transaction;
    a few statements whatever the number of people."""
    user_ids = [person.user_id for person in people if person.user_id]
    if user_ids:
        _logins_disable(user_ids)
        sessions_delete_for(user_ids)
        transaction.on_commit(lambda: forget_user_ids(user_ids))
    # The TimeStamped queryset moves updated_at.
    feeds = CalendarFeed.objects.filter(person__in=[person.pk for person in people], active=True)
    feeds.update(active=False)
    audit_record_many(action="person.access_ended", objects=people)


def _logins_disable(user_ids: list[int]) -> None:
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).only("pk"))
    now = timezone.now()
    for user in users:
        # An unusable password also spends every set-password link sent before.
        user.password = make_password(None)
        user.is_active = False
        user.updated_at = now  # bulk_update does not apply auto_now
    User.objects.bulk_update(users, ["password", "is_active", "updated_at"], batch_size=2000)
    audit_record_many(
        action="user.deactivated",
        objects=users,
        changes={"is_active": [True, False]},
    )
