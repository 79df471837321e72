"""A bar chart of weekly commits with learning marks under it; flagged weeks stand out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from craftlog.core.flags import WeekOutput

# Eighths of a cell, so a bar's height reads finer than whole rows.
BLOCKS = " ▁▂▃▄▅▆▇█"
LEARNED = "●"
NOTHING = "·"
SLOT = 2  # the narrowest a week gets: a one-column bar and a gap
WIDEST = 4  # the widest: a three-column bar and a gap


def bar_cells(value: int, peak: int, rows: int) -> list[int]:
    """Eighths filled in each row, top row first, for a bar scaled so `peak` fills `rows`."""
    if peak <= 0 or value <= 0:
        return [0] * rows
    # A week with any commit shows at least a sliver, so "a little" never reads as "none".
    eighths = max(1, round(value / peak * rows * 8))
    return [min(max(eighths - (rows - 1 - row) * 8, 0), 8) for row in range(rows)]


def window(count: int, slots: int, cursor: int | None) -> range:
    """The weeks that fit: the latest ones, moved back just enough to show the cursor."""
    end = count
    if cursor is not None and cursor < end - slots:
        end = cursor + slots // 2 + 1
    return range(max(end - slots, 0), min(end, count))


class WeekChart(Widget, can_focus=False):
    """Commits per week as bars, a mark for weeks with learning, flagged weeks in warning colour."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "week-chart--bar",
        "week-chart--flagged",
        "week-chart--cursor",
        "week-chart--learned",
        "week-chart--axis",
    }
    DEFAULT_CSS = """
    WeekChart { height: 9; }
    """

    cursor: reactive[int | None] = reactive(None)

    @dataclass
    class WeekClicked(Message):
        """A week's bar was clicked."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._weeks: list[WeekOutput] = []

    def show(self, weeks: list[WeekOutput]) -> None:
        """Draw these weeks, oldest first."""
        self._weeks = list(weeks)
        self.refresh()

    @property
    def slot(self) -> int:
        """Columns per week: wider bars when few weeks fill the width."""
        count = max(len(self._weeks), 1)
        return min(max(self.size.width // count, SLOT), WIDEST)

    def _visible(self) -> range:
        return window(len(self._weeks), max(self.size.width // self.slot, 1), self.cursor)

    def render(self) -> Text:
        rows = max(self.size.height - 3, 1)
        shown = self._visible()
        weeks = [self._weeks[i] for i in shown]
        peak = max((w.commits for w in weeks), default=0)
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop")
        text.append(f"commits per week · peak {peak:,}\n", style("week-chart--axis"))
        columns = [bar_cells(w.commits, peak, rows) for w in weeks]
        slot = self.slot
        width = slot - 1  # each bar, then one column of gap
        for row in range(rows):
            for index, week, cells in zip(shown, weeks, columns, strict=True):
                text.append(BLOCKS[cells[row]] * width, self._style(week, index))
                text.append(" ")
            text.append("\n")
        for index, week in zip(shown, weeks, strict=True):
            mark = LEARNED if week.entries else NOTHING
            if index == self.cursor:
                look = style("week-chart--cursor")
            else:
                look = style("week-chart--learned" if week.entries else "week-chart--axis")
            text.append(mark.center(width), look)
            text.append(" ")
        text.append("\n")
        if weeks:
            first, last = weeks[0].week.label, weeks[-1].week.label
            gap = max(len(weeks) * slot - len(first) - len(last) - 1, 1)
            text.append(f"{first}{' ' * gap}{last}", style("week-chart--axis"))
        return text

    def _style(self, week: WeekOutput, index: int) -> Style:
        if index == self.cursor:
            return self.get_component_rich_style("week-chart--cursor")
        name = "week-chart--flagged" if week.flagged else "week-chart--bar"
        return self.get_component_rich_style(name)

    def on_click(self, event: events.Click) -> None:
        shown = self._visible()
        offset = (event.x - self.styles.padding.left) // self.slot
        if 0 <= offset < len(shown):
            self.post_message(self.WeekClicked(shown[offset]))
