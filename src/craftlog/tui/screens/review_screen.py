"""A review session: each card answered from memory, then rated by you or graded by Claude."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from craftlog.core.entries import Entry
from craftlog.core.reviews import (
    CardState,
    Question,
    Rating,
    ReviewMode,
    quizzable,
    rating_for,
)
from craftlog.quiz.client import QuizClient
from craftlog.tui.messages import ExaminerFailed, QuestionWritten, ReviewStored
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.screens.examiner_screen import ExaminerScreen
from craftlog.tui.widgets import review_views as views
from craftlog.tui.widgets.answer_box import AnswerBox
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.quiz_views import as_failure


def draft_key(entry_id: int) -> str:
    """Where the answer to one entry's card is kept while it is typed."""
    return f"quiz-{entry_id}"


class ReviewScreen(ExaminerScreen):
    """The session's cards one at a time; with a client, Claude asks and grades."""

    AUTO_FOCUS = ""
    SIDE = "#review-side"
    FEEDBACK = "#review-feedback"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "reveal",
            "Reveal entry",
            tooltip="Show the entry to compare with your answer",
            id="review-reveal",
            priority=True,
        ),
        Binding(
            "ctrl+s",
            "send",
            "Send to Claude",
            tooltip="Send your answer to Claude for a grade",
            id="review-send",
            priority=True,
        ),
        Binding(
            "1",
            "rate(1)",
            "Again",
            tooltip="Rate: forgot it (see it again soon)",
            id="review-again",
        ),
        Binding("2", "rate(2)", "Hard", tooltip="Rate: recalled with effort", id="review-hard"),
        Binding("3", "rate(3)", "Good", tooltip="Rate: recalled well", id="review-good"),
        Binding(
            "4",
            "rate(4)",
            "Easy",
            tooltip="Rate: recalled at once (see it much later)",
            id="review-easy",
        ),
        Binding(
            "enter",
            "accept",
            "Accept grade",
            tooltip="Take Claude's grade as your rating",
            id="review-accept",
        ),
        Binding("enter", "next", "Next card", tooltip="Go on to the next card", id="review-next"),
        Binding(
            "g",
            "offline",
            "Grade yourself",
            tooltip="Grade yourself against the entry instead",
            id="review-offline",
        ),
        Binding(
            "r",
            "retry",
            "Try again",
            tooltip="Ask Claude again after a failed call",
            id="review-retry",
        ),
        Binding(
            "escape", "leave", "Leave", tooltip="Leave; an unsent answer is kept", id="review-leave"
        ),
    ]

    def __init__(
        self,
        queue: list[Entry],
        client: QuizClient | None = None,
        cards: Mapping[int, CardState] | None = None,
    ) -> None:
        super().__init__()
        self.queue = list(queue)
        self.client = client
        self.cards = dict(cards or {})
        self.index = 0
        self.mode = ReviewMode.OFFLINE  # how this card is graded; AI may fall back to offline
        self.question: Question | None = None
        self.rated: list[Rating] = []
        self.stored: CardState | None = None
        self._before_saving = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-heading")
            yield Static(id="review-prompt")
            with Horizontal(id="review-body"):
                yield AnswerBox(
                    id="review-answer", placeholder="Write what you remember, in your own words."
                )
                with VerticalScroll(id="review-side"):
                    yield Static(id="review-feedback")
                    yield Static(id="review-entry")
            yield Static(id="review-status")
            yield Static(id="review-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz · with Claude" if self.client else "Quiz · offline"
        self.query_one("#review-answer", AnswerBox).border_title = "Your answer"
        self._open(0)

    @property
    def entry(self) -> Entry:
        return self.queue[self.index]

    # --- one card -----------------------------------------------------------------------------

    def _open(self, index: int) -> None:
        self.index, entry = index, self.queue[index]
        self.question = self.grade = self.failure = self.stored = None
        self.feedback = self.error = ""
        self._attempt += 1
        ai = self.client is not None and quizzable(entry.text)
        self.mode = ReviewMode.AI if ai else ReviewMode.OFFLINE
        draft = self.services.drafts.load(draft_key(entry.id))
        fields = draft.fields if draft else {}
        answer = str(fields.get("answer", ""))
        asked, quote = fields.get("question"), fields.get("quote")
        if ai and isinstance(asked, str) and asked.strip() and isinstance(quote, str):
            self.question = Question(asked, quote)  # asked before: no second call for it
        self.box.start(draft_key(entry.id), answer, self._kept_with_answer())
        if draft is not None and answer.strip():
            when = draft.saved_at.astimezone().strftime("%d %b %H:%M")
            self.notify(f"Restored the answer you were writing ({when}).", title="Draft")
        if self.client is not None and not ai:
            self.error = "This entry is too short for Claude to ask about: explain it yourself."
        if ai and self.question is None:
            self._ask_now()
        else:
            self._set("answer")

    def _kept_with_answer(self) -> dict[str, str]:
        kept = {"mode": self.mode.value}
        if self.question is not None:
            kept |= {"question": self.question.text, "quote": self.question.quote}
        return kept

    def _show(self) -> None:
        phase, entry = self.phase, self.entry
        last = self.index + 1 == len(self.queue)
        asking = phase == "asking" or (phase == "failed" and self.failed_step == "question")
        heading = views.heading(self.index, len(self.queue), self.mode, self.cards.get(entry.id))
        self.query_one("#review-heading", Static).update(heading)
        self.query_one("#review-prompt", Static).update(
            views.prompt(entry, self.mode, self.question, phase)
        )
        box = self.box
        box.display = not asking
        box.read_only = phase != "answer"
        side = self.query_one("#review-side", VerticalScroll)
        side.display = phase not in ("answer", "asking")
        self.query_one("#review-body").set_class(side.display, "-revealed")
        side.border_title = "Your entry" if self.mode is ReviewMode.OFFLINE else "Claude's feedback"
        feedback = views.side_feedback(phase, self.feedback, self.grade, self.failure)
        self.query_one("#review-feedback", Static).update(feedback)
        self.query_one("#review-feedback").display = bool(feedback)
        shown = phase in ("revealed", "graded", "rated", "saving")
        self.query_one("#review-entry", Static).update(
            views.revealed(entry, self.question, self.grade is not None) if shown else ""
        )
        self.query_one("#review-entry").display = shown
        status = views.status(
            self.error, self.stored, self.rated, len(self.queue), self.services.now()
        )
        self.query_one("#review-status", Static).update(status)
        self.query_one("#review-status").display = bool(status)
        self.query_one("#review-hint", Static).update(
            views.hint(phase, self.mode, self.grade, last)
        )
        if phase == "answer":
            box.focus()
        elif side.display:
            side.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase, offline = self.phase, self.mode is ReviewMode.OFFLINE
        judged = self.grade is not None and rating_for(self.grade) is not None
        allowed = {
            "reveal": phase == "answer" and offline,
            "send": phase == "answer" and not offline,
            "rate": phase in ("revealed", "graded"),
            "accept": phase == "graded" and judged,
            "next": phase == "rated",
            "offline": phase == "failed",
            "retry": phase == "failed",
            "leave": phase != "saving",
        }
        return allowed.get(action, True)

    # --- answering ------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        if self.checked_answer() is None:
            return
        self.box.keep()
        self.error = ""
        self._set("revealed")

    def action_send(self) -> None:
        if self.question is not None and self.client is not None:
            self.send(self.client, self.entry.text, self.question.text)

    def _ask_now(self) -> None:
        assert self.client is not None
        self._attempt += 1
        self._set("asking")
        self._ask(self.client, self.entry.text, self._attempt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz-ask")
    def _ask(self, client: QuizClient, text: str, attempt: int) -> None:
        try:
            question = client.question(text)
        except Exception as error:  # every failure is shown, with a way past it
            self.post_message(ExaminerFailed(attempt, "question", as_failure(error)))
            return
        self.post_message(QuestionWritten(attempt, question))

    @on(QuestionWritten)
    def _question_written(self, event: QuestionWritten) -> None:
        if event.attempt == self._attempt:
            self.question = event.question
            self.box.extra = self._kept_with_answer()
            self._set("answer")

    def action_offline(self) -> None:
        """Grade yourself after a failed call: the answer stays, the entry is shown."""
        self.mode, self.failure = ReviewMode.OFFLINE, None
        self.box.extra = self._kept_with_answer()
        self._set("answer" if self.failed_step == "question" else "revealed")

    def action_retry(self) -> None:
        self.failure = None
        if self.failed_step == "question":
            self._ask_now()
        else:
            self.action_send()

    # --- rating ---------------------------------------------------------------------------------

    def action_accept(self) -> None:
        rating = rating_for(self.grade) if self.grade else None
        if rating is not None:
            self.action_rate(int(rating))

    def action_rate(self, value: int) -> None:
        grade = self.grade
        judged = grade is not None and not grade.cannot_judge and self.phase == "graded"
        mode = ReviewMode.AI if judged else ReviewMode.OFFLINE
        score = grade.score if judged and grade else None
        question = self.question.text if self.question else ""
        self._before_saving = self.phase
        self.error = ""
        self._set("saving")
        self._store(self.entry, Rating(value), mode, self.box.text.strip(), question, score)

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz-rate")
    def _store(
        self,
        entry: Entry,
        rating: Rating,
        mode: ReviewMode,
        answer: str,
        question: str,
        score: int | None,
    ) -> None:
        review, card = self.services.rate(entry, rating, mode, answer, question, score)
        self.post_message(ReviewStored(review, card))

    @on(ReviewStored)
    def _stored(self, event: ReviewStored) -> None:
        self.box.close(discard=True)
        self.rated.append(event.review.rating)
        self.stored = event.card
        self._set("rated")

    @on(Worker.StateChanged)
    def _store_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "quiz-rate":
            self.error = f"Not saved: {describe_failure(event.worker.error)} Your answer is kept."
            self._set(self._before_saving or "revealed")

    def action_next(self) -> None:
        if self.index + 1 < len(self.queue):
            self._open(self.index + 1)
        else:
            self.dismiss()

    def action_leave(self) -> None:
        box = self.box
        box.keep()  # a blank answer leaves no draft
        if self.phase != "rated" and box.text.strip():
            self.notify(
                "Your answer is kept; it comes back when you next review this card (q).",
                title="Kept for later",
            )
        box.close(discard=False)
        self.dismiss()
