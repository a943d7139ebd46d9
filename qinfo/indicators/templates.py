"""Compiled SQL kept per *shape* of cut, so that Ibis builds and compiles each shape once.

Building an indicator's Ibis expression and compiling it takes tens to hundreds of milliseconds
of Python per indicator, far more than running it; the whole set compiled afresh for every
request would cost seconds. A cut's shape is everything but its values: the term (or none), the
`by` dimensions and the `where` dimensions (and today's date, below). The first time a shape is
met, its statement is compiled for a *sentinel* cut (year 8888 BE, one where-value per dimension
that cannot occur); the first time an indicator is compiled, also for the real cut (once for a
cut with one value per where-dimension, once for one with lists): the sentinel's text with the
real values put in place of the sentinels must equal the real compilation exactly, else the
indicator is never templated (each cut is then compiled on its own); nor is one that runs a
statement while building its expression. Later cuts of a known shape cost a text substitution.

Substituted: integers within ±50 of 8888 (the year, and years derived from it such as the next
one) and of 8345 (its Christian Era year, as in the census day 8345-06-10), shifted by the real
year; each dimension's sentinel value, replaced by the real values (integers as digits, text
quoted, several separated by commas: Ibis writes a where-filter as `IN (…)`, one value or many).
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable
from typing import Any

from qinfo.indicators.frame import DIMENSION_TYPES, Cut
from qinfo.indicators.source import Source

YEAR = 8888
CE = YEAR - 543
SPAN = 50
INT_BASE = 770_000_000
_NUMBER = re.compile(r"(?<![\w.])(\d{4})(?![\w.])")
_INT_SENTINEL = re.compile(r"(?<![\w.])(7700\d{5})(?![\w.])")
_TEXT_SENTINEL = re.compile(r"'qinfo~(\w+)~(\d+)'")
_lock = threading.Lock()


def shape(cut: Cut, codes: tuple[str, ...]) -> tuple[Any, ...]:
    # Whether each where-dimension has values, not how many: its one sentinel value stands for
    # the whole list (substitute).
    where = tuple((d, min(len(v), 1)) for d, v in cut.where.items())
    # Today is part of the shape: an indicator counting "up to today" (data completeness) puts
    # the date in its SQL, which the sentinels do not stand for.
    return (codes, cut.term, cut.by, where, datetime.date.today())


def sentinel_cut(cut: Cut) -> Cut:
    where: dict[str, tuple[Any, ...]] = {}
    for k, (dimension, values) in enumerate(cut.where.items()):
        if not values:
            where[dimension] = ()
        elif DIMENSION_TYPES[dimension] == "int64":
            where[dimension] = (INT_BASE + 1000 * k,)
        else:
            where[dimension] = (f"qinfo~{dimension}~0",)
    return Cut(YEAR, cut.term, cut.by, where)


def _quoted(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def substitute(template: str, cut: Cut) -> str:
    """The template's sentinels replaced by `cut`'s year and where-values."""
    ints: dict[int, str] = {}
    texts: dict[tuple[str, int], str] = {}
    for k, (dimension, values) in enumerate(cut.where.items()):
        if DIMENSION_TYPES[dimension] == "int64":
            ints[INT_BASE + 1000 * k] = ", ".join(str(int(value)) for value in values)
        else:
            texts[(dimension, 0)] = ", ".join(_quoted(value) for value in values)

    def year(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if abs(number - YEAR) <= SPAN:
            return str(number - YEAR + cut.year_be)
        if abs(number - CE) <= SPAN:
            return str(number - CE + cut.year_be - 543)
        return match.group(1)

    out = _NUMBER.sub(year, template)
    out = _INT_SENTINEL.sub(lambda m: ints.get(int(m.group(1)), m.group(1)), out)
    return _TEXT_SENTINEL.sub(lambda m: texts.get((m.group(1), int(m.group(2))), m.group(0)), out)


def templated(source: Source, cut: Cut, codes: tuple[str, ...], build: Callable[[Cut], str]) -> str:
    """`build(cut)`, from the source's kept template for the cut's shape when it can be trusted.

    The first shape met for `codes` is checked against a direct compilation; once that check
    passed, later shapes of the same codes are trusted without it (what the indicators do with
    the year and the where-values does not depend on the shape). When it failed, or when
    building ran a statement (an indicator that reads data to build its expression bakes the
    data into its SQL), `codes` are compiled afresh for every cut and nothing is kept."""
    key = shape(cut, codes)
    kept = source.templates.get(key)
    if isinstance(kept, str):
        return substitute(kept, cut)
    # Checked once with a single value per where-dimension and once with a list.
    several = any(len(values) > 1 for values in cut.where.values())
    checked = ("checked", codes, several)
    verdict = source.templates.get(checked)
    if verdict is False:
        return build(cut)
    before = source.executions
    template = build(sentinel_cut(cut))
    if source.executions != before:
        source.templates[checked] = False
        return build(cut)
    if verdict is True:
        with _lock:
            source.templates[key] = template
        return substitute(template, cut)
    direct = build(cut)
    trusted = substitute(template, cut) == direct
    with _lock:
        source.templates[checked] = trusted
        if trusted:
            source.templates[key] = template
    return direct
