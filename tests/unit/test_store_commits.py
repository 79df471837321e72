"""The commit store: registration, de-duplication, week figures in local time, and upgrades."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, date, datetime

import pytest

from craftlog.core.output import CommitFact
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths
from craftlog.services import open_services
from craftlog.store.commits import DuplicateSource
from craftlog.store.engine import APPLICATION_ID
from craftlog.store.migrations import _V1, SCHEMA_VERSION
from tests.conftest import fixed_clock


def fact(sha: str, when: datetime, added: int = 10, merge: bool = False, ai: bool = False):
    return CommitFact(
        sha=sha, authored_at=int(when.timestamp()), email="me@example.com", summary=f"c {sha}",
        lines_added=added, lines_removed=1, files_changed=1, is_merge=merge, ai_assisted=ai,
    )  # fmt: skip


def test_a_repository_cannot_be_registered_twice(services) -> None:
    store = services.commits
    first = store.add_source("/code/a", "/code/a/.git")
    with pytest.raises(DuplicateSource) as same_path:
        store.add_source("/code/a", "/elsewhere/.git")
    with pytest.raises(DuplicateSource) as same_git_dir:
        store.add_source("/code/a-worktree", "/code/a/.git")
    assert same_path.value.existing.id == first.id == same_git_dir.value.existing.id


def test_a_commit_in_two_clones_counts_once_and_merges_not_at_all(services) -> None:
    store = services.commits
    one, two = store.add_source("/a", "/a/.git"), store.add_source("/b", "/b/.git")
    monday = datetime(2026, 11, 16, 12, tzinfo=UTC)
    assert store.store(one, [fact("s1", monday), fact("m1", monday, 50, merge=True)]) == 2
    assert store.store(two, [fact("s1", monday), fact("s2", monday, 5, ai=True)]) == 2
    assert store.store(two, [fact("s2", monday, 5, ai=True)]) == 0  # already stored: ignored
    counts = store.week_counts()[IsoWeek(2026, 47)]
    assert (counts.commits, counts.lines_added, counts.ai_assisted_commits) == (2, 15, 1)
    listed = store.commits_in(IsoWeek(2026, 47))
    assert sorted(c.sha for c in listed) == ["m1", "s1", "s2"]
    assert store.total() == 3


def test_weeks_follow_the_local_time_zone(services, monkeypatch) -> None:
    store = services.commits
    source = store.add_source("/a", "/a/.git")
    # Sunday 22:30 UTC: still Sunday in Los Angeles, already Monday (next week) in Tokyo.
    store.store(source, [fact("s1", datetime(2026, 11, 15, 22, 30, tzinfo=UTC))])
    for zone, week in (("America/Los_Angeles", 46), ("Asia/Tokyo", 47), ("UTC", 46)):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        assert list(store.week_counts()) == [IsoWeek(2026, week)], zone
        assert [c.sha for c in store.commits_in(IsoWeek(2026, week))] == ["s1"], zone


def test_forget_and_reset_drop_only_what_they_name(services) -> None:
    store = services.commits
    source = store.add_source("/a", "/a/.git")
    when = datetime(2026, 11, 16, tzinfo=UTC)
    store.store(source, [fact("s1", when), fact("s2", when), fact("s3", when)])
    store.finish(source, source.status, "", ("tip",), "rules")
    assert store.forget(source, ["s2", "nope"]) == 1
    assert store.scan_state(source) == (("tip",), "rules")
    assert store.reset(source) == 2
    assert store.scan_state(source) == ((), "")


def test_removing_a_repository_drops_its_commits(services) -> None:
    store = services.commits
    source = store.add_source("/a", "/a/.git")
    store.store(source, [fact("s1", datetime(2026, 11, 16, tzinfo=UTC))])
    store.remove_source(source)
    assert store.sources() == [] and store.total() == 0


def test_a_version_1_database_is_upgraded_with_every_entry_kept(tmp_path) -> None:
    paths = Paths.under(tmp_path / "old")
    paths.database.parent.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    for statement in _V1:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO entry (uid, text, kind, day, created_at, updated_at) VALUES"
        " ('u1', 'Old entry', 'concept', '2026-01-05', '2026-01-05T00:00:00+00:00',"
        " '2026-01-05T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO entry_tag VALUES (1, 'kept', 0)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    services = open_services(paths, fixed_clock)
    try:
        version = services.db.connection().execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION >= 2
        [entry] = services.entries.find(services_filter())
        assert (entry.text, entry.tags, entry.day) == ("Old entry", ("kept",), date(2026, 1, 5))
        assert services.commits.sources() == []
        assert any(f"before-v{SCHEMA_VERSION}" in name for name in os.listdir(paths.backup_dir))
    finally:
        services.close()


def services_filter():  # type: ignore[no-untyped-def]
    from craftlog.store.entries import EntryFilter

    return EntryFilter()
