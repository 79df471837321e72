"""The `?` screen: every key of the screen underneath, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from craftlog.tui.keys import SCREEN_KEYS, KeyHelp, screen_keys

# What each group of keys is called, in the order shown.
GROUPS = (
    ("screen", "On this screen"),
    ("widget", "Where the cursor is"),
    ("app", "Everywhere"),
)
# Keys every screen has; listed under "Everywhere" though no craftlog binding carries them.
MOVING = (
    ("tab / shift+tab", "Next / previous part", "Move between the parts of a screen"),
    ("ctrl+p", "Commands", "Find any screen or action by name"),
)


def screen_name(screen: Screen[object]) -> str:
    """The name a person knows the screen by."""
    for _key, mode, label, _help in SCREEN_KEYS:
        if screen.app.current_mode == mode and screen is screen.app.screen_stack[0]:
            return label
    return screen.sub_title or type(screen).__name__.removesuffix("Screen")


class HelpModal(ModalScreen[None]):
    """A list of the keys in effect under it, grouped by where they apply; any key closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark", "close", "Close", tooltip="Back to the screen", id="help-close"
        ),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        self.keys = screen_keys(under)
        self.title_text = screen_name(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys: {self.title_text}", id="help-title", markup=False)
            with VerticalScroll(id="help-rows"):
                for place, heading in GROUPS:
                    items = [item for item in self.keys if item.place == place]
                    if place == "app":
                        items = sorted(items, key=_app_order)
                    if not items:
                        continue
                    yield Label(heading, classes="help-heading")
                    for item in items:
                        yield self._row(item.label, item.description, item.help, item.enabled)
                    if place == "app":
                        for keys, name, help_line in MOVING:
                            yield self._row(keys, name, help_line, True)
            yield Static("escape closes · ctrl+p finds any action by name", id="help-foot")

    def _row(self, keys: str, name: str, help_line: str, enabled: bool) -> Horizontal:
        row = Horizontal(
            Label(keys, classes="help-key", markup=False),
            Label(name, classes="help-name", markup=False),
            Static(help_line, classes="help-line", markup=False),
            classes="help-row" if enabled else "help-row -disabled",
        )
        return row

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Click)
    def _click_outside(self, event: Click) -> None:
        if event.widget is self:  # the dimmed screen around the box
            self.dismiss(None)


def _app_order(item: KeyHelp) -> int:
    """The screens first, in the footer's order, then the other app keys."""
    order = [mode for _key, mode, _label, _help in SCREEN_KEYS]
    return order.index(item.goes_to) if item.goes_to in order else len(order)
