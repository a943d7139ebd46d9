"""The review pack's Excel workbook (docs/definitions.md §24): a sheet of the city's KPIs with
baseline, targets, actual values and status per year, and one sheet per school with its share.
Values are numbers in the unit as shown (rates in percent, rounded to 0.01)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qinfo.blueprint.catalogue import STATUS_WORDS, shown
from qinfo.blueprint.models import Plan
from qinfo.blueprint.progress import GoalProgress, KpiProgress

#: Excel's limit on a sheet's name, and characters it refuses there.
SHEET_NAME_MAX = 31
SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _number(value: float | None, unit: str) -> float | None:
    number = shown(value, unit)
    return None if number is None else round(number, 2)


def _year_headers(plan: Plan) -> list[str]:
    heads = []
    for label in (_("Target"), _("Actual"), _("Status")):
        heads += [f"{label} {year}" for year in plan.years]
    return heads


def _year_cells(plan: Plan, row: KpiProgress) -> list[Any]:
    unit = row.kpi.unit
    return (
        [_number(row.targets.get(y), unit) for y in plan.years]
        + [_number(row.actuals.get(y), unit) for y in plan.years]
        + [str(STATUS_WORDS[row.statuses[y]]) for y in plan.years]
    )


def _unit(row: KpiProgress) -> str:
    return "%" if row.kpi.unit == "rate" else row.kpi.get_unit_display()


def _head(sheet: Any, heads: list[str]) -> None:
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _sheet_name(text: str, taken: set[str]) -> str:
    base = text.translate(SHEET_FORBIDDEN).strip()[:SHEET_NAME_MAX] or "sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def review_workbook(
    plan: Plan,
    goals: Sequence[GoalProgress],
    schools: Sequence[Any],
    shares: Mapping[int, Sequence[KpiProgress]],
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    taken: set[str] = set()
    sheet.title = _sheet_name(_("KPIs"), taken)
    _head(
        sheet,
        [
            _("Goal"),
            _("Domain"),
            _("KPI"),
            _("Indicator"),
            _("Unit"),
            _("Direction"),
            _("Baseline year"),
            _("Baseline"),
            *_year_headers(plan),
        ],
    )
    for goal in goals:
        for row in goal.kpis:
            sheet.append(
                [
                    goal.goal.title_th,
                    str(goal.goal.get_domain_display()),
                    row.name,
                    row.indicator,
                    _unit(row),
                    _("higher is better") if row.kpi.higher_is_better else _("lower is better"),
                    row.baseline_year,
                    _number(row.baseline, row.kpi.unit),
                    *_year_cells(plan, row),
                ]
            )
    for school in schools:
        page = book.create_sheet(_sheet_name(f"{school.code} {school.name_th}", taken))
        page.append([school.name_th, school.code])
        heads = [_("KPI"), _("Unit"), _("Baseline year"), _("Baseline"), *_year_headers(plan)]
        page.append([*heads, _("Set by the officer")])
        for cell in page[2]:
            cell.font = Font(bold=True)
        for row in shares.get(school.pk, []):
            own = ", ".join(str(y) for y in sorted(row.set_by_officer))
            page.append(
                [
                    row.name,
                    _unit(row),
                    row.baseline_year,
                    _number(row.baseline, row.kpi.unit),
                    *_year_cells(plan, row),
                    own,
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
