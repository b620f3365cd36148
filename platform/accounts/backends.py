from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from spiral.platform.accounts.models import User
from spiral.platform.core.memo import LocalMemo

_recent_users = LocalMemo(lambda: settings.AUTH_LOCAL_SECONDS)


class PersonAwareBackend(ModelBackend):
    """Loads a logged-in user together with their person record (if any): every
    API request needs both to decide what the user may see. The pair is kept
    for AUTH_LOCAL_SECONDS in this process (see spiral.platform.core.memo), so a
    deactivation or a password change reaches other processes within that time.
    """

    def get_user(self, user_id):
        key = (connection.schema_name, user_id)  # users are per tenant
        user = _recent_users.get_or_load(key, lambda: self._load(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _load(user_id):
        return User.objects.select_related("person").filter(pk=user_id).first()


def forget_user(user: User) -> None:
    forget_user_id(user.pk)


def forget_user_id(user_id: int) -> None:
    forget_user_ids([user_id])


def forget_user_ids(user_ids: Iterable[int]) -> None:
    """For bulk writes, which send no signals: their users' next request in this
    process reads them afresh (other processes within AUTH_LOCAL_SECONDS)."""
    schema = connection.schema_name
    for user_id in user_ids:
        _recent_users.forget((schema, user_id))


def forget_all_users() -> None:
    _recent_users.clear()
