"""Snapshot tests of the self-checks: first launch, with history, mid-way, and a tier result."""

from __future__ import annotations

from contextlib import suppress

from textual.worker import WorkerCancelled

from tests.seed_self import seed_self

SIZE = (100, 32)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        # The first switch to a mode resumes its screen twice; the second load replaces the first.
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _press(*keys: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def test_checks_first_launch(snap_compare, make_app) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=SIZE, run_before=_press("c"))


def test_checks_with_history(snap_compare, make_app, services) -> None:
    seed_self(services)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_press("c"))


def test_checks_tier_history_selected(snap_compare, make_app, services) -> None:
    seed_self(services)
    keys = ("c", "down", "down")
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_press(*keys))


def test_symptom_list_mid_way(snap_compare, make_app) -> None:
    keys = ("c", "enter", "enter", "y", "n", "y")
    assert snap_compare(make_app(seeded=False), terminal_size=SIZE, run_before=_press(*keys))


def test_quick_check_review(snap_compare, make_app) -> None:
    keys = ("c", "2", "enter", "c", "u", "c", "u", "u", "up", "up")
    assert snap_compare(make_app(seeded=False), terminal_size=SIZE, run_before=_press(*keys))


def test_tier_result_with_next_steps(snap_compare, make_app, services) -> None:
    seed_self(services)
    answers = ("y", "n", "n", "y", "n", "n", "y", "n", "n", "n")
    keys = ("c", "3", "enter", *answers, "enter")
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_press(*keys))


def test_offered_back_after_leaving(snap_compare, make_app) -> None:
    keys = ("c", "enter", "enter", "y", "y", "n", "y", "escape", "enter")

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await _press(*keys)(pilot)
        pilot.app.clear_notifications()  # the "kept" toast would time out at a random frame
        await settle(pilot)

    assert snap_compare(make_app(seeded=False), terminal_size=SIZE, run_before=run)


def test_quick_check_review_narrow(snap_compare, make_app) -> None:
    keys = ("c", "3", "enter", *"ynynynynyn")
    assert snap_compare(make_app(seeded=False), terminal_size=(80, 24), run_before=_press(*keys))
