"""What the shell commands do with good input: stored exactly, printed safely."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from craftlog import __version__
from tests.e2e.conftest import exported, stored_rows

pytestmark = pytest.mark.e2e

UNUSUAL_TEXTS = {
    "emoji": "Rust 🦀 lifetimes 👩🏽‍💻 finally clicked 🎉",
    "arabic": "العربية: القراءة لا تمنع الكتابة في MVCC",
    "hebrew": "עברית: קריאה לא חוסמת כתיבה",
    "combining marks": "cafe\u0301 and Z\u0335\u0308a\u0336l\u0337g\u0338o",
    "rich markup": "[bold]x[/]",
    "textual action": "[@click=app.quit]quit[/] does nothing here",
    "osc 52 clipboard": "clipboard \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 stays inert",
    "csi and bell": "\x1b[2J\x1b[31mred\x1b[0m\x07 clear screen",
}


@pytest.mark.parametrize("name", list(UNUSUAL_TEXTS))
def test_unusual_text_is_stored_exactly_and_printed_safely(craftlog, name: str) -> None:
    text = UNUSUAL_TEXTS[name]
    result = craftlog("log", text, "--date", "2024-03-04")
    assert result.code == 0, result.err
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert result.out.startswith("Logged ")
    (entry,) = exported(craftlog("export", "--format", "json"))["entries"]
    assert entry["text"] == text
    assert entry["text"].encode("utf-8") == text.encode("utf-8")


def test_escape_sequences_in_a_title_from_stdin_never_reach_stdout(craftlog) -> None:
    text = "title \x1b]0;pwned\x07 \x9b31m c1\nbody \x1b[5m"
    result = craftlog("log", "-", stdin=text.encode("utf-8"))
    assert result.code == 0, result.err
    for byte in (b"\x1b", b"\x07", "\x9b".encode()):
        assert byte not in result.stdout
    (entry,) = exported(craftlog("export"))["entries"]
    assert entry["text"] == text


def test_log_reads_standard_input_with_every_option(craftlog) -> None:
    stdin = b"Postgres MVCC\r\nReaders never block writers.\n\n"
    result = craftlog(
        "log",
        "-",
        "--kind",
        "Behavior",
        "--tag",
        "postgres",
        "-t",
        "#MVCC",
        "--tag",
        "postgres,locks",
        "--ai",
        "--minutes",
        "25",
        "--date",
        "2024-05-06",
        stdin=stdin,
    )
    assert result.code == 0, result.err
    assert "Postgres MVCC" in result.out and "2024-W19" in result.out
    (entry,) = exported(craftlog("export"))["entries"]
    assert entry["text"] == "Postgres MVCC\nReaders never block writers."
    assert entry["kind"] == "behavior"
    assert entry["tags"] == ["postgres", "mvcc", "locks"]
    assert entry["needed_ai"] is True
    assert entry["struggle_minutes"] == 25
    assert entry["date"] == "2024-05-06"


def test_log_joins_several_words(craftlog) -> None:
    assert craftlog("log", "three", "separate", "words", "--date", "2024-01-01").code == 0
    (entry,) = exported(craftlog("export"))["entries"]
    assert entry["text"] == "three separate words"
    assert entry["needed_ai"] is False
    assert entry["kind"] == "concept"


def test_log_counts_this_weeks_entries(craftlog) -> None:
    first = craftlog("log", "first this week")
    second = craftlog("log", "second this week")
    old = craftlog("log", "long ago", "--date", "2024-01-01")
    assert "(1 this week)" in first.out
    assert "(2 this week)" in second.out
    assert "this week" not in old.out and "2024-W01" in old.out


def test_date_defaults_to_today_and_yesterday_is_understood(craftlog) -> None:
    before = date.today()
    assert craftlog("log", "today's").code == 0
    assert craftlog("log", "yesterday's", "--date", "yesterday").code == 0
    after = date.today()
    by_text = {e["text"]: e["date"] for e in exported(craftlog("export"))["entries"]}
    assert by_text["today's"] in {before.isoformat(), after.isoformat()}
    assert by_text["yesterday's"] in {
        (before - timedelta(days=1)).isoformat(),
        (after - timedelta(days=1)).isoformat(),
    }


def test_status_reports_this_week(craftlog) -> None:
    empty = craftlog("status")
    assert empty.code == 0 and "no entries yet" in empty.out
    assert craftlog("log", "something").code == 0
    data = json.loads(craftlog("status", "--json").stdout)
    assert data["logged_this_week"] is True
    assert data["entries_this_week"] == 1
    assert data["total_entries"] == 1
    assert data["silent"] is False
    assert data["streak_weeks"] == 1
    assert craftlog("status").out.startswith("craftlog: ")


def test_status_reports_silence(craftlog) -> None:
    long_ago = (date.today() - timedelta(weeks=5)).isoformat()
    assert craftlog("log", "long ago", "--date", long_ago).code == 0
    data = json.loads(craftlog("status", "--json").stdout)
    assert data["silent"] is True
    assert data["empty_full_weeks"] >= 3
    assert "silent" in craftlog("status").out


JRNL = {
    "tags": {"@postgres": 2},
    "entries": [
        {
            "title": "MVCC clicked.",
            "body": "Every row version carries xmin and xmax.\n",
            "date": "2024-01-02",
            "time": "09:00",
            "tags": ["@postgres"],
            "starred": False,
        },
        {
            "title": "VACUUM reclaims dead tuples.",
            "body": "",
            "date": "2024-01-09",
            "time": "18:30",
            "tags": ["@postgres"],
            "starred": True,
        },
    ],
}


def test_importing_a_jrnl_export_twice_creates_no_duplicates(craftlog, tmp_path: Path) -> None:
    source = tmp_path / "journal.json"
    source.write_text(json.dumps(JRNL), encoding="utf-8")
    first = craftlog("import", str(source))
    assert first.code == 0, first.err
    assert "Imported 2 entries from a jrnl export" in first.out
    second = craftlog("import", str(source), "--format", "jrnl")
    assert second.code == 0, second.err
    assert "Imported 0 entries" in second.out and "2 already present" in second.out
    entries = exported(craftlog("export"))["entries"]
    assert [e["text"] for e in entries] == [
        "MVCC clicked.\nEvery row version carries xmin and xmax.",
        "VACUUM reclaims dead tuples.",
    ]
    assert all(e["tags"] == ["postgres"] for e in entries)


def test_export_to_a_file_is_owner_only_and_round_trips(craftlog, tmp_path: Path) -> None:
    assert craftlog("log", "exported 🦀", "--tag", "x", "--date", "2024-02-02").code == 0
    target = tmp_path / "out.json"
    target.write_text("old contents")
    target.chmod(0o644)
    result = craftlog("export", "-o", str(target))
    assert result.code == 0, result.err
    assert result.stdout == b""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [e["text"] for e in document["entries"]] == ["exported 🦀"]
    assert not list(tmp_path.glob(".*.partial"))

    # Into a fresh home and out again: the same records.
    other = {**os.environ, "CRAFTLOG_HOME": str(tmp_path / "elsewhere")}
    assert craftlog("import", str(target), env=other).code == 0
    again = exported(craftlog("export", env=other))
    document.pop("exported_at")
    again.pop("exported_at")
    assert again == document


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_other_export_formats(craftlog, fmt: str) -> None:
    assert craftlog("log", "Week post line", "--date", "2024-05-07").code == 0
    result = craftlog("export", "--format", fmt, "--week", "2024-W19")
    assert result.code == 0, result.err
    assert "Week post line" in result.out
    if fmt == "markdown":
        assert result.out.startswith("# What I learned in week 2024-W19")


def test_version(craftlog) -> None:
    result = craftlog("--version")
    assert result.code == 0
    assert result.out.strip() == f"craftlog {__version__}"


@pytest.mark.parametrize(
    "args",
    [["no-such-command"], ["log"], ["log", "x", "--minutes", "many"], ["export", "--format", "x"]],
)
def test_usage_errors_exit_2(craftlog, paths, args: list[str]) -> None:
    result = craftlog(*args)
    assert result.code == 2
    assert b"Traceback" not in result.stderr
    assert "usage:" in result.err
    assert stored_rows(paths.database) is None


def test_doctor_on_a_fresh_home(craftlog, home: Path) -> None:
    result = craftlog("doctor")
    assert result.code == 0, result.out + result.err
    assert "integrity check" in result.out
    assert "PROBLEM" not in result.out
    assert str(home) in result.out


def test_backup_then_doctor_lists_it(craftlog, home: Path) -> None:
    assert craftlog("log", "backed up", "--date", "2024-01-01").code == 0
    result = craftlog("backup")
    assert result.code == 0, result.err
    (backup,) = (home / "backups").glob("craftlog-*.db")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert str(backup) in result.out
    assert backup.name in craftlog("doctor").out


def test_paths_lists_everything_under_craftlog_home(craftlog, home: Path) -> None:
    data = json.loads(craftlog("paths", "--json").stdout)
    assert data["config"] == str(home / "config.toml")
    assert all(Path(v).is_relative_to(home) for v in data.values())
    assert str(home / "craftlog.db") in craftlog("paths").out
    assert not home.exists()  # `paths` only reports; it creates nothing


def test_help_lists_every_command(craftlog) -> None:
    result = craftlog("--help")
    assert result.code == 0
    for command in ("log", "status", "paths", "export", "import", "doctor", "backup"):
        assert command in result.out
