"""Output against learning: the week chart, the week table, and scanning with progress."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from craftlog.core.flags import WeekOutput
from craftlog.core.sources import ScanOutcome, ScanReport, Source
from craftlog.core.text import one_line, short_path
from craftlog.core.weeks import IsoWeek
from craftlog.tui.messages import OutputLoaded, ScanFinished, ScanProgressed
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.output_views import (
    NO_REPOS,
    NOT_SCANNED,
    more_row,
    scan_failure,
    scan_note,
    week_detail,
    week_row,
)
from craftlog.tui.widgets.week_chart import WeekChart

# Progress is posted at most this often per repository, so a fast scan cannot flood the UI.
PROGRESS_SECONDS = 0.1
RECENT_WEEKS = 12
# Weeks put in the table at a time: a row costs the table a measure of every cell, and ten
# years of weeks took a third of a second to add. The chart still draws every week.
PAGE_WEEKS = 52
# Weeks read before the rest of the history: the table's first page and a wide chart.
FIRST_WEEKS = 2 * PAGE_WEEKS
MORE = "more"


class OutputScreen(CraftlogScreen):
    """Weeks of commits next to weeks of learning; flagged weeks stand out."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "scan",
            "Scan",
            tooltip="Read new commits from every registered repository",
            id="output-scan",
        ),
        Binding(
            "r",
            "repos",
            "Repositories",
            tooltip="Add or remove the git repositories that count",
            id="output-repos",
        ),
        Binding(
            "escape",
            "stop_or_back",
            "Stop scan / back",
            tooltip="Stop a running scan; otherwise back to the screen before",
            id="output-back",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._weeks: list[WeekOutput] = []
        self._sources: list[Source] = []
        self._bars: dict[int, ProgressBar] = {}
        self._rows = 0  # weeks in the table, newest first
        self._complete = True  # False while only the recent weeks are read
        self._loaded = False
        self._scan_when_loaded = False
        self.scanning = False

    def compose(self) -> ComposeResult:
        with Vertical(id="output"):
            yield Static(id="output-note")
            yield WeekChart(id="week-chart")
            yield Static(id="week-detail")
            yield Vertical(id="scan-progress")
            table: DataTable[object] = DataTable(id="weeks-table", cursor_type="row")
            table.add_columns("Week", "Starts", "Commits", "Added", "Removed", "AI≥", "Learned")
            table.add_column("Flag", key="flag")
            yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#scan-progress").display = False
        self.query_one(DataTable).focus()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="output")
    def _load(self) -> None:
        services = self.services
        sources = services.commits.sources()
        # Counting every week of ten years of commits takes a fifth of a second; the weeks the
        # chart and the table's first page show take a few milliseconds, so they come first.
        recent = IsoWeek.of(services.today()).shifted(1 - FIRST_WEEKS).monday
        if services.commits.any_before(recent):
            self.post_message(OutputLoaded(services.weeks(since=recent), sources, complete=False))
        self.post_message(OutputLoaded(services.weeks(), sources))

    @on(OutputLoaded)
    def _show(self, event: OutputLoaded) -> None:
        self._weeks, self._sources = event.weeks, event.sources
        self._complete = event.complete
        self._loaded = True
        if self._scan_when_loaded:
            self._scan_when_loaded = False
            self.action_scan()
        scanned = any(s.status is not ScanOutcome.NEW for s in event.sources)
        table = self.query_one(DataTable)
        chart = self.query_one(WeekChart)
        # Weeks are worth drawing once something was scanned, or entries give them anyway.
        table.display = chart.display = bool(event.sources) and (scanned or bool(event.weeks))
        self.query_one("#week-detail").display = table.display
        self.query_one("#output-note", Static).update(self._note(event, scanned))
        if not table.display:
            return
        chosen = self._chosen_label()
        labels = [w.week.label for w in reversed(event.weeks)]
        wanted = labels.index(chosen) + 1 if chosen in labels else 0
        shown, self._rows = self._rows, 0  # a reload keeps the pages already opened
        table.clear()
        self._add_rows(max(PAGE_WEEKS, shown, wanted))
        chart.show(event.weeks)
        if chosen is not None and chosen in labels:
            table.move_cursor(row=table.get_row_index(chosen), animate=False)
        self._sync_chart()

    def _add_rows(self, upto: int) -> None:
        """Show the newest `upto` weeks in the table, with a last row offering older ones."""
        table = self.query_one(DataTable)
        newest_first = self._weeks[::-1]
        upto = min(upto, len(newest_first))
        if upto <= self._rows:
            return
        if MORE in table.rows:
            table.remove_row(MORE)
        for week in newest_first[self._rows : upto]:
            table.add_row(*week_row(week, self.app), key=week.week.label)
        self._rows = upto
        if upto < len(newest_first):
            older = len(newest_first) - upto if self._complete else None
            table.add_row(*more_row(older, PAGE_WEEKS, self.app), key=MORE)

    def _note(self, event: OutputLoaded, scanned: bool) -> Content:
        if not event.sources:
            return NO_REPOS
        if not scanned:
            return NOT_SCANNED
        recent = event.weeks[-RECENT_WEEKS:]
        flagged = sum(w.flagged for w in recent)
        commits = f"{sum(w.commits for w in event.weeks):,} commits"
        if not event.complete:
            commits += f" in the last {len(event.weeks)} weeks"
        repos = len(event.sources)
        parts = [
            f"{repos} repositor{'y' if repos == 1 else 'ies'} · {commits}",
            f"{flagged} of the last {len(recent)} weeks flagged",
        ]
        note = Content.assemble(
            " · ".join(parts),
            "\n",
            ("AI≥: AI-assisted commits found in messages, a lower bound", "$foreground-muted"),
        )
        failed = [s for s in event.sources if s.status is ScanOutcome.FAILED]
        if failed:
            note = Content.assemble(
                note, "\n", (f"{len(failed)} failed its last scan; press r to see why.", "$error")
            )
        return note

    def _chosen_label(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(row.value) if row.value is not None else None

    def chosen_week(self) -> WeekOutput | None:
        """The week under the table's cursor."""
        label = self._chosen_label()
        return next((w for w in self._weeks if w.week.label == label), None)

    def _sync_chart(self) -> None:
        week = self.chosen_week()
        self.query_one(WeekChart).cursor = self._weeks.index(week) if week else None
        self.query_one("#week-detail", Static).update(week_detail(week))

    @on(DataTable.RowHighlighted, "#weeks-table")
    def _highlighted(self) -> None:
        self._sync_chart()

    @on(DataTable.RowSelected, "#weeks-table")
    def _selected(self) -> None:
        from craftlog.tui.screens.week_screen import WeekScreen

        if self._chosen_label() == MORE:
            row = self._rows
            self._add_rows(self._rows + PAGE_WEEKS)
            self.query_one(DataTable).move_cursor(row=row, animate=False)
            return
        week = self.chosen_week()
        if week is not None:
            self.app.push_screen(WeekScreen(week))

    @on(WeekChart.WeekClicked)
    def _clicked(self, event: WeekChart.WeekClicked) -> None:
        table = self.query_one(DataTable)
        label = self._weeks[event.index].week.label
        self._add_rows(len(self._weeks) - event.index)  # an older week than the table shows
        table.move_cursor(row=table.get_row_index(label), animate=False)
        table.focus()

    def action_repos(self) -> None:
        from craftlog.tui.screens.repos_modal import ReposModal

        self.app.push_screen(ReposModal())

    def action_scan(self) -> None:
        if self.scanning:
            self.notify("A scan is already running; press escape to stop it.")
            return
        if not self._loaded:  # asked for from elsewhere before the first load arrived
            self._scan_when_loaded = True
            return
        if not self._sources:
            self.notify("No repositories yet: press r to add one.", severity="warning")
            return
        self.scanning = True
        holder = self.query_one("#scan-progress", Vertical)
        holder.remove_children()
        self._bars = {}
        for source in self._sources:
            bar = ProgressBar(show_eta=False, id=f"scan-{source.id}")
            self._bars[source.id] = bar
            name = Label(Content(one_line(short_path(source.path), 60)))
            holder.mount(Horizontal(name, bar, classes="scan-row"))
        holder.display = True
        self._scan()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scan")
    def _scan(self) -> None:
        worker = get_current_worker()
        posted: dict[int, float] = {}

        def progress(source: Source, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - posted.get(source.id, 0.0) < PROGRESS_SECONDS:
                return
            posted[source.id] = now
            self.post_message(ScanProgressed(source, done, total))

        reports = self.services.scan(progress, lambda: worker.is_cancelled)
        self.post_message(ScanFinished(reports, worker.is_cancelled))

    @on(Worker.StateChanged)
    def _scan_ended(self, event: Worker.StateChanged) -> None:
        # A scan that raised posts no ScanFinished: without this, `s` would say a scan is
        # running and escape would never leave the screen.
        failed = event.state == WorkerState.ERROR
        if event.worker.group == "scan" and failed and self.scanning:
            self.scanning = False
            self.query_one("#scan-progress").display = False
            self.refresh_data()

    @on(ScanProgressed)
    def _progressed(self, event: ScanProgressed) -> None:
        bar = self._bars.get(event.source.id)
        if bar is not None:
            bar.update(total=max(event.total, 1), progress=event.done)

    @on(ScanFinished)
    def _finished(self, event: ScanFinished) -> None:
        self.scanning = False
        self.query_one("#scan-progress").display = False
        self._announce(event.reports, event.cancelled)
        self.refresh_data()

    def _announce(self, reports: list[ScanReport], cancelled: bool) -> None:
        self.notify(
            scan_note(reports, cancelled), title="Scan stopped" if cancelled else "Scan finished"
        )
        for report in reports:
            if report.outcome is ScanOutcome.FAILED:
                self.notify(
                    scan_failure(report),
                    title="A repository could not be read",
                    severity="error",
                    timeout=15,
                )

    def action_stop_or_back(self) -> None:
        if self.scanning:
            self.workers.cancel_group(self, "scan")
            self.notify("Stopping the scan…")
            return
        self.app.action_back()  # type: ignore[attr-defined]
