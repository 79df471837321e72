"""No craftlog screen or widget overwrites one of Textual's own private attributes by accident."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

import craftlog.tui
import craftlog.tui.screens
import craftlog.tui.widgets

ASSIGNED = re.compile(r"self\.(_[A-Za-z]\w*)\s*(?::[^=\n]+)?=(?!=)")
# Set on purpose: a screen starts at the app's stylesheet count (see craftlog_screen.py).
DELIBERATE = {"_css_update_count"}


def textual_names() -> set[str]:
    """The private attributes a Textual app, screen and widget set up for themselves."""
    names: set[str] = set()
    for cls in (Widget, Screen, ModalScreen, App):
        names |= {name for name in vars(cls()) if name.startswith("_")}
        names |= {name for klass in cls.__mro__ for name in vars(klass) if name.startswith("_")}
    return names - {name for name in names if name.startswith("__")}


def our_pumps() -> list[type]:
    found = []
    for package in (craftlog.tui, craftlog.tui.screens, craftlog.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, MessagePump):
                    found.append(cls)
    return found


def test_no_screen_or_widget_reuses_a_textual_private_name() -> None:
    # A screen once set `self._closed = True` for its own draft logic: Textual read it as "this
    # message pump is closed", and leaving the screen froze the app.
    taken = textual_names()
    assert "_closed" in taken
    classes = our_pumps()
    assert len(classes) > 20
    clashes = []
    for cls in classes:
        for name in ASSIGNED.findall(inspect.getsource(cls)):
            if name in taken and name not in DELIBERATE:
                clashes.append(f"{cls.__name__}.{name}")
    assert clashes == []
