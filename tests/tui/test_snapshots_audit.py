"""Snapshot tests of the monthly audit: due with history, each step, the running clock."""

from __future__ import annotations

from datetime import timedelta

from craftlog.services import Services
from tests.seed_self import seed_open_audit, seed_self
from tests.tui.driving import keys


def test_audit_first_time(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=keys("a"))


def test_audit_due_with_history(snap_compare, make_app, services: Services, size) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    assert snap_compare(app, terminal_size=size, run_before=keys("a", "tab", "down"))


def test_audit_running_over_its_time_box(snap_compare, make_app, services: Services, size) -> None:
    seed_open_audit(services, services.now() - timedelta(minutes=50))
    app = make_app(seeded=False)
    assert snap_compare(app, terminal_size=size, run_before=keys("a"))


def test_audit_step_one_with_ideas(snap_compare, make_app, services: Services, size) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    assert snap_compare(app, terminal_size=size, run_before=keys("a", "s"))


def test_audit_step_three_prepare(snap_compare, make_app, size) -> None:
    steps = keys("a", "s", *"Write an LRU cache", "enter", "4", "enter", "2", "enter", "space")
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=steps)


def test_audit_finish_form(snap_compare, make_app, services: Services, size) -> None:
    seed_open_audit(services, services.now())
    steps = keys("a", "f", "enter", "down", "down", "enter", "tab", "tab", *"dict ordering")
    assert snap_compare(make_app(seeded=False), terminal_size=size, run_before=steps)


def test_audit_choose_gap_to_rebuild(snap_compare, make_app, services: Services, size) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    assert snap_compare(app, terminal_size=size, run_before=keys("a", "g"))
