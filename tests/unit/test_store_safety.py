"""Opening SQLite safely: migrations, foreign files, backups, locking, doctor (store/)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from craftlog.core.entries import make_draft
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from craftlog.store.backup import KEEP_BACKUPS, list_backups, newest_backup, write_backup
from craftlog.store.doctor import run_doctor, schema_drift
from craftlog.store.engine import APPLICATION_ID, Database, connect
from craftlog.store.errors import DatabaseTooNew, DatabaseUnreadable, StoreError
from craftlog.store.migrations import SCHEMA_VERSION, check_ours, migrate, schema_version
from tests.conftest import FIXED_NOW, fixed_clock
from tests.fixtures.released import TABLES_OF, released_database, rows_of, schema_of


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


def test_a_fresh_database_gets_the_schema_version_and_application_id(services: Services) -> None:
    conn = services.db.connection()
    assert schema_version(conn) == SCHEMA_VERSION >= 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {"entry", "entry_tag", "entry_fts"} <= tables


def test_the_database_file_is_owner_only(services: Services, paths: Paths) -> None:
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600


def test_a_fresh_database_writes_no_backup(services: Services, paths: Paths) -> None:
    assert list_backups(paths.backup_dir) == []


def test_reopening_keeps_every_row_and_writes_no_backup(paths: Paths) -> None:
    first = open_services(paths, now=fixed_clock)
    entry = first.entries.add(make_draft("survives a reopen", day=FIXED_NOW.date()))
    first.close()
    again = open_services(paths, now=fixed_clock)
    try:
        assert again.entries.get(entry.id) == entry
        assert list_backups(paths.backup_dir) == []
    finally:
        again.close()


@pytest.fixture
def version_two(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Call it to make this craftlog know one schema version more than the released one."""
    from craftlog.store import migrations

    statements = ["CREATE TABLE added_in_v2 (x INTEGER)"]

    def upgrade() -> list[str]:
        monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, statements])
        monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
        return statements

    return upgrade


def _released_database(paths: Paths) -> int:
    opened = open_services(paths, now=fixed_clock)
    entry = opened.entries.add(make_draft("written by the released schema", day=FIXED_NOW.date()))
    opened.close()
    return entry.id


def test_an_upgrade_writes_a_backup_first_and_keeps_every_row(
    paths: Paths, version_two: Callable[[], list[str]]
) -> None:
    entry_id = _released_database(paths)
    version_two()
    opened = open_services(paths, now=fixed_clock)
    try:
        conn = opened.db.connection()
        assert schema_version(conn) == SCHEMA_VERSION + 1
        assert opened.entries.get(entry_id).text == "written by the released schema"
        assert conn.execute("SELECT count(*) FROM added_in_v2").fetchone() == (0,)
        (backup,) = list_backups(paths.backup_dir)
        assert f"before-v{SCHEMA_VERSION + 1}" in backup.name
        old = sqlite3.connect(backup)
        assert old.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert old.execute("SELECT text FROM entry").fetchall() == [
            ("written by the released schema",)
        ]
        old.close()
    finally:
        opened.close()


def test_a_failing_migration_leaves_the_file_as_it_was(
    paths: Paths, version_two: Callable[[], list[str]]
) -> None:
    _released_database(paths)
    version_two().append("CREATE TABLE entry (duplicate INTEGER)")  # fails: the table exists
    before = sha256(paths.database)
    with pytest.raises(StoreError) as caught:
        open_services(paths, now=fixed_clock)
    assert str(paths.database) in str(caught.value)
    assert "left as it was" in str(caught.value)
    assert sha256(paths.database) == before
    assert len(list_backups(paths.backup_dir)) == 1


def _newer_database(paths: Paths) -> None:
    opened = open_services(paths, now=fixed_clock)
    opened.entries.add(make_draft("from the future", day=FIXED_NOW.date()))
    opened.db.connection().execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    opened.close()


