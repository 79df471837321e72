"""Many processes writing at once (the app and fifty shells): every acknowledged entry is kept."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.services import open_services
from tests.e2e.conftest import TIMEOUT, craftlog_command, exported

pytestmark = pytest.mark.e2e

WRITERS = 50


def start_writers(tmp_path: Path, prefix: str) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            craftlog_command("log", f"{prefix} {n}", "--tag", f"w{n}"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),
            cwd=tmp_path,
        )
        for n in range(WRITERS)
    ]


def finish(writers: list[subprocess.Popen[bytes]]) -> list[tuple[int, bytes]]:
    results = []
    for writer in writers:
        _, err = writer.communicate(timeout=TIMEOUT)
        results.append((writer.returncode, err))
    return results


def assert_all_succeeded(results: list[tuple[int, bytes]]) -> None:
    assert [err for code, err in results if code or err] == []
    assert not any(b"locked" in err for _, err in results)


def test_fifty_writers_on_a_fresh_home_all_succeed(craftlog, tmp_path: Path, home: Path) -> None:
    assert not home.exists()  # they also race to create and migrate the database
    results = finish(start_writers(tmp_path, "fresh writer"))
    assert_all_succeeded(results)
    texts = sorted(e["text"] for e in exported(craftlog("export"))["entries"])
    assert texts == sorted(f"fresh writer {n}" for n in range(WRITERS))


def test_the_app_and_fifty_shell_writers_on_an_existing_log_all_succeed(
    craftlog, tmp_path: Path, paths: Paths
) -> None:
    assert craftlog("log", "already there", "--date", "2024-01-01").code == 0
    # The app keeps its connection open and saves while the shells do.
    app = open_services(paths)
    try:
        writers = start_writers(tmp_path, "writer")
        for n in range(WRITERS):
            app.entries.add(make_draft(f"app {n}", day=date(2024, 1, 2)))
        results = finish(writers)
        assert app.entries.count_between(date(2024, 1, 1), date(2024, 1, 2)) == WRITERS + 1
    finally:
        app.close()
    assert_all_succeeded(results)
    entries = exported(craftlog("export"))["entries"]
    assert len(entries) == 2 * WRITERS + 1
    assert {e["text"] for e in entries} == (
        {"already there"}
        | {f"writer {n}" for n in range(WRITERS)}
        | {f"app {n}" for n in range(WRITERS)}
    )
    assert len({e["uid"] for e in entries}) == 2 * WRITERS + 1
    assert sorted(e["tags"][0] for e in entries if e["tags"]) == sorted(
        f"w{n}" for n in range(WRITERS)
    )
