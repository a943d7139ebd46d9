"""Row conditions such as `G3 < 10`, `Target == 'Dropout'`, `G2 < 10 and absences > 5`.

Parsed with Python's `ast` and evaluated over a pandas table by walking the tree: only column
names, constants (numbers, text, True/False), comparisons (==, !=, <, <=, >, >=, in, not in with a
list of constants), `and`/`or`/`not` and arithmetic (+ - * / // % **) are allowed; nothing is ever
passed to eval. A column name that is not a Python identifier is written in backticks:
`` `final grade` < 10 ``. A missing value compares as false.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qinfo.riskmodel.dataset import DatasetError

_BACKTICK = re.compile(r"`([^`]+)`")
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


class ExprError(DatasetError):
    """An expression that cannot be parsed or evaluated on this table."""


@dataclass(frozen=True)
class Expression:
    text: str
    tree: ast.Expression
    names: dict[str, str]  # the identifier in the tree -> the column name

    @property
    def columns(self) -> frozenset[str]:
        """The column names the expression uses."""
        return frozenset(self.names.values())

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """True for every row the expression marks (a boolean Series on frame's index)."""
        unknown = sorted(c for c in self.columns if c not in frame.columns)
        if unknown:
            hints = [
                m for c in unknown for m in difflib.get_close_matches(c, map(str, frame.columns), 1)
            ]
            hint_en = f" (did you mean {', '.join(hints)}?)" if hints else ""
            hint_th = f" (หมายถึง {', '.join(hints)} หรือไม่?)" if hints else ""
            quote_en = " Text values need quotes: Target == 'Dropout'."
            raise ExprError(
                f"นิพจน์ {self.text!r} อ้างถึงคอลัมน์ที่ไม่มี: {', '.join(unknown)}{hint_th}"
                " ค่าที่เป็นข้อความต้องอยู่ในเครื่องหมายคำพูด เช่น Target == 'Dropout'",
                f"expression {self.text!r} names no such column: {', '.join(unknown)}{hint_en}."
                + quote_en,
            )
        try:
            with np.errstate(all="ignore"):
                value = _Evaluator(frame, self.names).run(self.tree.body)
        except TypeError as exc:
            raise ExprError(
                f"คำนวณนิพจน์ {self.text!r} ไม่ได้ (ชนิดข้อมูลไม่เข้ากัน เช่น เทียบข้อความกับตัวเลข): {exc}",
                f"cannot evaluate {self.text!r} (mismatched types, e.g. text compared with a "
                f"number): {exc}",
            ) from exc
        if not isinstance(value, pd.Series):
            raise ExprError(
                f"นิพจน์ {self.text!r} ไม่ขึ้นกับคอลัมน์ใดเลย",
                f"expression {self.text!r} does not depend on any column",
            )
        if not pd.api.types.is_bool_dtype(value):
            raise ExprError(
                f"นิพจน์ {self.text!r} ต้องเป็นเงื่อนไข (จริง/เท็จ) เช่น G3 < 10",
                f"expression {self.text!r} must be a condition (true/false), e.g. G3 < 10",
            )
        return value.fillna(False).astype(bool)


def parse(text: str) -> Expression:
    """Parse and check `text`; ExprError (Thai + English) if it is not an allowed condition."""
    names: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        key = f"__column_{len(names)}__"
        names[key] = match.group(1)
        return key

    source = _BACKTICK.sub(placeholder, text.strip())
    if not source:
        raise ExprError("นิพจน์ว่างเปล่า", "the expression is empty")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = f" (ตำแหน่ง {exc.offset})" if exc.offset else ""
        where_en = f" (at character {exc.offset})" if exc.offset else ""
        raise ExprError(
            f"นิพจน์ {text!r} เขียนไม่ถูกไวยากรณ์{where} ตัวอย่างที่ถูก: G3 < 10 and absences > 5",
            f"expression {text!r} is not valid syntax{where_en}; for example: "
            "G3 < 10 and absences > 5",
        ) from exc
    for node in ast.walk(tree):
        _check(node, text)
        if isinstance(node, ast.Name) and node.id not in names:
            names[node.id] = node.id
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return Expression(text, tree, {k: v for k, v in names.items() if k in used})


_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.In,
    ast.NotIn,
    ast.BinOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    *_COMPARE,
    *_ARITHMETIC,
)


def _check(node: ast.AST, text: str) -> None:
    allowed = isinstance(node, _ALLOWED)
    if isinstance(node, ast.Constant):
        allowed = isinstance(node.value, int | float | str | bool)
    if isinstance(node, ast.List | ast.Tuple):
        allowed = all(isinstance(e, ast.Constant) for e in node.elts)
    if not allowed:
        kind = type(node).__name__
        raise ExprError(
            f"นิพจน์ {text!r} ใช้สิ่งที่ไม่อนุญาต ({kind}): ใช้ได้เฉพาะชื่อคอลัมน์ ค่าคงที่ "
            "การเปรียบเทียบ and/or/not และเลขคณิต",
            f"expression {text!r} uses something not allowed ({kind}): only column names, "
            "constants, comparisons, and/or/not and arithmetic",
        )


class _Evaluator:
    def __init__(self, frame: pd.DataFrame, names: dict[str, str]) -> None:
        self.frame = frame
        self.names = names

    def run(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            return self.frame[self.names[node.id]]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.List | ast.Tuple):
            return [self.run(e) for e in node.elts]
        if isinstance(node, ast.BinOp):
            return _ARITHMETIC[type(node.op)](self.run(node.left), self.run(node.right))
        if isinstance(node, ast.UnaryOp):
            operand = self.run(node.operand)
            if isinstance(node.op, ast.Not):
                return ~_truth(operand) if isinstance(operand, pd.Series) else not operand
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.BoolOp):
            values = [_truth(self.run(v)) for v in node.values]
            combined = values[0]
            for value in values[1:]:
                combined = (
                    (combined & value) if isinstance(node.op, ast.And) else (combined | value)
                )
            return combined
        assert isinstance(node, ast.Compare)
        left = self.run(node.left)
        result: Any = True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.run(right_node)
            result = result & _compare(op, left, right)
            left = right
        return result


def _truth(value: Any) -> Any:
    if isinstance(value, pd.Series) and not pd.api.types.is_bool_dtype(value):
        return value.fillna(0).astype(bool)
    return value


def _compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    if isinstance(op, ast.In | ast.NotIn):
        if not isinstance(left, pd.Series) or not isinstance(right, list):
            raise TypeError("`in` needs a column on the left and a list of values on the right")
        member = left.isin(right)
        return member if isinstance(op, ast.In) else ~member & left.notna()
    result = _COMPARE[type(op)](left, right)
    if isinstance(result, pd.Series):
        # NaN compares false for every operator, != included.
        for side in (left, right):
            if isinstance(side, pd.Series):
                result = result & side.notna()
    return result
