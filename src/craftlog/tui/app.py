"""The craftlog Textual app, built by a factory that takes its services."""

from __future__ import annotations

import sys
from typing import ClassVar, cast

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType

from craftlog.core.entries import Entry
from craftlog.core.text import one_line
from craftlog.services import Services
from craftlog.tui.commands import CraftlogProvider
from craftlog.tui.messages import DataChanged, DraftsFound
from craftlog.tui.screens.audit_screen import AuditScreen
from craftlog.tui.screens.checks_screen import ChecksScreen, instrument_draft_note
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.screens.home_screen import HomeScreen
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.output_screen import OutputScreen
from craftlog.tui.screens.trash_screen import TrashScreen
from craftlog.tui.themes import DEFAULT_THEME, THEMES

# How often the app looks for writes from other processes (`craftlog log` in another shell).
WATCH_SECONDS = 2.0


class CraftlogApp(App[None]):
    """The app: home, log, output and trash, one key each."""

    CSS_PATH = "app.tcss"
    TITLE = "craftlog"
    MODES: ClassVar = {
        "home": HomeScreen,
        "audit": AuditScreen,
        "checks": ChecksScreen,
        "log": LogScreen,
        "output": OutputScreen,
        "trash": TrashScreen,
    }
    DEFAULT_MODE = "home"
    # Below 100 columns the log stacks its preview under the list (see app.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-wide")]
    COMMANDS: ClassVar = App.COMMANDS | {CraftlogProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "switch_mode('home')", "Home", id="go-home"),
        Binding("l", "switch_mode('log')", "Log", id="go-log"),
        Binding("o", "switch_mode('output')", "Output", id="go-output"),
        Binding("a", "switch_mode('audit')", "Audit", id="go-audit"),
        Binding("c", "switch_mode('checks')", "Checks", id="go-checks"),
        Binding("t", "switch_mode('trash')", "Trash", id="go-trash"),
        Binding("n", "new_entry", "New", id="new-entry"),
        Binding("question_mark", "toggle_keys", "Keys", id="show-keys"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        for theme in THEMES:
            self.register_theme(theme)
        wanted = services.config.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._startup_notes = list(services.config.warnings)
        self._data_version: int | None = None
        if wanted not in self.available_themes:
            self._startup_notes.append(f"Unknown theme {wanted!r} in the config; using craftlog.")

    def on_mount(self) -> None:
        self.set_interval(WATCH_SECONDS, self._watch_data)
        for note in self._startup_notes:
            self.notify(one_line(note, 300), title="Settings", severity="warning", timeout=10)
        self._find_drafts()

    @work(thread=True, exclusive=True, exit_on_error=False, group="drafts")
    def _find_drafts(self) -> None:
        """Read leftover drafts off the UI thread, so they never delay the first frame."""
        store = self.services.drafts
        found = [draft for key in store.pending() if (draft := store.load(key)) is not None]
        if found:
            self.post_message(DraftsFound(found))

    @on(DraftsFound)
    def _drafts_found(self, event: DraftsFound) -> None:
        for draft in event.drafts:
            when = draft.saved_at.astimezone().strftime("%d %b %H:%M")
            if draft.key == "new-entry":
                text = f"You have an unsaved entry from {when}. Press n to continue it."
            elif draft.key == "audit-plan":
                text = f"You were planning an audit ({when}). Press a, then n, to pick it up."
            elif draft.key.startswith("audit-finish-"):
                text = f"Your notes on the running audit are kept ({when}). Press a, then f."
            elif draft.key.startswith("instrument-"):
                text = instrument_draft_note(draft.key, when)
            elif draft.key.startswith("explain-"):
                text = (
                    f"You have an unsaved explanation of commit {draft.key[8:18]} from {when}. "
                    "Open its week in Output (o) and press x on the commit to continue it."
                )
            else:
                text = (
                    f"You have unsaved changes to an entry from {when}. "
                    "Open it in the log (l, then e) to continue."
                )
            self.notify(text, title="Draft kept", timeout=15)

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _watch_data(self) -> None:
        version = self.services.db.data_version()
        if self._data_version is not None and version != self._data_version:
            self.post_message(DataChanged())
        self._data_version = version

    @on(DataChanged)
    def _data_changed(self) -> None:
        if isinstance(self.screen, CraftlogScreen):
            self.screen.refresh_data()

    def action_new_entry(self) -> None:
        from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen

        def saved(entry: Entry | None) -> None:
            if entry is not None:
                self.notify(f"Saved “{one_line(entry.title, 50)}” to week {entry.week.label}.")
                if isinstance(self.screen, CraftlogScreen):
                    self.screen.show_entry(entry.id)

        self.push_screen(EntryEditorScreen(), saved)

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def action_take_instrument(self, key: str) -> None:
        await self.switch_mode("checks")
        if isinstance(self.screen, ChecksScreen):  # else an instrument is open there already
            self.screen.take(key)

    async def action_scan(self) -> None:
        await self.switch_mode("output")
        cast(OutputScreen, self.screen).action_scan()

    async def action_repositories(self) -> None:
        await self.switch_mode("output")
        cast(OutputScreen, self.screen).action_repos()

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    def action_backup(self) -> None:
        target = self.services.backup()
        self.call_from_thread(self.notify, f"Backup written: {target.name}")

    def _fatal_error(self) -> None:
        """Exit after an unhandled error, printing the traceback without local variables."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(traceback)))
        self._close_messages_no_wait()


def build_app(services: Services) -> CraftlogApp:
    """The app for these services: the one place tests and the CLI create it."""
    return CraftlogApp(services)


def run_app() -> int:
    """Open the services and run the app in this terminal."""
    from craftlog.services import open_services
    from craftlog.store.errors import StoreError

    try:
        services = open_services()
    except StoreError as error:
        for line in str(error).splitlines():
            print(f"craftlog: {line}", file=sys.stderr)
        return 1
    try:
        build_app(services).run()
    finally:
        services.close()
    return 0
