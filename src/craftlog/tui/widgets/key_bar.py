"""The bottom of every screen: its own keys on one line, the screens one key each on the next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from craftlog.core.text import one_line
from craftlog.tui.keys import SCREEN_KEYS, screen_keys

# Keys that list every binding and every command: always shown at the right end, so a line cut
# short still says where the rest is.
HELP_KEY = "question_mark"
GAP = "  "
# App keys the bar places itself: help at the right, quit on the screens line.
PLACED = {"help", "quit"}


@dataclass(frozen=True)
class KeyItem:
    """One key as the bar shows it."""

    key: str
    label: str
    description: str
    enabled: bool


@dataclass(frozen=True)
class NavItem:
    """One screen on the screens line: its key, its name, and whether the key reaches it here."""

    key: str
    mode: str
    label: str
    current: bool
    reachable: bool


def key_items(screen: Screen[object]) -> list[KeyItem]:
    """The shown keys of the screen's own actions, focused widget first, then help and palette."""
    items: list[KeyItem] = []
    tail: list[KeyItem] = []
    for item in screen_keys(screen):
        if not item.show or item.goes_to is not None:
            continue
        shown = KeyItem(item.keys[0], item.labels[0], item.description, item.enabled)
        if item.action == "help":
            tail.append(shown)
        elif item.action not in PLACED or item.place != "app":
            items.append(shown)
    app = screen.app
    palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if app.ENABLE_COMMAND_PALETTE and palette is not None:
        label = app.get_key_display(palette.binding)
        tail.append(KeyItem(palette.binding.key, label, "Commands", palette.enabled))
    return items + tail


def nav_items(screen: Screen[object]) -> list[NavItem]:
    """The screens, one key each; a key this screen uses for itself does not reach its screen."""
    app = screen.app
    active = screen.active_bindings
    items = []
    for key, mode, label, _help in SCREEN_KEYS:
        binding = active.get(key)
        reachable = binding is not None and binding.node is app
        items.append(NavItem(key, mode, label, mode == app.current_mode, reachable))
    return items


class KeyBar(Widget):
    """The screen's keys, then the screens; a click on a key presses it, on a screen opens it.

    Textual's Footer mounts a widget per key and rebuilds them all whenever focus moves, which
    cost a tenth of a second on every screen switch with our screens; this draws two lines.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 2;
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
    KeyBar > .key-bar--screens {
        background: $panel;
        color: $foreground-muted;
    }
    KeyBar > .key-bar--current {
        background: $primary;
        color: $background;
        text-style: bold;
    }
    KeyBar > .key-bar--note {
        color: $foreground-muted;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--disabled",
        "key-bar--screens",
        "key-bar--current",
        "key-bar--note",
    }

    def __init__(self) -> None:
        super().__init__()
        self._items: list[KeyItem] = []
        self._nav: list[NavItem] = []

    @property
    def items(self) -> list[KeyItem]:
        """The keys the bar knows of, in the order they are shown when there is room."""
        return list(self._items)

    @property
    def screens(self) -> list[NavItem]:
        """The screens line's items, in order."""
        return list(self._nav)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.watch(self.screen, "sub_title", lambda: self.refresh(), init=False)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items, nav = key_items(screen), nav_items(screen)
        if (items, nav) != (self._items, self._nav):
            self._items, self._nav = items, nav
            self.refresh()

    def _piece(self, key: str, label: str, description: str, enabled: bool = True) -> Content:
        key_style = self.get_visual_style("key-bar--key")
        text = Content.assemble((label, key_style), " ", description)
        if not enabled:
            text = text.stylize(self.get_visual_style("key-bar--disabled"))
        # The key's own name in the click meta: see on_click.
        return text.stylize(Style.from_meta({"key": key}))

    def _keys_line(self, width: int) -> Content:
        tail_items = [item for item in self._items if item.key in (HELP_KEY, "ctrl+p")]
        tail = [self._piece(*_fields(item)) for item in tail_items]
        room = width - 1 - sum(piece.cell_length + len(GAP) for piece in tail)
        shown: list[Content] = []
        for item in self._items:
            if item in tail_items:
                continue
            piece = self._piece(*_fields(item))
            if piece.cell_length + len(GAP) > room:
                break
            shown.append(piece)
            room -= piece.cell_length + len(GAP)
        line = Content(GAP).join(shown)
        if tail:
            line = Content.assemble(line, " " * max(room, len(GAP)), Content(GAP).join(tail))
        return Content.assemble(" ", line)

    def _screens_line(self, width: int) -> Content:
        pieces: list[Content] = []
        for item in self._nav:
            # Each screen padded like a tab, so the current one's highlight frames it.
            if item.current:
                current = self.get_visual_style("key-bar--current")
                piece = Content.styled(f" {item.key} {item.label} ", current)
            else:
                piece = Content.assemble(
                    " ", self._piece(item.key, item.key, item.label, item.reachable), " "
                )
            pieces.append(piece.stylize(Style.from_meta({"mode": item.mode})))
        line = Content.assemble(*pieces)
        quit_piece = self._piece("ctrl+q", "^q", "Quit")
        free = width - 1 - line.cell_length
        if free >= quit_piece.cell_length + len(GAP):
            # The screen's own line (what the header used to say) where there is room for it.
            room = free - quit_piece.cell_length - 2 * len(GAP)
            note = one_line(self.screen.sub_title or "", room) if room >= 12 else ""
            tail = Content.assemble((note, self.get_visual_style("key-bar--note")), GAP, quit_piece)
            line = Content.assemble(line, " " * (free - tail.cell_length), tail)
        return line.stylize_before(self.get_visual_style("key-bar--screens"))

    def render(self) -> Content:
        width = self.size.width
        return Content("\n").join([self._keys_line(width), self._screens_line(width)])

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style else {}
        mode, key = meta.get("mode"), meta.get("key")
        if isinstance(mode, str):
            event.stop()
            self.app.switch_mode(mode)
        elif isinstance(key, str):
            event.stop()
            self.app.simulate_key(key)


def _fields(item: KeyItem) -> tuple[str, str, str, bool]:
    return item.key, item.label, item.description, item.enabled
