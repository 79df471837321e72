"""Commits per week as plotext bars on a true zero, learning marked in a row under the axis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.color import Color
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from craftlog.core.flags import WeekOutput

SLOT = 2  # columns per week at the least: a bar and a gap, so neighbours never merge
LEARNED = "●"
CURSOR = "▲"
EMPTY = "No weeks to draw yet: scan a repository or write an entry."
TITLE = "Commits a week"
LEGEND = (
    "[$secondary]█[/] commits  [$error]█[/] flagged  [$success]●[/] learned  [$primary]▲[/] chosen"
)
BARS = "█▄▀▌▐▗▖▝▘▙▟▛▜"  # the quadrant blocks plotext's "hd" marker draws bars with


def window(count: int, slots: int, cursor: int | None) -> range:
    """The weeks that fit: the latest ones, moved back just enough to show the cursor."""
    end = count
    if cursor is not None and cursor < end - slots:
        end = cursor + slots // 2 + 1
    return range(max(end - slots, 0), min(end, count))


def rgb(color: Color | None) -> tuple[int, int, int] | str:
    """A theme colour as plotext wants it; "default" leaves the widget's own colour."""
    if color is None:
        return "default"
    red, green, blue = color.get_truecolor()
    return (red, green, blue)


def half_rows(commits: int, peak: int, rows: int) -> int:
    """How many half rows a week's bar fills: proportional to the peak, any commit at least one."""
    if commits <= 0 or peak <= 0:
        return 0
    return max(int(commits * 2 * rows / peak + 0.5), 1)


@dataclass(frozen=True)
class Layout:
    """Where the weeks sit: the canvas's first column, the blank before the first slot, the slot."""

    left: int
    offset: int
    slot: int
    shown: range

    def bar(self, spot: int) -> tuple[int, int]:
        """The first and last column of the bar at this spot, counted on the canvas."""
        start = self.offset + spot * self.slot
        width = max(self.slot - 1, 1) if self.slot <= 3 else (self.slot * 2 + 2) // 3
        return start, start + width - 1

    def centre(self, spot: int) -> int:
        """The canvas column under the middle of the bar at this spot."""
        first, last = self.bar(spot)
        return (first + last) // 2


