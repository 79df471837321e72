"""Pilot tests of the output screen: weeks, a week's commits, explaining, repositories, scanning."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from craftlog.core.entries import EntryKind
from craftlog.core.sources import ScanOutcome
from craftlog.gitsource import scanner
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.output_screen import OutputScreen
from craftlog.tui.screens.repos_modal import ReposModal
from craftlog.tui.screens.week_screen import WeekScreen
from craftlog.tui.widgets.output_views import NO_REPOS, NOT_SCANNED
from craftlog.tui.widgets.week_chart import WeekChart
from tests.seed_git import seed_git


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def note_of(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#output-note", Static).content)


async def test_without_repositories_it_says_how_to_add_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OutputScreen)
        assert note_of(app) == str(NO_REPOS)
        assert not app.screen.query_one(DataTable).display


async def test_weeks_are_listed_newest_first_with_flags(make_app, services, tmp_path) -> None:
    seed_git(services, tmp_path)
    app = make_app()
    weeks = services.weeks()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(weeks)
        first = table.get_row_at(0)
        assert first[0].plain == weeks[-1].week.label
        flagged = [w for w in weeks if w.flagged]
        assert flagged, "the seeded history has flagged weeks"
        assert f"{sum(w.flagged for w in weeks[-12:])} of the last 12 weeks flagged" in note_of(app)
        # Moving through the table moves the chart's cursor with it.
        await pilot.press("down", "down")
        chart = app.screen.query_one(WeekChart)
        assert chart.cursor == len(weeks) - 3
        detail = str(app.screen.query_one("#week-detail", Static).content)
        assert weeks[-3].week.label in detail and weeks[-3].reason in detail


async def test_a_week_opens_to_its_commits_and_a_commit_becomes_an_explanation(
    make_app, services, tmp_path
) -> None:
    seed_git(services, tmp_path)
    app = make_app()
    target = next(w for w in reversed(services.weeks()) if w.flagged)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(target.week.label))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        commits = services.commits.commits_in(target.week)
        assert app.screen.query_one(DataTable).row_count == len(commits)
        chosen = app.screen.commits[0]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"Why the retry needs jitter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        saved = services.entries.find(services_filter())[0]
        assert saved.kind is EntryKind.EXPLANATION
        assert (saved.commit_repo, saved.commit_sha) == (chosen.repo, chosen.sha)
        assert app.screen.commits[0].explained
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OutputScreen)


def services_filter():  # type: ignore[no-untyped-def]
    from craftlog.store.entries import EntryFilter

    return EntryFilter(search="jitter")


async def test_scan_reads_registered_repositories_and_reports(make_app, services, tmp_path) -> None:
    seed_git(services, tmp_path, scan=False)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert note_of(app) == str(NOT_SCANNED)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OutputScreen) and not screen.scanning
        assert all(s.status is ScanOutcome.OK for s in services.commits.sources())
        assert screen.query_one(DataTable).row_count == len(services.weeks())
        assert any("Scanned 2 repositories" in n.message for n in app._notifications)


async def test_the_app_answers_keys_while_a_slow_scan_runs_and_can_stop_it(
    make_app, services, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_git(services, tmp_path, scan=False)
    started, release = threading.Event(), threading.Event()
    real_read = scanner._read

    def slow_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(timeout=20)  # held here until the test has pressed its keys
        return real_read(*args, **kwargs)

    monkeypatch.setattr(scanner, "_read", slow_read)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("s")
        assert started.wait(timeout=10)
        output = app.screen
        assert isinstance(output, OutputScreen) and output.scanning
        assert output.query_one("#scan-progress").display
        await pilot.press("l")  # the UI answers while the worker is blocked
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("escape")  # stops the scan instead of leaving the screen
        await pilot.pause()
        assert app.screen is output
        release.set()
        await settle(pilot)
        assert not output.scanning
        assert any("Scan stopped" in n.message for n in app._notifications)


async def test_repositories_are_added_refused_and_removed_from_the_app(
    make_app, services, tmp_path
) -> None:
    seed_git(services, tmp_path, scan=False)
    extra = tmp_path / "extra"
    from tests.seed_git import build_repo

    build_repo(extra, [1, 2])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ReposModal)
        assert len(modal.sources) == 2
        field = modal.query_one("#repo-path", Input)
        field.value = str(tmp_path / "no-such-folder")
        await pilot.press("enter")
        await settle(pilot)
        message = str(modal.query_one("#repos-message", Static).content)
        assert "does not exist" in message
        field.value = str(extra)
        await pilot.press("enter")
        await settle(pilot)
        assert "Added" in str(modal.query_one("#repos-message", Static).content)
        assert len(modal.sources) == 3
        modal.query_one(OptionList).focus()
        await pilot.press("home", "d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(services.commits.sources()) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OutputScreen)


def test_paths_under_home_are_shown_with_a_tilde(tmp_path: Path) -> None:
    from craftlog.core.text import short_path

    assert short_path(str(tmp_path / "code" / "x"), str(tmp_path)) == "~/code/x"
    assert short_path("/elsewhere/x", str(tmp_path)) == "/elsewhere/x"
    assert short_path(str(tmp_path) + "-other", str(tmp_path)) == str(tmp_path) + "-other"
