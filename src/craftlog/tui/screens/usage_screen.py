"""AI usage: calls, failures, tokens and estimated cost per month, and the latest calls."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from craftlog.core.text import one_line, short_path
from craftlog.quiz.ledger import CallRecord, MonthUsage
from craftlog.tui.cells import cell
from craftlog.tui.messages import UsageLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.empty_state import empty_content
from craftlog.tui.widgets.key_bar import KeyBar

RECENT = 50
MUTED = "$foreground-muted"
NARROW = 100  # below this many columns the model leaves the table for the line under it


def money(cost: float | None) -> str:
    """An estimated cost in US dollars, or "unknown" when a model had no price."""
    if cost is None:
        return "unknown"
    return f"${cost:,.2f}" if cost >= 1 else f"${cost:.4f}"


def month_label(month: str) -> str:
    """'2026-11' as 'Nov 2026'."""
    from datetime import date

    year, number = (int(part) for part in month.split("-"))
    return f"{date(year, number, 1):%b %Y}"


class UsageScreen(CraftlogScreen):
    """Every AI call the quiz made, summed by month, with the latest calls one by one."""

    def __init__(self) -> None:
        super().__init__()
        self._recent: list[CallRecord] = []
        self._width = 0  # the screen width the latest calls were last laid out for

    def compose(self) -> ComposeResult:
        with Vertical(id="usage"):
            yield Static(id="usage-note")
            months: DataTable[object] = DataTable(id="usage-months", cursor_type="none")
            months.add_columns("Month", "Calls", "Failed", "Input tokens", "Output tokens", "Cost")
            yield months
            yield DataTable(id="usage-recent", cursor_type="row")
            yield Static(id="usage-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "AI usage"
        self.query_one("#usage-months").border_title = "By month"
        self.query_one("#usage-recent").border_title = "Latest calls, newest first"

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="usage")
    def _load(self) -> None:
        ledger = self.services.ledger
        self.post_message(UsageLoaded(ledger.months(), ledger.recent(RECENT)))

    @on(UsageLoaded)
    def _show(self, event: UsageLoaded) -> None:
        self.query_one("#usage-note", Static).update(self._note(event))
        months = self.query_one("#usage-months", DataTable)
        recent = self.query_one("#usage-recent", DataTable)
        months.display = recent.display = bool(event.months)
        months.clear()
        for month in event.months:
            months.add_row(*self._month_row(month), key=month.month)
        self._recent = list(event.recent)
        self._fill_recent()
        if event.months:
            recent.focus()
        self._show_detail()

    @property
    def _narrow(self) -> bool:
        return self._width < NARROW

    def _fill_recent(self) -> None:
        """The latest calls laid out for this width; on a narrow one the model goes below."""
        recent = self.query_one("#usage-recent", DataTable)
        self._width = self.size.width
        labels = ["When", "For", "Outcome", "Model", "In", "Out", "Cost", "Time"]
        if self._narrow:
            labels.remove("Model")
        recent.clear(columns=True)
        recent.add_columns(*labels)
        for number, call in enumerate(self._recent):
            row = self._call_row(call)
            recent.add_row(*(row[:3] + row[4:] if self._narrow else row), key=str(number))

    def on_resize(self) -> None:
        if self._recent and self.size.width != self._width:
            recent = self.query_one("#usage-recent", DataTable)
            row = recent.cursor_row
            self._fill_recent()
            recent.move_cursor(row=row, animate=False)

    @on(DataTable.RowHighlighted, "#usage-recent")
    def _show_detail(self) -> None:
        """The highlighted call's failure in words, and on a narrow screen its model."""
        recent = self.query_one("#usage-recent", DataTable)
        row = recent.cursor_row
        call = self._recent[row] if 0 <= row < len(self._recent) else None
        detail = self.query_one("#usage-detail", Static)
        detail.display = call is not None and (call.outcome != "ok" or self._narrow)
        if call is None or not detail.display:
            return
        model = Content.styled(f"Model: {one_line(call.model, 60)}", MUTED)
        if call.outcome == "ok":
            detail.update(model)
            return
        words = one_line(call.message, 300) or "no details were recorded"
        failure = Content.assemble((f"{one_line(call.outcome, 40)}: ", "bold $error"), words)
        detail.update(Content.assemble(failure, "\n", model) if self._narrow else failure)

    def _note(self, event: UsageLoaded) -> Content:
        where = short_path(str(self.services.ledger.jsonl_path))
        if not event.months:
            return empty_content(
                "No AI calls yet.",
                "Each call the quiz makes to Claude is listed here: when, what for, the tokens "
                "both ways, the estimated cost and how it ended. Offline reviews make none.",
                "Press q, then e, to review your entries with Claude.",
            )
        return Content.assemble(
            "Every call to Claude, kept in the database and appended to ",
            (where, "$secondary"),
            ".\n",
            (
                "Costs are estimates from [ai] prices in config.toml; a model with no price "
                "there shows unknown.",
                MUTED,
            ),
        )

    def _month_row(self, month: MonthUsage) -> tuple[Text, ...]:
        app = self.app
        return (
            cell(month_label(month.month), app, bold=True),
            cell(f"{month.calls:>5,}"),
            cell(f"{month.failed:>6,}", app, "error" if month.failed else "text-muted"),
            cell(f"{month.input_tokens:>12,}"),
            cell(f"{month.output_tokens:>13,}"),
            cell(money(month.cost_usd), app, "warning" if month.cost_usd is None else ""),
        )

    def _call_row(self, call: CallRecord) -> tuple[Text, ...]:
        app = self.app
        ok = call.outcome == "ok"
        return (
            cell(f"{call.at.astimezone():%d %b %H:%M}", app, "text-muted"),
            cell(call.purpose),
            cell("ok" if ok else one_line(call.outcome, 16), app, "success" if ok else "error"),
            cell(one_line(call.model, 24)),
            cell(f"{call.input_tokens:>6,}"),
            cell(f"{call.output_tokens:>6,}"),
            cell(money(call.cost_usd), app, "warning" if call.cost_usd is None else ""),
            cell(f"{call.duration_ms / 1000:>5.1f} s"),
        )
