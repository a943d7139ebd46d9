"""Imports every indicator module, so that `registry.INDICATORS` holds the whole set in display
order. Each owner of a `defs_*.py` adds one import line here. The order of the lines is the
display order of the indicators, so the imports are deliberately not sorted."""
# ruff: noqa: I001

from qinfo.indicators import defs_core  # noqa: F401
from qinfo.indicators import defs_dashboard  # noqa: F401
from qinfo.indicators import defs_quality  # noqa: F401
from qinfo.indicators import defs_efficiency  # noqa: F401
from qinfo.indicators import defs_completeness  # noqa: F401
from qinfo.indicators.registry import INDICATORS

__all__ = ["INDICATORS"]
