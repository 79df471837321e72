"""The base of every craftlog screen: one place where a failed worker becomes a notification."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from typing import TYPE_CHECKING, cast

from textual import on
from textual._context import active_app
from textual.screen import Screen
from textual.worker import Worker

from craftlog.core.text import one_line, sentence, short_path

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp


# Network errors (only Claude is reached over one), known by name: no SDK import to test them.
NETWORK_ERRORS = ("ConnectionError", "ConnectError", "APIConnectionError", "TimeoutException")


def describe_failure(error: BaseException | None) -> str:
    """A worker's error in words for a person; no traceback, no local variables."""
    if error is None:
        return "Something went wrong, and it did not say what."
    text = one_line(str(error), 300)
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return (
            "The database was busy: another craftlog (or a backup) held it too long. "
            "Try again in a moment."
        )
    if isinstance(error, sqlite3.Error):
        return sentence(f"The database could not be used ({text}); `craftlog doctor` checks it")
    names = {kind.__name__ for kind in type(error).__mro__}
    if names & set(NETWORK_ERRORS) or isinstance(error, TimeoutError):
        return "Could not reach Claude's service. Check your network connection, then try again."
    if isinstance(error, OSError) and error.strerror:
        # "[Errno 28] No space left on device" reads better without the number.
        where = f": {short_path(str(error.filename))}" if error.filename else ""
        return sentence(f"{error.strerror}{where}")
    if not text:
        return "Something went wrong, and it did not say what."
    return sentence(text)


class CraftlogScreen(Screen[None]):
    """A screen with access to the services and worker errors shown as notifications."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        # Textual re-parses every stylesheet (40-170 ms with ours) whenever a screen's CSS count
        # differs from the app's, and a screen starts at -1: every mode's first switch and every
        # modal paid it twice. The app's stylesheet is already current; the rules a new widget
        # class brings are parsed on their own when the screen's nodes are styled.
        self._shown_stamp: tuple[object, ...] | None = None
        # Whether the last return to this screen read its data again (the bench reads this).
        self.reloaded_on_resume = True
        with suppress(LookupError):  # built outside a running app (a test of the class alone)
            self._css_update_count = active_app.get()._css_update_count

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def refresh_data(self) -> None:
        """Read again what the screen shows (after a change here or in another process)."""

    def data_stamp(self) -> tuple[object, ...]:
        """What the screen's data depends on: the database, the drafts on disk, and the day."""
        services = self.services
        return (services.db.data_version(), services.drafts.version(), services.today())

    def load_early(self) -> None:
        """Start reading the data now (from compose), so the read overlaps the first frame."""
        self._shown_stamp = self.data_stamp()
        self.refresh_data()

    def on_screen_resume(self) -> None:
        # Coming back to a screen whose data has not changed shows it as it was: a reload would
        # cost a query and a redraw (up to a second with ten years of data) to show the same.
        stamp = self.data_stamp()
        self.reloaded_on_resume = stamp != self._shown_stamp
        if self.reloaded_on_resume:
            self._shown_stamp = stamp
            self.refresh_data()

    def show_entry(self, entry_id: int) -> None:
        """Bring a just-saved entry into view where the screen lists entries."""

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        # A worker's state reaches only its own node, so screens hand theirs to the app's handler.
        cast("CraftlogApp", self.app).report_worker_failure(event)
