"""The session engine: Django's cached database sessions, in a table that
records the user of each session (see LoginSession)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.core.cache import caches


class SessionStore(CachedDbStore):
    @classmethod
    def get_model_class(cls):
        from spiral.platform.accounts.models import LoginSession

        return LoginSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if user_id is not None else None
        return instance


def sessions_delete_for(user_ids: Iterable[int]) -> int:
    """Ends every session of these users in this tenant: the rows and their
    cached copies (which a request would otherwise still find)."""
    from spiral.platform.accounts.models import LoginSession

    rows = LoginSession.objects.filter(user_id__in=list(user_ids))
    keys = list(rows.values_list("session_key", flat=True))
    if not keys:
        return 0
    caches[settings.SESSION_CACHE_ALIAS].delete_many([KEY_PREFIX + key for key in keys])
    LoginSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
