"""Compiled indicator SQL kept in Django's cache, so that every process of the server (and the
nightly `qinfo indicators refresh` that compiles the dashboards' shapes first) shares it.

`qinfo.indicators.templates` keeps each indicator's SQL per shape of cut in `Source.templates`;
compiling one shape of the whole set costs seconds of Python (Ibis), which each web process
would otherwise pay again for every shape it meets. `SharedTemplates` is that mapping, kept in
memory and in Django's cache (the file cache in production: one copy for all processes). Its
keys name the indicators' code (a digest of `qinfo/indicators/*.py`), the SQL dialect and the
tables the source keeps, so that SQL compiled by other code or for another engine is never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, MutableMapping
from functools import cache as once
from pathlib import Path
from typing import Any

from django.core.cache import cache

import qinfo.indicators
from qinfo.indicators.source import Source

PREFIX = "qinfo:sql:v1:"
#: Compiled SQL depends on the code and today's date only; two days covers a night's refresh.
SECONDS = 2 * 24 * 3600


@once
def code_digest() -> str:
    """A digest of the indicators' code: compiled SQL from other code is another key."""
    digest = hashlib.sha256()
    for path in sorted(Path(qinfo.indicators.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class SharedTemplates(MutableMapping[Any, Any]):
    """A mapping kept in memory and in Django's cache under `namespace`."""

    def __init__(self, namespace: str) -> None:
        self.namespace = f"{PREFIX}{code_digest()}:{namespace}:"
        self.local: dict[Any, Any] = {}

    def _key(self, key: Any) -> str:
        return self.namespace + hashlib.sha256(repr(key).encode()).hexdigest()[:32]

    def __getitem__(self, key: Any) -> Any:
        if key in self.local:
            return self.local[key]
        found = cache.get(self._key(key))
        if found is None:
            raise KeyError(key)
        self.local[key] = found
        return found

    def __setitem__(self, key: Any, value: Any) -> None:
        self.local[key] = value
        cache.set(self._key(key), value, SECONDS)

    def __delitem__(self, key: Any) -> None:
        self.local.pop(key, None)
        cache.delete(self._key(key))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.local)

    def __len__(self) -> int:
        return len(self.local)


def share_templates(source: Source) -> Source:
    """The source with its compiled SQL kept in Django's cache (see the module's docstring)."""
    source.templates = SharedTemplates(f"{source.dialect}:{','.join(sorted(source.kept))}")
    return source
