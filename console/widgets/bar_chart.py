"""A column chart in text cells (eighth-block characters): calls per hour on the summary (F7).

Small enough to render by hand: a plotting library would cost more to import than the chart
costs to draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"


def bar_lines(values: Sequence[int], labels: Sequence[str], *, height: int = 6,
              width: int = 3) -> list[str]:
    """The chart as text lines: the peak value on top, `height` rows of bars, the labels."""
    if len(values) != len(labels):
        raise ValueError("one label per value")
    peak = max([*values, 0])
    rows = []
    for row in range(height, 0, -1):
        line = []
        for value in values:
            eighths = round(value * height * 8 / peak) if peak else 0
            fill = min(max(eighths - (row - 1) * 8, 0), 8)
            line.append((BLOCKS[fill] * (width - 1)).ljust(width))
        rows.append("".join(line).rstrip())
    counts = "".join(str(v).rjust(width - 1).ljust(width) if v else " " * width for v in values)
    axis = "".join(label[: width - 1].ljust(width) for label in labels)
    return [counts.rstrip(), *rows, axis.rstrip()]


class BarChart(Static):
    """Shows `bar_lines` of the values it is given (client text never goes through markup)."""

    def show(self, values: Sequence[int], labels: Sequence[str], *, height: int = 6) -> None:
        self.update(Text("\n".join(bar_lines(values, labels, height=height))))
