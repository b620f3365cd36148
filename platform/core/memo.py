"""A small per-process memo with a time limit, for lookups that every request
makes and that change rarely (tenant by host, user by id, token by checksum).

A Redis or database round trip costs more than the rest of a small request; an
answer kept for a few seconds costs nothing. The process that makes a change
forgets the entry at once; other processes follow within the time limit.
Keys must name the tenant schema whenever the answer is tenant data.
"""

import time
from collections.abc import Callable, Hashable
from typing import Any

_MAX_ENTRIES = 4096  # bounded: a key can come from a request (a host name)


class LocalMemo:
    def __init__(self, seconds: Callable[[], float]):
        self._seconds = seconds
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get_or_load(self, key: Hashable, load: Callable[[], Any]) -> Any:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (now + self._seconds(), value)
        return value

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()
