"""Snapshot tests: each screen and state, seeded data, fixed clock, at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date

from craftlog.core.entries import make_draft
from tests.tui.driving import keys, settle


def test_home_with_entries(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


def test_home_dashboard_with_everything(snap_compare, make_app, services, size) -> None:
    from tests.seed_self import seed_self

    seed_self(services)
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


def test_home_first_launch(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=settle)


def test_home_when_the_log_is_silent(snap_compare, make_app, services, size) -> None:
    app = make_app(seeded=False)
    services.entries.add(make_draft("Old insight", day=date(2026, 10, 20)))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_log_screen(snap_compare, make_app, size) -> None:
    async def open_log(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_log)


def test_log_screen_searching(snap_compare, make_app, size) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("slash", *"sqlite")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=search)


def test_editor_new_entry(snap_compare, make_app, size) -> None:
    async def new_entry(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Futex wakeups", "enter", *"why a mutex is cheap uncontended")

    assert snap_compare(make_app(), terminal_size=size, run_before=new_entry)


def test_output_without_repositories(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("o"))


def test_output_weeks(snap_compare, make_app, services, tmp_path, size) -> None:
    from tests.seed_git import seed_git

    seed_git(services, tmp_path)
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("o", "down", "down"))


def test_week_opened_to_its_commits(snap_compare, make_app, services, tmp_path, size) -> None:
    from tests.seed_git import seed_git

    seed_git(services, tmp_path)
    pressed = ("o", "down", "down", "down", "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=keys(*pressed))


def test_repositories_modal(snap_compare, make_app, services, tmp_path, size) -> None:
    from tests.seed_git import seed_git

    seed_git(services, tmp_path)
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("o", "r"))


def test_home_with_flagged_weeks(snap_compare, make_app, services, tmp_path, size) -> None:
    from tests.seed_git import seed_git

    seed_git(services, tmp_path)
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)
