"""The craftlog Textual app, built by a factory that takes its services."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import App, ScreenStackError, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from craftlog.core.entries import Entry
from craftlog.core.text import one_line, visible
from craftlog.services import Services
from craftlog.tui.commands import CraftlogProvider, ScreenKeysProvider
from craftlog.tui.keys import SCREEN_KEYS
from craftlog.tui.messages import DataChanged, DraftsFound
from craftlog.tui.screens.craftlog_screen import CraftlogScreen, describe_failure
from craftlog.tui.screens.home_screen import HomeScreen
from craftlog.tui.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from craftlog.quiz.client import QuizClient
    from craftlog.tui.screens.output_screen import OutputScreen

# Builds the quiz's examiner on first use; None when there is no API key.
QuizClientFactory = Callable[[], "QuizClient | None"]

# How often the app looks for writes from other processes (`craftlog log` in another shell).
WATCH_SECONDS = 2.0


def lazy_screen(module: str, name: str) -> Callable[[], CraftlogScreen]:
    """A mode's screen whose module is imported on the first switch to it, after the first frame."""

    def build() -> CraftlogScreen:
        screen_class = getattr(import_module(f"craftlog.tui.screens.{module}"), name)
        return cast(CraftlogScreen, screen_class())

    return build


# How many screens back escape can go.
HISTORY = 20


