"""Damaged, foreign and locked-down database files met through the shell: `log`, `status`,
`export` and `doctor` on each, as a matrix. Worded failures naming the file, never a traceback,
the file's bytes unchanged, the newest backup offered where the file is damaged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from craftlog.paths import Paths
from tests.e2e.conftest import Run, assert_clean_failure
from tests.fixtures import damage
from tests.fixtures.damage import (
    ALL,
    SEED_TEXTS,
    Damage,
    is_hot,
    seed_home,
    sha256,
)

pytestmark = pytest.mark.e2e

COMMANDS = {
    "log": ["log", "written after the damage was found", "--tag", "after"],
    "status": ["status"],
    "export": ["export"],
    "doctor": ["doctor"],
}


@pytest.fixture
def seeded(paths: Paths) -> Iterator[Path]:
    backup = seed_home(paths)
    yield backup
    damage.undo_permissions(paths)


def assert_names_the_file(result: Run, case: Damage, paths: Paths, backup: Path) -> None:
    assert_clean_failure(result)
    assert str(paths.database) in result.err
    assert case.words in result.err
    if case.backup_offered:
        assert f"The newest backup is {backup}" in result.err
        assert "craftlog doctor" in result.err


def assert_doctor_shows_the_way_back(result: Run, paths: Paths, backup: Path) -> None:
    assert result.code == 1, result.err
    assert "Traceback" not in result.out + result.err
    assert f"Database {paths.database}" in result.out
    assert "  PROBLEM  " in result.out
    assert f"  cp {backup} {paths.database}" in result.out
    assert f"Backups in {paths.backup_dir}: 1" in result.out


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_each_command_meets_each_kind_of_damage_in_words_and_changes_nothing(
    case: Damage, command: str, craftlog, paths: Paths, seeded: Path
) -> None:
    if case.needs_user and os.geteuid() == 0:
        pytest.skip("permission bits do not stop root")
    pristine = sha256(paths.database)
    case.harm(paths.database)
    before = sha256(paths.database)
    result = craftlog(*COMMANDS[command])
    if case.found == "none":
        _after_a_leftover_journal(command, result, craftlog, paths, pristine)
        return
    assert sha256(paths.database) == before  # never written, never replaced
    if command == "doctor":
        _doctor(case, result, paths, seeded)
    elif case.found == "open":
        assert_names_the_file(result, case, paths, seeded)
    elif case.backup_offered:  # damaged where the entries live: found where they are read
        if command == "status" and result.code == 0:
            return  # status may answer from indexes, never reading the damaged page
        assert_names_the_file(result, case, paths, seeded)
    elif command == "log":  # read-only: reading works, writing is refused in words
        assert_names_the_file(result, case, paths, seeded)
    else:
        assert result.code == 0, result.err


def _doctor(case: Damage, result: Run, paths: Paths, backup: Path) -> None:
    if case.found == "write" and not case.backup_offered:  # read-only, not damaged
        assert result.code == 0, result.out
        assert "PROBLEM" not in result.out
    elif case.backup_offered:
        assert_doctor_shows_the_way_back(result, paths, backup)
    else:  # a newer schema or another program's file
        assert result.code == 1
        assert "  PROBLEM  " in result.out and case.words in result.out
        assert "Traceback" not in result.out + result.err
        if case.name == "newer-schema":  # not damaged: upgrading craftlog is the way
            assert "  cp " not in result.out


def _after_a_leftover_journal(
    command: str, result: Run, craftlog, paths: Paths, pristine: str
) -> None:
    """Every command works; what was committed is there, and only that."""
    assert result.code == 0, result.err
    assert not is_hot(paths.database)
    if command != "log":  # a read rolls back to the very bytes of the last commit
        assert sha256(paths.database) == pristine
    if command == "doctor":
        assert "PROBLEM" not in result.out
        assert f"{len(SEED_TEXTS)} entries, 0 in the trash" in result.out
    expected = [*SEED_TEXTS, COMMANDS["log"][1]] if command == "log" else SEED_TEXTS
    export = result if command == "export" else craftlog("export")
    assert sorted(e["text"] for e in json.loads(export.out)["entries"]) == sorted(expected)
