"""The dashboard: the week, the streak, the audit, the self-checks, the standing and the flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from craftlog.store.entries import EntryFilter
from craftlog.tui.messages import HomeLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.dash_panel import DashPanel
from craftlog.tui.widgets.entry_list import entry_line
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.streak_chart import WEEKS, StreakChart

if TYPE_CHECKING:
    from craftlog.core.dashboard import Dashboard

RECENT = 5
# The audit panel shows a running clock; it is redrawn this often while one is open.
TICK_SECONDS = 1.0


class HomeScreen(CraftlogScreen):
    """Everything that asks for attention this week, each panel a way into its screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "refresh",
            "Refresh",
            tooltip="Read the dashboard again",
            id="home-refresh",
            show=False,
        ),
        Binding(
            "down,j",
            "app.focus_next",
            "Next panel",
            tooltip="Move to the next panel",
            id="home-next",
            show=False,
        ),
        Binding(
            "up,k",
            "app.focus_previous",
            "Previous panel",
            tooltip="Move to the previous panel",
            id="home-previous",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._board: Dashboard | None = None
        self._due_said = False  # the start-up note on what is due is given once a run

    def compose(self) -> ComposeResult:
        self.load_early()  # the app opens on this screen: its figures are the ones awaited
        with VerticalScroll(id="home", can_focus=False):
            yield Static(id="empty-home", classes="panel")
            with Horizontal(classes="home-row"):
                yield DashPanel("This week", "n", "app.new_entry", id="week-panel")
                yield StreakChart("Streak", "l", "app.switch_mode('log')", id="streak-panel")
            yield DashPanel("Silence", "n", "app.new_entry", id="silence-panel")
            with Horizontal(classes="home-row", id="audit-row"):
                yield DashPanel("Monthly audit", "a", "app.switch_mode('audit')", id="audit-panel")
                yield DashPanel("Self-checks", "c", "app.switch_mode('checks')", id="checks-panel")
            yield DashPanel("Reviews", "q", "app.switch_mode('quiz')", id="reviews-panel")
            yield DashPanel(
                "Leverage and craft", "c", "app.switch_mode('checks')", id="standing-panel"
            )
            yield DashPanel(
                "Output without learning", "o", "app.switch_mode('output')", id="flags-panel"
            )
            yield DashPanel("Latest entries", "l", "app.switch_mode('log')", id="recent-panel")
        yield KeyBar()

    def on_mount(self) -> None:
        for widget in self.query(".panel"):
            widget.display = False
        self.set_interval(TICK_SECONDS, self._tick)

    def refresh_data(self) -> None:
        self._load()

    def action_refresh(self) -> None:
        self.refresh_data()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        services = self.services
        board = services.dashboard()
        recent = services.entries.find(EntryFilter(), limit=RECENT)
        flags = services.recent_flags()
        has_repos = bool(services.commits.sources())
        counts, _ = services.entries.counts_by_week()
        this = board.log.this_week
        weekly = [counts.get(this.shifted(-back), 0) for back in range(WEEKS - 1, -1, -1)]
        self.post_message(HomeLoaded(board, recent, flags, has_repos, weekly))

    def _panel(self, selector: str, content: object, show: bool = True) -> None:
        panel = self.query_one(selector, Static)
        panel.display = show
        if show:
            panel.update(content)  # type: ignore[arg-type]

    def _say_due(self, board: Dashboard) -> None:
        from craftlog.tui import due_note

        note = due_note.board_note(board)
        if note is not None:
            self.notify(note, timeout=12)

    @on(HomeLoaded)
    def _show(self, event: HomeLoaded) -> None:
        # Imported with the data, not before the first frame: the domain modules the panels
        # describe are most of the screen's import time, and the worker has loaded them by now.
        from craftlog.tui.widgets import dashboard_views as views
        from craftlog.tui.widgets.quiz_views import reviews_panel

        board = self._board = event.board
        state = board.log
        # A first launch gets the welcome; anything recorded anywhere gets the dashboard.
        started = board.anything_recorded or event.has_repos
        self._panel("#empty-home", views.EMPTY_HOME, not started)
        if not started:
            return
        if not self._due_said:  # once a run, from the figures the dashboard read anyway
            self._due_said = True
            self._say_due(board)
        self._panel("#week-panel", views.week_panel(state, board.audit.goal))
        streak = self.query_one(StreakChart)
        streak.display = True
        streak.show(views.streak_panel(state), event.weekly)
        self._panel("#silence-panel", views.silence_text(state), state.silent)
        self._tick()
        today = self.services.today()
        self._panel("#checks-panel", views.checks_panel(board.latest, board.checks_due, today))
        self._panel("#reviews-panel", reviews_panel(board.reviews_due, board.reviews_new))
        self._panel("#standing-panel", views.standing_panel(board.standing))
        self._panel("#flags-panel", views.flags_panel(event.flags, event.has_repos))
        lines = [entry_line(e, 60, "%a %d %b") for e in event.recent]
        self._panel("#recent-panel", Content("\n").join(lines), bool(lines))
        noun = "entry" if state.total_entries == 1 else "entries"
        self.sub_title = f"{state.total_entries} {noun} in the log"
        if self.focused is None:
            self.query_one("#week-panel").focus()

    def _tick(self) -> None:
        if self._board is None or self.query_one("#empty-home").display:
            return
        from craftlog.tui.widgets import dashboard_views as views

        services = self.services
        self._panel(
            "#audit-panel", views.audit_panel(self._board.audit, services.now(), services.today())
        )
