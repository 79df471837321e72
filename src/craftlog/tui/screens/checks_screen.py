"""The self-checks: each instrument's latest result and whether it is due, its trend and history."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from craftlog.core.assessments import Assessment, due_keys, latest_by_key
from craftlog.core.instruments import INSTRUMENTS, SUGGESTED_MONTHLY, Instrument, get_instrument
from craftlog.tui.cells import cell
from craftlog.tui.messages import AssessmentsLoaded
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.screens.instrument_screen import (
    DRAFT_PREFIX,
    InstrumentScreen,
    answers_in,
    draft_key,
)
from craftlog.tui.widgets.instrument_result import band_colour
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.trend_chart import TrendChart

FIRST_LAUNCH = Content.assemble(
    ("Three short self-assessments, a few minutes each, kept so you can watch them move.", "bold"),
    "\n\n",
    ("Symptom list", "bold $primary"),
    " (key 1): seven yes/no statements about how your work has felt lately. Each yes is a sign "
    "that what you ship is outgrowing what you understand.\n\n",
    ("Quick self-check", "bold $primary"),
    " (key 2): five tasks to picture doing today with no AI help. Three or more that feel "
    "uncomfortable mean the gap needs your attention now.\n\n",
    ("AI-usage tier test", "bold $primary"),
    " (key 3): ten questions on how much of a personal AI setup you have built, with one "
    "concrete step for every no.\n\n",
    "The two gap checks are worth taking once a month, the tier test whenever you like. ",
    ("Press 1, 2 or 3, or pick one below and press enter.", "bold $primary"),
)
CHART_LEGEND = Content.assemble(
    ("●", "$success"), " better ", ("●", "$warning"), " worse than before"
)
KEYS_HINT = "enter takes the selected check · v shows a past result · tab: its history"


def instrument_draft_note(key: str, when: str) -> str:
    """The start-up notice for an instrument left half answered."""
    instrument = INSTRUMENTS.get(key.removeprefix(DRAFT_PREFIX))
    title = instrument.title if instrument else "a self-check"
    return (
        f"You have unfinished answers to the {title} from {when}. "
        f"Press c, then enter on {title} to continue."
    )


def instrument_row(
    instrument: Instrument,
    latest: Assessment | None,
    due: bool,
    unfinished: int,
    app: App[object],
) -> tuple[Text, ...]:
    """One instrument as a table row: its latest result, and whether it is due this month."""
    if unfinished:
        status = cell(f"unfinished, {unfinished} of {instrument.maximum}", app, "primary")
    elif instrument.key not in SUGGESTED_MONTHLY:
        status = cell("when you like", app, "text-muted")
    elif due:
        status = cell("due", app, "warning", bold=True)
    else:
        status = cell("✓ taken", app, "success")
    if latest is None:
        return (cell(instrument.title, app, bold=True), cell("—", app, "text-muted"),
                cell(""), cell("not yet", app, "text-muted"), status)  # fmt: skip
    band = latest.band
    return (
        cell(instrument.title, app, bold=True),
        cell(f"{latest.score} of {instrument.maximum}"),
        cell(band.name, app, band_colour(instrument, band).lstrip("$")),
        cell(f"{latest.day:%d %b %Y}", app, "text-muted"),
        status,
    )


class ChecksScreen(CraftlogScreen):
    """The symptom list, the quick self-check and the tier test: take one, or look back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so the footer shows it over the table's own enter.
        Binding(
            "enter",
            "take",
            "Take",
            tooltip="Take the selected self-check",
            id="checks-take",
            priority=True,
        ),
        Binding(
            "v", "view", "Result", tooltip="Show the selected past result in full", id="checks-view"
        ),
        Binding(
            "1",
            "take('symptoms')",
            "Symptom list",
            tooltip="Take the symptom list (seven yes/no signs)",
            id="checks-symptoms",
            show=False,
        ),
        Binding(
            "2",
            "take('quick-check')",
            "Quick check",
            tooltip="Take the quick self-check (five tasks without AI)",
            id="checks-quick",
            show=False,
        ),
        Binding(
            "3",
            "take('tier')",
            "Tier test",
            tooltip="Take the AI-usage tier test (ten questions)",
            id="checks-tier",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.assessments: list[Assessment] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="checks"):
            yield Static(id="checks-note")
            table: DataTable[object] = DataTable(id="checks-table", cursor_type="row")
            table.add_columns("Self-check", "Latest", "Band", "Taken", "This month")
            yield table
            with Horizontal(id="checks-detail"):
                yield TrendChart(id="checks-trend")
                history: DataTable[object] = DataTable(id="checks-history", cursor_type="row")
                history.add_columns("Taken", "Score", "Band")
                yield history
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Self-checks"
        self.query_one("#checks-table", DataTable).focus()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="checks")
    def _load(self) -> None:
        services = self.services
        assessments = services.assessments.all()
        due = due_keys(latest_by_key(assessments), services.today(), SUGGESTED_MONTHLY)
        unfinished = {}
        for instrument in INSTRUMENTS.values():
            draft = services.drafts.load(draft_key(instrument))
            if draft is not None and (answers := answers_in(draft.fields, instrument)):
                unfinished[instrument.key] = len(answers)
        self.post_message(AssessmentsLoaded(assessments, due, unfinished))

    @on(AssessmentsLoaded)
    def _show(self, event: AssessmentsLoaded) -> None:
        self.assessments = sorted(event.assessments, key=lambda a: a.taken_at)
        latest = latest_by_key(self.assessments)
        table = self.query_one("#checks-table", DataTable)
        chosen = self.selected.key if table.row_count else None
        table.clear()
        for key, instrument in INSTRUMENTS.items():
            due, unfinished = key in event.due, event.unfinished.get(key, 0)
            table.add_row(
                *instrument_row(instrument, latest.get(key), due, unfinished, self.app), key=key
            )
        if chosen is not None:
            table.move_cursor(row=table.get_row_index(chosen), animate=False)
        self.query_one("#checks-note", Static).update(self._note(event.due))
        self.query_one("#checks-detail").display = bool(self.assessments)
        self._show_selected()

    def _note(self, due: list[str]) -> Content:
        if not self.assessments:
            return FIRST_LAUNCH
        if due:
            titles = " and the ".join(INSTRUMENTS[k].title for k in due)
            line = Content.styled(f"Due this month: the {titles}.", "$warning")
        else:
            line = Content.styled("✓ Both gap checks are taken this month.", "$success")
        return Content.assemble(line, "\n", (KEYS_HINT, "$foreground-muted"))

    @property
    def selected(self) -> Instrument:
        """The instrument under the table's cursor."""
        table = self.query_one("#checks-table", DataTable)
        if not table.row_count:
            return next(iter(INSTRUMENTS.values()))
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return get_instrument(str(row.value))

    def history_of(self, key: str) -> list[Assessment]:
        """One instrument's results, oldest first."""
        return [a for a in self.assessments if a.key == key]

    @on(DataTable.RowHighlighted, "#checks-table")
    def _show_selected(self) -> None:
        instrument = self.selected
        history = self.history_of(instrument.key)
        chart = self.query_one(TrendChart)
        chart.set_points(
            [(f"{a.day:%b %d}", a.score) for a in history],
            instrument.maximum,
            instrument.higher_is_better,
        )
        better = "higher" if instrument.higher_is_better else "lower"
        chart.border_title = Content(f"0 to {instrument.maximum} · {better} is better")
        chart.border_subtitle = CHART_LEGEND if len(history) > 1 else None
        if not history:
            chart.border_subtitle = Content("enter takes it")
        table = self.query_one("#checks-history", DataTable)
        table.clear()
        table.display = bool(history)
        for item in reversed(history):
            band = item.band
            table.add_row(
                cell(f"{item.day:%d %b %Y}", self.app, "text-muted"),
                cell(f"{item.score} of {instrument.maximum}"),
                cell(band.name, self.app, band_colour(instrument, band).lstrip("$")),
                key=str(item.id),
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take" and not parameters:
            # On the history, enter opens the result under the cursor instead.
            return self.focused is None or self.focused.id != "checks-history"
        if action == "view":
            return bool(self.history_of(self.selected.key))
        return True

    def take(self, key: str) -> None:
        """Open an instrument to take it (or to continue the answers kept for it)."""
        self.app.push_screen(InstrumentScreen(get_instrument(key)))

    def action_take(self, key: str | None = None) -> None:
        self.take(key or self.selected.key)

    @on(DataTable.RowSelected, "#checks-history")
    def _history_selected(self) -> None:
        self.action_view()

    def action_view(self) -> None:
        history = self.history_of(self.selected.key)
        if not history:
            return
        table = self.query_one("#checks-history", DataTable)
        index = len(history) - 1 - min(table.cursor_row, len(history) - 1)
        previous = history[index - 1] if index else None
        self.app.push_screen(InstrumentScreen(self.selected, history[index], previous))