def test_a_newer_schema_is_refused_and_left_untouched(paths: Paths) -> None:
    _newer_database(paths)
    before = sha256(paths.database)
    with pytest.raises(DatabaseTooNew) as caught:
        open_services(paths, now=fixed_clock)
    message = str(caught.value)
    assert str(paths.database) in message
    assert str(SCHEMA_VERSION + 1) in message
    assert "untouched" in message
    assert sha256(paths.database) == before
    assert list_backups(paths.backup_dir) == []
    assert isinstance(caught.value, StoreError)


def _foreign_sqlite(path: Path, wal: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_another_programs_sqlite_file_is_refused_and_left_untouched(
    paths: Paths, wal: bool
) -> None:
    _foreign_sqlite(paths.database, wal=wal)
    before = sha256(paths.database)
    names = files_in(paths.data_dir)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_services(paths, now=fixed_clock)
    assert str(paths.database) in str(caught.value)
    assert "another program" in str(caught.value)
    assert sha256(paths.database) == before
    assert files_in(paths.data_dir) == names
    check = sqlite3.connect(paths.database)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if wal else "delete")
    check.close()


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(8192),
        b"SQLite format 3\x00" + os.urandom(4080),
        b"# my notes\nthis is a text file, not a database\n" * 50,
        b"\x00" * 4096,
    ],
    ids=["random", "sqlite-header-then-garbage", "text", "zeros"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(
    paths: Paths, content: bytes
) -> None:
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(content)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_services(paths, now=fixed_clock)
    assert str(paths.database) in str(caught.value)
    assert paths.database.read_bytes() == content
    assert files_in(paths.data_dir) == {paths.database.name}


def test_an_unreadable_database_offers_the_newest_backup(paths: Paths) -> None:
    opened = open_services(paths, now=fixed_clock)
    backup = opened.backup()
    opened.close()
    paths.database.write_bytes(b"garbage " * 1000)
    with pytest.raises(DatabaseUnreadable) as caught:
        open_services(paths, now=fixed_clock)
    assert caught.value.backup == backup
    assert str(backup) in str(caught.value)


class _RacingConnection:
    """Runs `interleave` right after the first statement, as a second process could."""

    def __init__(self, conn: sqlite3.Connection, interleave: Any) -> None:
        self._conn = conn
        self._interleave = interleave

    def execute(self, sql: str, *args: Any) -> Any:
        rows = self._conn.execute(sql, *args).fetchall()
        if self._interleave is not None:
            interleave, self._interleave = self._interleave, None
            interleave()

        class _Rows:
            def fetchone(self) -> Any:
                return rows[0] if rows else None

            def fetchall(self) -> list[Any]:
                return rows

        return _Rows()


def test_a_process_migrating_meanwhile_does_not_make_a_fresh_file_look_foreign(
    paths: Paths,
) -> None:
    """Two first runs at once: the loser must not take the fresh schema for a stranger's."""
    paths.data_dir.mkdir(parents=True)
    mine = connect(paths.database)
    theirs = connect(paths.database)

    def other_process_migrates() -> None:
        migrate(theirs, paths.database, paths.backup_dir, FIXED_NOW)

    try:
        migrate(
            _RacingConnection(mine, other_process_migrates),  # type: ignore[arg-type]
            paths.database,
            paths.backup_dir,
            FIXED_NOW,
        )
        assert schema_version(mine) == SCHEMA_VERSION
        count = mine.execute("SELECT count(*) FROM sqlite_schema WHERE name='entry'").fetchone()
        assert count == (1,)
    finally:
        mine.close()
        theirs.close()


def test_check_ours_accepts_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    conn = connect(path)
    try:
        assert check_ours(conn, path, tmp_path / "backups") == 0
    finally:
        conn.close()


def test_an_unopenable_location_is_a_store_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("in the way")
    paths = Paths.under(blocker / "home")
    with pytest.raises(StoreError) as caught:
        open_services(paths, now=fixed_clock)
    assert str(paths.database) in str(caught.value)
    assert blocker.read_text() == "in the way"


# --- backups ---------------------------------------------------------------------------------


def test_backups_are_owner_only_and_consistent(services: Services, paths: Paths) -> None:
    services.entries.add(make_draft("in the backup", day=FIXED_NOW.date()))
    target = services.backup()
    assert target.parent == paths.backup_dir
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.backup_dir.stat().st_mode) == 0o700
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT text FROM entry").fetchall() == [("in the backup",)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    assert not list(paths.backup_dir.glob("*.partial"))


