"""Damaged, foreign and locked-down database files met through the library (open_services).

Each case: a clear error naming the file, the file's bytes unchanged, the newest backup offered
where the file is damaged; leftover journals never cost a committed entry.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.services import open_services
from craftlog.store.doctor import run_doctor
from craftlog.store.errors import DatabaseUnreadable, StoreError
from tests.fixtures import damage
from tests.fixtures.damage import (
    JOURNALS,
    REFUSED,
    REFUSED_ON_WRITE,
    SEED_TEXTS,
    Damage,
    is_hot,
    journal_of,
    seed_home,
    sha256,
)


@pytest.fixture
def seeded(paths: Paths) -> Iterator[Path]:
    """A home with entries and a backup; yields the backup. Permissions are given back after."""
    backup = seed_home(paths)
    yield backup
    damage.undo_permissions(paths)


def harmed(case: Damage, paths: Paths) -> str:
    """Do the case's harm to the seeded file; returns the file's hash afterwards."""
    if case.needs_user and os.geteuid() == 0:
        pytest.skip("permission bits do not stop root")
    case.harm(paths.database)
    return sha256(paths.database)


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_a_file_that_cannot_be_used_is_refused_on_opening_and_left_untouched(
    case: Damage, paths: Paths, seeded: Path
) -> None:
    before = harmed(case, paths)
    names = files_in(paths.data_dir)
    with pytest.raises(StoreError) as caught:
        open_services(paths)
    message = str(caught.value)
    assert str(paths.database) in message.splitlines()[0]
    assert case.words in message
    if case.backup_offered:
        assert caught.value.backup == seeded
        assert str(seeded) in message
    assert sha256(paths.database) == before
    assert files_in(paths.data_dir) == names  # no journal, no replacement file


@pytest.mark.parametrize("case", REFUSED_ON_WRITE, ids=lambda c: c.name)
def test_a_file_that_cannot_take_writes_refuses_them_in_words_and_is_left_untouched(
    case: Damage, paths: Paths, seeded: Path
) -> None:
    before = harmed(case, paths)
    services = open_services(paths)
    try:
        with pytest.raises(StoreError) as caught:
            services.entries.add(make_draft("refused", tags=["x"], day=date(2026, 1, 6)))
        assert services.db.connection().in_transaction is False
    finally:
        services.close()
    message = str(caught.value)
    assert str(paths.database) in message
    assert case.words in message
    assert isinstance(caught.value, DatabaseUnreadable) == case.backup_offered
    assert sha256(paths.database) == before
    assert not journal_of(paths.database).exists()


@pytest.mark.parametrize(
    "case", [c for c in REFUSED_ON_WRITE if c.needs_user], ids=lambda c: c.name
)
def test_a_read_only_database_can_still_be_read(case: Damage, paths: Paths, seeded: Path) -> None:
    before = harmed(case, paths)
    services = open_services(paths)
    try:
        assert sorted(e.text for e in services.entries.all()) == SEED_TEXTS
        assert services.export("json")
        assert services.log_state() is not None
    finally:
        services.close()
    assert sha256(paths.database) == before


@pytest.mark.parametrize("case", JOURNALS, ids=lambda c: c.name)
def test_a_leftover_journal_never_costs_a_committed_entry(
    case: Damage, paths: Paths, seeded: Path
) -> None:
    pristine = sha256(paths.database)
    case.harm(paths.database)
    services = open_services(paths)
    try:
        entries = services.entries.all()
        conn = services.db.connection()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        services.close()
    assert sorted(e.text for e in entries) == SEED_TEXTS
    assert all(e.tags[0] == "seed" for e in entries)
    # Rolled back to the very bytes of the last commit, the journal done with.
    assert sha256(paths.database) == pristine
    assert not is_hot(paths.database)
    services = open_services(paths)  # and the file takes new writes
    try:
        services.entries.add(make_draft("after the crash", day=date(2026, 1, 7)))
        assert len(services.entries.all()) == len(SEED_TEXTS) + 1
    finally:
        services.close()


@pytest.mark.parametrize(
    "harm",
    [damage.flip_entry_page, damage.index_out_of_step],
    ids=["unreadable-page", "index-out-of-step"],
)
def test_doctor_reports_damage_and_the_way_back_without_failing(
    harm, paths: Paths, seeded: Path
) -> None:
    harm(paths.database)
    before = sha256(paths.database)
    services = open_services(paths)
    try:
        report = run_doctor(services.db, paths)
    finally:
        services.close()
    assert report.healthy is False
    text = "\n".join(report.lines)
    assert "PROBLEM" in text
    assert f"  cp {seeded} {paths.database}" in text
    assert "Backups in" in text and str(paths.config_file) in text  # the rest still shown
    assert sha256(paths.database) == before


def test_doctor_finds_a_row_missing_from_an_index(paths: Paths, seeded: Path) -> None:
    damage.index_out_of_step(paths.database)
    services = open_services(paths)
    try:
        text = "\n".join(run_doctor(services.db, paths).lines)
    finally:
        services.close()
    assert "PROBLEM  integrity:" in text and "entry_day" in text


def test_reading_a_damaged_page_fails_rather_than_returning_part_of_the_log(
    paths: Paths, seeded: Path
) -> None:
    """Reads raise SQLite's own error; the shell words it (see test_corrupt_files_cli)."""
    damage.flip_entry_page(paths.database)
    services = open_services(paths)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            services.entries.all()
    finally:
        services.close()
