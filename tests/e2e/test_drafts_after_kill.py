"""A draft typed in the app survives SIGKILL and is offered back by the next start.

The real app runs on a pseudo-terminal. Text is typed into an editor until its draft file is on
disk (store/drafts.py: one JSON file per form under the data directory's drafts folder), the
app is killed with SIGKILL (no clean-up runs), and a new app on the same home must say a draft
is kept and put the text back in the editor when it is opened.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from craftlog.paths import Paths
from tests.e2e.pty_app import PtyApp

pytestmark = pytest.mark.e2e

ENTRY_TEXT = "Kill-proof insight: fsync the file, then rename it over the old one"
TASK_TEXT = "Write a B-tree insert from memory"


def draft_text(home: Path, key: str, field: str) -> str | None:
    """A field of the draft `key` as stored on disk, or None while there is none."""
    try:
        data = json.loads((Paths.under(home).draft_dir / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("fields", {}).get(field)
    return value if isinstance(value, str) else None


def start(tmp_path: Path) -> PtyApp:
    return PtyApp(dict(os.environ), tmp_path, columns=120, rows=40).start()


def type_until_kept(app: PtyApp, home: Path, key: str, field: str, text: str) -> None:
    """Type `text`, then read output until the app has written it to the draft on disk."""
    app.type(text)
    app.wait_until(lambda: draft_text(home, key, field) == text, 30, f"the {key} draft")


def kill(app: PtyApp) -> None:
    app.kill()
    assert app.status is not None and os.WIFSIGNALED(app.status)
    assert os.WTERMSIG(app.status) == signal.SIGKILL


def test_a_new_entry_typed_before_a_kill_is_offered_back(tmp_path: Path, home: Path) -> None:
    first = start(tmp_path)
    try:
        first.wait_for("Press n to write your first entry", timeout=60)
        first.press("n")
        first.wait_for("New entry")
        type_until_kept(first, home, "new-entry", "text", ENTRY_TEXT)
        kill(first)
    finally:
        first.close()

    second = start(tmp_path)
    try:
        second.wait_for("You have an unsaved entry", timeout=60)
        second.press("n")
        second.wait_for(ENTRY_TEXT)
        second.wait_for("Restored the unsaved text")
        second.press("ctrl+s")  # and it saves like any entry; the draft is then gone
        second.wait_for("Saved “Kill-proof insight")
        second.press("ctrl+q")
        assert second.wait() == 0
    finally:
        second.close()
    assert draft_text(home, "new-entry", "text") is None
    conn = sqlite3.connect(f"file:{Paths.under(home).database}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT text FROM entry").fetchall() == [(ENTRY_TEXT,)]
    finally:
        conn.close()


def test_an_audit_plan_typed_before_a_kill_is_offered_back(tmp_path: Path, home: Path) -> None:
    first = start(tmp_path)
    try:
        first.wait_for("Press n to write your first entry", timeout=60)
        first.press("a")
        first.wait_for("Start an audit")
        first.press("s")
        first.wait_for("the task, in one line")
        type_until_kept(first, home, "audit-plan", "task", TASK_TEXT)
        kill(first)
    finally:
        first.close()

    second = start(tmp_path)
    try:
        second.wait_for("You were planning an audit", timeout=60)
        second.press("a")
        second.wait_for("Start an audit")
        second.press("s")
        second.wait_for(TASK_TEXT)
        second.wait_for("Picked up the audit you were planning")
        second.press("ctrl+q")
        assert second.wait() == 0
    finally:
        second.close()
    assert draft_text(home, "audit-plan", "task") == TASK_TEXT  # kept until the clock starts
