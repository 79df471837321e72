"""Pilot tests of the dashboard: what each panel says, and that each one opens its screen."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Static

from craftlog.core.entries import make_draft
from craftlog.services import Services
from craftlog.tui.screens.audit_screen import AuditScreen
from craftlog.tui.screens.home_screen import HomeScreen
from craftlog.tui.screens.log_screen import LogScreen
from craftlog.tui.screens.output_screen import OutputScreen
from tests.seed_self import seed_open_audit, seed_self


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).content)


def shown(app, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(app.screen.query_one(selector).display)


async def test_first_launch_explains_every_part(make_app) -> None:
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert shown(app, "#empty-home")
        welcome = text(app, "#empty-home")
        for hint in ("Press n to write your first entry", "monthly no-AI audit", "self-checks",
                     "git output"):  # fmt: skip
            assert hint in welcome
        assert not any(shown(app, f"#{p}-panel") for p in ("week", "audit", "checks", "flags"))


async def test_a_typical_dashboard_reports_each_part(make_app, services: Services) -> None:
    seed_self(services)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert not shown(app, "#empty-home")
        assert "Logged: 2 entries so far" in text(app, "#week-panel")
        assert "rebuild “SQL window functions”" in text(app, "#week-panel")
        assert "Streak: 3 weeks" in text(app, "#streak-text")
        assert "Due for Nov 2026" in text(app, "#audit-panel")
        assert "Last: Oct 2026, done unaided" in text(app, "#audit-panel")
        checks = text(app, "#checks-panel")
        assert "Symptoms     2/7  Early signs" in checks
        assert "Tier test    5/10 In transition" in checks
        assert "Due this month: quick self-check." in checks
        assert "▶ the goal ◀" in text(app, "#standing-panel")
        assert not shown(app, "#silence-panel")
        assert app.focused is app.screen.query_one("#week-panel")


async def test_a_silent_log_says_so_and_an_open_audit_shows_its_clock(
    make_app, services: Services
) -> None:
    services.entries.add(make_draft("Old insight", day=date(2026, 10, 20)))
    seed_open_audit(services, services.now())
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert shown(app, "#silence-panel")
        assert "silent for 3 full weeks" in text(app, "#silence-panel")
        assert "Under way · 0:25:00 of 60 min" in text(app, "#audit-panel")
        assert "Not enough to go on yet" in text(app, "#standing-panel")


async def test_each_panel_opens_its_screen_from_the_keyboard(make_app, services) -> None:
    seed_self(services)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        for panel, screen in (("#streak-panel", LogScreen), ("#audit-panel", AuditScreen),
                              ("#flags-panel", OutputScreen)):  # fmt: skip
            app.screen.query_one(panel).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, screen), panel
            await pilot.press("h")
            await settle(app, pilot)
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("down")
        assert app.focused is not None


async def test_the_audit_panel_follows_a_finished_audit(make_app, services) -> None:
    from craftlog.core import audits as a

    open_ = seed_open_audit(services, services.now())
    now = services.now() + timedelta(minutes=10)
    services.audits.save(a.finish(open_, now, a.Outcome.WITH_DOCS, 35, "", ""))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert "✓ Nov 2026: done" in text(app, "#audit-panel")
        assert "done with docs only, 35 min" in text(app, "#audit-panel")
