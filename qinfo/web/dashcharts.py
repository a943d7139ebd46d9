"""Interactive charts of the dashboards (docs/definitions.md §23), drawn by Apache ECharts.

A page builds ``Chart`` values, includes ``web/dashboards/_chart.html`` for each, and answers
``chart_download(request, charts)`` first so that ``?download=<chart id>&format=csv|xlsx`` gives
the chart's numbers as a file. The chart's data travels in the page as JSON (``json_script``);
``static/web/dashboards.js`` draws it. The same numbers are always in a table below the chart, so
the page is complete without JavaScript and for screen readers.

Kinds:
- ``bar``: vertical bars per category, one bar per series; ``hbar``: horizontal bars (long
  category names, e.g. schools, read best this way on a phone);
- ``stacked``: horizontal bars of each series stacked per category (a distribution: shares of
  grades per subject); ``line``: one line per series over the categories (years, weeks);
- ``map``: the categories are places; ``series`` are their longitude, latitude and the value that
  sizes and colours each point (the table lists them all).

Units (as ``qinfo.indicators.registry``): ``rate`` is a fraction 0..1 shown as a percentage,
``count`` whole numbers, ``ratio`` and ``score`` two decimals. Downloads: CSV in UTF-8 with a byte
order mark (so Excel opens Thai correctly) with rates written as percentages; Excel (openpyxl) with
rates written as fractions in a percentage number format.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

KINDS = frozenset({"bar", "hbar", "stacked", "line", "map"})
UNITS = frozenset({"rate", "ratio", "count", "score"})
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")

Number = float | int | None


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category (None where there is no value)."""

    name: str
    values: Sequence[Number]


@dataclass(frozen=True)
class Chart:
    """A chart and its numbers. ``series`` takes ``Series`` or ``(name, values)`` pairs.

    ``links`` (optional, one per category) makes a bar or point open that page (drill-down);
    ``category_label`` heads the first column of the table and the downloads; ``caption`` says
    in words what the chart shows (a source, a population, a definition).
    """

    id: str
    title: str
    kind: str
    categories: Sequence[str]
    series: Sequence[Series | tuple[str, Sequence[Number]]]
    unit: str = "count"
    caption: str = ""
    category_label: str = ""
    links: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"chart id {self.id!r}: lowercase letters, digits, - and _ only")
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        rows = tuple(s if isinstance(s, Series) else Series(str(s[0]), s[1]) for s in self.series)
        for row in rows:
            if len(row.values) != len(self.categories):
                raise ValueError(f"series {row.name!r} has {len(row.values)} values")
        if self.kind == "map" and len(rows) != 3:
            raise ValueError("a map has three series: longitude, latitude, value")
        object.__setattr__(self, "categories", tuple(str(c) for c in self.categories))
        object.__setattr__(self, "series", rows)
        object.__setattr__(self, "links", tuple(self.links))

    @property
    def rows(self) -> tuple[Series, ...]:
        """The series, as ``Series`` (``__post_init__`` turned every pair into one)."""
        return tuple(s for s in self.series if isinstance(s, Series))

    @property
    def element_id(self) -> str:
        return f"chart-{self.id}"

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.id}"

    @property
    def empty(self) -> bool:
        return not self.categories or all(_clean(v) is None for s in self.rows for v in s.values)

    def _unit_of(self, index: int) -> str:
        """A map's longitude and latitude are plain numbers whatever the value's unit."""
        return "score" if self.kind == "map" and index < 2 else self.unit

    def table_headers(self) -> list[str]:
        """The data table's headings (its cells carry their own % sign)."""
        return [self.category_label or _("Category"), *(s.name for s in self.rows)]

    def headers(self) -> list[str]:
        """The downloads' headings: a rate's column says it is in per cent."""
        suffix = " (%)" if self.unit == "rate" else ""
        names = [
            s.name + (suffix if self._unit_of(i) == "rate" else "") for i, s in enumerate(self.rows)
        ]
        return [self.category_label or _("Category"), *names]

    def table(self) -> list[dict[str, Any]]:
        """The rows of the data table: the category, its link, and the values as text."""
        return [
            {
                "category": category,
                "link": self.links[i] if i < len(self.links) else "",
                "cells": [shown(s.values[i], self._unit_of(j)) for j, s in enumerate(self.rows)],
            }
            for i, category in enumerate(self.categories)
        ]

    def spec(self) -> dict[str, Any]:
        """What dashboards.js needs to draw the chart (json_script turns it into JSON)."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "categories": list(self.categories),
            "series": [
                {"name": s.name, "values": [_clean(v) for v in s.values]} for s in self.rows
            ],
            "links": list(self.links),
            "category_label": self.category_label,
        }


def _clean(value: Number) -> float | None:
    """None for a missing value (None, NaN, pandas' NA); else the number."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def shown(value: Number, unit: str) -> str:
    """A value as the table shows it: 93.5%, 1,234, 12.34; an en dash when missing."""
    number = _clean(value)
    if number is None:
        return "–"
    if unit == "rate":
        return f"{number * 100:.1f}%"
    if unit == "count":
        return f"{round(number):,}"
    return f"{number:,.2f}"


def _file_value(value: Number, unit: str, percent: bool) -> float | int | None:
    number = _clean(value)
    if number is None:
        return None
    if unit == "rate":
        return round(number * 100, 1) if percent else number
    if unit == "count":
        return round(number)
    return round(number, 4)


def chart_rows(chart: Chart, *, percent: bool) -> list[list[Any]]:
    """The header and one row per category, as the downloads write them."""
    rows: list[list[Any]] = [chart.headers()]
    for i, category in enumerate(chart.categories):
        values = [
            _file_value(s.values[i], chart._unit_of(j), percent) for j, s in enumerate(chart.rows)
        ]
        rows.append([category, *values])
    return rows


def _csv(chart: Chart) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in chart_rows(chart, percent=True):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(chart: Chart) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", chart.title)[:31] or chart.id
    for row in chart_rows(chart, percent=False):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for j in range(len(chart.series)):
        if chart._unit_of(j) == "rate":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j + 2, max_col=j + 2):
                cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = max([12, *(min(len(c), 50) + 2 for c in chart.categories)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_download(request: HttpRequest, charts: Sequence[Chart]) -> HttpResponse | None:
    """The file asked for by ``?download=<chart id>&format=csv|xlsx``; None when none was.

    Answer it before rendering the page: ``if (file := chart_download(request, charts)): return
    file``. An unknown chart or format is a 404 (the page's own checks have already run).
    """
    wanted = request.GET.get("download")
    if not wanted:
        return None
    fmt = request.GET.get("format", "csv")
    chart = next((c for c in charts if c.id == wanted), None)
    if chart is None or fmt not in FORMATS:
        raise Http404
    body = _csv(chart) if fmt == "csv" else _xlsx(chart)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{chart.id}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
