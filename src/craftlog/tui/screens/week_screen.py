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
from textual.widgets import DataTable, Static

from craftlog.core.entries import Entry, EntryKind
from craftlog.core.flags import WeekOutput
from craftlog.core.text import one_line, sentence, visible
from craftlog.store.commits import StoredCommit
from craftlog.tui.cells import cell
from craftlog.tui.messages import WeekCommitsLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.empty_state import empty_content
from craftlog.tui.widgets.key_bar import KeyBar

SUMMARY_WIDTH = 52  # the least a summary is given; a wider screen gives it the rest
NARROW = 100  # below this many columns the repository moves from the table to the detail line
# The table's border and its vertical scrollbar, kept free so no column scrolls sideways.
TABLE_CHROME = 4


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


def commit_row(
    commit: StoredCommit, app: App[object], width: int = SUMMARY_WIDTH, repository: bool = True
) -> tuple[Text, ...]:
    """One commit as a table row, its summary cut at `width`; text is shown literally."""
    summary = visible(commit.summary)
    if commit.is_merge:
        summary_cell = cell(one_line(f"(merge, not counted) {summary}", width), app, "text-muted")
    else:
        summary_cell = cell(one_line(summary, width))
    where = (cell(one_line(visible(os.path.basename(commit.repo)), 24)),) if repository else ()
    return (
        cell(f"{commit.authored_at:%d %b %H:%M}", app, "text-muted"),
        *where,
        cell(commit.sha[:10], app, "secondary"),
        summary_cell,
        cell(f"+{commit.lines_added:,}"),
        cell(f"−{commit.lines_removed:,}"),
        cell("AI", app, "warning") if commit.ai_assisted else cell(""),
        cell("✓", app, "success") if commit.explained else cell(""),
    )


def commit_detail(commit: StoredCommit | None) -> Content:
    """The highlighted commit's whole summary, which the table may have cut short."""
    if commit is None:
        return Content("")
    return Content.assemble(
        (commit.sha[:10], "$secondary"),
        (f" · {visible(os.path.basename(commit.repo))} · ", "$foreground-muted"),
        visible(" ".join(commit.summary.split())),
    )


class WeekScreen(CraftlogScreen):
    """The commits of one week, each one a possible explanation entry."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "explain",
            "Explain this commit",
            tooltip="Write an entry on why the selected commit was made",
            id="week-explain",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the weeks", id="week-back"),
    ]

    def __init__(self, week: WeekOutput) -> None:
        super().__init__()
        self.week = week
        self.commits: list[StoredCommit] = []
        self._width = 0  # the screen width the table was last laid out for

    def compose(self) -> ComposeResult:
        with Vertical(id="week"):
            yield Static(week_heading(self.week), id="week-heading")
            yield DataTable(id="commits-table", cursor_type="row")
            yield Static(id="commit-detail")
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
        self._fill()
        table.display = bool(event.commits)  # an empty table would only show its headings
        self.query_one("#commit-detail").display = table.display
        hint = self.query_one("#week-hint", Static)
        if event.commits:
            table.move_cursor(row=min(row, len(event.commits) - 1), animate=False)
            hint.update(
                Content.styled(
                    "Press x (or enter) on a commit to explain the why behind it, as a learning "
                    "entry linked to the commit; ✓ marks the commits you have explained.",
                    "$foreground-muted",
                )
            )
        else:
            words = empty_content(
                "No commits of yours this week.",
                "Here each commit of a week can be explained: the why behind it, kept as a "
                "learning entry.",
                "Press escape to go back and choose another week.",
            )
            hint.update(Content.assemble("\n", words))

    def _fill(self) -> None:
        """Lay the commits out for this width: the summary takes what the other columns leave."""
        table = self.query_one(DataTable)
        self._width = width = self.size.width
        repository = width >= NARROW
        rows = [commit_row(c, self.app, 1, repository) for c in self.commits]
        labels = ["When", *(["Repository"] if repository else []), "Commit", "Summary"]
        labels += ["Added", "Removed", "AI", "Why"]
        summary = labels.index("Summary")
        # Each other column is as wide as its widest cell, plus the table's padding either side.
        taken = sum(
            max([len(label), *(r[n].cell_len for r in rows)]) + 2 * table.cell_padding
            for n, label in enumerate(labels)
            if n != summary
        )
        room = width - taken - TABLE_CHROME - 2 * table.cell_padding - 2  # the screen's padding
        table.clear(columns=True)
        table.add_columns(*labels)
        for commit in self.commits:
            row = commit_row(commit, self.app, max(room, 12), repository)
            table.add_row(*row, key=commit.sha)

    def on_resize(self) -> None:
        if self.commits and self.size.width != self._width:
            row = self.query_one(DataTable).cursor_row
            self._fill()
            self.query_one(DataTable).move_cursor(row=row, animate=False)

    @on(DataTable.RowHighlighted, "#commits-table")
    def _highlighted(self) -> None:
        self.query_one("#commit-detail", Static).update(commit_detail(self.current))

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
