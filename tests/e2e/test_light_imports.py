"""The shell commands stay light: no UI, git, AI or ORM library is loaded for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HEAVY = ("textual", "git", "anthropic", "sqlmodel", "sqlalchemy", "pydantic", "fsrs")

PROGRAM = """
import contextlib, io, json, sys
from craftlog.cli import main
codes = []
with contextlib.redirect_stdout(io.StringIO()):
    for argv in {commands!r}:
        codes.append(main(argv))
heavy = {heavy!r}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
print(json.dumps({{"codes": codes, "loaded": loaded}}))
"""


def run_commands(tmp_path: Path, commands: list[list[str]]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(commands=commands, heavy=HEAVY)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_log_status_and_paths_load_no_heavy_library(tmp_path: Path) -> None:
    commands = [
        ["log", "x"],
        ["status"],
        ["status", "--json"],
        ["paths"],
        ["log", "y", "--tag", "t", "--date", "yesterday", "--ai"],
    ]
    result = run_commands(tmp_path, commands)
    assert result["codes"] == [0] * len(commands)
    assert result["loaded"] == [], f"loaded by the shell commands: {result['loaded']}"


def test_failures_load_no_heavy_library_either(tmp_path: Path) -> None:
    result = run_commands(tmp_path, [["log", ""], ["export", "--week", "nope"]])
    assert result["codes"] == [1, 1]
    assert result["loaded"] == []


def test_the_probe_would_notice_a_heavy_import(tmp_path: Path) -> None:
    # `doctor` checks the schema against the SQLModel tables, so it does load the ORM:
    # proof that the probe above can see a heavy module when one is loaded.
    result = run_commands(tmp_path, [["doctor"]])
    assert result["codes"] == [0]
    assert "sqlmodel" in result["loaded"]


def test_status_with_audits_and_self_checks_loads_no_heavy_library(tmp_path: Path) -> None:
    # Rows make the store decode JSON and build core values: still nothing heavy.
    from craftlog.paths import Paths
    from craftlog.services import open_services, system_clock
    from tests.seed_self import seed_open_audit, seed_self

    services = open_services(Paths.under(Path(os.environ["CRAFTLOG_HOME"])), now=system_clock)
    try:
        seed_self(services, today=services.today())
        seed_open_audit(services, services.now())
    finally:
        services.close()
    result = run_commands(tmp_path, [["status"], ["status", "--json"]])
    assert result["codes"] == [0, 0]
    assert result["loaded"] == [], f"loaded by status: {result['loaded']}"


def test_status_with_reviews_due_loads_neither_fsrs_nor_anthropic(tmp_path: Path) -> None:
    # Cards due and AI calls in the ledger: status counts them in SQL, without the scheduler.
    from datetime import timedelta

    from craftlog.core.entries import make_draft
    from craftlog.core.reviews import Rating, ReviewMode
    from craftlog.paths import Paths
    from craftlog.quiz.ledger import CallRecord
    from craftlog.services import open_services, system_clock

    then = system_clock() - timedelta(days=3)
    services = open_services(Paths.under(Path(os.environ["CRAFTLOG_HOME"])), now=lambda: then)
    try:
        entry = services.entries.add(make_draft("a card due by now", day=then.date()))
        services.rate(entry, Rating.GOOD, ReviewMode.OFFLINE, "from memory")
        services.ledger.record(CallRecord(then, "question", "claude-haiku-4-5", 9, 9, 0.0, 5, "ok"))
    finally:
        services.close()
    result = run_commands(tmp_path, [["status"], ["status", "--json"], ["log", "z"]])
    assert result["codes"] == [0, 0, 0]
    assert result["loaded"] == [], f"loaded by status: {result['loaded']}"