def test_backups_rotate_newest_first(services: Services, paths: Paths) -> None:
    conn = services.db.connection()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    written = [
        write_backup(conn, paths.backup_dir, "manual", start + timedelta(hours=i))
        for i in range(KEEP_BACKUPS + 3)
    ]
    kept = list_backups(paths.backup_dir)
    assert kept == list(reversed(written))[:KEEP_BACKUPS]
    assert len(list(paths.backup_dir.iterdir())) == KEEP_BACKUPS
    assert newest_backup(paths.backup_dir) == written[-1]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)


def test_backup_order_follows_time_not_reason(services: Services, paths: Paths) -> None:
    conn = services.db.connection()
    older = write_backup(conn, paths.backup_dir, "zzz", datetime(2026, 1, 1, tzinfo=UTC))
    newer = write_backup(conn, paths.backup_dir, "aaa", datetime(2026, 1, 2, tzinfo=UTC))
    assert list_backups(paths.backup_dir) == [newer, older]


def test_no_backup_directory_means_no_backups(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "nowhere") == []
    assert newest_backup(tmp_path / "nowhere") is None


# --- locking ---------------------------------------------------------------------------------


def test_write_takes_the_write_lock_up_front(services: Services, paths: Paths) -> None:
    other = sqlite3.connect(paths.database, timeout=0.05, isolation_level=None)
    try:
        with services.db.write() as conn:
            # Nothing written yet, and still another writer is shut out: BEGIN IMMEDIATE.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            conn.execute("SELECT 1")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_failed_write_rolls_back(services: Services) -> None:
    with pytest.raises(RuntimeError), services.db.write() as conn:
        conn.execute(
            "INSERT INTO entry (uid, text, kind, day, created_at, updated_at)"
            " VALUES ('u1', 't', 'other', '2026-01-01', 'x', 'x')"
        )
        raise RuntimeError("boom")
    assert services.db.connection().execute("SELECT count(*) FROM entry").fetchone() == (0,)
    assert services.db.connection().in_transaction is False


