"""qinfo.core.memo.ProcessMemo: kept per key and for a time, emptied with the shared cache."""

from __future__ import annotations

from django.core.cache import cache

from qinfo.core.memo import ProcessMemo


def test_a_value_is_computed_once_per_key() -> None:
    cache.clear()
    memo = ProcessMemo(maxsize=8)
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name.upper()

    assert memo.get_or_set(("a", 1), lambda: compute("a"), 60) == "A"
    assert memo.get_or_set(("a", 1), lambda: compute("again"), 60) == "A"
    assert memo.get_or_set(("b", 1), lambda: compute("b"), 60) == "B"
    assert calls == ["a", "b"]


def test_nothing_is_kept_for_zero_seconds() -> None:
    cache.clear()
    memo = ProcessMemo(maxsize=8)
    memo.set("key", "value", 0)
    assert memo.get("key") is None
    memo.set("key", "value", 30)
    assert memo.get("key") == "value"


def test_clearing_the_shared_cache_empties_every_memo() -> None:
    cache.clear()
    first, second = ProcessMemo(maxsize=8), ProcessMemo(maxsize=8)
    first.set("key", 1, 60)
    second.set("key", 2, 60)
    assert (first.get("key"), second.get("key")) == (1, 2)
    cache.clear()
    assert (first.get("key"), second.get("key")) == (None, None)
    first.set("key", 3, 60)
    assert first.get("key") == 3


def test_the_least_recently_used_entry_goes_first() -> None:
    cache.clear()
    memo = ProcessMemo(maxsize=2)
    memo.set("a", 1, 60)
    memo.set("b", 2, 60)
    assert memo.get("a") == 1
    memo.set("c", 3, 60)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)
