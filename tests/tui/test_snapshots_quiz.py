"""Snapshot tests of the quiz: its home, an offline card, Claude's grade, consent and usage."""

from __future__ import annotations

from craftlog.core.reviews import Question
from craftlog.services import Services
from tests.tui.driving import keys
from tests.tui.quiz_fakes import FakeExaminer, agree, quiz_app, seed_ledger, seed_quiz

ANSWER = "A deferred transaction that reads first cannot be sure of the write lock later"
QUESTION = Question(
    "Why would a transaction that reads and then writes deadlock if it began deferred?",
    "cannot wait for the lock",
)


def test_quiz_home_with_due_cards(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    app = quiz_app(services, FakeExaminer())
    assert snap_compare(app, terminal_size=size, run_before=keys("q"))


def test_quiz_offline_question(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    app = quiz_app(services, None)
    assert snap_compare(app, terminal_size=size, run_before=keys("q", "r", *ANSWER))


def test_quiz_offline_revealed_with_rating_keys(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    app = quiz_app(services, None)
    steps = keys("q", "r", *ANSWER, "ctrl+s")
    assert snap_compare(app, terminal_size=size, run_before=steps)


def test_quiz_ai_grade_streamed(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    agree(services)
    app = quiz_app(services, FakeExaminer(question=QUESTION))
    steps = keys("q", "e", *ANSWER, "ctrl+s")
    assert snap_compare(app, terminal_size=size, run_before=steps)


def test_quiz_consent_before_the_first_call(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    app = quiz_app(services, FakeExaminer())
    assert snap_compare(app, terminal_size=size, run_before=keys("q", "e"))


def test_quiz_usage_view(snap_compare, services: Services, size) -> None:
    seed_quiz(services)
    seed_ledger(services)
    app = quiz_app(services, None)
    assert snap_compare(app, terminal_size=size, run_before=keys("q", "u"))
