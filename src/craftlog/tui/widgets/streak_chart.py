"""The streak panel: the streak in words over a captioned Sparkline of entries per recent week."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Sparkline, Static

from craftlog.tui.widgets.dash_panel import DashPanel

WEEKS = 13  # a quarter: long enough to see a streak start, short enough to fit the panel
WIDTH = 2  # columns per week, so each week reads as its own bar


def spread(counts: Sequence[int], width: int = WIDTH) -> list[float]:
    """Each week's count repeated `width` times; the Sparkline draws one value per column."""
    return [float(count) for count in counts for _ in range(width)]


def caption_for(weeks: int) -> str:
    """What the bars are, in words under them."""
    return f"entries a week, last {weeks}"


class StreakChart(DashPanel):
    """The dashboard's streak panel, with a Sparkline of entries per week, oldest on the left."""

    DEFAULT_CSS = """
    StreakChart { layout: vertical; }
    StreakChart > #streak-text { height: auto; }
    StreakChart > Sparkline { height: 2; margin-top: 1; }
    StreakChart > Sparkline > .sparkline--max-color { color: $success; }
    StreakChart > Sparkline > .sparkline--min-color { color: $success 25%; }
    StreakChart > #streak-caption { height: 1; color: $text-muted; }
    """

    def __init__(self, title: str, key: str, action: str, *, id: str) -> None:
        super().__init__(title, key, action, id=id)
        self.counts: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static(id="streak-text")
        yield Sparkline([], id="streak-sparkline")
        yield Static(id="streak-caption")

    def show(self, text: Content, counts: Sequence[int]) -> None:
        """Show the streak in words and the entries of each recent week, oldest first."""
        self.counts = list(counts)
        self.query_one("#streak-text", Static).update(text)
        sparkline = self.query_one(Sparkline)
        caption = self.query_one("#streak-caption", Static)
        sparkline.display = caption.display = any(self.counts)
        caption.update(caption_for(len(self.counts)))
        sparkline.data = spread(self.counts)
        sparkline.styles.width = len(self.counts) * WIDTH
        sparkline.tooltip = f"Entries a week, the last {len(self.counts)} weeks, oldest on the left"
