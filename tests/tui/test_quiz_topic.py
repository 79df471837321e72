"""Pilot tests of the topic quiz and the usage view, with a fake examiner and a seeded ledger."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TextArea

from craftlog.core.reviews import Grade
from craftlog.services import Services
from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen
from craftlog.tui.screens.quiz_screen import QuizScreen
from craftlog.tui.screens.topic_screen import DRAFT_KEY, TopicScreen, topic_tag
from craftlog.tui.screens.usage_screen import UsageScreen
from tests.tui.driving import settle
from tests.tui.quiz_fakes import FakeExaminer, agree, quiz_app, seed_ledger, seed_quiz, text_of

SIZE = (100, 32)
QUESTIONS = ("Why do B-tree indexes keep keys sorted?", "When does a hash index beat a B-tree?")
ANSWER = "sorted keys let a range scan walk the leaves in order"


async def open_topic(app, pilot, topic: str = "Postgres indexes") -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("q")
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, TopicScreen)
    await pilot.press(*topic, "enter")
    await settle(pilot)


async def test_a_topic_quiz_graded_and_a_good_answer_kept_as_an_entry(
    services: Services,
) -> None:
    agree(services)
    examiner = FakeExaminer(topics=QUESTIONS)
    app = quiz_app(services, examiner)
    async with app.run_test(size=SIZE) as pilot:
        await open_topic(app, pilot)
        assert examiner.calls == [("topic", ("Postgres indexes", 3))]
        assert QUESTIONS[0] in text_of(app, "#topic-prompt")
        assert "question 1 of 2" in text_of(app, "#topic-heading")
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        assert examiner.calls[1] == ("grade", ("", QUESTIONS[0], ANSWER))  # no entry: the subject
        assert "Score 78/100 → Good" in text_of(app, "#topic-feedback")

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, EntryEditorScreen)
        assert app.screen.query_one("#text", TextArea).text == f"{QUESTIONS[0]}\n\n{ANSWER}"
        assert app.screen.query_one("#tags", Input).value == "postgres-indexes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)
        [entry] = services.entries.all()
        assert entry.title == QUESTIONS[0] and entry.tags == ("postgres-indexes",)
        await pilot.press("s")  # kept once already
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)

        await pilot.press("enter")
        await settle(pilot)
        assert QUESTIONS[1] in text_of(app, "#topic-prompt")
        assert app.screen.query_one("#topic-answer", TextArea).text == ""
        await pilot.press(*"when only equality is asked", "ctrl+s")
        await settle(pilot)
        assert "All answered. Scores: 78, 78." in text_of(app, "#topic-feedback")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert services.drafts.load(DRAFT_KEY) is None


async def test_a_weak_answer_is_not_offered_as_an_entry(services: Services) -> None:
    agree(services)
    weak = Grade(30, (), ("Sorting is what makes range scans cheap.",), comment="Not yet.")
    app = quiz_app(services, FakeExaminer(topics=QUESTIONS, grade=weak))
    async with app.run_test(size=SIZE) as pilot:
        await open_topic(app, pilot)
        await pilot.press(*ANSWER, "ctrl+s")
        await settle(pilot)
        assert "Again" in text_of(app, "#topic-feedback")
        await pilot.press("s")  # not offered: nothing opens
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)
        assert "keeps this answer" not in text_of(app, "#topic-hint")


async def test_a_topic_answer_is_kept_when_left_and_picked_up(services: Services) -> None:
    agree(services)
    app = quiz_app(services, FakeExaminer(topics=QUESTIONS))
    async with app.run_test(size=SIZE) as pilot:
        await open_topic(app, pilot)
        await pilot.press(*"sorted keys", "escape")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        draft = services.drafts.load(DRAFT_KEY)
        assert draft is not None and draft.fields["answer"] == "sorted keys"
        await pilot.press("p")
        await settle(pilot)
        assert app.screen.query_one("#topic-answer", TextArea).text == "sorted keys"
        assert QUESTIONS[0] in text_of(app, "#topic-prompt")


def test_a_topic_becomes_a_tag() -> None:
    assert topic_tag("Postgres  indexes!") == "postgres-indexes"
    assert topic_tag("C++ / Rust") == "c-rust"
    assert topic_tag("日本") == ""


async def test_the_usage_view_month_by_month_with_failures_and_unknown_prices(
    services: Services,
) -> None:
    seed_quiz(services)
    seed_ledger(services)
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UsageScreen)
        months = app.screen.query_one("#usage-months", DataTable)
        rows = [[str(cell).strip() for cell in months.get_row_at(i)] for i in range(2)]
        assert rows[0] == ["Nov 2026", "3", "1", "1,430", "298", "unknown"]
        assert rows[1] == ["Oct 2026", "2", "0", "2,016", "484", "$0.0044"]
        recent = app.screen.query_one("#usage-recent", DataTable)
        assert recent.row_count == 5
        assert [str(recent.get_row_at(i)[2]) for i in range(5)][:2] == ["ok", "rate-limited"]
        assert "ai-calls.jsonl" in text_of(app, "#usage-note")
        assert not app.screen.query_one("#usage-detail").display
        await pilot.press("down")  # the failed call: its words below the table
        await settle(pilot)
        assert "Too many requests" in text_of(app, "#usage-detail")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)


async def test_the_usage_view_with_no_calls(services: Services) -> None:
    app = quiz_app(services, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "No AI calls yet" in text_of(app, "#usage-note")
        assert not app.screen.query_one("#usage-months").display
