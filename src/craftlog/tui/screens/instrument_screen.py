"""Take one instrument: its intro, a question at a time, a review of every answer, the result."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from craftlog.core.assessments import Assessment, from_result
from craftlog.core.instruments import Instrument, score
from craftlog.tui.messages import AssessmentSaved
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.instrument_result import InstrumentResult, page_parts, show_review
from craftlog.tui.widgets.key_bar import KeyBar

DRAFT_PREFIX = "instrument-"
# Every instrument's answer keys; those another instrument uses do nothing here.
ANSWER_KEYS = frozenset("yncu12")


def draft_key(instrument: Instrument) -> str:
    """Where an instrument's unfinished answers are kept on disk."""
    return f"{DRAFT_PREFIX}{instrument.key}"


def choice_keys(instrument: Instrument) -> dict[str, str]:
    """Key to choice value: each label's first letter, and 1, 2 in order."""
    keys: dict[str, str] = {}
    for number, choice in enumerate(instrument.choices, start=1):
        keys[choice.label[0].lower()] = choice.value
        keys[str(number)] = choice.value
    return keys


def answers_in(fields: dict[str, Any], instrument: Instrument) -> dict[str, str]:
    """The valid answers a draft holds, in question order; anything else is dropped."""
    given = fields.get("answers")
    if not isinstance(given, dict):
        return {}
    values = {c.value for c in instrument.choices}
    return {q.id: given[q.id] for q in instrument.questions if given.get(q.id) in values}


