"""The base of every craftlog screen: one place where a failed worker becomes a notification."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from craftlog.core.text import one_line

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp


def describe_failure(error: BaseException | None) -> str:
    """A worker's error in words for a person; no traceback, no local variables."""
    if error is None:
        return "Something went wrong."
    return one_line(str(error) or type(error).__name__, 300)


class CraftlogScreen(Screen[None]):
    """A screen with access to the services and worker errors shown as notifications."""

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def refresh_data(self) -> None:
        """Read again what the screen shows (after a change here or in another process)."""

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def show_entry(self, entry_id: int) -> None:
        """Bring a just-saved entry into view where the screen lists entries."""

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(
                describe_failure(event.worker.error), title="That did not work", severity="error"
            )
