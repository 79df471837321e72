"""Pilot tests of the AI quiz with a fake examiner: streaming, grades, failures, consent, no key."""

from __future__ import annotations

import os
import stat
import threading
from datetime import date

import pytest
from textual.widgets import TextArea

from craftlog.core.entries import make_draft
from craftlog.core.reviews import Grade, Question, Rating, ReviewMode
from craftlog.quiz.client import AiCallFailed, Failure
from craftlog.services import Services
from craftlog.tui.app import default_quiz_client
from craftlog.tui.screens.consent_modal import ConsentModal, consent_path, has_consent
from craftlog.tui.screens.quiz_screen import QuizScreen
from craftlog.tui.screens.review_screen import ReviewScreen, draft_key
from tests.tui.driving import settle
from tests.tui.quiz_fakes import STREAMED, FakeExaminer, agree, quiz_app, seed_quiz, text_of

SIZE = (100, 32)
ANSWER = "a deferred transaction would deadlock"


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def start_ai_session(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("q")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)


async def test_feedback_streams_in_and_the_grade_is_stored(services: Services) -> None:
    entries = seed_quiz(services)
    first = entries[4]
    agree(services)
    seen_drafts: list[object] = []

    def before_call(purpose: str) -> None:  # the answer must be on disk before a grade call
        if purpose == "grade":
            seen_drafts.append(services.drafts.load(draft_key(first.id)))

    asked = Question("Why must the transaction start with IMMEDIATE?", "cannot wait for the lock")
    examiner = FakeExaminer(question=asked, before_call=before_call)
    examiner.gate = threading.Event()
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert asked.text in text_of(app, "#review-prompt")
        assert examiner.calls == [("question", first.text)]
        await pilot.press(*ANSWER, "ctrl+s")
        for _ in range(100):  # the first piece is shown while the rest is still coming
            await pilot.pause(0.02)
            if "deferred transaction asks" in text_of(app, "#review-feedback"):
                break
        shown = text_of(app, "#review-feedback")
        assert STREAMED[0] in shown and "busy" not in shown
        assert app.screen.phase == "grading"
        examiner.gate.set()
        await settle(pilot)
        assert app.screen.phase == "graded"
        graded = text_of(app, "#review-feedback")
        assert "Score 78/100 → Good" in graded and "since waiting could deadlock" in graded
        assert "cannot wait for the lock" in text_of(app, "#review-entry")  # the quote
        [draft] = seen_drafts
        assert draft is not None and draft.fields["answer"] == ANSWER  # type: ignore[attr-defined]
        assert draft.fields["question"] == asked.text  # type: ignore[attr-defined]
        assert examiner.calls[1] == ("grade", (first.text, asked.text, ANSWER))

        await pilot.press("enter")  # accept Claude's rating
        await settle(pilot)
        [*_, review] = services.reviews.history(first.id)
        assert (review.rating, review.mode, review.score) == (Rating.GOOD, ReviewMode.AI, 78)
        assert (review.answer, review.question) == (ANSWER, asked.text)
        card = services.reviews.card(first.id)
        assert card is not None and card.due == review.due_after and card.reviews == 3
        assert services.drafts.load(draft_key(first.id)) is None
        assert "Next review of this card" in text_of(app, "#review-status")


async def test_a_rating_can_be_chosen_over_claudes(services: Services) -> None:
    first = seed_quiz(services)[4]
    agree(services)
    app = quiz_app(services, FakeExaminer())
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        review = services.reviews.history(first.id)[-1]
        assert (review.rating, review.mode, review.score) == (Rating.HARD, ReviewMode.AI, 78)


async def test_a_failed_grade_keeps_the_answer_and_offers_offline_grading(
    services: Services,
) -> None:
    first = seed_quiz(services)[4]
    agree(services)
    words = "Too many requests to Claude for now. Try again in 20 seconds."
    failure = AiCallFailed(Failure.RATE_LIMITED, words, 20.0)
    examiner = FakeExaminer(fail_grade=failure)
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        assert app.screen.phase == "failed"
        shown = text_of(app, "#review-feedback")
        assert words in shown and "rate-limited" in shown
        assert app.screen.query_one("#review-answer", TextArea).text == ANSWER
        draft = services.drafts.load(draft_key(first.id))
        assert draft is not None and draft.fields["answer"] == ANSWER
        assert not app.screen.query_one("#review-entry").display  # no spoiler before choosing

        await pilot.press("g")  # grade yourself: the entry is revealed, the answer kept
        await settle(pilot)
        assert app.screen.phase == "revealed"
        assert "SQLite returns busy at once" in text_of(app, "#review-entry")
        await pilot.press("3")
        await settle(pilot)
        review = services.reviews.history(first.id)[-1]
        assert (review.rating, review.mode, review.score) == (Rating.GOOD, ReviewMode.OFFLINE, None)
        assert review.answer == ANSWER and review.question.startswith("Why does this hold")


