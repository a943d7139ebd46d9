"""A memo in this process's memory: bounded, each entry kept for a time of its own, and emptied
whenever Django's shared cache is cleared.

The shared cache (files under var/cache) is where dashboards keep what they computed, for every
process. Reading it costs a file and an unpickling per entry; a page that reads tens of entries
pays that tens of times. `ProcessMemo` keeps the entries a process has already read in its own
memory: nothing is written to disk and nothing leaves the process, so it may also hold what must
never be written to a file (the names on a watchlist).

`cache.clear()` (a deploy, `qinfo indicators refresh`, the tests) must also forget what processes
hold: the shared cache keeps a generation (a random name) that each memo reads once per lookup
(one small read) and compares with the one it saw; a new one empties the memo.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cachetools import TLRUCache
from django.core.cache import cache

T = TypeVar("T")

GENERATION_KEY = "qinfo:memo:generation"


def _expires(_key: Hashable, entry: tuple[float, Any], now: float) -> float:
    return now + entry[0]


class ProcessMemo:
    """Entries by any hashable key, at most `maxsize` (least recently used go first)."""

    def __init__(self, maxsize: int) -> None:
        self._entries: TLRUCache[Hashable, tuple[float, Any]] = TLRUCache(maxsize, _expires)
        self._lock = threading.Lock()
        self._generation: str | None = None

    def _sync(self) -> None:
        """Empty the memo when the shared cache's generation is not the one last seen (call with
        the lock held)."""
        generation = cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            self._sync()
            entry = self._entries.get(key)
        return None if entry is None else entry[1]

    def set(self, key: Hashable, value: Any, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._lock:
            self._sync()
            self._entries[key] = (seconds, value)

    def get_or_set(self, key: Hashable, compute: Callable[[], T], seconds: float) -> T:
        """The kept value, or `compute()` kept for `seconds` (0: not kept)."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.set(key, found, seconds)
        return found
