"""Many processes writing at once: every acknowledged entry is kept."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import TIMEOUT, craftlog_command, exported

pytestmark = pytest.mark.e2e

WRITERS = 20


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


def test_twenty_writers_on_a_fresh_home_all_succeed(craftlog, tmp_path: Path, home: Path) -> None:
    assert not home.exists()  # they also race to create and migrate the database
    results = finish(start_writers(tmp_path, "fresh writer"))
    assert all(code == 0 for code, _ in results), [err for code, err in results if code]
    texts = sorted(e["text"] for e in exported(craftlog("export"))["entries"])
    assert texts == sorted(f"fresh writer {n}" for n in range(WRITERS))


def test_twenty_writers_on_an_existing_log_all_succeed(craftlog, tmp_path: Path) -> None:
    assert craftlog("log", "already there", "--date", "2024-01-01").code == 0
    results = finish(start_writers(tmp_path, "writer"))
    assert all(code == 0 for code, _ in results), [err for code, err in results if code]
    entries = exported(craftlog("export"))["entries"]
    assert len(entries) == WRITERS + 1
    assert {e["text"] for e in entries} == {"already there"} | {
        f"writer {n}" for n in range(WRITERS)
    }
    assert len({e["uid"] for e in entries}) == WRITERS + 1
    assert sorted(e["tags"][0] for e in entries if e["tags"]) == sorted(
        f"w{n}" for n in range(WRITERS)
    )
