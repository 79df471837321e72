"""The real `craftlog export` and `import`: entries, audits and self-assessments, lossless."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from craftlog.core import audits
from craftlog.core.reviews import Rating, ReviewMode
from craftlog.paths import Paths
from craftlog.services import open_services
from tests.e2e.conftest import assert_clean_failure
from tests.seed import seed
from tests.seed_self import seed_open_audit, seed_self

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded_home(home: Path) -> Path:
    """Entries, five audits (finished with a rebuild gap, abandoned), a paused one, all checks,
    and quiz reviews of two entries, one of them graded by the AI."""
    now = datetime.now(UTC)
    services = open_services(Paths.under(home))
    try:
        today = now.astimezone().date()
        seed(services, today)
        seed_self(services, today)
        services.audits.save(audits.pause(seed_open_audit(services, now), now))
        first, second = services.entries.find()[:2]
        services.rate(first, Rating.GOOD, ReviewMode.OFFLINE, "what I remembered")
        services.rate(first, Rating.AGAIN, ReviewMode.AI, "a guess", "Why so?", 20)
        services.rate(second, Rating.EASY, ReviewMode.OFFLINE, "all of it")
    finally:
        services.close()
    return home


def document(path: Path) -> dict[str, Any]:
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded.pop("exported_at")
    return loaded


def count_rows(home: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{Paths.under(home).database}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_export_import_export_gives_the_same_records(
    craftlog, seeded_home: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a.json"
    assert craftlog("export", "--format", "json", "-o", str(first)).code == 0
    original = document(first)
    statuses = {(a["finished_at"] is None, a["paused_at"] is None, a["abandoned"])
                for a in original["audits"]}  # fmt: skip
    assert (True, False, False) in statuses  # a paused audit
    assert (True, False, True) in statuses  # an abandoned one (its clock stopped as a pause)
    assert any(a["rebuild_gap"] and a["gaps"] for a in original["audits"])
    assert {c["instrument"] for c in original["checks"]} == {"symptoms", "quick-check"}
    assert original["tier_tests"] and all(t["next_steps"] for t in original["tier_tests"])
    assert sorted(len(r["log"]) for r in original["reviews"]) == [1, 2]
    assert all(r["card"] and r["card"]["reviews"] == len(r["log"]) for r in original["reviews"])

    empty = tmp_path / "empty-home"
    other = {**os.environ, "CRAFTLOG_HOME": str(empty)}
    imported = craftlog("import", str(first), env=other)
    assert imported.code == 0, imported.err
    assert imported.out == (
        "Imported 6 entries, 6 audits, 6 self-checks, 2 tier tests and 3 reviews from a "
        f"craftlog export ({first}); 0 already present were skipped.\n"
    )

    second = tmp_path / "b.json"
    assert craftlog("export", "--format", "json", "-o", str(second), env=other).code == 0
    assert document(second) == original

    again = craftlog("import", str(first), env=other)
    assert again.code == 0, again.err
    assert again.out.startswith(
        "Imported 0 entries, 0 audits, 0 self-checks, 0 tier tests and 0 reviews from a "
        "craftlog export"
    )
    assert "; 23 already present were skipped." in again.out
    assert (count_rows(empty, "audit"), count_rows(empty, "assessment")) == (6, 8)
    assert (count_rows(empty, "review_log"), count_rows(empty, "review_card")) == (3, 2)
    assert document(second) == original


def test_a_bad_audit_in_the_file_fails_cleanly_and_imports_nothing(
    craftlog, seeded_home: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "a.json"
    assert craftlog("export", "-o", str(exported)).code == 0
    broken = json.loads(exported.read_text(encoding="utf-8"))
    broken["audits"][1]["confidence_before"] = 0
    exported.write_text(json.dumps(broken), encoding="utf-8")

    empty = tmp_path / "empty-home"
    result = craftlog("import", str(exported), env={**os.environ, "CRAFTLOG_HOME": str(empty)})
    assert_clean_failure(result)
    assert f"{exported}: audit 2: confidence_before must be at least 1" in result.err
    for table in ("entry", "audit", "assessment"):
        assert count_rows(empty, table) == 0
