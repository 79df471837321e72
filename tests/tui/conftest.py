"""Fixtures for Pilot and snapshot tests: no blinking cursors, no animation, fixed data."""

from __future__ import annotations

from collections.abc import Callable

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
