"""What keeps screens quick, held as behaviour: no stylesheet re-parse on a switch, no reload of
unchanged data, long lists in pages, and a key bar that keeps its help keys in view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from craftlog.core.entries import make_draft
from craftlog.services import Services
from craftlog.tui.app import CraftlogApp
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.output_screen import PAGE_WEEKS, OutputScreen
from craftlog.tui.widgets.entry_list import MORE, PAGE_ENTRIES, EntryList
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.week_chart import WeekChart
from tests.seed_git import build_repo
from tests.tui.driving import settle

TODAY = date(2026, 11, 18)


def add_entries(services: Services, count: int) -> None:
    for n in range(count):
        services.entries.add(
            make_draft(f"Lesson {n}\nbody {n}", day=TODAY - timedelta(days=n), tags=["t"])
        )


async def test_switching_modes_never_reparses_the_stylesheet(
    make_app: Callable[..., CraftlogApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reparsed: list[int] = []
        original = Stylesheet.reparse

        def counting(self: Stylesheet) -> None:
            reparsed.append(1)
            original(self)

        monkeypatch.setattr(Stylesheet, "reparse", counting)
        for mode in [*app.MODES, "home", "log", "output"]:
            await app.switch_mode(mode)
            await settle(pilot)
        assert reparsed == []


async def test_a_screen_shown_again_reloads_only_when_its_data_changed(
    make_app: Callable[..., CraftlogApp], services: Services
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("log")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LogScreen)
        loads: list[int] = []
        original = screen.refresh_data

        def counted() -> None:
            loads.append(1)
            original()

        screen.refresh_data = counted  # type: ignore[method-assign]
        await app.switch_mode("home")
        await settle(pilot)
        await app.switch_mode("log")
        await settle(pilot)
        assert loads == []  # nothing changed: the list is shown as it was
        add_entries(services, 1)  # another connection writes, as `craftlog log` would
        await app.switch_mode("home")
        await settle(pilot)
        await app.switch_mode("log")
        await settle(pilot)
        assert loads == [1]
        assert "Lesson 0" in str(screen.query_one(EntryList).get_option_at_index(1).prompt)


async def test_a_long_log_is_listed_a_page_at_a_time(
    make_app: Callable[..., CraftlogApp], services: Services
) -> None:
    add_entries(services, PAGE_ENTRIES + 20)
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("log")
        await settle(pilot)
        listing = app.screen.query_one(EntryList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[-1] == MORE
        assert sum(1 for i in ids if i not in (None, MORE)) == PAGE_ENTRIES
        listing.highlighted = listing.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)  # "more" lists more; it opens no editor
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert MORE not in ids
        assert sum(1 for i in ids if i is not None) == PAGE_ENTRIES + 20
        assert listing.current is not None and listing.current.title == f"Lesson {PAGE_ENTRIES}"


async def test_the_week_table_shows_a_year_then_older_weeks_on_request(
    make_app: Callable[..., CraftlogApp], services: Services, tmp_path: Path
) -> None:
    repo = tmp_path / "old"
    build_repo(repo, [2] + [0] * 119)  # 120 weeks, ending with the seed's week
    services.add_repository(str(repo))
    services.scan()
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("output")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OutputScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == PAGE_WEEKS + 1
        assert "68 older weeks" in str(table.get_row_at(PAGE_WEEKS)[0])
        table.move_cursor(row=PAGE_WEEKS)
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == 2 * PAGE_WEEKS + 1
        assert screen.chosen_week() is not None  # the cursor is on the first week added
        # Choosing the oldest week in the chart lists every week down to it.
        chart = screen.query_one(WeekChart)
        chart.post_message(WeekChart.WeekClicked(0))
        await settle(pilot)
        assert table.row_count == 120
        chosen = screen.chosen_week()
        assert chosen is not None and chosen.commits == 2


@pytest.mark.parametrize("width", [80, 120])
async def test_the_key_bar_keeps_keys_and_commands_in_view(
    make_app: Callable[..., CraftlogApp], width: int
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await app.switch_mode("log")
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        keys_line, screens_line = str(bar.render()).splitlines()
        assert len(keys_line) <= width and len(screens_line) <= width
        assert keys_line.rstrip().endswith("? Keys  ^p Commands")
        assert keys_line.lstrip().startswith("e Edit")  # the focused list's keys come first
        assert "h Home" in screens_line and "t Trash" in screens_line


async def test_clicking_a_key_in_the_bar_presses_it(make_app: Callable[..., CraftlogApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screens_line = str(app.screen.query_one(KeyBar).render()).splitlines()[1]
        await pilot.click(KeyBar, offset=(screens_line.index("l Log") + 1, 1))
        await settle(pilot)
        assert app.current_mode == "log"
