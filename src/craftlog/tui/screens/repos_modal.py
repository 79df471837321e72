"""The registered repositories: add one by path, see each one's last scan, remove one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from craftlog.core.sources import ScanOutcome, Source
from craftlog.core.text import one_line, short_path, visible
from craftlog.tui.messages import SourcesChanged, SourcesLoaded
from craftlog.tui.screens.confirm_modal import ConfirmModal
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.widgets.literal_input import LiteralInput

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp

HELP = "enter add · tab to the list · d remove · esc close"


def source_option(source: Source) -> Option:
    """A repository as a list row: path, commits stored, and how its last scan went."""
    look = "$error" if source.status is ScanOutcome.FAILED else "$foreground-muted"
    return Option(
        Content.assemble(
            (one_line(short_path(source.path), 70), "bold"),
            f"\n  {source.commits:,} commits · ",
            (one_line(visible(source.state), 90), look),
        ),
        id=str(source.id),
    )


class ReposModal(ModalScreen[None]):
    """Manage which repositories count as your output."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the output screen", id="repos-close"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Stop counting the selected repository",
            id="repos-remove",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[Source] = []

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(id="repos"):
            yield Static(Content.styled("Repositories", "bold $primary"), id="repos-title")
            yield LiteralInput(placeholder="Path of a git repository, then enter", id="repo-path")
            yield Static(id="repos-message")
            yield OptionList(id="repo-list")
            yield Static(Content.styled(HELP, "$foreground-muted"), id="repos-help")

    def on_mount(self) -> None:
        self.query_one("#repo-path", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="repos")
    def _load(self) -> None:
        self.post_message(SourcesLoaded(self.services.commits.sources()))

    @on(SourcesLoaded)
    def _show(self, event: SourcesLoaded) -> None:
        event.stop()
        self.sources = event.sources
        listing = self.query_one("#repo-list", OptionList)
        listing.clear_options()
        listing.add_options([source_option(s) for s in event.sources])
        listing.display = bool(event.sources)

    @on(Input.Submitted, "#repo-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if path:
            self._say("Checking…", "$foreground-muted")
            self._add(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="repos-add")
    def _add(self, path: str) -> None:
        from craftlog.gitsource.reader import SourceProblem
        from craftlog.store.commits import DuplicateSource

        try:
            source = self.services.add_repository(path)
        except SourceProblem as problem:
            self.post_message(SourcesChanged(str(problem), "error"))
            return
        except DuplicateSource as duplicate:
            where = short_path(duplicate.existing.path)
            self.post_message(SourcesChanged(f"Already registered: {where}"))
            return
        where = short_path(source.path)
        self.post_message(SourcesChanged(f"Added {where}. Press s on Output to scan it."))

    @on(SourcesChanged)
    def _changed(self, event: SourcesChanged) -> None:
        event.stop()
        failed = event.severity == "error"
        self._say(event.note, "$error" if failed else "$success")
        if not failed:
            self.query_one("#repo-path", Input).value = ""
        self._load()

    def _say(self, text: str, look: str) -> None:
        self.query_one("#repos-message", Static).update(
            Content.styled(one_line(visible(text), 200), look)
        )

    def action_remove(self) -> None:
        listing = self.query_one("#repo-list", OptionList)
        if self.focused is not listing or listing.highlighted is None:
            return
        source = self.sources[listing.highlighted]

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(source)

        self.app.push_screen(
            ConfirmModal(
                f"Stop counting {one_line(short_path(source.path), 60)}?",
                f"Its {source.commits:,} stored commits are dropped; the repository itself is "
                "not touched, and adding it again reads them back.",
                "Remove",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="repos-remove")
    def _remove(self, source: Source) -> None:
        self.services.commits.remove_source(source)
        self.post_message(SourcesChanged(f"Removed {short_path(source.path)}."))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._say(f"That did not work: {describe_failure(event.worker.error)}", "$error")

    def action_close(self) -> None:
        self.dismiss(None)
