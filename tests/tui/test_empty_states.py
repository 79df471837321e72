"""Empty states: on a first launch every screen says what it is for and the one key to press.

Each screen is opened from an empty home at 80x24; its empty state must name its purpose and its
key, and sit whole on the screen above the key bar (nothing cut off). A log search with no match,
a week with no commits and a quiz with nothing due say so too, and the lists come back with data.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widget import Widget
from textual.widgets import Static

from craftlog.core.flags import WeekOutput
from craftlog.core.reviews import CardPhase, CardState, Rating, Review, ReviewMode
from craftlog.core.weeks import IsoWeek
from craftlog.services import Services
from craftlog.tui.app import CraftlogApp
from craftlog.tui.screens.week_screen import WeekScreen
from craftlog.tui.widgets.key_bar import KeyBar
from tests.tui.driving import settle

SIZE = (80, 24)

# screen -> (keys from home, the empty state's widget, words naming its purpose, its one step)
FIRST_LAUNCH: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "home": ((), "#empty-home", "write down one thing you understand", "Press n"),
    "log": (("l",), "#log-empty", "one thing you understand now", "Press n"),
    "output": (("o",), "#output-note", "puts your commits next to your log", "Press r"),
    "audit": (("a",), "#audit-now", "without any AI help", "Press s"),
    "checks": (("c",), "#checks-note", "self-assessments", "Press 1, 2 or 3"),
    "quiz": (("q",), "#quiz-counts", "becomes a card", "Press n"),
    "usage": (("u",), "#usage-note", "Each call the quiz makes to Claude", "Press q, then e"),
    "trash": (("t",), "#trash-empty", "Entries you delete from the log", "Press l"),
}


def text_of(app: CraftlogApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def whole_on_screen(app: CraftlogApp, widget: Widget) -> bool:
    """Whether the widget is shown in full above the key bar, not clipped or scrolled away."""
    bar = app.screen.query_one(KeyBar).region
    region = widget.region
    return bool(widget.display) and region.height > 0 and region.y >= 0 and region.bottom <= bar.y


async def open_from_home(app: CraftlogApp, pilot: object, keys: tuple[str, ...]) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
        await settle(pilot)


@pytest.mark.parametrize("screen", sorted(FIRST_LAUNCH))
async def test_first_launch_says_what_each_screen_is_for_and_the_key(make_app, screen: str) -> None:
    keys, selector, purpose, step = FIRST_LAUNCH[screen]
    app = make_app(seeded=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_home(app, pilot, keys)
        words = text_of(app, selector)
        assert purpose in words
        assert step in words
        assert whole_on_screen(app, app.screen.query_one(selector)), app.screen.query_one(
            selector
        ).region


async def test_the_log_and_trash_show_their_lists_once_there_are_entries(make_app) -> None:
    app = make_app()  # seeded, nothing in the trash
    async with app.run_test(size=SIZE) as pilot:
        await open_from_home(app, pilot, ("l",))
        assert not app.screen.query_one("#log-empty").display
        assert app.screen.query_one("#entries").display
        await pilot.press("d")  # one entry to the trash
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not app.screen.query_one("#trash-empty").display
        assert app.screen.query_one("#trashed").display


async def test_a_search_with_no_match_says_so_and_escape_clears_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_from_home(app, pilot, ("l",))
        await pilot.press("slash", *"zebra")
        await settle(pilot)
        words = text_of(app, "#log-empty")
        assert "Nothing matches" in words and "Press escape" in words
        assert whole_on_screen(app, app.screen.query_one("#log-empty"))
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one("#log-empty").display
        assert app.screen.query_one("#entries").display
        assert app.focused is app.screen.query_one("#entries")


async def test_a_week_without_commits_says_so_and_how_to_go_back(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        week = WeekOutput(IsoWeek.of(services.today()))
        await app.push_screen(WeekScreen(week))
        await settle(pilot)
        words = text_of(app, "#week-hint")
        assert "No commits of yours this week" in words
        assert "explained" in words and "Press escape" in words
        assert not app.screen.query_one("#commits-table").display
        assert whole_on_screen(app, app.screen.query_one("#week-hint"))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WeekScreen)


async def test_a_quiz_with_entries_but_nothing_due_says_when_and_what_is_open(
    make_app, services: Services
) -> None:
    app = make_app()  # seeded: give every entry a card reviewed today, due in a week
    now = services.now()
    for entry in services.entries.all():
        due = now + timedelta(days=7)
        card = CardState(entry.id, due, CardPhase.REVIEW, None, 4.0, 5.0, now, 1)
        services.reviews.record(Review(entry.id, now, Rating.GOOD, ReviewMode.OFFLINE, ""), card)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_home(app, pilot, ("q",))
        words = text_of(app, "#quiz-counts")
        assert "Nothing is due now" in words
        assert "The next review is in 7 days" in words
        assert "topic quiz (p)" in words
        assert whole_on_screen(app, app.screen.query_one("#quiz-counts"))
