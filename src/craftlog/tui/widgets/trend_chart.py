"""A small bar chart of scores over time: each bar with its value on top and its date under it."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

# Eighths of a cell, so a bar's height reads finer than whole rows.
BLOCKS = " ▁▂▃▄▅▆▇█"
SLOT = 7  # the fewest columns per result: a six-column date label such as "Aug 03", a gap
WIDEST = 10  # the most, when few results share the width
NOT_TAKEN = "Not taken yet."
TAKEN_ONCE = "Taken once so far: the trend starts with the second result."


def bar_cells(value: int, maximum: int, rows: int) -> list[int]:
    """Eighths filled in each row, top row first, for a bar scaled so `maximum` fills `rows`."""
    if maximum <= 0 or value <= 0:
        return [0] * rows
    # Any score above zero shows at least a sliver, so "a little" never reads as "none".
    eighths = min(max(1, round(value / maximum * rows * 8)), rows * 8)
    return [min(max(eighths - (rows - 1 - row) * 8, 0), 8) for row in range(rows)]


def change_of(previous: int | None, value: int, higher_is_better: bool) -> str:
    """How a result compares with the one before it: "better", "worse" or "level"."""
    if previous is None or value == previous:
        return "level"
    return "better" if (value > previous) == higher_is_better else "worse"


class TrendChart(Widget, can_focus=False):
    """Scores as bars, oldest on the left; each bar coloured by its change from the one before."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "trend-chart--better",
        "trend-chart--worse",
        "trend-chart--level",
        "trend-chart--value",
        "trend-chart--label",
        "trend-chart--note",
    }
    DEFAULT_CSS = """
    TrendChart { height: 8; }
    """

    def __init__(
        self,
        points: Sequence[tuple[str, int]] = (),
        maximum: int = 1,
        higher_is_better: bool = True,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._points: list[tuple[str, int]] = list(points)
        self._maximum = maximum
        self._higher_is_better = higher_is_better

    @property
    def points(self) -> list[tuple[str, int]]:
        """The results drawn, oldest first, as (label, value)."""
        return list(self._points)

    def set_points(
        self,
        points: Sequence[tuple[str, int]],
        maximum: int | None = None,
        higher_is_better: bool | None = None,
    ) -> None:
        """Draw these results, oldest first; the scale and direction stay unless given."""
        self._points = list(points)
        if maximum is not None:
            self._maximum = maximum
        if higher_is_better is not None:
            self._higher_is_better = higher_is_better
        self.refresh()

    def slot(self, width: int) -> int:
        """Columns per result: wider bars when few results fill the width."""
        return min(max(width // max(len(self._points), 1), SLOT), WIDEST)

    def visible(self, width: int) -> range:
        """The indexes of the latest results that fit in `width` columns."""
        slots = max(width // self.slot(width), 1)
        return range(max(len(self._points) - slots, 0), len(self._points))

    def render(self) -> Text:
        style = self.get_component_rich_style
        if not self._points:
            return Text(NOT_TAKEN, style("trend-chart--note"), no_wrap=True, overflow="crop")
        rows = max(self.size.height - 2, 1)  # a row above for the tallest value, one for dates
        width = self.size.width
        shown, slot = self.visible(width), self.slot(width)
        bar = slot - 3
        columns = [bar_cells(self._points[i][1], self._maximum, rows) for i in shown]
        # The value sits just above its bar's top; a bar of nothing has it on the baseline.
        value_line = [
            next((r for r, eighths in enumerate(cells) if eighths), rows) for cells in columns
        ]
        note = self._note_lines(rows + 1, slot)
        text = Text(no_wrap=True, overflow="crop", end="")
        for line in range(rows + 1):
            for at, index in enumerate(shown):
                value = self._points[index][1]
                if line == value_line[at]:
                    text.append(str(value).center(slot - 1), style("trend-chart--value"))
                elif line > 0 and columns[at][line - 1]:
                    blocks = BLOCKS[columns[at][line - 1]] * bar
                    text.append(" ")
                    text.append(blocks, style(f"trend-chart--{self._change(index)}"))
                    text.append(" ")
                else:
                    text.append(" " * (slot - 1))
                text.append(" ")
            if note.get(line):
                text.append(" " + note[line], style("trend-chart--note"))
            text.append("\n")
        for index in shown:
            label = self._points[index][0][: slot - 1]
            text.append(label.center(slot - 1) + " ", style("trend-chart--label"))
        return text

    def _change(self, index: int) -> str:
        previous = self._points[index - 1][1] if index else None
        return change_of(previous, self._points[index][1], self._higher_is_better)

    def _note_lines(self, height: int, slot: int) -> dict[int, str]:
        """With one result, the explanation beside its bar, centred on the chart's height."""
        if len(self._points) != 1:
            return {}
        width = max(self.size.width - slot - 2, 12)
        lines = textwrap.wrap(TAKEN_ONCE, width)
        top = max((height - len(lines)) // 2, 0)
        return {top + n: line for n, line in enumerate(lines)}