async def test_a_failed_grade_can_be_tried_again(services: Services) -> None:
    seed_quiz(services)
    agree(services)
    examiner = FakeExaminer(fail_grade=AiCallFailed(Failure.OVERLOADED, "Overloaded."))
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        assert app.screen.phase == "failed"
        examiner.fail_grade = None
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.phase == "graded"
        assert [purpose for purpose, _ in examiner.calls] == ["question", "grade", "grade"]


async def test_a_failed_question_offers_an_offline_review(services: Services) -> None:
    first = seed_quiz(services)[4]
    agree(services)
    failure = AiCallFailed(Failure.NETWORK, "Could not reach Claude's service.")
    app = quiz_app(services, FakeExaminer(fail_question=failure))
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        assert app.screen.phase == "failed"
        assert "Could not reach Claude's service." in text_of(app, "#review-feedback")
        assert not app.screen.query_one("#review-answer").display
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.phase == "answer"
        assert "Explain it from memory" in text_of(app, "#review-prompt")
        await pilot.press(*"busy at once", "ctrl+s", "4")
        await settle(pilot)
        review = services.reviews.history(first.id)[-1]
        assert (review.rating, review.mode, review.question) == (
            Rating.EASY,
            ReviewMode.OFFLINE,
            "",
        )


async def test_when_claude_cannot_judge_you_rate_yourself(services: Services) -> None:
    first = seed_quiz(services)[4]
    agree(services)
    unsure = Grade(0, (), (), cannot_judge=True, comment="The entry is too thin to judge.")
    app = quiz_app(services, FakeExaminer(grade=unsure))
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        shown = text_of(app, "#review-feedback")
        assert "could not judge this answer: rate it yourself" in shown
        assert "too thin to judge" in shown
        await pilot.press("enter")  # nothing to accept
        await settle(pilot)
        assert app.screen.phase == "graded"
        await pilot.press("2")
        await settle(pilot)
        review = services.reviews.history(first.id)[-1]
        assert (review.rating, review.mode, review.score) == (Rating.HARD, ReviewMode.OFFLINE, None)


async def test_consent_is_asked_once_before_the_first_call(services: Services) -> None:
    seed_quiz(services)
    examiner = FakeExaminer()
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        assert isinstance(app.screen, ConsentModal)
        assert "Postgres" not in text_of(app, "#consent-sample")
        assert "BEGIN IMMEDIATE" in text_of(app, "#consent-sample")  # the first card's entry
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert examiner.calls == [] and not has_consent(services.paths.data_dir)
        assert any("Nothing was sent" in note for note in notes(app))

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConsentModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [purpose for purpose, _ in examiner.calls] == ["question"]
        path = consent_path(services.paths.data_dir)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert '"model": "claude-haiku-4-5"' in path.read_text()

        await pilot.press("escape", "e")  # asked once: straight into the session now
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_without_a_key_ai_mode_is_explained_and_offline_offered(
    services: Services,
) -> None:
    seed_quiz(services)
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        assert isinstance(app.screen, QuizScreen)
        ways = text_of(app, "#quiz-ways")
        assert "AI mode needs an Anthropic API key" in ways
        assert "export ANTHROPIC_API_KEY" in ways
        assert any("ANTHROPIC_API_KEY" in note for note in notes(app))
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert not has_consent(services.paths.data_dir)


def test_the_default_examiner_is_claude_with_the_key_from_the_environment(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_quiz_client(services) is None
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-not-a-key")
    client = default_quiz_client(services)
    assert client is not None and client.model == "claude-haiku-4-5"  # type: ignore[attr-defined]
    assert "sk-ant" not in repr(client)


async def test_entry_and_claude_text_are_shown_literally(services: Services) -> None:
    text = "Markup [bold]stays[/] literal\nEven [@click=app.quit]this[/] and \x1b[31mred\x1b[0m."
    services.entries.add(make_draft(text, day=date(2026, 11, 16)))
    agree(services)
    sly = "[red]Why[/] does [@click=app.quit]it[/] hold?"
    grade = Grade(70, ("[b]right[/b]",), ("\x1b]0;title\x07",), comment="[/]")
    examiner = FakeExaminer(question=Question(sly, "literal"), grade=grade, pieces=("[/][b]",))
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await start_ai_session(app, pilot)
        assert sly in text_of(app, "#review-prompt")
        await pilot.press(*"because", "ctrl+s")
        await settle(pilot)
        shown = text_of(app, "#review-feedback")
        assert "[b]right[/b]" in shown and "[/]" in shown and "\x1b" not in shown
        entry = text_of(app, "#review-entry")
        assert "[@click=app.quit]this[/]" in entry and "\x1b" not in entry
        assert app.is_running
