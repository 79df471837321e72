"""Notifications worded for a person: what is due at start, what a scan found, what failed.

The due note is read in a worker at start and appears once when reviews, this month's audit or
a self-check are due, never on a first launch or when nothing is. A scan's end says what it
found or that nothing was new, and names a repository that could not be read. A failing worker
says what failed in words: a busy database, a network that cannot be reached, a full disk.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from craftlog.core import audits as a
from craftlog.core.sources import ScanOutcome, ScanReport
from craftlog.gitsource.reader import SourceProblem
from craftlog.services import Services
from craftlog.tui.app import CraftlogApp
from craftlog.tui.due_note import due_note
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.widgets.output_views import scan_failure, scan_note
from tests.seed import seed
from tests.seed_self import checked, local_instant
from tests.tui.driving import settle
from tests.tui.quiz_fakes import seed_quiz

TODAY = date(2026, 11, 18)  # the fixed clock's day


def notes(app: CraftlogApp, severity: str = "information") -> list[str]:
    return [n.message for n in app._notifications if n.severity == severity]


def due_notes(app: CraftlogApp) -> list[str]:
    return [n for n in notes(app) if n.startswith("Due:")]


async def calm(pilot: Any) -> None:
    """Settle, letting a worker that fails on purpose fail."""
    for _ in range(3):
        with suppress(WorkerFailed):
            await settle(pilot)


# --- due ----------------------------------------------------------------------------------------


def test_the_due_note_names_each_thing_due_with_its_key() -> None:
    everything = due_note(6, True, ["symptoms", "quick-check"])
    assert (
        everything == "Due: 6 reviews (q) · this month's audit (a) · this month's self-checks (c)"
    )
    assert due_note(1, False, ["symptoms"]) == "Due: 1 review (q) · the symptom list (c)"
    assert due_note(0, True, []) == "Due: this month's audit (a)"
    assert due_note(0, False, []) is None


async def test_at_start_one_note_says_what_is_due(make_app, services: Services) -> None:
    seed_quiz(services)  # two cards due; no audit and no self-check this month
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert due_notes(app) == [
            "Due: 2 reviews (q) · this month's audit (a) · this month's self-checks (c)"
        ]


async def test_no_due_note_when_nothing_is_due(make_app, services: Services) -> None:
    seed(services)  # entries never reviewed are new, not due
    day = TODAY - timedelta(days=2)
    began = local_instant(day, 19)
    audit = a.start(a.plan("Parse a CSV by hand", 4, 3, 60, day), began, day)
    services.audits.save(
        a.finish(audit, began + timedelta(minutes=50), a.Outcome.UNAIDED, 50, "", "")
    )
    for key in ("symptoms", "quick-check"):
        services.assessments.add(checked(key, (), local_instant(day, 21), day))
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert due_notes(app) == []


async def test_no_due_note_on_a_first_launch(make_app) -> None:
    app = make_app(seeded=False)  # the audit and the checks are "due", but nothing has started
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert due_notes(app) == []


# --- scanned ------------------------------------------------------------------------------------


def report(new: int, outcome: ScanOutcome = ScanOutcome.OK, path: str = "/r") -> ScanReport:
    return ScanReport(path, outcome, new_commits=new)


def test_a_scan_note_says_what_was_found() -> None:
    assert scan_note([report(10), report(4)], False) == "Scanned 2 repositories: 14 new commits."
    assert scan_note([report(0), report(0)], False) == "Nothing new in 2 repositories."
    assert scan_note([report(1)], False) == "Scanned 1 repository: 1 new commit."
    mixed = scan_note([report(3), report(0, ScanOutcome.FAILED)], False)
    assert mixed == "Scanned 1 repository: 3 new commits. 1 repository failed: press r to see why."
    assert scan_note([report(0, ScanOutcome.FAILED)], False).startswith("No repository could")
    assert scan_note([report(0)], True) == "Scan stopped; the 0 new commits read so far are kept."


def test_a_failed_repository_is_named_once_in_plain_words(tmp_path: Path) -> None:
    gone = str(tmp_path / "work" / "gone")  # HOME is tmp_path in tests: shown as ~/work/gone
    failed = ScanReport(gone, ScanOutcome.FAILED, message=f"{gone} does not exist")
    assert scan_failure(failed) == "~/work/gone does not exist."
    git = ScanReport(gone, ScanOutcome.FAILED, message="git could not read it (bad object)")
    assert scan_failure(git) == "~/work/gone: git could not read it (bad object)."


async def test_a_scan_of_a_deleted_repository_says_which_and_why(
    make_app, services: Services, tmp_path: Path
) -> None:
    repo = tmp_path / "projects" / "shop"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    services.add_repository(str(repo))
    shutil.rmtree(repo)
    app = make_app(seeded=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "No repository could be read. 1 repository failed: press r to see why." in notes(app)
        assert notes(app, "error") == ["~/projects/shop does not exist."]


# --- failed -------------------------------------------------------------------------------------


class APIConnectionError(Exception):
    """Named like the Anthropic SDK's: the app knows network errors by name, not by import."""


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "The database was busy"),
        (SourceProblem("/home/me/shop is not a git repository"), "is not a git repository."),
        (APIConnectionError("Connection error."), "Could not reach Claude's service"),
        (ConnectionRefusedError(111, "Connection refused"), "Check your network connection"),
        (OSError(28, "No space left on device"), "No space left on device."),
        (RuntimeError(), "Something went wrong, and it did not say what."),
    ],
)
def test_a_failure_is_described_in_words(error: BaseException, words: str) -> None:
    described = describe_failure(error)
    assert words in described
    assert "Error" not in described and "[Errno" not in described
    assert not described[0].islower() and described.endswith(".")  # a sentence, or a path first


async def test_a_failing_worker_names_what_failed(
    make_app, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()

    def locked(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(services.entries, "tags", locked)
    async with app.run_test(size=(100, 30)) as pilot:
        await calm(pilot)
        await pilot.press("l")
        await calm(pilot)
        failures = [n for n in app._notifications if n.severity == "error"]
        assert [n.title for n in failures] == ["That did not work"]
        assert failures[0].message.startswith("The database was busy")
        assert "OperationalError" not in failures[0].message
