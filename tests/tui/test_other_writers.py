"""Two writers, app side: what another process writes shows in the running app, no restart.

The other writer is a second `Services` on the same files: its own database connections, as
`craftlog log` in another shell would have. The app notices through `PRAGMA data_version`,
polled every WATCH_SECONDS (shortened here), reloads the screen in front at once, and reloads a
screen left behind when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from textual.widgets import OptionList, Static

import craftlog.tui.app as app_module
from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from craftlog.tui.app import CraftlogApp
from craftlog.tui.screens.home_screen import HomeScreen
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.trash_screen import TrashScreen
from tests.conftest import fixed_clock
from tests.tui.driving import settle

TODAY = date(2026, 11, 18)


@pytest.fixture
def other(paths: Paths, services: Services) -> Iterator[Services]:
    """Another writer on the same home, opened after the app's own services."""
    opened = open_services(paths, now=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.1)


def listed(app: CraftlogApp) -> list[str]:
    """Every line of the log or trash list as shown."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def panel(app: CraftlogApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def until(pilot, seen: Callable[[], bool], polls: int = 60) -> bool:  # type: ignore[no-untyped-def]
    """Wait for a few watch intervals at most, until `seen()` holds."""
    for _ in range(polls):
        await settle(pilot)
        if seen():
            return True
        await pilot.pause(0.1)
    return seen()


async def test_home_shows_an_entry_another_process_wrote(make_app, other: Services) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Logged: 2 entries so far" in panel(app, "#week-panel")
        other.entries.add(make_draft("Written by the other shell", day=TODAY, tags=["shell"]))
        assert await until(
            pilot, lambda: "Written by the other shell" in panel(app, "#recent-panel")
        )
        assert "Logged: 3 entries so far" in panel(app, "#week-panel")
        assert app.is_running


async def test_a_screen_left_behind_shows_the_change_when_shown_again(
    make_app, other: Services
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        before = listed(app)
        victim = next(e for e in other.entries.find() if e.title.startswith("Nagle"))
        await pilot.press("h")  # the log is loaded and left behind
        await settle(pilot)
        other.entries.add(make_draft("Added while the log was hidden", day=TODAY))
        other.entries.trash(victim.id)
        # The screen in front reloads first: that is how we know the app has seen the writes.
        assert await until(pilot, lambda: "Added while the log" in panel(app, "#recent-panel"))
        await pilot.press("l")
        await settle(pilot)
        after = listed(app)
        assert any("Added while the log was hidden" in line for line in after)
        assert not any(line.strip().endswith(victim.title) or "Nagle" in line for line in after)
        assert any("Nagle" in line for line in before)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert any("Nagle" in line for line in listed(app))


async def test_an_entry_edited_elsewhere_is_shown_as_edited(make_app, other: Services) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await settle(pilot)
        target = next(e for e in other.entries.find() if e.title.startswith("Cancellation"))
        draft = make_draft("Cancellation safety, rewritten elsewhere", day=target.day)
        other.entries.update(target.id, draft)
        assert await until(pilot, lambda: any("rewritten elsewhere" in x for x in listed(app)))
        assert not any("tokio::select!" in line for line in listed(app))
