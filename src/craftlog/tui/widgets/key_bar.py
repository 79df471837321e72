"""The bottom line of every screen: its keys, one Static-like line instead of a widget per key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

# The keys that list every binding and every command: always shown, at the right end, so a
# line cut short still says where the rest is.
TAIL_KEYS = ("question_mark", "ctrl+p")
GAP = "  "


@dataclass(frozen=True)
class KeyItem:
    """One key as the bar shows it."""

    key: str
    label: str
    description: str
    enabled: bool


def key_items(screen: Screen[object]) -> list[KeyItem]:
    """The shown keys of the screen's current bindings, one per action, focused widget first.

    The command palette's key comes last: its binding is hidden, as Textual's own footer
    shows it apart from the others.
    """
    seen: set[str] = set()
    items: list[KeyItem] = []
    active = screen.active_bindings
    for _node, binding, enabled, _tooltip in active.values():
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        label = screen.app.get_key_display(binding)
        items.append(KeyItem(binding.key, label, binding.description, enabled))
    palette = active.get(screen.app.COMMAND_PALETTE_BINDING)
    if screen.app.ENABLE_COMMAND_PALETTE and palette is not None:
        label = screen.app.get_key_display(palette.binding)
        items.append(KeyItem(palette.binding.key, label, "Commands", palette.enabled))
    return items


class KeyBar(Widget):
    """The screen's keys on one line; a click on a key presses it.

    Textual's Footer mounts a widget per key and rebuilds them all whenever focus moves, which
    cost a tenth of a second on every screen switch with our screens; this draws one line.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--disabled {
        color: $foreground-disabled;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--disabled"}

    def __init__(self) -> None:
        super().__init__()
        self._items: list[KeyItem] = []

    @property
    def items(self) -> list[KeyItem]:
        """The keys the bar knows of, in the order they are shown when there is room."""
        return list(self._items)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items = key_items(screen)
        if items != self._items:
            self._items = items
            self.refresh()

    def _piece(self, item: KeyItem) -> Content:
        key_style = self.get_visual_style("key-bar--key")
        text = Content.assemble((item.label, key_style), " ", item.description)
        if not item.enabled:
            text = text.stylize(self.get_visual_style("key-bar--disabled"))
        # The key's own name in the click meta: see on_click.
        return text.stylize(Style.from_meta({"key": item.key}))

    def render(self) -> Content:
        width = self.size.width
        help_items = [item for item in self._items if item.key in TAIL_KEYS]
        others = [item for item in self._items if item.key not in TAIL_KEYS]
        tail = [self._piece(item) for item in help_items]
        room = width - 1 - sum(piece.cell_length + len(GAP) for piece in tail)
        shown: list[Content] = []
        for item in others:
            piece = self._piece(item)
            if piece.cell_length + len(GAP) > room:
                break
            shown.append(piece)
            room -= piece.cell_length + len(GAP)
        line = Content(GAP).join(shown)
        if tail:
            line = Content.assemble(line, " " * max(room, len(GAP)), Content(GAP).join(tail))
        return Content.assemble(" ", line)

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("key") if event.style else None
        if isinstance(key, str):
            event.stop()
            self.app.simulate_key(key)