class InstrumentScreen(CraftlogScreen):
    """One instrument taken with the keyboard, or one past result shown read-only."""

    AUTO_FOCUS = ""  # every key is the screen's own until the result, which scrolls
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin", tooltip="Start answering", id="instrument-begin"),
        Binding(
            "enter",
            "resume",
            "Continue",
            tooltip="Go on from the question you left",
            id="instrument-continue",
        ),
        Binding(
            "s",
            "start_over",
            "Start over",
            tooltip="Clear the answers and begin again",
            id="instrument-start-over",
        ),
        Binding("y", "choose('y')", "Yes", tooltip="Answer yes", id="instrument-yes"),
        Binding("n", "choose('n')", "No", tooltip="Answer no", id="instrument-no"),
        Binding(
            "c",
            "choose('c')",
            "Comfortable",
            tooltip="Answer: comfortable doing this without AI",
            id="instrument-comfortable",
        ),
        Binding(
            "u",
            "choose('u')",
            "Uncomfortable",
            tooltip="Answer: uncomfortable doing this without AI",
            id="instrument-uncomfortable",
        ),
        Binding(
            "1",
            "choose('1')",
            "First choice",
            tooltip="Choose the first answer",
            id="instrument-first",
            show=False,
        ),
        Binding(
            "2",
            "choose('2')",
            "Second choice",
            tooltip="Choose the second answer",
            id="instrument-second",
            show=False,
        ),
        Binding(
            "left",
            "previous",
            "Previous",
            tooltip="Back to the previous question",
            id="instrument-previous",
        ),
        Binding(
            "backspace",
            "previous",
            "Previous",
            tooltip="Back to the previous question",
            id="instrument-back",
            show=False,
        ),
        Binding(
            "up",
            "pick(-1)",
            "Previous answer",
            tooltip="Move to the answer above",
            id="instrument-up",
            show=False,
        ),
        Binding(
            "down",
            "pick(1)",
            "Next answer",
            tooltip="Move to the answer below",
            id="instrument-down",
            show=False,
        ),
        Binding(
            "enter",
            "save",
            "Save",
            tooltip="Save the result with today's date",
            id="instrument-save",
        ),
        Binding("enter", "close", "Done", tooltip="Back to the self-checks", id="instrument-done"),
        Binding(
            "escape",
            "leave",
            "Leave",
            tooltip="Leave; the answers so far are kept for later",
            id="instrument-leave",
        ),
    ]

    def __init__(
        self,
        instrument: Instrument,
        shown: Assessment | None = None,
        previous: Assessment | None = None,
    ) -> None:
        super().__init__()
        self.instrument = instrument
        self.shown = shown
        self.previous = previous
        self.keys = choice_keys(instrument)
        self.answers: dict[str, str] = {}
        self.position = 0
        self.phase = "result" if shown else "intro"
        self.saved: Assessment | None = None
        self._offered: dict[str, Any] = {}
        self._saving = False
        # Held while the draft is written or discarded, so a late write never revives it.
        self._draft_lock = threading.Lock()
        self._draft_closed = shown is not None
        self._draft_sequence = 0
        self._draft_written = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="instrument"):
            yield Static(id="instrument-heading")
            yield Static(id="instrument-text")
            yield Static(id="instrument-choices")
            yield VerticalScroll(id="instrument-review", can_focus=False)
            yield InstrumentResult(id="instrument-result")
            yield Static(id="instrument-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Self-checks"
        if self.shown is not None:
            self.query_one(InstrumentResult).show(self.shown, self.previous, just_saved=False)
        else:
            draft = self.services.drafts.load(draft_key(self.instrument))
            answers = answers_in(draft.fields, self.instrument) if draft else {}
            if draft is not None and answers:
                at = draft.saved_at.astimezone()
                position = draft.fields.get("position")
                if isinstance(position, bool) or not isinstance(position, int):
                    position = 0
                position = min(max(position, 0), self.instrument.maximum - 1)
                self._offered = {"answers": answers, "at": at, "position": position}
                self.phase = "resume"
        self._show()

    @property
    def question(self) -> int:
        """The index of the question shown, or picked in the review."""
        return min(max(self.position, 0), self.instrument.maximum - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "choose":
            return phase in ("question", "review") and str(parameters[0]) in self.keys
        allowed = {
            "begin": phase == "intro",
            "resume": phase == "resume",
            "start_over": phase == "resume",
            "previous": phase == "question" and self.position > 0,
            "pick": phase == "review",
            "save": phase == "review" and not self._saving,
            "close": phase == "result",
            "leave": not self._saving,
        }
        return allowed.get(action, True)

    def on_key(self, event: events.Key) -> None:
        # Another instrument's answer key does nothing, rather than reach the app's own keys.
        if self.phase in ("question", "review") and event.key in ANSWER_KEYS - set(self.keys):
            event.stop()

    # --- moving through the instrument -----------------------------------------------------

    def action_begin(self) -> None:
        self._go("question", 0)

    def action_resume(self) -> None:
        self.answers = dict(self._offered["answers"])
        done = len(self.answers) == self.instrument.maximum
        self._go("review" if done else "question", self._offered["position"])

    def action_start_over(self) -> None:
        self.answers = {}
        self._discard_draft()
        self._go("question", 0)

    def action_choose(self, key: str) -> None:
        question = self.instrument.questions[self.question]
        self.answers[question.id] = self.keys[key]
        if self.phase == "question":
            self._advance()
        self._keep_draft()
        self._show()

    def _advance(self) -> None:
        """After an answer: the next question, else the first one unanswered, else the review."""
        ids = [q.id for q in self.instrument.questions]
        if self.question + 1 < len(ids):
            self.position = self.question + 1
            return
        missing = [i for i, qid in enumerate(ids) if qid not in self.answers]
        self.phase, self.position = ("question", missing[0]) if missing else ("review", 0)

    def action_previous(self) -> None:
        self._go("question", self.question - 1)

    def action_pick(self, step: int) -> None:
        self.position = (self.question + step) % self.instrument.maximum
        self._show()

    def _go(self, phase: str, position: int) -> None:
        self.phase, self.position = phase, position
        if self.answers:
            self._keep_draft()
        self._show()

    # --- drawing ------------------------------------------------------------------------------

    def _show(self) -> None:
        phase = self.phase
        review = self.query_one("#instrument-review", VerticalScroll)
        result = self.query_one(InstrumentResult)
        offered = self._offered
        heading, text, choices, hint = page_parts(
            self.instrument, phase, self.answers, self.question,
            (len(offered["answers"]), offered["at"]) if offered else None,
        )  # fmt: skip
        for name, content in (("heading", heading), ("text", text), ("choices", choices)):
            widget = self.query_one(f"#instrument-{name}", Static)
            widget.update(content)
            widget.display = bool(content)
        self.query_one("#instrument-hint", Static).update(Content(hint))
        review.display = phase == "review"
        result.display = result.can_focus = phase == "result"
        self.query_one("#instrument").set_class(phase == "result", "-full")
        if phase == "review":
            show_review(review, self.instrument, self.answers, self.question)
        if phase == "result":
            result.focus()
        self.refresh_bindings()

    # --- the draft, saving and leaving ----------------------------------------------------

    def _keep_draft(self, now: bool = False) -> None:
        """Write the answers so far to disk: off the UI thread, or `now` when leaving."""
        self._draft_sequence += 1
        fields = {"answers": dict(self.answers), "position": self.position}
        if now:
            self._write_draft(self._draft_sequence, fields)
        else:
            self._save_draft(self._draft_sequence, fields)

    # Not exclusive: no state is cancelled, and the sequence keeps an older one from landing last.
    @work(thread=True, exit_on_error=False, group="instrument-draft")
    def _save_draft(self, sequence: int, fields: dict[str, Any]) -> None:
        self._write_draft(sequence, fields)

    def _write_draft(self, sequence: int, fields: dict[str, Any]) -> None:
        """Write one state of the answers, unless a later one was written or the draft closed."""
        with self._draft_lock:
            if self._draft_closed or sequence <= self._draft_written:
                return
            services = self.services
            services.drafts.save(draft_key(self.instrument), fields, services.now())
            self._draft_written = sequence

    def _discard_draft(self, close: bool = False) -> None:
        with self._draft_lock:
            self._draft_closed = self._draft_closed or close
            self._draft_written = self._draft_sequence
            self.services.drafts.discard(draft_key(self.instrument))

    def action_save(self) -> None:
        self._saving = True
        self.refresh_bindings()
        self._store(dict(self.answers))

    @work(thread=True, exclusive=True, exit_on_error=False, group="instrument-save")
    def _store(self, answers: dict[str, str]) -> None:
        services = self.services
        result = score(self.instrument, answers)
        history = services.assessments.all(self.instrument.key)
        stored = services.assessments.add(from_result(result, services.now(), services.today()))
        self._discard_draft(close=True)
        self.post_message(AssessmentSaved(stored, history[-1] if history else None))

    @on(AssessmentSaved)
    def _saved(self, event: AssessmentSaved) -> None:
        self._saving = False
        self.saved = event.assessment
        self.phase = "result"
        self.query_one(InstrumentResult).show(event.assessment, event.previous, just_saved=True)
        self._show()

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "instrument-save":
            self._saving = False
            self.refresh_bindings()
            self.notify("Not saved; your answers are still here and kept on disk.")

    def action_close(self) -> None:
        self.dismiss()

    def action_leave(self) -> None:
        if self.phase == "result":
            self.dismiss()
            return
        kept = len(self.answers) or len(self._offered.get("answers", {}))
        if self.answers:
            self._keep_draft(now=True)  # a write still queued must not be the last word
        if kept:
            noun = "answer" if kept == 1 else "answers"
            self.notify(
                f"Your {kept} {noun} to the {self.instrument.title} are kept. Open it again "
                "to continue.",
                title="Kept for later",
            )
        else:
            self._discard_draft(close=True)
        self.dismiss()
