"""The inline SVG charts: every text escaped, every point inside the drawing, values beyond the
axis held at its edge, each series told apart by its marker's shape as well as its colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from qinfo.web.charts import HEIGHT, WIDTH, Axis, Band, Point, Series, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(points: list[Point], name: str = "ส่วนสูง") -> str:
    return str(
        line_chart(
            title="<script>alert(1)</script>",
            series=[Series(name, points), Series("BMI", points[:1])],
            x=Axis(0, 10, [(0, "0"), (10, "10")], "age"),
            y=Axis(-3, 3, [(-2, "-2"), (2, "+2")]),
            bands=[Band(-2, 2, "normal & fine")],
        )
    )


def test_text_is_escaped_and_the_svg_is_well_formed() -> None:
    svg = chart([Point(1, 0, "<b>")], name="a<b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # raises on malformed markup
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    # Two series: a circle for the first, a square (rect) for the second.
    assert root.findall(f"{SVG}circle") and len(root.findall(f"{SVG}rect")) >= 2


@given(
    st.lists(
        st.tuples(st.floats(0, 10), st.floats(-50, 50, allow_nan=False)), min_size=1, max_size=12
    )
)
def test_every_point_lies_inside_the_drawing(values: list[tuple[float, float]]) -> None:
    svg = chart([Point(x, y) for x, y in values])
    root = ET.fromstring(svg)
    for circle in root.findall(f"{SVG}circle"):
        cx, cy = float(circle.get("cx", "nan")), float(circle.get("cy", "nan"))
        assert 0 <= cx <= WIDTH and 0 <= cy <= HEIGHT
    line = root.find(f"{SVG}polyline")
    if len(values) > 1:
        assert line is not None
        coordinates = [float(v) for v in re.split(r"[ ,]", line.get("points", ""))]
        assert all(0 <= v <= max(WIDTH, HEIGHT) for v in coordinates)
