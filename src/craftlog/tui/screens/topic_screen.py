"""A topic quiz: name a topic, answer Claude's questions on it, keep good answers as entries."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from craftlog.core.entries import Entry
from craftlog.core.reviews import Grade, Rating, rating_for
from craftlog.core.text import one_line
from craftlog.quiz.client import QuizClient
from craftlog.tui.messages import ExaminerFailed, TopicQuestionsWritten
from craftlog.tui.screens.examiner_screen import ExaminerScreen
from craftlog.tui.widgets import topic_views as views
from craftlog.tui.widgets.answer_box import AnswerBox
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.literal_input import LiteralInput
from craftlog.tui.widgets.quiz_views import as_failure

DRAFT_KEY = "quiz-topic"
QUESTIONS = 3
MAX_TOPIC_CHARS = 200
GOOD = (Rating.GOOD, Rating.EASY)


def topic_tag(topic: str) -> str:
    """The topic as a tag for a saved answer: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", topic.casefold()).strip("-")[:40].strip("-")


class TopicScreen(ExaminerScreen):
    """A few questions on one topic, each answer graded by Claude as the feedback streams in."""

    AUTO_FOCUS = ""
    SIDE = "#topic-side"
    FEEDBACK = "#topic-feedback"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "send",
            "Send to Claude",
            tooltip="Send your answer to Claude for a grade",
            id="topic-send",
            priority=True,
        ),
        Binding(
            "s",
            "save_entry",
            "Save as entry",
            tooltip="Keep this question and answer as a log entry",
            id="topic-save",
        ),
        Binding(
            "enter", "next", "Next question", tooltip="Go on to the next question", id="topic-next"
        ),
        Binding("enter", "done", "Done", tooltip="End the topic quiz", id="topic-done"),
        Binding(
            "r",
            "retry",
            "Try again",
            tooltip="Ask Claude again after a failed call",
            id="topic-retry",
        ),
        Binding(
            "escape", "leave", "Leave", tooltip="Leave; an unsent answer is kept", id="topic-leave"
        ),
    ]

    def __init__(self, client: QuizClient) -> None:
        super().__init__()
        self.client = client
        self.topic = ""
        self.questions: list[str] = []
        self.index = 0
        self.scores: list[int | None] = []
        self.saved: set[int] = set()  # questions whose answer became an entry

    def compose(self) -> ComposeResult:
        with Vertical(id="topic"):
            yield Static(id="topic-heading")
            yield LiteralInput(placeholder="a topic, e.g. Postgres indexes", id="topic-name")
            yield Static(id="topic-prompt")
            with Horizontal(id="topic-body"):
                yield AnswerBox(id="topic-answer", placeholder="Answer in your own words.")
                with VerticalScroll(id="topic-side"):
                    yield Static(id="topic-feedback")
            yield Static(id="topic-status")
            yield Static(id="topic-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz · topic"
        self.query_one("#topic-answer", AnswerBox).border_title = "Your answer"
        self.query_one("#topic-side").border_title = "Claude's feedback"
        self.query_one("#topic-name", Input).max_length = MAX_TOPIC_CHARS
        draft = self.services.drafts.load(DRAFT_KEY)
        fields = draft.fields if draft else {}
        questions = fields.get("questions")
        index = fields.get("index")
        if (
            draft is not None
            and isinstance(questions, list)
            and all(isinstance(q, str) for q in questions)
            and isinstance(index, int)
            and 0 <= index < len(questions)
        ):
            self.topic, self.questions = str(fields.get("topic", "")), list(questions)
            self.scores = [None] * len(questions)
            when = draft.saved_at.astimezone().strftime("%d %b %H:%M")
            self.notify(
                f"Picked up your quiz on “{one_line(self.topic, 60)}” ({when}).", title="Draft"
            )
            self._ask(index, str(fields.get("answer", "")))
        else:
            self._set("topic")

    def _kept(self) -> dict[str, Any]:
        return {"topic": self.topic, "questions": self.questions, "index": self.index}

    def _show(self) -> None:
        phase = self.phase
        name = self.query_one("#topic-name", Input)
        name.display = phase in ("topic", "listing") or (
            phase == "failed" and self.failed_step == "topic"
        )
        name.disabled = phase != "topic"
        self.query_one("#topic-heading", Static).update(
            views.heading(self.topic, self.index, len(self.questions), phase)
        )
        question = self.questions[self.index] if self.questions else ""
        asked = bool(self.questions) and phase not in ("topic", "listing", "done")
        self.query_one("#topic-prompt", Static).update(views.prompt(question) if asked else "")
        self.query_one("#topic-prompt").display = asked
        box = self.box
        box.display = asked
        box.read_only = phase != "answer"
        side = self.query_one("#topic-side", VerticalScroll)
        feedback = views.side(phase, self.feedback, self.grade, self.failure, self.scores)
        side.display = bool(feedback.plain)
        self.query_one("#topic-body").set_class(side.display, "-revealed")
        self.query_one("#topic-feedback", Static).update(feedback)
        self.query_one("#topic-status", Static).update(views.status(self.error))
        self.query_one("#topic-status").display = bool(self.error)
        can_save = self._good() and self.index not in self.saved
        last = self.index + 1 >= len(self.questions)
        self.query_one("#topic-hint", Static).update(views.hint(phase, can_save, last))
        if phase == "topic":
            name.focus()
        elif phase == "answer":
            box.focus()
        elif side.display:
            side.focus()
        self.refresh_bindings()

    def _good(self) -> bool:
        return self.phase == "graded" and self.grade is not None and rating_for(self.grade) in GOOD

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        last = self.index + 1 >= len(self.questions)
        allowed = {
            "send": phase == "answer",
            "save_entry": self._good() and self.index not in self.saved,
            "next": phase == "graded" and not last,
            "done": phase == "graded" and last,
            "retry": phase == "failed",
        }
        return allowed.get(action, True)

    # --- the topic and its questions -----------------------------------------------------------

    @on(Input.Submitted, "#topic-name")
    def _topic_named(self, event: Input.Submitted) -> None:
        topic = " ".join(event.value.split())
        if not topic:
            self.error = "Name a topic, such as “TCP congestion control”."
            self._show()
            return
        self.topic, self.error = topic, ""
        self._list_questions()

    def _list_questions(self) -> None:
        self._attempt += 1
        self._set("listing")
        self._write_questions(self.topic, self._attempt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz-topic")
    def _write_questions(self, topic: str, attempt: int) -> None:
        try:
            questions = self.client.topic_questions(topic, QUESTIONS)
        except Exception as error:  # every failure is shown, with a way past it
            self.post_message(ExaminerFailed(attempt, "topic", as_failure(error)))
            return
        self.post_message(TopicQuestionsWritten(attempt, questions))

    @on(TopicQuestionsWritten)
    def _questions_written(self, event: TopicQuestionsWritten) -> None:
        if event.attempt == self._attempt:
            self.questions = list(event.questions)
            self.scores = [None] * len(self.questions)
            self._ask(0, "")

    def _ask(self, index: int, answer: str) -> None:
        self.index, self.grade, self.failure, self.feedback = index, None, None, ""
        self.box.start(DRAFT_KEY, answer, self._kept())
        self._set("answer")

    # --- answering and grading -----------------------------------------------------------------

    def action_send(self) -> None:
        self.send(self.client, "", self.questions[self.index])  # no entry: the subject itself

    def graded(self, grade: Grade) -> None:
        self.scores[self.index] = None if grade.cannot_judge else grade.score

    def action_retry(self) -> None:
        self.failure = None
        if self.failed_step == "topic":
            self._list_questions()
        else:
            self.action_send()

    def action_next(self) -> None:
        self._ask(self.index + 1, "")

    # --- keeping a good answer -----------------------------------------------------------------

    def action_save_entry(self) -> None:
        from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen

        if self.services.drafts.load("new-entry") is not None:
            self.notify(
                "You have an unsaved new entry: finish or discard it first (n), then press s.",
                severity="warning",
            )
            return
        index = self.index
        question, answer = self.questions[index], self.box.text.strip()
        preset = {"text": f"{question}\n\n{answer}", "tags": topic_tag(self.topic)}

        def saved(entry: Entry | None) -> None:
            if entry is not None:
                self.saved.add(index)
                self.notify(f"Saved “{one_line(entry.title, 50)}” to week {entry.week.label}.")
                self._show()

        self.app.push_screen(EntryEditorScreen(preset=preset), saved)

    def action_done(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        box = self.box
        if self.phase in ("answer", "grading", "failed") and box.text.strip():
            box.keep()
            box.close(discard=False)
            self.notify("Your answer is kept; p on the quiz screen picks it up.", title="Kept")
        else:
            box.close(discard=True)
        self.dismiss()
