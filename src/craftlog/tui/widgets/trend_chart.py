"""Scores over time as a plotext line, oldest on the left; each point coloured by its change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from craftlog.tui.widgets.week_chart import rgb

NOT_TAKEN = "Not taken yet."
TAKEN_ONCE = "Taken once so far: the trend starts with the second result."
SLOT = 8  # columns per result at the least: a six-column date label such as "Aug 03", a gap
AXIS = 6  # columns plotext gives the y axis
MARK = "●"


def change_of(previous: int | None, value: int, higher_is_better: bool) -> str:
    """How a result compares with the one before it: "better", "worse" or "level"."""
    if previous is None or value == previous:
        return "level"
    return "better" if (value > previous) == higher_is_better else "worse"


class TrendChart(PlotextPlot, can_focus=False):
    """An instrument's scores as a line on its full scale, each point coloured better or worse."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "trend-chart--better",
        "trend-chart--worse",
        "trend-chart--level",
        "trend-chart--line",
        "trend-chart--note",
    }
    DEFAULT_CSS = """
    TrendChart { height: 8; width: 1fr; }
    TrendChart > .trend-chart--better { color: $success; }
    TrendChart > .trend-chart--worse { color: $warning; }
    TrendChart > .trend-chart--level { color: $secondary; }
    TrendChart > .trend-chart--line { color: $foreground-muted; }
    TrendChart > .trend-chart--note { color: $text-muted; }
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
        # Frame and ticks take the widget's own colours, so they follow the app's theme.
        self.theme = "clear"
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

    def visible(self) -> range:
        """The indexes of the latest results whose date labels fit the width."""
        slots = max((self.size.width - AXIS) // SLOT, 2)
        return range(max(len(self._points) - slots, 0), len(self._points))

    def changes(self) -> list[str]:
        """Each result's change from the one before: "better", "worse" or "level"."""
        values = [value for _, value in self._points]
        previous = [None, *values[:-1]]
        return [
            change_of(before, value, self._higher_is_better)
            for before, value in zip(previous, values, strict=True)
        ]

    def colours(self) -> dict[str, tuple[int, int, int] | str]:
        """The plot's colours, read from the theme through the component classes."""
        return {
            name: rgb(self.get_component_rich_style(f"trend-chart--{name}").color)
            for name in ("better", "worse", "level", "line")
        }

    def render(self) -> RenderResult:
        note = self.get_component_rich_style("trend-chart--note")
        if not self._points:
            return Text(NOT_TAKEN, note)
        if len(self._points) == 1:
            label, value = self._points[0]
            first = Text.assemble((f"{value} of {self._maximum}", "bold"), f" on {label}.\n\n")
            return Text.assemble(first, (TAKEN_ONCE, note))
        self._draw()
        return super().render()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        shown = self.visible()
        values = [self._points[i][1] for i in shown]
        colours = self.colours()
        label = str(self._maximum)
        columns = max(self.size.width - len(label) - 1, 2)  # less the tick labels and the axis
        rows = max(self.size.height - 2, 2)  # less the x axis and its labels
        # Each result gets a cell: its slot's middle column, its value's row on the full scale.
        cells = [
            (int((n + 0.5) * columns / len(shown)), round(v / max(self._maximum, 1) * (rows - 1)))
            for n, v in enumerate(values)
        ]
        # The limits are braille dots, two a column and four a row, so a line point lands in
        # the middle of its result's cell; a one-character marker maps a whole cell per step.
        dots_x, dots_y = 2 * columns - 1, 4 * rows - 1
        at_x = lambda cell: cell * dots_x / (columns - 1)  # noqa: E731
        at_y = lambda cell: cell * dots_y / (rows - 1)  # noqa: E731
        plt.plot(
            [2 * x + 0.5 for x, _ in cells],
            [4 * y + 1.5 for _, y in cells],
            color=colours["line"],
            marker="braille",
        )
        changes = self.changes()
        for change in ("level", "better", "worse"):
            spots = [
                (at_x(x), at_y(y))
                for (x, y), i in zip(cells, shown, strict=True)
                if changes[i] == change
            ]
            if spots:
                plt.scatter(*zip(*spots, strict=True), marker=MARK, color=colours[change])
        plt.xaxes(True, False)
        plt.yaxes(True, False)
        plt.xlim(0, dots_x)
        plt.ylim(0, dots_y)
        # The full scale, so a move of one point looks as small as it is.
        plt.yticks([0, at_y(rows - 1)], ["0", label])
        plt.xticks([at_x(x) for x, _ in cells], [self._points[i][0] for i in shown])
