"""The charts drawn by plotext and Textual's Sparkline: what each mark means, and the theme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget

from craftlog.core.flags import WeekOutput
from craftlog.core.weeks import IsoWeek
from craftlog.tui.app import CraftlogApp
from craftlog.tui.widgets.streak_chart import WEEKS, StreakChart, caption_for, spread
from craftlog.tui.widgets.trend_chart import MARK, NOT_TAKEN, TAKEN_ONCE, TrendChart
from craftlog.tui.widgets.week_chart import BARS, CURSOR, EMPTY, LEARNED, WeekChart
from tests.tui.driving import settle

MONDAY = date(2026, 9, 7)
COMMITS = [3, 5, 2, 8, 4, 6]
FLAGGED = {1, 3}
LEARNT = {0, 2, 5}


def sample_weeks() -> list[WeekOutput]:
    return [
        WeekOutput(
            IsoWeek.of(MONDAY + timedelta(weeks=n)),
            commits=count,
            entries=int(n in LEARNT),
            flagged=n in FLAGGED,
        )
        for n, count in enumerate(COMMITS)
    ]


class Host(App[None]):
    def __init__(self, chart: Widget) -> None:
        super().__init__()
        self.chart = chart
        self.clicked: list[int] = []

    def compose(self) -> ComposeResult:
        yield self.chart

    def on_week_chart_week_clicked(self, event: WeekChart.WeekClicked) -> None:
        self.clicked.append(event.index)


def colour_grid(text: Text) -> list[list[tuple[str, object]]]:
    """Each line of a rendered chart as (character, foreground colour) per column."""
    grid = []
    for line in text.split("\n"):
        colours: list[object] = [None] * len(line.plain)
        for span in line.spans:
            colour = getattr(span.style, "color", None)
            for at in range(span.start, min(span.end, len(colours))):
                colours[at] = colour.get_truecolor() if colour else None
        grid.append(list(zip(line.plain, colours, strict=True)))
    return grid


def week_column(chart: WeekChart, index: int) -> int:
    column = chart.bar_column(index)
    assert column is not None, f"week {index} is drawn"
    return column


def half_rows(lines: list[str], column: int) -> int:
    """How many half rows of bar stand in this column, counted up from the row above the axis."""
    axis = next(n for n, line in enumerate(lines) if "└" in line)
    count = 0
    for line in reversed(lines[:axis]):
        ch = line[column]
        if ch not in BARS:
            break
        count += 1 if ch in "▄▗▖" else 2
        if ch in "▄▗▖":
            break
    return count


async def test_the_week_chart_marks_flags_learning_and_the_chosen_week() -> None:
    chart = WeekChart()
    app = Host(chart)
    async with app.run_test(size=(60, 12)) as pilot:
        chart.styles.height = 12
        chart.show(sample_weeks())
        chart.cursor = 4
        await pilot.pause()
        text = chart.render()
        assert isinstance(text, Text)
        grid = colour_grid(text)
        colours = chart.colours()
        marks = next(row for row in grid if any(ch in (LEARNED, CURSOR) for ch, _ in row))
        for index in range(len(COMMITS)):
            column = week_column(chart, index)
            bar = {c for row in grid for ch, c in row[column : column + 1] if ch in BARS}
            expected = "cursor" if index == 4 else "flagged" if index in FLAGGED else "bar"
            assert bar == {colours[expected]}, f"week {index}"
            mark = marks[column - 1 : column + 2]
            if index == 4:
                assert (CURSOR, colours["cursor"]) in mark
            elif index in LEARNT:
                assert (LEARNED, colours["learned"]) in mark
            else:
                assert all(ch == " " for ch, _ in mark), f"week {index} has no learning"
        assert len({colours["bar"], colours["flagged"], colours["cursor"]}) == 3
        # The chosen week is labelled under the axis, between the first and the last.
        labels = text.plain.splitlines()[-1]
        assert sample_weeks()[4].week.label in labels


async def test_bars_stand_on_the_zero_axis_in_proportion() -> None:
    chart = WeekChart()
    weeks = [
        WeekOutput(IsoWeek.of(MONDAY + timedelta(weeks=n)), commits=c, entries=1, flagged=False)
        for n, c in enumerate([12, 4, 0, 1, 6])
    ]
    async with Host(chart).run_test(size=(60, 14)) as pilot:
        chart.styles.height = 11  # eight rows of bars: sixteen half rows for the peak
        chart.show(weeks)
        chart.cursor = 1
        await pilot.pause()
        lines = chart.render().plain.splitlines()  # type: ignore[union-attr]
        axis = next(n for n, line in enumerate(lines) if "└" in line)
        heights = [half_rows(lines, week_column(chart, i)) for i in range(len(weeks))]
        # Twelve commits stand three times as tall as four, to the half row.
        assert heights[0] == 16 and abs(heights[0] - 3 * heights[1]) <= 1, heights
        assert heights[2] == 0 and heights[3] == 1 and heights[4] == 8, heights
        # Nothing drawn below the axis but the marks row: the chosen week keeps to the baseline.
        assert not any(ch in BARS for line in lines[axis:] for ch in line)
        # The ticks read 0 on the axis itself and the peak on the top row.
        assert lines[axis].lstrip().startswith("0└") and lines[0].lstrip().startswith("12┤")
        # The learning marks have their own row, right under the axis.
        assert lines[axis + 1][week_column(chart, 0)] == LEARNED
        assert lines[axis + 1][week_column(chart, 1)] == CURSOR


async def test_a_click_on_a_bar_chooses_its_week() -> None:
    chart = WeekChart()
    app = Host(chart)
    async with app.run_test(size=(60, 12)) as pilot:
        chart.styles.height = 12
        chart.show(sample_weeks())
        await pilot.pause()
        text = chart.render()
        assert isinstance(text, Text)
        for index in (0, 3, 5):
            await pilot.click(WeekChart, offset=(week_column(chart, index), 3))
            await pilot.pause()
        assert app.clicked == [0, 3, 5]


async def test_a_week_chart_without_weeks_says_so() -> None:
    chart = WeekChart()
    async with Host(chart).run_test(size=(60, 12)) as pilot:
        chart.show([])
        await pilot.pause()
        assert str(chart.render()) == EMPTY


async def test_the_charts_take_their_colours_from_the_theme() -> None:
    week, trend = WeekChart(), TrendChart([("Aug 03", 4), ("Sep 07", 6)], maximum=10)

    class Both(App[None]):
        def compose(self) -> ComposeResult:
            yield week
            yield trend

    app = Both()
    async with app.run_test(size=(60, 24)) as pilot:
        app.theme = "textual-dark"
        week.show(sample_weeks())
        await pilot.pause()
        dark = week.colours(), trend.colours()
        dark_text = colour_grid(week.render())  # type: ignore[arg-type]
        app.theme = "textual-light"
        await pilot.pause()
        light = week.colours(), trend.colours()
        # The two themes share their error colour, so only some of the colours move.
        assert dark[0]["bar"] != light[0]["bar"] and dark[1] != light[1]
        assert colour_grid(week.render()) != dark_text  # type: ignore[arg-type]


async def test_the_trend_runs_oldest_to_newest_on_the_full_scale() -> None:
    points = [("Aug 03", 2), ("Sep 07", 9), ("Oct 01", 0)]
    chart = TrendChart(points, maximum=10, higher_is_better=True)
    async with Host(chart).run_test(size=(60, 12)) as pilot:
        chart.styles.height = 10
        await pilot.pause()
        text = chart.render()
        assert isinstance(text, Text)
        lines = text.plain.splitlines()
        labels = lines[-1]
        assert labels.index("Aug 03") < labels.index("Sep 07") < labels.index("Oct 01")
        assert lines[0].lstrip().startswith("10") and any(
            ln.lstrip().startswith("0") for ln in lines
        )
        assert chart.changes() == ["level", "better", "worse"]
        chart.set_points(points, higher_is_better=False)
        assert chart.changes() == ["level", "worse", "better"]


async def test_the_trend_line_runs_through_its_points() -> None:
    chart = TrendChart([("Aug 03", 5), ("Sep 07", 5), ("Oct 01", 5)], maximum=7)
    async with Host(chart).run_test(size=(60, 14)) as pilot:
        chart.styles.height = 11
        await pilot.pause()
        lines = chart.render().plain.splitlines()  # type: ignore[union-attr]
        points = [(r, c) for r, line in enumerate(lines) for c, ch in enumerate(line) if ch == MARK]
        assert len(points) == 3 and len({r for r, _ in points}) == 1, points
        row = points[0][0]
        # A level trend is one straight run of braille on the points' own row, end to end.
        line_rows = {r for r, line in enumerate(lines) for ch in line if "\u2801" <= ch <= "\u28ff"}
        assert line_rows == {row}, (line_rows, row)
        first, last = points[0][1], points[-1][1]
        run = lines[row][first : last + 1]
        assert all(ch == MARK or "\u2801" <= ch <= "\u28ff" for ch in run), run
        # Each point stands over its date's tick on the x axis.
        axis = next(line for line in lines if "└" in line)
        assert [c for _, c in points] == [c for c, ch in enumerate(axis) if ch == "┬"]


async def test_a_trend_with_few_results_explains_instead_of_plotting() -> None:
    chart = TrendChart([], maximum=7)
    async with Host(chart).run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert str(chart.render()) == NOT_TAKEN
        chart.set_points([("Aug 03", 4)])
        await pilot.pause()
        shown = str(chart.render())
        assert "4 of 7 on Aug 03" in shown and TAKEN_ONCE in shown


def test_each_week_of_the_streak_is_a_bar_two_columns_wide() -> None:
    assert spread([0, 2, 1]) == [0.0, 0.0, 2.0, 2.0, 1.0, 1.0]


async def test_the_home_streak_panel_charts_entries_per_week(
    make_app: Callable[..., CraftlogApp], services
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StreakChart)
        board = services.dashboard()
        assert len(panel.counts) == WEEKS
        assert panel.counts[-1] == board.log.entries_this_week
        assert board.log.logged_this_week and board.log.streak_weeks > 0, "the seed logs weekly"
        # The streak is the run of weeks with entries at the chart's right-hand end.
        assert all(panel.counts[-min(board.log.streak_weeks, WEEKS) :])
        sparkline = panel.query_one("#streak-sparkline")
        assert sparkline.display and list(sparkline.data) == spread(panel.counts)  # type: ignore[attr-defined]
        # A caption under the bars says what they count.
        caption = panel.query_one("#streak-caption")
        assert caption.display and str(caption.render()) == caption_for(WEEKS)  # type: ignore[attr-defined]
        assert "entries a week" in caption_for(WEEKS) and str(WEEKS) in caption_for(WEEKS)