def test_a_locked_database_gives_a_plain_store_error(paths: Paths) -> None:
    opened = open_services(paths, now=fixed_clock)
    blocker = sqlite3.connect(paths.database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        opened.db.connection().execute("PRAGMA busy_timeout = 20")
        with pytest.raises(StoreError, match=str(paths.database)):
            opened.entries.add(make_draft("blocked", day=FIXED_NOW.date()))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        opened.close()


def test_each_thread_gets_its_own_connection(paths: Paths) -> None:
    import threading

    db = Database(paths.database)
    seen: list[sqlite3.Connection] = []
    try:
        seen.append(db.connection())
        worker = threading.Thread(target=lambda: seen.append(db.connection()))
        worker.start()
        worker.join()
        assert seen[0] is db.connection()
        assert seen[0] is not seen[1]
    finally:
        db.close()


# --- doctor ----------------------------------------------------------------------------------


def test_doctor_is_healthy_on_a_fresh_database(services: Services, paths: Paths) -> None:
    report = run_doctor(services.db, paths)
    assert report.healthy is True
    text = "\n".join(report.lines)
    assert "PROBLEM" not in text
    assert "integrity check" in text
    assert "foreign keys" in text
    assert f"schema version {SCHEMA_VERSION}" in text
    assert str(paths.database) in text
    assert str(paths.config_file) in text
    assert schema_drift(services.db) == []


def test_doctor_lists_backups_and_counts_the_trash(services: Services, paths: Paths) -> None:
    live = services.entries.add(make_draft("live", day=FIXED_NOW.date()))
    gone = services.entries.add(make_draft("gone", day=FIXED_NOW.date()))
    services.entries.trash(gone.id)
    assert live.id != gone.id
    conn = services.db.connection()
    first = write_backup(conn, paths.backup_dir, "manual", datetime(2026, 1, 1, tzinfo=UTC))
    second = write_backup(conn, paths.backup_dir, "manual", datetime(2026, 1, 2, tzinfo=UTC))
    text = "\n".join(run_doctor(services.db, paths).lines)
    assert "Backups in" in text and ": 2" in text
    assert text.index(second.name) < text.index(first.name)
    assert "1 entries, 1 in the trash" in text


def test_doctor_reports_schema_drift(services: Services, paths: Paths) -> None:
    services.db.connection().execute("ALTER TABLE entry DROP COLUMN commit_repo")
    assert schema_drift(services.db) == ["entry.commit_repo is missing"]
    report = run_doctor(services.db, paths)
    assert report.healthy is False
    assert any("PROBLEM" in line and "commit_repo" in line for line in report.lines)


def test_doctor_reports_broken_foreign_keys(services: Services, paths: Paths) -> None:
    conn = services.db.connection()
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO entry_tag (entry_id, tag, position) VALUES (999, 'orphan', 0)")
    conn.execute("PRAGMA foreign_keys = ON")
    report = run_doctor(services.db, paths)
    assert report.healthy is False
    assert any("PROBLEM" in line and "do not exist" in line for line in report.lines)


def test_connections_of_finished_threads_are_closed(tmp_path) -> None:
    """Each worker thread opens a connection; none may outlive its thread for long."""
    import gc

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    db = Database(tmp_path / "threads.db")
    db.connection()
    before = open_files()
    for _ in range(50):
        worker = threading.Thread(target=lambda: db.connection().execute("SELECT 1").fetchall())
        worker.start()
        worker.join()
    gc.collect()
    assert open_files() <= before + 1
    db.close()


# --- released schemas upgraded ---------------------------------------------------------------

QUIZ_TABLES = ("review_card", "review_log", "ai_call")


def _released_schema(paths: Paths, version: int) -> dict[str, list[tuple[Any, ...]]]:
    """A file of an older schema, built from its frozen SQL, with rows in every table."""
    return released_database(paths.database, version)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_released_schema_upgrades_keeping_every_row_with_a_backup_first(
    paths: Paths, version: int
) -> None:
    before = _released_schema(paths, version)
    assert sum(map(len, before.values())) >= 6
    opened = open_services(paths, now=fixed_clock)
    try:
        conn = opened.db.connection()
        assert schema_version(conn) == SCHEMA_VERSION >= 4
        assert rows_of(conn, TABLES_OF[version]) == before
        assert rows_of(conn, QUIZ_TABLES) == {table: [] for table in QUIZ_TABLES}
        # The full-text index came along: a search still finds the old entries.
        from craftlog.store.entries import EntryFilter

        found = opened.entries.find(EntryFilter(search="mvcc"))
        assert [e.uid for e in found] == ["u-1"]
        assert len(opened.audits.all()) == (2 if version >= 3 else 0)
        assert len(opened.assessments.all()) == (1 if version >= 3 else 0)
        assert opened.reviews_due() == (0, 2)  # the trashed entry is not to be reviewed
        assert schema_drift(opened.db) == []
        assert run_doctor(opened.db, paths).healthy is True
        (backup,) = list_backups(paths.backup_dir)
        assert f"before-v{SCHEMA_VERSION}" in backup.name
        old = sqlite3.connect(backup)
        try:
            assert old.execute("PRAGMA user_version").fetchone() == (version,)
            assert rows_of(old, TABLES_OF[version]) == before
            names = {r[0] for r in old.execute("SELECT name FROM sqlite_schema")}
            assert not names & {"review_card", "review_log", "ai_call"}
            assert ("audit" in names) == ("assessment" in names) == (version >= 3)
        finally:
            old.close()
    finally:
        opened.close()


def test_an_upgraded_file_takes_audits_and_assessments(paths: Paths) -> None:
    from craftlog.core.audits import plan
    from tests.seed_self import checked

    _released_schema(paths, 2)
    opened = open_services(paths, now=fixed_clock)
    try:
        audit = opened.audits.save(plan("Parse JSON by hand", 4, 2, 60, FIXED_NOW.date()))
        taken = opened.assessments.add(checked("tier", ("spend",), FIXED_NOW, FIXED_NOW.date()))
        assert opened.audits.all() == [audit]
        assert opened.assessments.all() == [taken]
        assert opened.dashboard().log.total_entries == 2
    finally:
        opened.close()
    again = open_services(paths, now=fixed_clock)  # reopening migrates nothing more
    try:
        assert len(list_backups(paths.backup_dir)) == 1
        assert [a.task for a in again.audits.all()] == ["Parse JSON by hand"]
    finally:
        again.close()


def test_doctor_counts_audits_and_assessments(services: Services, paths: Paths) -> None:
    from craftlog.core.audits import plan
    from tests.seed_self import seed_open_audit, seed_self

    seed_self(services)
    seed_open_audit(services, FIXED_NOW)
    services.audits.save(plan("Not started yet", 3, 3, 60, FIXED_NOW.date()))
    text = "\n".join(run_doctor(services.db, paths).lines)
    assert "audits: 4 finished, 1 open, 1 planned, 1 abandoned; self-assessments taken: 8" in text


def test_doctor_finds_json_the_app_could_not_read(services: Services, paths: Paths) -> None:
    from craftlog.core.audits import plan
    from tests.seed_self import checked

    services.audits.save(plan("x", 1, 1, 60, FIXED_NOW.date()))
    services.assessments.add(checked("tier", (), FIXED_NOW, FIXED_NOW.date()))
    conn = services.db.connection()
    conn.execute("UPDATE audit SET gaps = 'not json'")
    conn.execute("UPDATE assessment SET answers = '[\"a list\"]'")
    report = run_doctor(services.db, paths)
    assert report.healthy is False
    text = "\n".join(report.lines)
    assert "audits whose gaps are not a JSON list: 1" in text
    assert "self-assessments whose answers are not a JSON object: 1" in text


@pytest.mark.parametrize("table", ["audit", "assessment", *QUIZ_TABLES])
def test_the_model_and_the_migration_agree_column_for_column(
    services: Services, table: str
) -> None:
    from craftlog.store.tables import model_columns

    conn = services.db.connection()
    live = {row[1]: not row[3] for row in conn.execute(f"PRAGMA table_info({table})")}
    model = model_columns()[table]
    assert list(live) == list(model)
    assert {k: v for k, v in live.items() if k != "id"} == {
        k: v for k, v in model.items() if k != "id"
    }


def test_an_upgraded_v3_file_takes_reviews_and_ai_calls(paths: Paths) -> None:
    from craftlog.core.reviews import Rating, ReviewMode
    from craftlog.quiz.ledger import CallRecord

    _released_schema(paths, 3)
    opened = open_services(paths, now=fixed_clock)
    try:
        (entry, _) = opened.quiz_queue()
        assert entry.uid == "u-2"  # the older live entry comes first
        review, card = opened.rate(entry, Rating.GOOD, ReviewMode.OFFLINE, "Nagle waits for ACKs")
        call = CallRecord(FIXED_NOW, "grade", "claude-haiku-4-5", 10, 5, 0.0, 9, "ok")
        opened.ledger.record(call)
        assert opened.reviews.history(entry.id) == [review]
        assert opened.reviews.card(entry.id) == card
        assert opened.ledger.recent() == [call]
        assert opened.reviews_due() == (0, 1)
        assert run_doctor(opened.db, paths).healthy is True
    finally:
        opened.close()


def test_doctor_counts_the_quiz_and_finds_unreadable_instants(
    services: Services, paths: Paths
) -> None:
    from craftlog.core.reviews import Rating, ReviewMode
    from craftlog.quiz.ledger import CallRecord

    entry = services.entries.add(make_draft("quizzed and then trashed", day=FIXED_NOW.date()))
    services.rate(entry, Rating.HARD, ReviewMode.OFFLINE, "something")
    services.entries.trash(entry.id)
    for outcome in ("ok", "timeout"):
        services.ledger.record(CallRecord(FIXED_NOW, "question", "m", 1, 1, None, 5, outcome))
    text = "\n".join(run_doctor(services.db, paths).lines)
    assert "quiz: 1 cards (1 of entries in the trash), 1 reviews; AI calls: 2 (1 failed)" in text
    conn = services.db.connection()
    conn.execute("UPDATE review_card SET due = 'next tuesday'")
    conn.execute("UPDATE review_log SET reviewed_at = ''")
    report = run_doctor(services.db, paths)
    assert report.healthy is False
    text = "\n".join(report.lines)
    assert "quiz cards whose dates are not timestamps: 1" in text
    assert "reviews whose time is not a timestamp: 1" in text


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_upgraded_released_file_has_exactly_the_schema_of_a_fresh_one(
    paths: Paths, tmp_path: Path, version: int
) -> None:
    """A released migration list edited afterwards would leave old files behind fresh ones."""
    _released_schema(paths, version)
    open_services(paths, now=fixed_clock).close()
    fresh = open_services(Paths.under(tmp_path / "fresh"), now=fixed_clock)
    try:
        with closing(sqlite3.connect(paths.database)) as upgraded:
            assert schema_of(upgraded) == schema_of(fresh.db.connection())
            assert upgraded.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    finally:
        fresh.close()


def test_an_upgrade_failing_midway_leaves_a_v1_file_as_it_was(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from craftlog.store import migrations

    rows = _released_schema(paths, 1)
    before = sha256(paths.database)
    # The v2 and v3 steps run, then the last step fails: none of it may stay.
    last = [*migrations.MIGRATIONS[-1], "CREATE TABLE repo (duplicate INTEGER)"]
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:-1], last])
    with pytest.raises(StoreError) as caught:
        open_services(paths, now=fixed_clock)
    assert str(paths.database) in str(caught.value)
    assert "from schema version 1" in str(caught.value)
    assert sha256(paths.database) == before
    assert files_in(paths.data_dir) == {paths.database.name, "backups"}  # no journal left
    (backup,) = list_backups(paths.backup_dir)  # written before the upgrade began
    with closing(sqlite3.connect(backup)) as old:
        assert old.execute("PRAGMA user_version").fetchone() == (1,)
        assert rows_of(old, TABLES_OF[1]) == rows
    monkeypatch.undo()
    opened = open_services(paths, now=fixed_clock)  # the fixed craftlog upgrades it whole
    try:
        assert schema_version(opened.db.connection()) == SCHEMA_VERSION
        assert rows_of(opened.db.connection(), TABLES_OF[1]) == rows
    finally:
        opened.close()


def test_a_write_to_a_read_only_database_is_a_worded_store_error(
    services: Services, paths: Paths
) -> None:
    services.entries.add(make_draft("kept", day=FIXED_NOW.date()))
    before = sha256(paths.database)
    # The connection itself is read-only: the same refusal a read-only file gets, even as root.
    services.db.connection().execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError) as caught:
        services.entries.add(make_draft("refused", day=FIXED_NOW.date()))
    message = str(caught.value)
    assert str(paths.database) in message and "read-only" in message
    assert "Nothing was changed" in message
    assert sha256(paths.database) == before
    assert [e.text for e in services.entries.all()] == ["kept"]
