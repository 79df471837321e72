"""The keys in effect on a screen, by where they apply; the footer, help and palette read them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

Place = Literal["widget", "screen", "app"]

# (key, mode, label, help line): the screens, one key each, in the order the footer lists them.
SCREEN_KEYS = (
    ("h", "home", "Home", "This week, the streak, what is due"),
    ("l", "log", "Log", "Every entry by week, with search and tags"),
    ("o", "output", "Output", "Commits against learning, week by week"),
    ("a", "audit", "Audit", "The monthly task done without AI"),
    ("c", "checks", "Checks", "The two gap self-checks and the AI tier test"),
    ("q", "quiz", "Quiz", "Review what you logged, offline or with Claude"),
    ("u", "usage", "Usage", "Calls to Claude, tokens and estimated cost"),
    ("t", "trash", "Trash", "Deleted entries, to restore or delete for good"),
)

# Bindings every Textual screen carries that say nothing about craftlog; the help leaves them out
# (tab and shift+tab are listed once, under "Everywhere", in their place).
PLUMBING = {"screen.copy_text", "command_palette", "app.focus_next", "app.focus_previous"}


@dataclass(frozen=True)
class KeyHelp:
    """One action and the keys that run it, as the help screen, footer and palette show it."""

    place: Place
    node: DOMNode
    action: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    description: str
    help: str
    enabled: bool
    show: bool

    @property
    def label(self) -> str:
        """The keys as shown: "d / del"."""
        return " / ".join(self.labels)

    @property
    def goes_to(self) -> str | None:
        """The mode an app key switches to, or None for any other action."""
        prefix = "switch_mode('"
        if self.place == "app" and self.action.startswith(prefix):
            return self.action[len(prefix) : -2]
        return None


def key_display(app: App[object], binding: Binding, key: str) -> str:
    """How one of a binding's keys is written on screen."""
    return app.get_key_display(replace(binding, key=key, key_display=None))


def screen_keys(screen: Screen[object]) -> list[KeyHelp]:
    """The screen's keys in effect, one entry per action, the focused widget's first."""
    app = screen.app
    found: dict[tuple[int, str], KeyHelp] = {}
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        # Textual's own carry no help line (ours all do); the palette's key is listed by name.
        if binding.action == "command_palette" or (binding.action in PLUMBING and not tooltip):
            continue
        place: Place = "app" if node is app else "screen" if node is screen else "widget"
        slot = (id(node), binding.action)
        label = binding.key_display or key_display(app, binding, key)
        if slot in found:
            known = found[slot]
            if label not in known.labels:
                found[slot] = replace(known, keys=(*known.keys, key), labels=(*known.labels, label))
            continue
        found[slot] = KeyHelp(
            place, node, binding.action, (key,), (label,), binding.description, tooltip, enabled,
            binding.show,
        )  # fmt: skip
    return list(found.values())


async def run_key(help_item: KeyHelp) -> None:
    """Run a key's action where its binding lives, as pressing the key would."""
    await help_item.node.app.run_action(help_item.action, help_item.node)
