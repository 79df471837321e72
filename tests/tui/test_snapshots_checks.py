"""Snapshot tests of the self-checks: first launch, with history, mid-way, and a tier result."""

from __future__ import annotations

from tests.seed_self import seed_self
from tests.tui.driving import keys, settle


def test_checks_first_launch(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("c"))


def test_checks_with_history(snap_compare, make_app, services, size) -> None:
    seed_self(services)
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("c"))


def test_checks_tier_history_selected(snap_compare, make_app, services, size) -> None:
    seed_self(services)
    pressed = ("c", "down", "down")
    assert snap_compare(make_app(), terminal_size=size, run_before=keys(*pressed))


def test_symptom_list_mid_way(snap_compare, make_app, size) -> None:
    pressed = ("c", "enter", "enter", "y", "n", "y")
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys(*pressed))


def test_quick_check_review(snap_compare, make_app, size) -> None:
    pressed = ("c", "2", "enter", "c", "u", "c", "u", "u", "up", "up")
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys(*pressed))


def test_tier_result_with_next_steps(snap_compare, make_app, services, size) -> None:
    seed_self(services)
    answers = ("y", "n", "n", "y", "n", "n", "y", "n", "n", "n")
    pressed = ("c", "3", "enter", *answers, "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=keys(*pressed))


def test_offered_back_after_leaving(snap_compare, make_app, size) -> None:
    pressed = ("c", "enter", "enter", "y", "y", "n", "y", "escape", "enter")

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await keys(*pressed)(pilot)
        pilot.app.clear_notifications()  # the "kept" toast would time out at a random frame
        await settle(pilot)

    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=run)
