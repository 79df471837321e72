"""One week opened to its commits; from a commit, start an explanation entry linked to it."""

from __future__ import annotations

import os
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from craftlog.core.entries import Entry, EntryKind
from craftlog.core.flags import WeekOutput
from craftlog.core.text import one_line, sentence, visible
from craftlog.store.commits import StoredCommit
from craftlog.tui.cells import cell
from craftlog.tui.messages import WeekCommitsLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.key_bar import KeyBar

SUMMARY_WIDTH = 52


def week_heading(week: WeekOutput) -> Content:
    """The week, its figures, and whether it is flagged and why."""
    figures = (
        f"{week.commits:,} commits · +{week.lines_added:,} −{week.lines_removed:,} lines · "
        f"{week.ai_assisted_commits:,} AI-assisted (at least) · {week.entries:,} learned"
    )
    verdict = (
        Content.styled(f"⚑ Flagged: {week.reason}.", "bold $error")
        if week.flagged
        else Content.styled(sentence(week.reason), "$foreground-muted")
    )
    return Content.assemble(
        (f"{week.week.label} · {week.week.span}", "bold"), "\n", figures, "\n", verdict
    )


def commit_row(commit: StoredCommit, app: App[object]) -> tuple[Text, ...]:
    """One commit as a table row; its summary and repository are shown literally."""
    summary = one_line(visible(commit.summary), SUMMARY_WIDTH)
    if commit.is_merge:
        summary_cell = cell(f"(merge, not counted) {summary}", app, "text-muted")
    else:
        summary_cell = cell(summary)
    return (
        cell(f"{commit.authored_at:%d %b %H:%M}", app, "text-muted"),
        cell(one_line(visible(os.path.basename(commit.repo)), 24)),
        cell(commit.sha[:10], app, "secondary"),
        summary_cell,
        cell(f"+{commit.lines_added:,}"),
        cell(f"−{commit.lines_removed:,}"),
        cell("AI", app, "warning") if commit.ai_assisted else cell(""),
        cell("✓", app, "success") if commit.explained else cell(""),
    )


class WeekScreen(CraftlogScreen):
    """The commits of one week, each one a possible explanation entry."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "explain", "Explain this commit", id="week-explain"),
        Binding("escape", "back", "Back", id="week-back"),
    ]

    def __init__(self, week: WeekOutput) -> None:
        super().__init__()
        self.week = week
        self.commits: list[StoredCommit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="week"):
            yield Static(week_heading(self.week), id="week-heading")
            table: DataTable[object] = DataTable(id="commits-table", cursor_type="row")
            table.add_columns("When", "Repository", "Commit", "Summary", "Added", "Removed")
            table.add_columns("AI", "Why")
            yield table
            yield Static(id="week-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Week {self.week.week.label}"
        self.query_one(DataTable).focus()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="week")
    def _load(self) -> None:
        commits = self.services.commits.commits_in(self.week.week)
        self.post_message(WeekCommitsLoaded(self.week, commits))

    @on(WeekCommitsLoaded)
    def _show(self, event: WeekCommitsLoaded) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.commits = event.commits
        table.clear()
        for commit in event.commits:
            table.add_row(*commit_row(commit, self.app), key=commit.sha)
        if event.commits:
            table.move_cursor(row=min(row, len(event.commits) - 1), animate=False)
            hint = (
                "Press x (or enter) on a commit to explain the why behind it, as a learning "
                "entry linked to the commit; ✓ marks the commits you have explained."
            )
        else:
            hint = "No commits of yours this week."
        self.query_one("#week-hint", Static).update(Content.styled(hint, "$foreground-muted"))

    @property
    def current(self) -> StoredCommit | None:
        table = self.query_one(DataTable)
        if not self.commits or not 0 <= table.cursor_row < len(self.commits):
            return None
        return self.commits[table.cursor_row]

    @on(DataTable.RowSelected, "#commits-table")
    def _selected(self) -> None:
        self.action_explain()

    def action_explain(self) -> None:
        from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen

        commit = self.current
        if commit is None:
            return
        preset = {
            "kind": EntryKind.EXPLANATION.value,
            "commit_repo": commit.repo,
            "commit_sha": commit.sha,
        }
        self.app.push_screen(EntryEditorScreen(preset=preset), self._explained)

    def _explained(self, entry: Entry | None) -> None:
        if entry is not None:
            self.notify(f"Saved your explanation “{one_line(entry.title, 50)}”.")
            self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()
