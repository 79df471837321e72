"""Fixtures for Pilot and snapshot tests: no blinking cursors, no animation, fixed data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from craftlog.services import Services
from craftlog.tui.app import CraftlogApp, build_app
from tests.seed import seed


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors stay solid so every frame is the same."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture
def make_app(services: Services) -> Callable[..., CraftlogApp]:
    """Build the app on the test's services, seeded or empty, without animation."""

    def factory(seeded: bool = True) -> CraftlogApp:
        if seeded:
            seed(services)
        app = build_app(services)
        app.animation_level = "none"
        return app

    return factory


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Every snapshot at the smallest size craftlog supports and at a roomy one."""
    return request.param


@pytest.fixture(autouse=True)
def steady_notes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In snapshot tests a notification stays until the frame is taken, however slow the run.

    The start-up note on what is due is left out: it would sit over every screen's bottom right
    (test_notifications.py checks it).
    """
    if "snapshots" not in request.module.__name__:
        return
    monkeypatch.setattr("craftlog.tui.due_note.board_note", lambda board: None)
    notify = CraftlogApp.notify

    def steady(self: CraftlogApp, message: str, **options: Any) -> None:
        notify(self, message, **{**options, "timeout": 3600})

    monkeypatch.setattr(CraftlogApp, "notify", steady)
