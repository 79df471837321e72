"""Review regressions for the audit screens: hostile text, hand-edited drafts, stale state."""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta

from textual.widgets import Checkbox, Input, OptionList, Static, TextArea
from textual.worker import WorkerCancelled

from craftlog.core import audits as a
from craftlog.core.audits import AuditStatus
from craftlog.services import Services, open_services
from craftlog.tui.app import WATCH_SECONDS
from craftlog.tui.screens.audit_finish_modal import AuditFinishModal, finish_draft_key
from craftlog.tui.screens.audit_plan_screen import DRAFT_KEY, AuditPlanScreen
from craftlog.tui.screens.audit_screen import AuditScreen
from craftlog.tui.screens.rebuild_modal import RebuildModal
from tests.conftest import FIXED_NOW, fixed_clock
from tests.seed_self import seed_open_audit


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


def panel(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).content)


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def finished(
    services: Services, month: int, gaps: str, task: str = "a task", day: int = 5
) -> a.Audit:
    """A finished audit of 2026-`month`, stored."""
    when = date(2026, month, day)
    began = datetime(2026, month, day, 19, tzinfo=UTC)
    audit = a.start(a.plan(task, 3, 2, 60, when), began, when)
    audit = a.finish(audit, began + timedelta(minutes=30), a.Outcome.PARTLY, 30, gaps, "")
    return services.audits.save(audit)


async def open_audit_screen(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, AuditScreen)


async def test_a_gap_written_as_markup_is_a_literal_notification(make_app, services) -> None:
    # "[/]" used to reach Textual's markup parser through notify() and crash the app.
    finished(services, 11, "[/]\n[@click=app.quit]trap[/]")
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36), notifications=True) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, RebuildModal)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)  # the toast is drawn
        assert isinstance(app.screen, AuditScreen)
        assert "Goal set: rebuild “[/]”." in notes(app)
        assert all(not n.markup for n in app._notifications)
    assert app._exception is None
    assert services.audits.all()[0].rebuild_gap == "[/]"


async def test_task_ideas_that_read_alike_do_not_crash_the_plan(make_app, services) -> None:
    # A recurring gap "A" and a gap "A (a repeat gap)" gave one idea twice: duplicate option ids.
    for month, gaps in ((8, "A\nB"), (9, "A"), (10, "A (a repeat gap)")):
        finished(services, month, gaps)
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditPlanScreen)
        assert app.screen.query_one("#plan-ideas", OptionList).option_count == 2
    assert app._exception is None


async def test_a_picked_idea_is_literal_and_short_enough_to_be_a_task(make_app, services) -> None:
    evil = "Q\x1b]8;;http://evil\x07" + "x" * 180  # 190 characters: an idea of over 200
    finished(services, 9, evil)
    finished(services, 10, evil)
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("tab", "enter")  # the first idea
        task = app.screen.query_one("#plan-task", Input).value
        assert "\x1b" not in task and "\x07" not in task
        assert task.startswith("Something that needs Q␛]8;;http://evil␇") and len(task) <= 200
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert app.screen._step == 1  # the chosen idea passed the task's checks


def write_plan_draft(services: Services, fields: object) -> None:
    services.drafts.save(DRAFT_KEY, {}, FIXED_NOW)
    path = next(services.paths.draft_dir.glob(f"{DRAFT_KEY}.json"))
    path.write_text(json.dumps({"saved_at": FIXED_NOW.isoformat(), "fields": fields}))


async def test_a_hand_edited_plan_draft_opens_on_the_first_page_to_fix(make_app, services) -> None:
    app = make_app(seeded=False)
    cases = [
        ({"step": "²"}, 0),  # once int("²"): a crash
        ({"step": 99, "task": "Parse CSV"}, 1),  # the ratings are missing
        ({"step": 3, "task": "Parse CSV", "before": "4", "now": "2", "chat": "false"}, 2),
        (
            {"step": 3, "task": "Parse CSV", "before": "4", "now": "2", "chat": True,
             "completion": True, "time_box": "30"},
            3,
        ),
    ]  # fmt: skip
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        for fields, step in cases:
            write_plan_draft(services, fields)
            await pilot.press("s")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, AuditPlanScreen)
            assert screen._step == step, fields
            # A text "false" is not a ticked box.
            assert screen.query_one("#plan-chat", Checkbox).value is (fields.get("chat") is True)
            screen.dismiss(None)
            await settle(app, pilot)


async def test_start_pressed_twice_stores_one_audit(make_app, services) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        write_plan_draft(
            services,
            {"step": 3, "task": "Parse CSV", "before": "4", "now": "2", "chat": True,
             "completion": True, "time_box": "30"},
        )  # fmt: skip
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AuditPlanScreen)
        screen.action_next()
        screen.action_next()
        await pilot.pause(0.3)  # a timed pause: the screen waited on is being dismissed
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        assert len(services.audits.all()) == 1


async def test_a_history_audit_without_gaps_says_so(make_app, services) -> None:
    finished(services, 9, "")
    finished(services, 10, "a gap")
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36), notifications=True) as pilot:
        await open_audit_screen(app, pilot)
        table = app.screen.query_one("#audit-history")
        table.focus()
        table.move_cursor(row=1)  # September's, which listed no gaps
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)  # no empty list to choose from
        assert "The Sep 2026 audit listed no gaps, so it has none to rebuild." in notes(app)