class CraftlogApp(App[None]):
    """The app: home, log, output and trash, one key each."""

    CSS_PATH = "app.tcss"
    TITLE = "craftlog"
    MODES: ClassVar = {
        "home": HomeScreen,
        "audit": lazy_screen("audit_screen", "AuditScreen"),
        "checks": lazy_screen("checks_screen", "ChecksScreen"),
        "log": lazy_screen("log_screen", "LogScreen"),
        "output": lazy_screen("output_screen", "OutputScreen"),
        "quiz": lazy_screen("quiz_screen", "QuizScreen"),
        "trash": lazy_screen("trash_screen", "TrashScreen"),
        "usage": lazy_screen("usage_screen", "UsageScreen"),
    }
    DEFAULT_MODE = "home"
    # Below 100 columns the log stacks its preview under the list (see app.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-wide")]
    COMMANDS: ClassVar = App.COMMANDS | {CraftlogProvider, ScreenKeysProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", label, tooltip=help_line, id=f"go-{mode}")
            for key, mode, label, help_line in SCREEN_KEYS
        ),
        Binding("n", "new_entry", "New", tooltip="Write a new entry", id="new-entry"),
        Binding(
            "escape", "back", "Back", tooltip="Back to the screen before", id="back", show=False
        ),
        Binding(
            "question_mark", "help", "Keys", tooltip="Every key of this screen", id="show-keys"
        ),
        Binding(
            "ctrl+q", "quit", "Quit", tooltip="Quit craftlog", id="quit", priority=True, show=False
        ),
    ]

    def __init__(self, services: Services, quiz_client: QuizClientFactory | None = None) -> None:
        super().__init__()
        self.services = services
        self._quiz_client_factory = quiz_client or (lambda: default_quiz_client(services))
        self._quiz_client: tuple[QuizClient | None] | None = None
        for theme in THEMES:
            self.register_theme(theme)
        wanted = services.config.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._startup_notes = list(services.config.warnings)
        self._data_version: int | None = None
        self._history: list[str] = []  # the modes left behind, for escape
        if wanted not in self.available_themes:
            self._startup_notes.append(f"Unknown theme {wanted!r} in the config; using craftlog.")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification, its text always literal.

        Notifications carry user text (a gap, an entry's title, an error about either); Textual
        would read it as markup, so "[/]" would crash the app and "[@click=...]" would run an
        action. Every caller, screens and widgets included, lands here with markup off.
        """
        # Control characters are made visible too: no caller can send an escape to the terminal.
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        # Read the data version now: taken at the first tick, it would hide a write (an import
        # in another shell) made in the app's first seconds, and the screens would never reload.
        self._watch_data()
        self.set_interval(WATCH_SECONDS, self._watch_data)
        # Subscribed after the config's theme is applied: only a choice made here is saved.
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
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
                text = f"You were planning an audit ({when}). Press a, then s, to pick it up."
            elif draft.key.startswith("audit-finish-"):
                text = f"Your notes on the running audit are kept ({when}). Press a, then f."
            elif draft.key.startswith("quiz-"):
                from craftlog.tui.screens.quiz_screen import quiz_draft_note

                text = quiz_draft_note(draft.key, when)
            elif draft.key.startswith("instrument-"):
                from craftlog.tui.screens.checks_screen import instrument_draft_note

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

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        """A failed worker as a notification: the app's own here, every screen's through it."""
        if event.state == WorkerState.ERROR:
            self.notify(
                describe_failure(event.worker.error), title="That did not work", severity="error"
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _watch_data(self) -> None:
        version = self.services.db.data_version()
        if self._data_version is not None and version != self._data_version:
            self.post_message(DataChanged())
        self._data_version = version

    @on(DataChanged)
    def _data_changed(self) -> None:
        try:
            screen = self.screen
        except ScreenStackError:  # the app is closing: its screens are gone already
            return
        if isinstance(screen, CraftlogScreen):
            screen.refresh_data()

    def action_new_entry(self) -> None:
        from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen

        def saved(entry: Entry | None) -> None:
            if entry is not None:
                self.notify(f"Saved “{one_line(entry.title, 50)}” to week {entry.week.label}.")
                if isinstance(self.screen, CraftlogScreen):
                    self.screen.show_entry(entry.id)

        self.push_screen(EntryEditorScreen(), saved)

    def quiz_client(self) -> QuizClient | None:
        """The quiz's examiner, built once; None when there is no API key."""
        if self._quiz_client is None:
            self._quiz_client = (self._quiz_client_factory(),)
        return self._quiz_client[0]

    async def action_quiz_topic(self) -> None:
        from craftlog.tui.screens.quiz_screen import QuizScreen

        await self.switch_mode("quiz")
        if isinstance(self.screen, QuizScreen):  # else a session is open there already
            self.screen.action_topic()

    def switch_mode(self, mode: str) -> AwaitComplete:
        """Show a mode's screen, remembering the one left so escape can return to it."""
        if mode != self.current_mode and self.current_mode in self.MODES:
            self._history.append(self.current_mode)
            del self._history[:-HISTORY]
        return super().switch_mode(mode)

    def action_back(self) -> None:
        """Return to the screen shown before this one; from the first screen, to home."""
        while self._history and self._history[-1] == self.current_mode:
            self._history.pop()
        target = self._history.pop() if self._history else "home"
        if target != self.current_mode:
            super().switch_mode(target)

    def action_help(self) -> None:
        from craftlog.tui.screens.help_modal import HelpModal

        if not isinstance(self.screen, HelpModal):
            self.push_screen(HelpModal(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands, with its key panel replaced by craftlog's help screen."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand(
                    "Keys", "Every key of this screen, with what it does", self.action_help
                )
            else:
                yield command

    def _theme_chosen(self, theme: Theme) -> None:
        self._save_theme(theme.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="theme")
    def _save_theme(self, name: str) -> None:
        """Keep the theme chosen in the palette in config.toml, for the next start."""
        self.services.remember_theme(name)

    async def action_take_instrument(self, key: str) -> None:
        from craftlog.tui.screens.checks_screen import ChecksScreen

        await self.switch_mode("checks")
        if isinstance(self.screen, ChecksScreen):  # else an instrument is open there already
            self.screen.take(key)

    async def action_scan(self) -> None:
        await self.switch_mode("output")
        cast("OutputScreen", self.screen).action_scan()

    async def action_repositories(self) -> None:
        await self.switch_mode("output")
        cast("OutputScreen", self.screen).action_repos()

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


def default_quiz_client(services: Services) -> QuizClient | None:
    """Claude as examiner, with the key from the environment; None when none is set."""
    from craftlog.quiz.anthropic_client import AnthropicClient, key_from_env

    key = key_from_env()
    if key is None:
        return None
    config = services.config
    return AnthropicClient(
        model=config.ai_model,
        max_tokens=config.ai_max_tokens,
        api_key=key,
        record=services.ledger.record,
        prices=config.ai_prices,
    )


def build_app(services: Services, quiz_client: QuizClientFactory | None = None) -> CraftlogApp:
    """The app for these services: the one place tests and the CLI create it.

    `quiz_client` builds the quiz's examiner (tests give a fake); by default it is Claude.
    """
    return CraftlogApp(services, quiz_client)


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
        app = build_app(services)
        app.run()
    finally:
        services.close()
    return app.return_code or 0
