"""Failures the app did not expect: a worker's error becomes a notification, a crash hides locals.

Pilot tests break one service method per screen so that the screen's loading worker raises, and
check the app keeps running, says what failed in a notification and still answers keys. The
crash tests run the real app on a pseudo-terminal with a handler made to raise while a canary
key and a canary draft are local variables on the stack, and read the crash report it prints.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from craftlog.services import Services
from craftlog.tui.app import CraftlogApp
from craftlog.tui.screens.home_screen import HomeScreen
from craftlog.tui.screens.output_screen import OutputScreen
from tests.e2e.pty_app import PtyApp
from tests.tui.driving import settle

CANARY_KEY = "sk-ant-api03-CANARY-crash-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
CANARY_DRAFT = "CANARY draft: the words I was typing when it crashed"


async def calm(pilot: Any) -> None:
    """Settle, letting a worker that failed on purpose fail."""
    for _ in range(3):
        with suppress(WorkerFailed):
            await settle(pilot)


def errors(app: CraftlogApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.severity == "error"]


# (keys that open the screen, what to break: the object holding the method, and its name)
BROKEN: dict[str, tuple[tuple[str, ...], Callable[[Services], tuple[object, str]]]] = {
    "home": ((), lambda s: (s, "dashboard")),
    "log": (("l",), lambda s: (s.entries, "tags")),
    "output": (("o",), lambda s: (s, "weeks")),
    "audit": (("a",), lambda s: (s.audits, "all")),
    "checks": (("c",), lambda s: (s.assessments, "all")),
    "trash": (("t",), lambda s: (s.entries, "find")),
    "quiz": (("q",), lambda s: (s, "reviews_due")),
    "usage": (("q", "u"), lambda s: (s.ledger, "months")),
}


@pytest.mark.parametrize("screen", sorted(BROKEN))
async def test_a_failing_worker_becomes_a_notification_not_an_exit(
    make_app, services: Services, monkeypatch: pytest.MonkeyPatch, screen: str
) -> None:
    keys, target = BROKEN[screen]
    app = make_app()
    # Built after seeding: a broken method must not stop the seed data being written.
    holder, name = target(services)

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError(f"the disk is on fire under {screen}")

    monkeypatch.setattr(holder, name, broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await calm(pilot)
        for key in keys:
            await pilot.press(key)
            await calm(pilot)
        assert app.is_running
        # Worded as a sentence: "The disk is on fire under log."
        assert any(f"The disk is on fire under {screen}." in e for e in errors(app)), errors(app)
        assert not any("Traceback" in e or "File " in e for e in errors(app))
        await pilot.press("h" if screen != "home" else "l")  # the app still answers keys
        await calm(pilot)
        assert isinstance(app.screen, HomeScreen) != (screen == "home")


async def test_a_failing_backup_is_reported(
    make_app, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "backup", full)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await calm(pilot)
        await app.run_action("backup")
        await calm(pilot)
        assert app.is_running
        assert any("No space left on device" in e for e in errors(app)), errors(app)


async def test_a_scan_that_raises_can_be_started_again(
    make_app, services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    services.add_repository(str(tmp_path / "repo"))
    calls: list[int] = []

    def locked(*args: object, **kwargs: object) -> object:
        calls.append(1)
        raise RuntimeError("database is locked")

    monkeypatch.setattr(services, "scan", locked)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await calm(pilot)
        await pilot.press("o")
        await calm(pilot)
        await pilot.press("s")
        await calm(pilot)
        assert any("Database is locked." in e for e in errors(app)), errors(app)
        await pilot.press("s")  # a second try runs the scan again
        await calm(pilot)
        assert len(calls) == 2
        await pilot.press("escape")  # and escape leaves the screen as usual
        await calm(pilot)
        assert not isinstance(app.screen, OutputScreen)


# The app with one change: saving an entry raises inside the key handler, while the key and the
# form (with the draft text) are local variables of frames on the stack.
CRASH = """
import os, sys
import craftlog.tui.screens.entry_editor_screen as editor
{extra}
def broken(text, **fields):
    key = os.environ["ANTHROPIC_API_KEY"]
    raise LookupError("forced failure in a key handler")

editor.make_draft = broken
from craftlog.cli import main
sys.exit(main([]))
"""
# The same, with Rich told to show locals whatever the app asks: what a leak would look like.
SHOW_LOCALS = """
import rich.traceback
_init = rich.traceback.Traceback.__init__
def _with_locals(self, *args, **kwargs):
    kwargs["show_locals"] = True
    _init(self, *args, **kwargs)
rich.traceback.Traceback.__init__ = _with_locals
"""


def crash_report(tmp_path: Path, services: Services, extra: str = "") -> tuple[str, PtyApp]:
    """Type the canary draft, save, and return what the app printed after leaving the screen."""
    env = {**os.environ, "ANTHROPIC_API_KEY": CANARY_KEY}
    script = CRASH.format(extra=extra)
    app = PtyApp(env, tmp_path, python_args=("-c", script)).start()
    try:
        app.wait_for("Press n to write your first entry", timeout=60)
        app.press("n")
        app.wait_for("New entry")
        app.type(CANARY_DRAFT)
        app.wait_for(CANARY_DRAFT)
        app.wait_until(lambda: services.drafts.load("new-entry") is not None, 30, "the draft")
        app.press("ctrl+s")
        app.wait(30)
        return app.after_exit(), app
    finally:
        app.close()


def test_the_crash_report_names_the_error_and_shows_no_local_variables(
    tmp_path: Path, services: Services
) -> None:
    report, app = crash_report(tmp_path, services)
    assert "LookupError" in report and "forced failure in a key handler" in report
    assert "Traceback" in report
    assert CANARY_KEY not in report and "CANARY" not in report
    assert "\x1b]" not in report  # no OSC in the report either
    # The draft written while typing outlived the crash, and it is not in the report.
    draft = services.drafts.load("new-entry")
    assert draft is not None and draft.fields["text"] == CANARY_DRAFT
    assert CANARY_KEY.encode() not in bytes(app.output)


def test_the_crash_check_sees_locals_when_they_are_printed(
    tmp_path: Path, services: Services
) -> None:
    """The test above can fail: with locals shown, the canaries are found in the report."""
    report, _ = crash_report(tmp_path, services, extra=SHOW_LOCALS)
    assert "LookupError" in report
    assert CANARY_KEY in report and CANARY_DRAFT in report


def test_a_crash_exits_non_zero(tmp_path: Path, services: Services) -> None:
    report, app = crash_report(tmp_path, services)
    assert "LookupError" in report
    assert app.status is not None and os.waitstatus_to_exitcode(app.status) == 1
