"""Pilot tests of the self-checks: each instrument taken by keyboard, drafts, history, the chart."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime

from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled

from craftlog.core.instruments import QUICK_CHECK, SYMPTOMS, TIER
from craftlog.tui.screens.checks_screen import ChecksScreen
from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen
from craftlog.tui.screens.instrument_screen import InstrumentScreen
from craftlog.tui.widgets.instrument_result import InstrumentResult
from craftlog.tui.widgets.trend_chart import TrendChart, change_of
from tests.seed_self import seed_self


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        # The first switch to a mode resumes its screen twice; the second load replaces the first.
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).content)


def result_text(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(s.content) for s in screen.query_one(InstrumentResult).query(Static))


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_first_launch_says_what_each_instrument_is_for(make_app) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        note = text_of(screen, "#checks-note")
        for title, key in ((SYMPTOMS.title, 1), (QUICK_CHECK.title, 2), (TIER.title, 3)):
            assert f"{title} (key {key})" in note
        assert "press enter" in note
        table = screen.query_one("#checks-table", DataTable)
        statuses = [table.get_row_at(row)[4].plain for row in range(table.row_count)]
        assert statuses == ["due", "due", "when you like"]
        assert not screen.query_one("#checks-detail").display


async def test_the_symptom_list_start_to_finish(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "enter")
        screen = app.screen
        assert isinstance(screen, InstrumentScreen) and screen.phase == "intro"
        assert SYMPTOMS.intro in text_of(screen, "#instrument-text")
        await press(pilot, "enter")
        assert "1 of 7" in text_of(screen, "#instrument-heading")
        assert text_of(screen, "#instrument-text") == SYMPTOMS.questions[0].text
        await press(pilot, "y", "n", "y")
        assert "4 of 7" in text_of(screen, "#instrument-heading")
        await press(pilot, "n", "n", "1", "2")  # digits answer too
        assert screen.phase == "review"
        await press(pilot, "enter")
        assert screen.phase == "result"
        [stored] = services.assessments.all()
        assert stored.key == "symptoms" and stored.score == 3
        assert [v for _, v in stored.answers] == ["yes", "no", "yes", "no", "no", "yes", "no"]
        assert stored.day == services.today()
        shown = result_text(screen)
        assert "3 of 7" in shown and "In the gap" in shown and "Your first result" in shown
        assert services.drafts.load("instrument-symptoms") is None
        await press(pilot, "enter")
        assert isinstance(app.screen, ChecksScreen)
        assert app.screen.query_one("#checks-table", DataTable).get_row_at(0)[1].plain == "3 of 7"


async def test_the_quick_check_start_to_finish(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "down", "enter", "enter")
        screen = app.screen
        assert isinstance(screen, InstrumentScreen) and screen.instrument is QUICK_CHECK
        await press(pilot, "c", "u", "u", "c", "u", "enter")
        [stored] = services.assessments.all("quick-check")
        assert stored.score == 3
        assert dict(stored.answers) == {
            "whole-design": "comfortable",
            "old-bug": "uncomfortable",
            "new-kind": "uncomfortable",
            "plain-why": "comfortable",
            "old-confidence": "uncomfortable",
        }
        shown = result_text(screen)
        assert "3 of 5" in shown and "Needs attention" in shown


async def test_the_tier_test_lists_one_next_step_for_each_no(make_app, services) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    answers = ("y", "n", "n", "y", "n", "n", "y", "n", "n", "n")
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "3", "enter", *answers, "enter")
        screen = app.screen
        assert screen.phase == "result"
        stored = services.assessments.all("tier")[-1]
        assert stored.score == 3
        nos = [q for q, key in zip(TIER.questions, answers, strict=True) if key == "n"]
        assert [s.question_id for s in stored.next_steps] == [q.id for q in nos]
        shown = result_text(screen)
        assert "3 of 10" in shown and "Occasional user" in shown
        assert f"one for each no ({len(nos)})" in shown
        for question in nos:
            assert question.next_step in shown
        for question in TIER.questions:
            if question not in nos:
                assert question.next_step not in shown
        # The seeded history had 5 of 10 on 2 Nov: two fewer is worse for the tier test.
        assert "Down 2 since the previous result (5 of 10 on 02 Nov 2026): worse." in shown


async def test_going_back_and_changing_an_answer(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "enter", "enter", "y", "y", "y")
        screen = app.screen
        await press(pilot, "left")
        assert "3 of 7" in text_of(screen, "#instrument-heading")
        assert "your answer" in text_of(screen, "#instrument-choices")
        await press(pilot, "backspace", "n")  # question 2 becomes no, then on to question 3
        assert "3 of 7" in text_of(screen, "#instrument-heading")
        assert screen.answers["reread"] == "no"
        await press(pilot, "y", "y", "y", "y", "y")
        assert screen.phase == "review"
        # In the review: down to question 4, change it, and up to question 1, change that.
        await press(pilot, "down", "down", "down", "n", "up", "up", "up", "n")
        await press(pilot, "enter")
        [stored] = services.assessments.all()
        assert dict(stored.answers)["blank-page"] == "no"
        assert dict(stored.answers)["what-not-why"] == "no"
        assert dict(stored.answers)["reread"] == "no"
        assert stored.score == 4


async def test_leaving_midway_keeps_a_draft_that_is_offered_back(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "enter", "enter", "y", "n", "y", "y", "escape")
        assert isinstance(app.screen, ChecksScreen)
        assert any("4 answers to the Symptom list are kept" in n for n in notes(app))
        draft = services.drafts.load("instrument-symptoms")
        assert draft is not None and draft.fields["position"] == 4
        assert len(draft.fields["answers"]) == 4
        table = app.screen.query_one("#checks-table", DataTable)
        assert table.get_row_at(0)[4].plain == "unfinished, 4 of 7"
        assert services.assessments.all() == []
        await press(pilot, "enter")
        screen = app.screen
        assert screen.phase == "resume"
        assert "You were 4 of 7 through this on 18 Nov; continue?" in text_of(
            screen, "#instrument-text"
        )
        await press(pilot, "enter")
        assert screen.phase == "question"
        assert "5 of 7" in text_of(screen, "#instrument-heading")
        assert screen.answers == {
            "blank-page": "yes", "reread": "no", "busy-not-better": "yes", "what-not-why": "yes"
        }  # fmt: skip
        await press(pilot, "n", "n", "n", "enter")
        [stored] = services.assessments.all()
        assert stored.score == 3
        assert services.drafts.load("instrument-symptoms") is None


async def test_starting_over_drops_the_kept_answers(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "enter", "enter", "y", "y", "escape", "enter", "s")
        screen = app.screen
        assert screen.phase == "question" and screen.answers == {}
        assert "1 of 7" in text_of(screen, "#instrument-heading")
        assert services.drafts.load("instrument-symptoms") is None
        await press(pilot, "escape")
        assert services.drafts.load("instrument-symptoms") is None


async def test_escape_with_nothing_answered_stores_nothing(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "enter", "escape")  # from the intro
        assert isinstance(app.screen, ChecksScreen)
        await press(pilot, "enter", "enter", "escape")  # from the first question
        assert isinstance(app.screen, ChecksScreen)
        assert not any("kept" in n for n in notes(app))
    assert services.assessments.all() == []
    assert services.drafts.pending() == []


async def test_a_kept_draft_is_announced_at_start(make_app, services) -> None:
    fields = {"answers": {"whole-design": "comfortable"}, "position": 1}
    services.drafts.save("instrument-quick-check", fields, datetime(2026, 11, 17, 20, tzinfo=UTC))
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert any("Press c, then enter on Quick self-check to continue" in n for n in notes(app))


async def test_another_instruments_answer_key_does_nothing(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c", "2", "enter", "n", "y")  # yes/no keys on a comfortable check
        screen = app.screen
        assert screen is not None and not isinstance(screen, EntryEditorScreen)
        assert isinstance(screen, InstrumentScreen) and screen.answers == {}


async def test_history_chart_and_a_past_result(make_app, services) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "c")
        screen = app.screen
        note = text_of(screen, "#checks-note")
        assert "Due this month: the Quick self-check." in note
        chart = screen.query_one(TrendChart)
        assert chart.points == [("Aug 05", 4), ("Sep 19", 3), ("Nov 08", 2)]
        history = screen.query_one("#checks-history", DataTable)
        assert [history.get_row_at(r)[1].plain for r in range(3)] == ["2 of 7", "3 of 7", "4 of 7"]
        await press(pilot, "down", "down")
        assert chart.points == [("Aug 10", 3), ("Nov 02", 5)]
        await press(pilot, "v")  # the latest tier result, read-only
        shown = app.screen
        assert isinstance(shown, InstrumentScreen) and shown.phase == "result"
        text = result_text(shown)
        assert "5 of 10" in text and "read only" in text and "Up 2" in text
        await press(pilot, "escape", "tab", "down", "enter")  # the older one, from the history
        text = result_text(app.screen)
        assert "3 of 10" in text and "Your first result" in text
        await press(pilot, "escape")
    assert len(services.assessments.all()) == 8


async def test_the_palette_action_opens_an_instrument(make_app) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.run_action("take_instrument('tier')")
        await settle(pilot)
        assert isinstance(app.screen, InstrumentScreen) and app.screen.instrument is TIER


# --- the chart's direction (the chart itself: tests/tui/test_charts.py) ----------------------


def test_a_change_is_better_or_worse_by_the_instruments_direction() -> None:
    assert change_of(None, 3, True) == "level"
    assert change_of(3, 3, False) == "level"
    assert change_of(3, 5, True) == "better"
    assert change_of(3, 5, False) == "worse"
    assert change_of(5, 3, False) == "better"
