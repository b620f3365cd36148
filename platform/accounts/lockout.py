"""Failed sign-ins and token requests, counted per account and per address.

A fixed window in Redis, as the API throttle: one round trip to count a
failure, one to check. Cache keys carry the tenant schema, so a lockout in one
municipality never touches the same email address in another. The account is
only ever named by a checksum, so a key reveals no address and a lockout
behaves the same whether the account exists or not.

Addresses get a higher limit than accounts: a municipality's staff often share
one address behind its gateway.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from spiral.platform.audit.services import audit_record_about


@dataclass(frozen=True)
class Attempt:
    kind: str  # "sign-in" or "token"
    account: str  # the email or client id given
    address: str

    def _keys(self) -> tuple[str, str]:
        account = hashlib.sha256(self.account.strip().lower().encode()).hexdigest()[:32]
        return (
            cache.make_key(f"lockout:{self.kind}:account:{account}"),
            cache.make_key(f"lockout:{self.kind}:address:{self.address}"),
        )

    @property
    def account_ref(self) -> str:
        return self._keys()[0].rsplit(":", 1)[-1]


def _client():
    return cache._cache.get_client(None, write=True)  # the backend's redis client


def attempt_locked(attempt: Attempt) -> bool:
    account, address = _client().mget(attempt._keys())
    return (
        int(account or 0) >= settings.LOCKOUT_ACCOUNT_FAILURES
        or int(address or 0) >= settings.LOCKOUT_ADDRESS_FAILURES
    )


def attempt_failed(attempt: Attempt) -> None:
    """Counts a failure, and records it and any lockout it causes."""
    account_key, address_key = attempt._keys()
    pipeline = _client().pipeline(transaction=False)
    for key in (account_key, address_key):
        pipeline.incr(key)
        pipeline.expire(key, settings.LOCKOUT_SECONDS)  # the cool-off runs from the last failure
    account_count, _, address_count, _ = pipeline.execute()
    _audit(attempt, f"{attempt.kind}.failed", account_count, address_count)
    if account_count == settings.LOCKOUT_ACCOUNT_FAILURES:
        _audit(attempt, f"{attempt.kind}.account_locked", account_count, address_count)
    if address_count == settings.LOCKOUT_ADDRESS_FAILURES:
        _audit(attempt, f"{attempt.kind}.address_locked", account_count, address_count)


def attempt_succeeded(attempt: Attempt) -> None:
    """The account starts afresh; the address keeps its count, so that one good
    login cannot clear the way for guessing at others."""
    _client().delete(attempt._keys()[0])


def _audit(attempt: Attempt, action: str, account_count: int, address_count: int) -> None:
    if connection.schema_name == "public":
        return  # no tenant, no trail (the platform host has no sign-in)
    audit_record_about(
        action=action,
        object_type=f"lockout.{attempt.kind}",
        object_id=attempt.account_ref,
        changes={
            "address": attempt.address,
            "account_failures": account_count,
            "address_failures": address_count,
        },
    )


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or the header a trusted proxy sets
    (CLIENT_ADDRESS_HEADER), never a header any caller could write."""
    header = settings.CLIENT_ADDRESS_HEADER
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[-1].strip() if value else "") or request.META.get(
        "REMOTE_ADDR", "unknown"
    )


def attempt_over_limit(attempt: Attempt, *, account_limit: int, address_limit: int) -> bool:
    """Counts a request that is limited whether it succeeds or not (a
    password-reset link asked for) and tells whether it is past a limit, for the
    account or the address, within LOCKOUT_SECONDS of the first."""
    account_key, address_key = attempt._keys()
    pipeline = _client().pipeline(transaction=False)
    for key in (account_key, address_key):
        pipeline.set(key, 0, ex=settings.LOCKOUT_SECONDS, nx=True)  # a window from the first
        pipeline.incr(key)
    _, account_count, _, address_count = pipeline.execute()
    return account_count > account_limit or address_count > address_limit