async def test_a_gap_chosen_in_an_older_audit_says_what_the_log_asks(make_app, services) -> None:
    finished(services, 9, "old gap")
    services.audits.save(a.choose_rebuild(finished(services, 10, "new gap"), "new gap"))
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        table = app.screen.query_one("#audit-history")
        table.focus()
        table.move_cursor(row=1)
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        [note] = [n for n in notes(app) if "old gap" in n]
        assert note.startswith("Kept “old gap” as the Sep 2026 audit's gap to rebuild.")
        assert "keeps asking about “new gap”" in note
        assert services.dashboard().audit.goal.gap == "new gap"  # type: ignore[union-attr]


async def test_a_change_made_in_another_process_is_not_overwritten(make_app, paths) -> None:
    app_services = open_services(paths, now=fixed_clock)
    other = open_services(paths, now=fixed_clock)
    try:
        seed_open_audit(app_services, FIXED_NOW)
        app = make_app(seeded=False)
        app.services = app_services
        async with app.run_test(size=(110, 36), notifications=True) as pilot:
            await open_audit_screen(app, pilot)
            await pilot.press("f")
            await settle(app, pilot)
            assert isinstance(app.screen, AuditFinishModal)
            # Meanwhile, in another window: the same audit is abandoned.
            [shown] = other.audits.all()
            other.audits.save(a.abandon(shown, FIXED_NOW), expected=shown)
            await pilot.press("enter", "down", "enter", "ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, AuditFinishModal)
            assert "another craftlog window" in panel(app, "#finish-error")
            [stored] = other.audits.all()
            assert stored.status is AuditStatus.ABANDONED  # not overwritten as finished
    finally:
        other.close()
        app_services.close()


async def test_pause_on_a_stale_audit_is_refused(make_app, services, paths) -> None:
    seed_open_audit(services, FIXED_NOW)
    other = open_services(paths, now=fixed_clock)
    try:
        app = make_app(seeded=False)
        async with app.run_test(size=(110, 36), notifications=True) as pilot:
            await open_audit_screen(app, pilot)
            [shown] = other.audits.all()
            done = a.finish(shown, FIXED_NOW, a.Outcome.UNAIDED, 25, "a gap", "")
            other.audits.save(done, expected=shown)
            await pilot.press("p")
            await settle(app, pilot)
            assert any("another craftlog window" in n for n in notes(app))
            [stored] = other.audits.all()
            assert stored.status is AuditStatus.FINISHED and stored.gaps == ("a gap",)
            assert "audit done" in panel(app, "#audit-now")  # the screen shows what is stored
    finally:
        other.close()


async def test_a_timer_left_running_for_days_asks_for_the_minutes(make_app, services) -> None:
    seed_open_audit(services, FIXED_NOW - timedelta(days=8))
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        # 11,545 minutes is over the most an audit may take: not offered, asked for.
        assert app.screen.query_one("#finish-minutes", Input).value == ""
        assert "The clock ran for 192 hours" in panel(app, "#finish-error")


async def test_an_audit_begun_last_month_says_which_month_it_counts_for(make_app, services) -> None:
    services.now = lambda: datetime(2026, 11, 1, 0, 40, tzinfo=UTC)
    seed_open_audit(services, datetime(2026, 11, 1, 0, 15, tzinfo=UTC))  # began 31 Oct 23:50
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36), notifications=True) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter", "ctrl+s")
        await settle(app, pilot)
        assert any(
            n.startswith("Recorded as the Oct 2026 audit") and "Nov 2026 still has" in n
            for n in notes(app)
        )


async def test_abandoning_drops_the_notes_kept_for_its_result(make_app, services) -> None:
    audit = seed_open_audit(services, FIXED_NOW)
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        app.screen.query_one("#finish-gaps", TextArea).load_text("a gap")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert services.drafts.load(finish_draft_key(audit)) is not None
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert services.audits.all()[0].status is AuditStatus.ABANDONED
        # Else every start would announce notes on a running audit that no longer runs.
        assert services.drafts.load(finish_draft_key(audit)) is None


async def test_a_clock_set_back_before_the_start_is_explained(make_app, services) -> None:
    seed_open_audit(services, FIXED_NOW + timedelta(hours=3))  # "started" 2h35 from now
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        text = panel(app, "#audit-now")
        assert "Time: 0:00:00 of 60 min" in text
        assert "clock reads earlier than the audit's start" in text


async def test_new_audit_waits_until_the_audits_are_read(make_app, services) -> None:
    seed_open_audit(services, FIXED_NOW)
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        screen._state = None  # as just after switching, before the first read lands
        screen.action_start_audit()
        await settle(app, pilot)
        assert app.screen is screen  # no plan: an audit may already be running


async def test_an_import_in_the_first_seconds_still_reaches_the_screen(
    make_app, services, paths
) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)  # well within the first watch interval
        other = open_services(paths, now=fixed_clock)
        try:
            finished(other, 11, "a gap", task="Imported from another shell")
        finally:
            other.close()
        await pilot.pause(WATCH_SECONDS + 0.5)
        await settle(app, pilot)
        assert "audit done" in panel(app, "#audit-now")


async def test_a_second_open_audit_from_an_import_is_not_hidden(make_app, services) -> None:
    seed_open_audit(services, FIXED_NOW - timedelta(minutes=30))
    later = seed_open_audit(services, FIXED_NOW)  # as an import of another machine's audit
    app = make_app(seeded=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await open_audit_screen(app, pilot)
        text = panel(app, "#audit-now")
        assert app.screen.open_audit == later
        assert "1 more audit is open too; finish or abandon this one" in text
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        text = panel(app, "#audit-now")
        assert "Audit under way" in text and "more audit" not in text


def test_a_change_noticed_while_the_app_closes_is_ignored(make_app) -> None:
    # The watcher's message can land after the screens are gone (seen at teardown in a test).
    app = make_app(seeded=False)
    app._data_changed()  # no screen at all: nothing to refresh, and no ScreenStackError
