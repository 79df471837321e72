"""Every bad input gets exit code 1, a plain message on stderr, no traceback, and loses nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.services import open_services
from tests.conftest import fixed_clock
from tests.e2e.conftest import assert_clean_failure, exported, stored_rows

pytestmark = pytest.mark.e2e

JRNL_WITH_A_BAD_SECOND_ENTRY = {
    "tags": {"@x": 2},
    "entries": [
        {
            "title": "Good one",
            "body": "",
            "date": "2024-01-02",
            "time": "09:00",
            "tags": ["@x"],
            "starred": False,
        },
        {
            "title": "Bad date",
            "body": "",
            "date": "2024-13-45",
            "time": "09:00",
            "tags": ["@x"],
            "starred": False,
        },
    ],
}

CASES: dict[str, tuple[list[str], bytes | None, str]] = {
    # name: (arguments, standard input, a fragment the message must hold)
    "empty text": (["log", ""], None, "empty"),
    "whitespace-only text": (["log", "   \t  "], None, "empty"),
    "whitespace-only stdin": (["log", "-"], b"\n  \r\n\t\n", "empty"),
    "one megabyte on stdin": (["log", "-"], b"a" * 1_000_000, "limit is 100,000"),
    "invalid utf-8 on stdin": (["log", "-"], b"caf\xe9", "UTF-8"),
    "unknown kind": (["log", "x", "--kind", "insight"], None, "unknown kind"),
    "kind with an escape sequence": (["log", "x", "--kind", "\x1b]52;c;eA==\x07"], None, "kind"),
    "day not in the calendar": (["log", "x", "--date", "2026-02-30"], None, "2026-02-30"),
    "banana date": (["log", "x", "--date", "banana"], None, "banana"),
    "negative struggle": (["log", "x", "--minutes", "-5"], None, "struggle"),
    "bad tag": (["log", "x", "--tag", "a\x07b"], None, "tag"),
    "export week without W": (["export", "--week", "2026-47"], None, "2026-47"),
    "export week that does not exist": (["export", "--week", "2021-W53"], None, "2021-W53"),
    "import non-json": (["import", "{dir}/notes.txt"], None, "notes.txt is not JSON"),
    "import json array": (["import", "{dir}/array.json"], None, "array.json"),
    "import json of another shape": (["import", "{dir}/package.json"], None, "package.json"),
    "import a missing file": (["import", "{dir}/missing.json"], None, "missing.json"),
    "import with a bad entry": (["import", "{dir}/jrnl.json"], None, "entry 2"),
    "import non-json from stdin": (["import", "-"], b"garbage", "standard input"),
}


@pytest.fixture
def seeded(paths: Paths) -> list:
    """A home holding two entries before the bad input arrives."""
    services = open_services(paths, now=fixed_clock)
    try:
        services.entries.add(make_draft("Seed one", tags=["seed"], day=date(2024, 1, 5)))
        services.entries.add(make_draft("Seed two", day=date(2024, 1, 6)))
    finally:
        services.close()
    rows = stored_rows(paths.database)
    assert rows is not None and len(rows) == 3
    return rows


@pytest.fixture
def input_files(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "notes.txt").write_text("these are my notes, not JSON\n")
    (folder / "array.json").write_text("[1, 2, 3]")
    (folder / "package.json").write_text('{"name": "left-pad", "version": "1.3.0"}')
    (folder / "jrnl.json").write_text(json.dumps(JRNL_WITH_A_BAD_SECOND_ENTRY))
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_fails_cleanly_and_loses_nothing(
    name: str, craftlog, paths: Paths, seeded: list, input_files: Path
) -> None:
    args, stdin, fragment = CASES[name]
    result = craftlog(*(a.replace("{dir}", str(input_files)) for a in args), stdin=stdin)
    assert_clean_failure(result)
    assert fragment in result.err
    assert stored_rows(paths.database) == seeded


def test_a_future_date_is_refused(craftlog, paths: Paths, seeded: list) -> None:
    later = (date.today() + timedelta(days=3)).isoformat()
    result = craftlog("log", "not yet", "--date", later)
    assert_clean_failure(result)
    assert "future" in result.err
    assert stored_rows(paths.database) == seeded


@pytest.mark.parametrize(
    "args",
    [["log", ""], ["log", "-"], ["export", "--week", "2026-47"], ["import", "/nonexistent.json"]],
)
def test_bad_input_on_a_fresh_home_creates_no_entries(craftlog, paths: Paths, args) -> None:
    result = craftlog(*args, stdin=b"")
    assert_clean_failure(result)
    assert stored_rows(paths.database) in (None, [])


def test_an_unusable_data_directory_fails_cleanly(craftlog, tmp_path: Path) -> None:
    # We may run as root, where permission bits stop nothing: a path under a file always fails.
    blocker = tmp_path / "afile"
    blocker.write_text("a regular file\n")
    env = {**os.environ, "CRAFTLOG_HOME": str(blocker / "home")}
    for args in (["log", "x"], ["status"], ["export"], ["backup"]):
        result = craftlog(*args, env=env)
        assert_clean_failure(result)
        assert str(blocker / "home") in result.err
    # doctor is the place to look when nothing opens: it reports instead of only failing.
    report = craftlog("doctor", env=env)
    assert report.code == 1
    assert "PROBLEM" in report.out and str(blocker / "home") in report.out
    assert "Traceback" not in report.out + report.err
    assert blocker.read_text() == "a regular file\n"


def test_another_programs_database_is_refused_and_untouched(craftlog, paths: Paths) -> None:
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not yours')")
    conn.commit()
    conn.close()
    before = hashlib.sha256(paths.database.read_bytes()).hexdigest()
    result = craftlog("log", "x")
    assert_clean_failure(result)
    assert str(paths.database) in result.err
    assert hashlib.sha256(paths.database.read_bytes()).hexdigest() == before


def test_a_newer_database_is_refused_and_untouched(craftlog, paths: Paths, seeded: list) -> None:
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = hashlib.sha256(paths.database.read_bytes()).hexdigest()
    result = craftlog("log", "from an older craftlog")
    assert_clean_failure(result)
    assert "999" in result.err and "newer" in result.err
    assert hashlib.sha256(paths.database.read_bytes()).hexdigest() == before


def test_a_config_with_bad_values_warns_but_works(craftlog, paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("[flags]\nmin_commits = -1\n")
    result = craftlog("log", "still logged", "--date", "2024-02-02")
    assert result.code == 0
    assert "min_commits" in result.err and str(paths.config_file) in result.err
    assert [e["text"] for e in exported(craftlog("export"))["entries"]] == ["still logged"]


def test_doctor_on_a_damaged_database_shows_how_to_restore(craftlog, paths: Paths) -> None:
    assert craftlog("log", "kept safe").code == 0
    assert craftlog("backup").code == 0
    damaged = b"this is not sqlite at all" * 100
    paths.database.write_bytes(damaged)
    report = craftlog("doctor")
    assert report.code == 1
    assert "mv " in report.out and "cp " in report.out and "backups" in report.out
    assert paths.database.read_bytes() == damaged


@pytest.mark.parametrize("target", ["dir", "missing/x.json"])
def test_export_to_an_unwritable_place_names_that_place(craftlog, tmp_path: Path, target) -> None:
    (tmp_path / "dir").mkdir()
    result = craftlog("export", "-o", str(tmp_path / target))
    assert_clean_failure(result)
    assert f"cannot write {tmp_path / target}" in result.err
    assert ".partial" not in result.err
