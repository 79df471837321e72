"""Pilot tests of the monthly audit, walked start to finish with the keyboard only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import Input, Static, TextArea

from craftlog.core.audits import AuditStatus, Outcome
from craftlog.services import Services
from craftlog.tui.screens.audit_finish_modal import AuditFinishModal
from craftlog.tui.screens.audit_plan_screen import DRAFT_KEY, AuditPlanScreen
from craftlog.tui.screens.audit_screen import AuditScreen
from craftlog.tui.screens.rebuild_modal import RebuildModal
from tests.seed_self import seed_open_audit, seed_self


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def panel_text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).content)


async def plan_and_start(app, pilot, task: str = "Write a JSON parser") -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await settle(app, pilot)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, AuditPlanScreen)
    await pilot.press(*task, "enter")  # step 1
    await pilot.press("4", "enter", "2", "enter")  # step 2: before, now
    await settle(app, pilot)
    await pilot.press("space", "tab", "space", "tab")  # step 3: both boxes ticked
    await pilot.press("4", "5", "enter")  # time box 45
    await settle(app, pilot)
    await pilot.press("enter")  # step 4: start the clock
    await settle(app, pilot)


async def test_an_audit_walked_from_plan_to_rebuild_goal(make_app, services: Services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await plan_and_start(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        [audit] = services.audits.all()
        assert audit.status is AuditStatus.RUNNING
        assert (audit.task, audit.confidence_before, audit.confidence_now) == (
            "Write a JSON parser",
            4,
            2,
        )
        assert audit.time_box_minutes == 45 and audit.month == "2026-11"
        assert "Audit under way" in panel_text(app, "#audit-now")
        assert services.drafts.load(DRAFT_KEY) is None

        await pilot.press("p")
        await settle(app, pilot)
        assert services.audits.all()[0].status is AuditStatus.PAUSED
        await pilot.press("p")
        await settle(app, pilot)
        assert services.audits.all()[0].status is AuditStatus.RUNNING

        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditFinishModal)
        await pilot.press("enter", "down", "down", "down", "enter")  # outcome: partly done
        await pilot.press("tab", "5", "0", "tab")
        await pilot.press(*"string escapes", "enter", *"unicode surrogates", "tab")
        await pilot.press(*"json.org grammar")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, RebuildModal)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        [done] = services.audits.all()
        assert done.outcome is Outcome.PARTLY and done.minutes == 50
        assert done.gaps == ("string escapes", "unicode surrogates")
        assert done.looked_up == "json.org grammar"
        assert done.rebuild_gap == "unicode surrogates"
        text = panel_text(app, "#audit-now")
        assert "audit done, partly done in 50 min" in text
        assert "Rebuilding: unicode surrogates" in panel_text(app, "#audit-gaps")
        assert services.dashboard().audit.due is False


async def test_the_plan_is_kept_when_left_midway_and_offered_back(
    make_app, services: Services
) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*"Regex engine", "enter", "3")
        await settle(app, pilot)
        await pilot.press("escape", "escape")  # back to step 1, then leave
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        draft = services.drafts.load(DRAFT_KEY)
        assert draft is not None and draft.fields["task"] == "Regex engine"
        await pilot.press("s")
        await settle(app, pilot)
        assert app.screen.query_one("#plan-task", Input).value == "Regex engine"
        assert app.screen.query_one("#plan-before", Input).value == "3"


async def test_bad_input_is_explained_and_nothing_is_started(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("enter")  # no task
        assert "task is empty" in panel_text(app, "#plan-error")
        await pilot.press(*"Some task", "enter", "9", "enter", "1", "enter")
        assert "at most 5" in panel_text(app, "#plan-error")
        await pilot.press("shift+tab", "2", "ctrl+n")
        await settle(app, pilot)
        await pilot.press("ctrl+n")  # boxes not ticked
        assert "Tick both boxes" in panel_text(app, "#plan-error")
        assert services.audits.all() == []


async def test_a_timer_started_yesterday_in_last_month_keeps_its_month(
    make_app, services: Services
) -> None:
    # Started 31 Oct 23:50, finished after midnight on 1 Nov: it stays October's audit.
    now = datetime(2026, 11, 1, 0, 40, tzinfo=UTC)
    services.now = lambda: now
    seed_open_audit(services, now - timedelta(minutes=25))  # began 25 minutes before that
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        assert "Time: 0:50:00 of 60 min" in panel_text(app, "#audit-now")
        await pilot.press("f")
        await settle(app, pilot)
        assert app.screen.query_one("#finish-minutes", Input).value == "50"
        await pilot.press("enter", "down", "enter", "ctrl+s")  # done unaided, no gaps
        await settle(app, pilot)
        [audit] = services.audits.all()
        assert audit.month == "2026-10" and audit.outcome is Outcome.UNAIDED
        assert services.dashboard().audit.due is True  # November has no audit yet


async def test_bad_minutes_and_too_many_gaps_keep_the_form(make_app, services) -> None:
    seed_open_audit(services, services.now() - timedelta(minutes=20))
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter", "tab", *"99999", "ctrl+s")
        assert "at most" in panel_text(app, "#finish-error")
        app.screen.query_one("#finish-minutes", Input).value = "20"
        app.screen.query_one("#finish-gaps", TextArea).load_text(
            "\n".join(f"gap {i}" for i in range(40))
        )
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "40 gaps listed" in panel_text(app, "#finish-error")
        assert services.audits.all()[0].status is AuditStatus.RUNNING
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        key = app.screen.open_audit and f"audit-finish-{app.screen.open_audit.uid}"
        assert key and services.drafts.load(key) is not None


async def test_abandon_asks_first_and_keeps_the_audit(make_app, services) -> None:
    seed_open_audit(services, services.now() - timedelta(minutes=5))
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert services.audits.all()[0].status is AuditStatus.RUNNING
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert services.audits.all()[0].status is AuditStatus.ABANDONED
        assert "this month's no-AI audit is due" in panel_text(app, "#audit-now")


async def test_history_shows_recurring_gaps_and_the_goal(make_app, services) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        gaps = panel_text(app, "#audit-gaps")
        assert "writing a recursive descent parser  3 audits" in gaps
        assert "Rebuilding: SQL window functions" in gaps
        assert "due" in panel_text(app, "#audit-now")
        assert app.screen.query_one("#audit-history").row_count == 5
        await pilot.press("s")
        await settle(app, pilot)
        ideas = app.screen.query_one("#plan-ideas")
        assert ideas.option_count >= 2
        await pilot.press("tab", "enter")
        chosen = app.screen.query_one("#plan-task", Input).value
        assert chosen == "Something that needs SQL window functions (a repeat gap)"


async def test_a_new_entry_asks_about_the_gap_being_rebuilt(make_app, services) -> None:
    seed_self(services)
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        goal = app.screen.query_one("#editor-goal", Static)
        assert goal.display
        assert "rebuild “SQL window functions”" in str(goal.content)
