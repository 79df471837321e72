"""A fake examiner and seeded quiz data for the quiz's Pilot and snapshot tests (no network)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.widgets import Static

from craftlog.core.entries import Entry
from craftlog.core.reviews import CardPhase, CardState, Grade, Question, Rating, Review, ReviewMode
from craftlog.quiz.client import AiCallFailed
from craftlog.quiz.ledger import CallRecord
from craftlog.services import Services
from craftlog.tui.app import CraftlogApp, build_app
from craftlog.tui.screens.consent_modal import give_consent
from tests.seed import seed

GOOD_GRADE = Grade(
    score=78,
    right=("You saw that a deferred transaction asks for the write lock only when it writes.",),
    missing=("SQLite answers busy at once rather than wait, since waiting could deadlock.",),
    comment="The core is right; say why SQLite refuses to wait.",
)
STREAMED = (
    "What you got right:\n• You saw that a deferred transaction asks ",
    "for the write lock only when it writes.\n\nWhat was missing:\n• SQLite answers busy ",
    "at once rather than wait, since waiting could deadlock.",
)


class FakeExaminer:
    """A QuizClient scripted per test; it records what it was asked and can fail or pause."""

    def __init__(
        self,
        question: Question | None = None,
        grade: Grade = GOOD_GRADE,
        pieces: tuple[str, ...] = STREAMED,
        fail_question: AiCallFailed | None = None,
        fail_grade: AiCallFailed | None = None,
        topics: tuple[str, ...] = ("Why do B-tree indexes keep keys sorted?",),
        before_call: Callable[[str], None] | None = None,
    ) -> None:
        self.question_asked = question
        self.grade_given = grade
        self.pieces = pieces
        self.fail_question = fail_question
        self.fail_grade = fail_grade
        self.topics = topics
        self.before_call = before_call
        self.calls: list[tuple[str, Any]] = []
        self.gate: threading.Event | None = None  # when set up, grading waits after the 1st piece

    def question(self, entry_text: str) -> Question:
        self._before("question")
        self.calls.append(("question", entry_text))
        if self.fail_question is not None:
            raise self.fail_question
        if self.question_asked is not None:
            return self.question_asked
        title = entry_text.splitlines()[0]
        return Question(f"Why does this hold: {title}?", title)

    def grade(
        self, entry_text: str, question: str, answer: str, on_text: Callable[[str], None]
    ) -> Grade:
        self._before("grade")
        self.calls.append(("grade", (entry_text, question, answer)))
        if self.fail_grade is not None:
            raise self.fail_grade
        for number, piece in enumerate(self.pieces):
            on_text(piece)
            if number == 0 and self.gate is not None:
                self.gate.wait(10)
        return self.grade_given

    def topic_questions(self, topic: str, count: int) -> list[str]:
        self._before("topic")
        self.calls.append(("topic", (topic, count)))
        return list(self.topics)[:count]

    def _before(self, purpose: str) -> None:
        if self.before_call is not None:
            self.before_call(purpose)


def quiz_app(services: Services, examiner: FakeExaminer | None) -> CraftlogApp:
    """The app with this examiner (None: as if no API key were set), without animation."""
    app = build_app(services, quiz_client=lambda: examiner)
    app.animation_level = "none"
    return app


def agree(services: Services) -> None:
    """Record the consent to AI mode, as if given before."""
    give_consent(services.paths.data_dir, services.config.ai_model, services.now())


def seed_quiz(services: Services) -> list[Entry]:
    """The seed log with two cards due, one due in four days and three never reviewed."""
    seed(services)
    entries = sorted(services.entries.all(), key=lambda e: e.id)
    now = services.now()
    for entry, reviewed_ago, due_in in (
        (entries[4], 10, -3),
        (entries[2], 6, -1),
        (entries[5], 3, 4),
    ):
        when = now - timedelta(days=reviewed_ago)
        card = CardState(
            entry.id,
            due=now + timedelta(days=due_in),
            phase=CardPhase.REVIEW,
            step=None,
            stability=4.0,
            difficulty=5.0,
            last_review=when,
            reviews=2,
        )
        review = Review(entry.id, when, Rating.GOOD, ReviewMode.OFFLINE, "from memory")
        services.reviews.record(review, card)
    return entries


def seed_ledger(services: Services) -> None:
    """AI calls over two months: good ones, a failed one and one of a model with no price."""
    now = services.now()
    calls = [
        (now - timedelta(days=35), "question", "claude-haiku-4-5", 812, 96, 0.001292, 2140, "ok"),
        (now - timedelta(days=35), "grade", "claude-haiku-4-5", 1204, 388, 0.003144, 5310, "ok"),
        (now - timedelta(days=2), "question", "claude-haiku-4-5", 790, 88, 0.00123, 1980, "ok"),
        (now - timedelta(days=2), "grade", "claude-haiku-4-5", 0, 0, 0.0, 412, "rate-limited"),
        (now - timedelta(days=1), "topic", "my-own-model", 640, 210, None, 3020, "ok"),
    ]
    for at, purpose, model, tokens_in, tokens_out, cost, ms, outcome in calls:
        message = "" if outcome == "ok" else "Too many requests to Claude for now."
        services.ledger.record(
            CallRecord(at, purpose, model, tokens_in, tokens_out, cost, ms, outcome, message)
        )


def text_of(app: CraftlogApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    return str(app.screen.query_one(selector, Static).content)
