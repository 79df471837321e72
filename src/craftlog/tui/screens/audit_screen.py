"""The monthly no-AI audit: the running timer, this month's state, history and recurring gaps."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from craftlog.core.audit_history import current_goal, history, recurring_gaps
from craftlog.core.audits import (
    Audit,
    AuditError,
    AuditStatus,
    abandon,
    month_key,
    pause,
    resume,
)
from craftlog.core.dashboard import AuditState
from craftlog.core.text import one_line, sentence
from craftlog.tui.cells import cell
from craftlog.tui.messages import AuditSaved, AuditsLoaded
from craftlog.tui.screens.audit_finish_modal import finish_draft_key
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.audit_views import audit_detail, gaps_panel, month_name, status_panel
from craftlog.tui.widgets.key_bar import KeyBar

# The clock on screen moves once a second; the stored start time is what counts.
TICK_SECONDS = 1.0
OPEN_ONLY = {"pause_resume", "finish", "abandon"}
LIVE = (AuditStatus.RUNNING, AuditStatus.PAUSED)
# Below this many columns the history leaves out what the gap is (the detail panel says it), so
# the task keeps room; the task column takes whatever the others leave.
NARROW = 100


class AuditScreen(CraftlogScreen):
    """This month's audit and every earlier one; start, pause, finish or abandon from here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "start_audit",
            "Start an audit",
            tooltip="Plan this month's no-AI audit, then start its clock",
            id="audit-new",
        ),
        Binding(
            "p",
            "pause_resume",
            "Pause/resume",
            tooltip="Pause the running audit's clock, or resume it",
            id="audit-pause",
        ),
        Binding(
            "f",
            "finish",
            "Finish",
            tooltip="Record how the audit went and the gaps you hit",
            id="audit-finish",
        ),
        Binding(
            "x",
            "abandon",
            "Abandon",
            tooltip="Give up the running audit (it is kept as abandoned)",
            id="audit-abandon",
        ),
        Binding(
            "g",
            "rebuild",
            "Gap to rebuild",
            tooltip="Pick one gap from an audit to rebuild as a goal",
            id="audit-rebuild",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._audits: list[Audit] = []
        self._state: AuditState | None = None
        self._saving = False  # a change is on its way to the store; the shown state is stale
        self._done: list[Audit] = []  # the finished and abandoned audits, newest first
        self._width = 0  # the screen width the history was last laid out for

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="audit"):
            yield Static(id="audit-now", classes="panel")
            yield Static(id="audit-gaps", classes="panel")
            table: DataTable[object] = DataTable(id="audit-history", cursor_type="row")
            table.add_columns("Month", "Task", "Outcome", "Min", "Gaps", "Rebuilding")
            yield table
            yield Static(id="audit-detail", classes="panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(TICK_SECONDS, self._tick)
        for selector in ("#audit-history", "#audit-detail", "#audit-gaps"):
            self.query_one(selector).display = False

    def refresh_data(self) -> None:
        self._load()

    @property
    def open_audit(self) -> Audit | None:
        return self._state.open if self._state else None

    @work(thread=True, exclusive=True, exit_on_error=False, group="audits")
    def _load(self) -> None:
        from craftlog.core.dashboard import audit_state

        audits = self.services.audits.all()
        self.post_message(AuditsLoaded(audits, audit_state(audits, self.services.today())))

    @on(AuditsLoaded)
    def _show(self, event: AuditsLoaded) -> None:
        self._audits, self._state = event.audits, event.state
        self._saving = False
        self._tick()
        ended = (AuditStatus.FINISHED, AuditStatus.ABANDONED)
        done = [a for a in event.audits if a.status in ended]
        table = self.query_one("#audit-history", DataTable)
        table.display = self.query_one("#audit-detail").display = bool(done)
        gaps = recurring_gaps(event.audits)
        self.query_one("#audit-gaps").display = event.state.open is None or bool(done)
        self.query_one("#audit-gaps", Static).update(
            gaps_panel(gaps, event.state.goal, history(event.audits))
        )
        self._done = sorted(done, key=lambda a: (a.month, a.id or 0), reverse=True)
        self._fill_history()
        self._sync_detail()
        self.refresh_bindings()
        count = event.state.count
        self.sub_title = f"{count} finished audit{'s' if count != 1 else ''}"

    def _fill_history(self) -> None:
        """Lay the history out for this width, so no column needs scrolling sideways."""
        table = self.query_one("#audit-history", DataTable)
        self._width = width = self.size.width
        wide = width >= NARROW
        labels = ["Month", "Task", "Outcome", "Min", "Gaps", *(["Rebuilding"] if wide else [])]
        rows = [self._row(a, 1, wide) for a in self._done]
        taken = sum(
            max([len(label), *(r[n].cell_len for r in rows)]) + 2 * table.cell_padding
            for n, label in enumerate(labels)
            if n != 1
        )
        # Less the padding, the borders and the scrollbars of the screen and the table.
        room = max(width - taken - 2 * table.cell_padding - 10, 12)
        table.clear(columns=True)
        table.add_columns(*labels)
        for audit in self._done:
            table.add_row(*self._row(audit, min(room, 48), wide), key=str(audit.id))

    def on_resize(self) -> None:
        if self._done and self.size.width != self._width:
            table = self.query_one("#audit-history", DataTable)
            row = table.cursor_row
            self._fill_history()
            table.move_cursor(row=row, animate=False)

    def _row(self, audit: Audit, task_width: int, rebuilding: bool) -> tuple[Text, ...]:
        app = self.app
        if audit.status is AuditStatus.ABANDONED:
            outcome, colour = "abandoned", "text-muted"
        else:
            assert audit.outcome is not None
            outcome = audit.outcome.label
            colour = "success" if audit.outcome.rank >= 2 else "warning"
        return (
            cell(month_name(audit.month), app, bold=True),
            cell(one_line(audit.task, task_width)),
            cell(outcome, app, colour),
            cell("" if audit.minutes is None else f"{audit.minutes}"),
            cell(f"{len(audit.gaps)}"),
            *([cell(one_line(audit.rebuild_gap or "", 18), app, "primary")] if rebuilding else []),
        )

    def _tick(self) -> None:
        if self._state is None:
            return
        services = self.services
        others = sum(1 for a in self._audits if a.status in LIVE) - (self._state.open is not None)
        self.query_one("#audit-now", Static).update(
            status_panel(self._state, services.now(), services.today(), max(others, 0))
        )

    def _chosen(self) -> Audit | None:
        table = self.query_one("#audit-history", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self._audits if str(a.id) == key), None)

    @on(DataTable.RowHighlighted, "#audit-history")
    def _sync_detail(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.query_one("#audit-detail", Static).update(audit_detail(chosen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in OPEN_ONLY and self.open_audit is None:
            return False  # hidden: there is nothing running to act on
        # Nothing to rebuild before the first finished audit.
        return not (action == "rebuild" and self._state is not None and self._state.count == 0)

    # --- actions ------------------------------------------------------------------------------

    def action_start_audit(self) -> None:
        from craftlog.tui.screens.audit_plan_screen import AuditPlanScreen

        if self._state is None:
            return  # not read yet: whether an audit is under way is not known
        if self.open_audit is not None:
            self.notify(
                "An audit is already under way: finish it (f) or abandon it (x) first.",
                severity="warning",
            )
            return

        def started(audit: Audit | None) -> None:
            if audit is not None:
                self.notify("The clock is running. You can quit craftlog; it keeps counting.")
            self.refresh_data()

        self.app.push_screen(AuditPlanScreen(), started)

    def action_pause_resume(self) -> None:
        audit, now = self.open_audit, self.services.now()
        if audit is None or self._saving:
            return
        if audit.status is AuditStatus.PAUSED:
            self._save(resume(audit, now), "Resumed; the clock is running again.", audit)
        else:
            self._save(pause(audit, now), "Paused; press p to carry on.", audit)

    def action_finish(self) -> None:
        from craftlog.tui.screens.audit_finish_modal import AuditFinishModal

        audit = self.open_audit
        if audit is None or self._saving:
            return

        def finished(done: Audit | None) -> None:
            self.refresh_data()
            if done is None:
                return
            month = month_key(self.services.today())
            if done.month != month:
                # The audit belongs to the month its clock started in, not this one.
                self.notify(
                    f"Recorded as the {month_name(done.month)} audit, the month its clock "
                    f"started; {month_name(month)} still has its own audit to do.",
                    title="Audit finished",
                )
            if done.gaps:
                self._choose_rebuild(done)
            elif done.month == month:
                self.notify("Audit recorded. No gaps: well done.", title="Audit finished")

        self.app.push_screen(AuditFinishModal(audit), finished)

    def action_abandon(self) -> None:
        from craftlog.tui.screens.confirm_modal import ConfirmModal

        audit = self.open_audit
        if audit is None or self._saving:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                note = "Audit abandoned; it stays in the history."
                self._save(abandon(audit, self.services.now()), note, audit)

        self.app.push_screen(
            ConfirmModal(
                "Abandon this audit?",
                "It stays in the history as abandoned and does not count as this month's audit.",
                "Abandon",
            ),
            answered,
        )

    def action_rebuild(self) -> None:
        chosen = self._chosen() if self.query_one("#audit-history").has_focus else None
        if chosen is not None and chosen.finished and not chosen.gaps:
            self.notify(
                f"The {month_name(chosen.month)} audit listed no gaps, so it has none to rebuild."
            )
            return
        target = chosen if chosen is not None and chosen.finished else self._latest_with_gaps()
        if target is None:
            self.notify("No finished audit with gaps yet: the gap to rebuild comes from one.")
            return
        self._choose_rebuild(target)

    def _latest_with_gaps(self) -> Audit | None:
        state = self._state
        last = state.last_finished if state else None
        return last if last is not None and last.gaps else None

    def _choose_rebuild(self, audit: Audit) -> None:
        from craftlog.tui.screens.rebuild_modal import RebuildModal

        def chosen(gap: str | None) -> None:
            if gap is None:
                return
            from craftlog.core.audits import choose_rebuild

            try:
                updated = choose_rebuild(audit, gap)
            except AuditError as error:
                self.notify(sentence(str(error)), severity="error")
                return
            self._save(updated, self._goal_note(updated), audit)

        self.app.push_screen(RebuildModal(audit), chosen)

    def _goal_note(self, updated: Audit) -> str:
        """What choosing a gap did: the weekly log asks about the latest audit's choice only."""
        gap = one_line(updated.rebuild_gap or "", 60)
        audits = [updated if a.id == updated.id else a for a in self._audits]
        goal = current_goal(audits)
        if goal is None or (goal.gap, goal.month) == (updated.rebuild_gap, updated.month):
            return f"Goal set: rebuild “{gap}”."
        return (
            f"Kept “{gap}” as the {month_name(updated.month)} audit's gap to rebuild. The weekly "
            f"log keeps asking about “{one_line(goal.gap, 60)}”, chosen in a later audit."
        )

    def _save(self, audit: Audit, note: str, expected: Audit) -> None:
        self._saving = True
        self._store(audit, note, expected)

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit-save")
    def _store(self, audit: Audit, note: str, expected: Audit) -> None:
        try:
            # `expected` is the audit as shown: a change made meanwhile elsewhere is not undone.
            saved = self.services.audits.save(audit, expected=expected)
        except Exception:
            self.post_message(AuditSaved(audit, ""))  # reload what is really stored
            raise
        if saved.status is AuditStatus.ABANDONED:  # notes on how it went have no use now
            self.services.drafts.discard(finish_draft_key(saved))
        self.post_message(AuditSaved(saved, note))

    @on(AuditSaved)
    def _saved(self, event: AuditSaved) -> None:
        if event.note:
            self.notify(event.note)
        self.refresh_data()
