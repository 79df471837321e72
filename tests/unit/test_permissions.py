"""Files craftlog writes are the owner's alone, whatever the umask lets through.

The database (and its journal), backups, the AI ledger and exports: 0600 files in 0700 folders.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from craftlog import cli
from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.quiz.ledger import CallRecord
from craftlog.services import open_services
from craftlog.store.backup import list_backups
from tests.conftest import FIXED_NOW, fixed_clock
from tests.fixtures.released import released_database


@pytest.fixture(params=[0o022, 0o002, 0o000], ids=["umask-022", "umask-002", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """A permissive umask for the test; the old one is put back after."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_its_journal_and_its_folder_are_owner_only(umask: int, paths: Paths) -> None:
    services = open_services(paths, now=fixed_clock)
    try:
        assert mode(paths.database) == 0o600
        assert mode(paths.data_dir) == 0o700
        with services.db.write() as conn:
            conn.execute(
                "INSERT INTO entry (uid, text, kind, day, created_at, updated_at)"
                " VALUES ('u', 'in the journal', 'other', '2026-01-01', 'x', 'x')"
            )
            # The rollback journal holds the old pages: as private as the file.
            journal = paths.database.with_name(paths.database.name + "-journal")
            assert mode(journal) == 0o600
    finally:
        services.close()


def test_backups_and_their_folder_are_owner_only(umask: int, paths: Paths) -> None:
    services = open_services(paths, now=fixed_clock)
    try:
        services.entries.add(make_draft("backed up", day=date(2026, 1, 5)))
        written = services.backup()
    finally:
        services.close()
    assert mode(written) == 0o600
    assert mode(paths.backup_dir) == 0o700


def test_the_backup_before_an_upgrade_is_owner_only(umask: int, paths: Paths) -> None:
    released_database(paths.database, 3)
    open_services(paths, now=fixed_clock).close()
    (backup,) = list_backups(paths.backup_dir)
    assert "before-v" in backup.name
    assert mode(backup) == 0o600
    assert mode(paths.backup_dir) == 0o700


def test_the_ai_ledger_file_and_its_folder_are_owner_only(umask: int, paths: Paths) -> None:
    services = open_services(paths, now=fixed_clock)
    try:
        ledger = services.ledger
        ledger.record(CallRecord(FIXED_NOW, "question", "claude-haiku-4-5", 10, 5, 0.0, 9, "ok"))
    finally:
        services.close()
    assert ledger.jsonl_path.parent == paths.log_dir
    assert mode(ledger.jsonl_path) == 0o600
    assert mode(paths.log_dir) == 0o700


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_an_export_file_is_owner_only(
    umask: int, fmt: str, tmp_path: Path, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["log", "exported", "--date", "2026-01-05"]) == 0
    target = tmp_path / f"export.{fmt}"
    assert cli.main(["export", "--format", fmt, "-o", str(target)]) == 0
    assert "exported" in target.read_text(encoding="utf-8")
    assert mode(target) == 0o600


@pytest.mark.parametrize("leftover", ["target", "partial"])
def test_an_export_over_a_readable_file_is_owner_only_too(
    leftover: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file already there (or a partial one left by a killed export) keeps no wider mode."""
    target = tmp_path / "log.json"
    there = target if leftover == "target" else tmp_path / ".log.json.partial"
    there.write_text("old")
    there.chmod(0o644)
    assert cli.main(["export", "-o", str(target)]) == 0
    assert mode(target) == 0o600
    assert not (tmp_path / ".log.json.partial").exists()
