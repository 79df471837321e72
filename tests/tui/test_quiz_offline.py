"""Pilot tests of the offline quiz: a session end to end, drafts kept, and nothing to review."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import TextArea

from craftlog.core.entries import make_draft
from craftlog.core.reviews import CardState, Rating, Review, ReviewMode
from craftlog.services import Services
from craftlog.tui.screens.quiz_screen import QuizScreen
from craftlog.tui.screens.review_screen import ReviewScreen, draft_key
from tests.tui.driving import settle
from tests.tui.quiz_fakes import quiz_app, seed_quiz, text_of

SIZE = (100, 32)


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_an_offline_session_answered_revealed_rated_and_stored(services: Services) -> None:
    entries = seed_quiz(services)
    overdue = entries[4]  # due three days ago: first in line
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 reviews due" in text_of(app, "#reviews-panel")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert "2 reviews due · 3 entries never reviewed" in text_of(app, "#quiz-counts")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert overdue.title in text_of(app, "#review-prompt")
        assert "Card 1 of 5" in text_of(app, "#review-heading")
        assert not app.screen.query_one("#review-side").display  # the entry stays hidden

        await pilot.press(*"a deferred transaction cannot wait for the lock")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.phase == "revealed"
        assert "SQLite returns busy at once" in text_of(app, "#review-entry")
        assert app.screen.query_one("#review-answer", TextArea).read_only

        await pilot.press("3")
        await settle(pilot)
        [*_, review] = services.reviews.history(overdue.id)
        assert (review.rating, review.mode) == (Rating.GOOD, ReviewMode.OFFLINE)
        assert review.answer == "a deferred transaction cannot wait for the lock"
        assert review.score is None and review.reviewed_at == services.now()
        card = services.reviews.card(overdue.id)
        assert card is not None and card.reviews == 3 and card.due > services.now()
        assert review.due_after == card.due
        shown = text_of(app, "#review-status")
        assert "Next review of this card" in shown
        assert f"{card.due.astimezone():%a %d %b, %H:%M}" in shown
        assert services.drafts.load(draft_key(overdue.id)) is None

        await pilot.press("enter")  # the next card: the other one due
        await settle(pilot)
        assert entries[2].title in text_of(app, "#review-prompt")
        assert "Card 2 of 5" in text_of(app, "#review-heading")
        assert app.screen.query_one("#review-answer", TextArea).text == ""

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert "1 review due" in text_of(app, "#quiz-counts")


async def test_an_empty_answer_is_refused_and_nothing_is_stored(services: Services) -> None:
    seed_quiz(services)
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert app.screen.phase == "answer"
        assert "The answer is empty" in text_of(app, "#review-status")
        await pilot.press("1")  # typed into the answer: no rating happens here
        await settle(pilot)
        assert len(services.reviews.all_reviews()) == 3  # the seeded ones only


async def test_a_half_written_answer_is_kept_and_offered_back(services: Services) -> None:
    entries = seed_quiz(services)
    first = entries[4]
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"busy at once")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        draft = services.drafts.load(draft_key(first.id))
        assert draft is not None and draft.fields["answer"] == "busy at once"
        assert any("Your answer is kept" in note for note in notes(app))
        assert "answer kept" in text_of(app, "#quiz-queue")

    again = quiz_app(services, None)  # a restart
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("answering a quiz card" in note for note in notes(again))
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert again.screen.query_one("#review-answer", TextArea).text == "busy at once"
        assert any("Restored the answer" in note for note in notes(again))
        await pilot.press("ctrl+s", "2")
        await settle(pilot)
        assert services.reviews.history(first.id)[-1].answer == "busy at once"
        assert services.drafts.load(draft_key(first.id)) is None


async def test_a_kept_answer_comes_first_even_when_its_card_is_not_due(
    services: Services,
) -> None:
    entries = seed_quiz(services)
    later = entries[5]  # due in four days
    services.drafts.save(draft_key(later.id), {"answer": "git numstat"}, services.now())
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert later.title in text_of(app, "#review-prompt")
        assert "Card 1 of 6" in text_of(app, "#review-heading")


async def test_an_empty_log_is_explained(services: Services) -> None:
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        assert "Nothing to quiz you on yet" in text_of(app, "#quiz-counts")
        assert not app.screen.query_one("#quiz-queue").display
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert any("write an entry first" in note for note in notes(app))


async def test_nothing_due_says_when_the_next_review_is(services: Services) -> None:
    text = "TLS session resumption skips a round trip"
    entry = services.entries.add(make_draft(text, day=date(2026, 11, 16)))
    now = services.now()
    card = CardState(entry.id, due=now + timedelta(days=4), last_review=now, reviews=1)
    services.reviews.record(Review(entry.id, now, Rating.GOOD, ReviewMode.OFFLINE, "x"), card)
    trashed = services.entries.add(make_draft("Trashed, so never asked", day=date(2026, 11, 2)))
    services.entries.trash(trashed.id)
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(pilot)
        counts = text_of(app, "#quiz-counts")
        assert "Nothing is due now" in counts
        assert "in 4 days (Sun 22 Nov, 09:30)" in counts
        assert "All caught up" not in counts
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert any("Nothing is due now" in note for note in notes(app))
        await pilot.press("escape")
        await settle(pilot)
        assert "All caught up" in text_of(app, "#reviews-panel")
