"""The home screen: is this week logged, how long has the log been quiet, the streak."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from craftlog.core.entries import EntryKind
from craftlog.core.flags import WeekOutput
from craftlog.core.streaks import LogState
from craftlog.store.entries import EntryFilter
from craftlog.tui.messages import HomeLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.entry_list import entry_line

RECENT = 5


def week_panel(state: LogState) -> Content:
    """This week: logged or not, in words."""
    week = state.this_week
    heading = Content.styled(f"This week · {week.label} · {week.span}", "bold")
    if state.logged_this_week:
        noun = "entry" if state.entries_this_week == 1 else "entries"
        line = Content.styled(f"✓ Logged: {state.entries_this_week} {noun} so far.", "$success")
    else:
        line = Content.styled(
            "Nothing logged yet this week. What do you understand now that you did not "
            "a month ago?",
            "$warning",
        )
    return Content.assemble(heading, "\n\n", line)


def streak_panel(state: LogState) -> Content:
    """The streak and the time since the last entry."""
    weeks = state.streak_weeks
    streak = Content.assemble(
        ("Streak: ", "bold"), (f"{weeks}", "bold $primary"), f" week{'s' if weeks != 1 else ''}"
    )
    if state.last_entry_day is None:
        last = "No entry yet."
    else:
        last = f"Last entry: {state.last_entry_day:%a %d %b}"
    return Content.assemble(streak, "\n\n", last)


def silence_text(state: LogState) -> Content:
    """The silence warning, stated plainly."""
    return Content.assemble(
        (f"Your log has been silent for {state.empty_full_weeks} full weeks.", "bold $error"),
        "\nOutput without learning is the gap this log exists to show. "
        "Write down one thing you understood recently, however small.",
    )


def flags_panel(flags: list[WeekOutput], has_repos: bool) -> Content:
    """Recent weeks with output and no learning, or how to start comparing the two."""
    heading = Content.styled("Output without learning", "bold")
    if not has_repos:
        return Content.assemble(
            heading,
            "\n\nRegister a git repository to see which weeks were full of commits and empty "
            "of learning. ",
            ("Press o, then r.", "$primary"),
        )
    if not flags:
        return Content.assemble(
            heading,
            "\n\n",
            ("✓ No flagged week in the last 8: your log keeps up with your commits.", "$success"),
        )
    lines = [
        Content.assemble(("⚑ ", "$error"), (f"{w.week.label}  ", "bold"), w.reason) for w in flags
    ]
    return Content.assemble(
        heading,
        (f" · {len(flags)} of the last 8 weeks flagged", "$error"),
        "\n\n",
        Content("\n").join(lines),
        ("\n\nPress o to open a week and explain what you shipped.", "$text-muted"),
    )


EMPTY_HOME = Content.assemble(
    ("Welcome to craftlog.", "bold"),
    "\n\nOnce a week, write down one thing you understand now that you did not a month ago. "
    "Over months, the log is the evidence that your own craft is still growing.\n\n",
    ("Press n to write your first entry.", "bold $primary"),
    " Kinds of entry:\n",
    *[f"\n  {kind.value:<12} {kind.description}" for kind in EntryKind],
    "\n\nFrom a shell: ",
    ('craftlog log "what you learned" --tag topic', "$secondary"),
)


class HomeScreen(CraftlogScreen):
    """This week's state at a glance, and the latest entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="home-refresh", show=False)
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            with Horizontal(id="home-panels"):
                yield Static(id="week-panel", classes="panel")
                yield Static(id="streak-panel", classes="panel")
            yield Static(id="silence-panel", classes="panel")
            yield Static(id="flags-panel", classes="panel")
            with Vertical(id="recent-panel", classes="panel"):
                yield Static(Content.styled("Latest entries", "bold"), id="recent-title")
                yield Static(id="recent")
            yield Static(EMPTY_HOME, id="empty-home", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#silence-panel").display = False
        self.query_one("#empty-home").display = False

    def refresh_data(self) -> None:
        self._load()

    def action_refresh(self) -> None:
        self.refresh_data()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        services = self.services
        state = services.log_state()
        recent = services.entries.find(EntryFilter(), limit=RECENT)
        flags = services.recent_flags()
        has_repos = bool(services.commits.sources())
        self.post_message(HomeLoaded(state, recent, flags, has_repos))

    @on(HomeLoaded)
    def _show(self, event: HomeLoaded) -> None:
        state = event.state
        empty = state.total_entries == 0
        for selector in ("#home-panels", "#recent-panel"):
            self.query_one(selector).display = not empty
        # Flags matter even before the first entry: they are the reason to write one.
        flags = self.query_one("#flags-panel", Static)
        flags.display = event.has_repos or not empty
        flags.update(flags_panel(event.flags, event.has_repos))
        self.query_one("#empty-home").display = empty
        self.query_one("#silence-panel").display = state.silent
        if empty:
            return
        self.query_one("#week-panel", Static).update(week_panel(state))
        self.query_one("#streak-panel", Static).update(streak_panel(state))
        if state.silent:
            self.query_one("#silence-panel", Static).update(silence_text(state))
        lines = [entry_line(e, 60, "%a %d %b") for e in event.recent]
        self.query_one("#recent", Static).update(Content("\n").join(lines))
        noun = "entry" if state.total_entries == 1 else "entries"
        self.sub_title = f"{state.total_entries} {noun} in the log"
