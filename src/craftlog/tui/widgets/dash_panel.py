"""A dashboard panel that can take focus and jumps to its screen on enter or a click."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Static


class DashPanel(Static, can_focus=True):
    """A panel of the dashboard; `action` is what enter or a click runs (an app action)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the screen this panel summarises",
            id="panel-open",
        ),
    ]

    def __init__(self, title: str, key: str, action: str, *, id: str) -> None:
        super().__init__(id=id, classes="panel dash-panel")
        self.border_title = title
        self.border_subtitle = f"{key} · enter"
        self.action = action

    def action_open(self) -> None:
        self.app.call_later(self.app.run_action, self.action)

    def on_click(self) -> None:
        self.action_open()
