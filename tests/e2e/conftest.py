"""Helpers for running the real `craftlog` command in a subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 60


@dataclass(frozen=True)
class Run:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


def craftlog_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "craftlog", *args]


@pytest.fixture
def craftlog(tmp_path: Path):
    """Run `craftlog ARGS...` with this test's environment (its own CRAFTLOG_HOME)."""

    def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Run:
        done = subprocess.run(
            craftlog_command(*args),
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=env if env is not None else os.environ.copy(),
            cwd=tmp_path,
            timeout=TIMEOUT,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


def stored_rows(database: Path) -> list[tuple[Any, ...]] | None:
    """Every entry and tag row, read without changing the file; None when there is no file."""
    if not database.exists():
        return None
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        entries = conn.execute("SELECT * FROM entry ORDER BY id").fetchall()
        tags = conn.execute("SELECT * FROM entry_tag ORDER BY entry_id, position").fetchall()
    finally:
        conn.close()
    return [("entry", *row) for row in entries] + [("tag", *row) for row in tags]


def exported(run_result: Run) -> dict[str, Any]:
    assert run_result.code == 0, run_result.err
    return json.loads(run_result.stdout)


def assert_clean_failure(result: Run) -> None:
    """Exit 1, one or two 'craftlog:' lines on stderr, nothing on stdout, no traceback."""
    assert result.code == 1, (result.code, result.stdout, result.stderr)
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""
    lines = result.err.splitlines()
    assert 1 <= len(lines) <= 2, lines
    assert all(line.startswith("craftlog: ") for line in lines), lines
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
