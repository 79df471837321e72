"""The base of the screens where Claude grades a typed answer, its feedback streaming in."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.containers import VerticalScroll
from textual.widgets import Static

from craftlog.core.reviews import Grade, QuizError, check_answer
from craftlog.core.text import sentence
from craftlog.quiz.client import AiCallFailed, QuizClient
from craftlog.tui.messages import AnswerGraded, ExaminerFailed, FeedbackStreamed
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.answer_box import AnswerBox
from craftlog.tui.widgets.quiz_views import as_failure, streaming


class ExaminerScreen(CraftlogScreen):
    """An answer sent for grading in a worker; a failure keeps it and says what to do."""

    SIDE: ClassVar[str] = ""  # the scrolling panel where Claude's side is shown
    FEEDBACK: ClassVar[str] = ""  # the Static in it that the feedback streams into

    def __init__(self) -> None:
        super().__init__()
        self.phase = ""
        self.feedback = ""
        self.grade: Grade | None = None
        self.failure: AiCallFailed | None = None
        self.failed_step = ""
        self.error = ""
        self._attempt = 0  # messages of an earlier attempt are ignored

    @property
    def box(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    def _set(self, phase: str) -> None:
        self.phase = phase
        self._show()

    def _show(self) -> None:
        """Draw the screen for its phase."""

    def checked_answer(self) -> str | None:
        """The typed answer, or None with the reason shown."""
        try:
            return check_answer(self.box.text)
        except QuizError as error:
            self.error = sentence(str(error))
            self._show()
            return None

    def send(self, client: QuizClient, entry_text: str, question: str) -> None:
        """Keep the answer on disk, then ask Claude to grade it (a blank entry: the subject)."""
        answer = self.checked_answer()
        if answer is None:
            return
        self.box.keep()  # on disk before anything is sent: a failed call loses nothing
        self.error, self.feedback, self.grade = "", "", None
        self._attempt += 1
        self._set("grading")
        self._grade(client, entry_text, question, answer, self._attempt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz-grade")
    def _grade(
        self, client: QuizClient, entry_text: str, question: str, answer: str, attempt: int
    ) -> None:
        def streamed(piece: str) -> None:
            self.post_message(FeedbackStreamed(attempt, piece))

        try:
            grade = client.grade(entry_text, question, answer, streamed)
        except Exception as error:  # every failure is shown, with a way past it
            self.post_message(ExaminerFailed(attempt, "grade", as_failure(error)))
            return
        self.post_message(AnswerGraded(attempt, grade))

    @on(FeedbackStreamed)
    def _feedback_streamed(self, event: FeedbackStreamed) -> None:
        if event.attempt == self._attempt and self.phase == "grading":
            self.feedback += event.text
            self.query_one(self.FEEDBACK, Static).update(streaming(self.feedback))
            self.query_one(self.SIDE, VerticalScroll).scroll_end(animate=False)

    @on(AnswerGraded)
    def _graded(self, event: AnswerGraded) -> None:
        if event.attempt == self._attempt:
            self.grade = event.grade
            self.graded(event.grade)
            self._set("graded")
            self.query_one(self.SIDE, VerticalScroll).scroll_home(animate=False)

    def graded(self, grade: Grade) -> None:
        """What a screen notes about a grade before showing it."""

    @on(ExaminerFailed)
    def _failed(self, event: ExaminerFailed) -> None:
        if event.attempt == self._attempt:
            self.failure, self.failed_step = event.failure, event.step
            self._set("failed")