class WeekChart(PlotextPlot, can_focus=False):
    """Bars of commits per week: flagged weeks in the error colour, the chosen week in primary."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "week-chart--bar",
        "week-chart--flagged",
        "week-chart--cursor",
        "week-chart--learned",
    }
    DEFAULT_CSS = """
    WeekChart { height: 9; width: 1fr; }
    WeekChart > .week-chart--bar { color: $secondary; }
    WeekChart > .week-chart--flagged { color: $error; }
    WeekChart > .week-chart--cursor { color: $primary; }
    WeekChart > .week-chart--learned { color: $success; }
    """

    cursor: reactive[int | None] = reactive(None)

    @dataclass
    class WeekClicked(Message):
        """A week's bar was clicked."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Frame and ticks take the widget's own colours, so they follow the app's theme.
        self.theme = "clear"
        self.border_title = TITLE
        self.border_subtitle = LEGEND
        self._weeks: list[WeekOutput] = []
        self._layout: Layout | None = None

    def show(self, weeks: list[WeekOutput]) -> None:
        """Draw these weeks, oldest first."""
        self._weeks = list(weeks)
        self.refresh()

    def _label(self, shown: range) -> str:
        """The peak's tick label, which sets how wide the y axis is."""
        return str(max((self._weeks[i].commits for i in shown), default=0) or "")

    def visible(self) -> range:
        """The indexes of the weeks drawn at the current width."""
        axis = len(self._label(range(len(self._weeks)))) + 1
        slots = max((self.size.width - axis - 1) // SLOT, 1)
        return window(len(self._weeks), slots, self.cursor)

    def colours(self) -> dict[str, tuple[int, int, int] | str]:
        """The plot's colours, read from the theme through the component classes."""
        return {
            name: rgb(self.get_component_rich_style(f"week-chart--{name}").color)
            for name in ("bar", "flagged", "cursor", "learned")
        }

    def render(self) -> RenderResult:
        if not self._weeks or self.size.height < 4:
            self._layout = None
            return Text(EMPTY, no_wrap=True, overflow="ellipsis")
        width, height = self.size.width, self.size.height - 1  # the last row is the marks'
        layout = self._draw(width, height)
        plt = self.plt
        plt.plotsize(width, height)
        plt._set_size(width, height)  # textual-plotext does the same: resizing needs both
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        lines = Text.from_ansi(plt.build()).split("\n", allow_blank=True)[:height]
        self._layout = layout
        # The x axis is the zero line, so its row carries the "0" tick (plotext ticks only rows).
        axis = lines[-2]
        if layout.left >= 2 and axis.plain[layout.left - 1 : layout.left] == "└":
            axis = axis[: layout.left - 2] + Text("0") + axis[layout.left - 1 :]
        return Text("\n").join([*lines[:-2], axis, self._marks(layout), lines[-1]])

    def _draw(self, width: int, height: int) -> Layout:
        """Plot the bars in canvas units, one unit a half row high and a column wide."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        shown = self.visible()
        label = self._label(shown)
        peak = int(label or 0)
        left = len(label) + 1  # the tick labels and the axis line
        columns, rows = max(width - left, 1), max(height - 2, 1)
        slot = max((columns - 1) // max(len(shown), 1), SLOT)
        # A column of air between the axis and the first bar, the rest split either side.
        spare = max(columns - 1 - slot * len(shown), 0)
        layout = Layout(left, 1 + spare // 2, slot, shown)
        colours = self.colours()
        for spot, index in enumerate(shown):
            week = self._weeks[index]
            tall = half_rows(week.commits, peak, rows)
            if tall:
                first, last = layout.bar(spot)
                # plotext's "hd" cells are half a column wide, so a column is two units.
                plt.rectangle(
                    [2 * first, 2 * last + 1],
                    [0, tall - 1],
                    marker="hd",
                    color=colours[self._kind(index, week)],
                    fill=True,
                )
        # A unit maps to a cell exactly when the limits are the canvas's first and last cells.
        plt.xlim(0, 2 * columns - 1)
        plt.ylim(0, 2 * rows - 1)
        plt.xaxes(True, False)
        plt.yaxes(True, False)
        plt.yticks([2 * rows - 1] if peak else [], [label] if peak else [])
        ticks = self._ticks(layout)
        plt.xticks([2 * layout.centre(s) + 0.5 for s in ticks], list(ticks.values()))
        return layout

    def _ticks(self, layout: Layout) -> dict[int, str]:
        """The spots labelled under the axis: the first, the last and the chosen week."""
        shown = layout.shown
        last = len(shown) - 1
        ticks = {0: self._weeks[shown[0]].week.label, last: self._weeks[shown[-1]].week.label}
        if self.cursor not in shown:
            return ticks
        spot = shown.index(self.cursor)
        label = self._weeks[self.cursor].week.label
        room = len(label) + 1
        gap = lambda at: abs(layout.centre(at) - layout.centre(spot))  # noqa: E731
        kept = {at: text for at, text in ticks.items() if gap(at) > room}
        return {**kept, spot: label}

    def _marks(self, layout: Layout) -> Text:
        """The row under the axis: a dot under each week with learning, a caret under the chosen."""
        style = {
            name: self.get_component_rich_style(f"week-chart--{name}")
            for name in ("learned", "cursor")
        }
        row = Text(" " * self.size.width)
        for spot, index in enumerate(layout.shown):
            at = layout.left + layout.centre(spot)
            if at >= self.size.width:
                continue
            if index == self.cursor:
                row = row[:at] + Text(CURSOR, style["cursor"]) + row[at + 1 :]
            elif self._weeks[index].entries:
                row = row[:at] + Text(LEARNED, style["learned"]) + row[at + 1 :]
        return row

    def _kind(self, index: int, week: WeekOutput) -> str:
        if index == self.cursor:
            return "cursor"
        return "flagged" if week.flagged else "bar"

    def week_at(self, x: int) -> int | None:
        """The index of the week drawn at column `x` of the content, if any."""
        layout = self._layout
        if layout is None:
            return None
        spot = (x - layout.left - layout.offset) // layout.slot
        if x < layout.left + layout.offset or spot >= len(layout.shown):
            return None
        return layout.shown[spot]

    def bar_column(self, index: int) -> int | None:
        """The content column under the middle of this week's bar, if it is drawn."""
        layout = self._layout
        if layout is None or index not in layout.shown:
            return None
        return layout.left + layout.centre(layout.shown.index(index))

    def on_click(self, event: events.Click) -> None:
        index = self.week_at(event.x - self.styles.padding.left)
        if index is not None:
            self.post_message(self.WeekClicked(index))
