"""Schema versions: each migration is frozen SQL, applied in one transaction after a backup."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from craftlog.store.backup import newest_backup, write_backup
from craftlog.store.engine import APPLICATION_ID, is_damage, write_failure, writing
from craftlog.store.errors import DatabaseTooNew, DatabaseUnreadable, StoreError

_V1 = [
    """CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN
            ('concept','problem','behavior','explanation','no-ai-build','other')),
        day TEXT NOT NULL,
        needed_ai INTEGER NOT NULL DEFAULT 0 CHECK (needed_ai IN (0, 1)),
        struggle_minutes INTEGER CHECK (struggle_minutes IS NULL OR struggle_minutes >= 0),
        commit_repo TEXT,
        commit_sha TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
    )""",
    "CREATE INDEX entry_day ON entry (day) WHERE deleted_at IS NULL",
    """CREATE TABLE entry_tag (
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (entry_id, tag)
    )""",
    "CREATE INDEX entry_tag_tag ON entry_tag (tag)",
    """CREATE VIRTUAL TABLE entry_fts USING fts5 (
        text, content = 'entry', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
        INSERT INTO entry_fts (rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
        INSERT INTO entry_fts (entry_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER entry_fts_update AFTER UPDATE OF text ON entry BEGIN
        INSERT INTO entry_fts (entry_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO entry_fts (rowid, text) VALUES (new.id, new.text);
    END""",
]

_V2 = [
    # A registered repository: `path` is its top level (its git folder when bare) and `git_dir`
    # the folder its clones' worktrees share, so one repository cannot be added twice.
    # `tips` and `rules` record what the last complete scan read and under which rules.
    """CREATE TABLE repo (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        git_dir TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        scanned_at TEXT,
        tips TEXT NOT NULL DEFAULT '',
        rules TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'new'
            CHECK (status IN ('new', 'ok', 'failed', 'cancelled')),
        message TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE git_commit (
        repo_id INTEGER NOT NULL REFERENCES repo (id) ON DELETE CASCADE,
        sha TEXT NOT NULL,
        authored_at INTEGER NOT NULL,
        author_email TEXT NOT NULL,
        summary TEXT NOT NULL,
        lines_added INTEGER NOT NULL CHECK (lines_added >= 0),
        lines_removed INTEGER NOT NULL CHECK (lines_removed >= 0),
        files_changed INTEGER NOT NULL CHECK (files_changed >= 0),
        is_merge INTEGER NOT NULL CHECK (is_merge IN (0, 1)),
        ai_assisted INTEGER NOT NULL CHECK (ai_assisted IN (0, 1)),
        PRIMARY KEY (repo_id, sha)
    )""",
    "CREATE INDEX git_commit_time ON git_commit (authored_at)",
    "CREATE INDEX git_commit_sha ON git_commit (sha)",
    "CREATE INDEX entry_commit ON entry (commit_sha) WHERE commit_sha IS NOT NULL",
]

_V3 = [
    # The monthly no-AI audit. Instants are ISO 8601 UTC text; `month` is the "YYYY-MM" of the
    # local day its timer started; `gaps` is a JSON array of strings, one per gap. A finished row
    # must rebuild into a valid core Audit, or every screen reading the table would fail.
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        month TEXT NOT NULL,
        task TEXT NOT NULL,
        confidence_before INTEGER NOT NULL CHECK (confidence_before BETWEEN 1 AND 5),
        confidence_now INTEGER NOT NULL CHECK (confidence_now BETWEEN 1 AND 5),
        time_box_minutes INTEGER NOT NULL CHECK (time_box_minutes > 0),
        started_at TEXT,
        paused_at TEXT,
        paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
        finished_at TEXT,
        abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1)),
        outcome TEXT CHECK (outcome IS NULL OR outcome IN
            ('unaided', 'with-docs', 'partly', 'gave-up')),
        minutes INTEGER CHECK (minutes IS NULL OR minutes >= 0),
        gaps TEXT NOT NULL DEFAULT '[]',
        looked_up TEXT NOT NULL DEFAULT '',
        rebuild_gap TEXT,
        CHECK (finished_at IS NULL OR (outcome IS NOT NULL AND minutes IS NOT NULL))
    )""",
    "CREATE INDEX audit_month ON audit (month)",
    # A taken self-assessment: `answers` is a JSON object, question id to answer, in question
    # order; `day` is the local day it was taken, which history and due rules count.
    """CREATE TABLE assessment (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        instrument TEXT NOT NULL CHECK (instrument IN ('symptoms', 'quick-check', 'tier')),
        taken_at TEXT NOT NULL,
        day TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score >= 0),
        answers TEXT NOT NULL
    )""",
    "CREATE INDEX assessment_taken ON assessment (instrument, taken_at)",
]

_V4 = [
    # The quiz. A card is keyed by its entry, so editing the entry's text keeps its schedule and
    # history; purging the entry takes both along. Instants are ISO 8601 UTC text, so `due`
    # compares as text. `step` is NULL once a card has graduated to the review phase. The key says
    # NOT NULL so the live table matches its model when `doctor` compares them.
    """CREATE TABLE review_card (
        entry_id INTEGER PRIMARY KEY NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        due TEXT NOT NULL,
        phase TEXT NOT NULL DEFAULT 'learning'
            CHECK (phase IN ('learning', 'review', 'relearning')),
        step INTEGER CHECK (step IS NULL OR step >= 0),
        stability REAL,
        difficulty REAL,
        last_review TEXT,
        reviews INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0),
        lapses INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0)
    )""",
    "CREATE INDEX review_card_due ON review_card (due)",
    # One rated review: what was asked, what you answered, how it was graded, and the due date
    # it gave the card. `score` is the AI grade (0–100), NULL when you graded yourself.
    """CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        reviewed_at TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        mode TEXT NOT NULL CHECK (mode IN ('offline', 'ai')),
        answer TEXT NOT NULL,
        question TEXT NOT NULL DEFAULT '',
        score INTEGER CHECK (score IS NULL OR score BETWEEN 0 AND 100),
        due_after TEXT
    )""",
    "CREATE INDEX review_log_entry ON review_log (entry_id, reviewed_at)",
    # Every AI call, success or failure. Purpose and outcome are left open (no CHECK): a later
    # craftlog may add kinds, and an older one must still be able to read and count them.
    """CREATE TABLE ai_call (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        purpose TEXT NOT NULL,
        model TEXT NOT NULL,
        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
        cost_usd REAL CHECK (cost_usd IS NULL OR cost_usd >= 0),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        outcome TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX ai_call_at ON ai_call (at)",
    # The week figures read only counted commits in a time range: with every column they need in
    # one index, the dashboard's last eight weeks of 70,000 commits take 2.5 ms instead of 116.
    "CREATE INDEX git_commit_counted ON git_commit"
    " (is_merge, authored_at, sha, lines_added, lines_removed, ai_assisted)",
]

# Index = schema version reached after applying that list. Never edit a released list: add one.
MIGRATIONS: list[list[str]] = [[], _V1, _V2, _V3, _V4]
SCHEMA_VERSION = len(MIGRATIONS) - 1


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_ours(conn: sqlite3.Connection, path: Path, backup_dir: Path) -> int:
    """The file's schema version, or an error if it belongs to someone else or a newer craftlog."""
    try:
        # One statement, so one snapshot: another process migrating meanwhile cannot make a
        # fresh file look like a foreign one (tables present, application_id still read as 0).
        app_id, version, tables = conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_schema)"
        ).fetchone()
        empty = tables == 0
    except sqlite3.DatabaseError as error:
        raise DatabaseUnreadable(
            f"{path} is damaged or is not a database ({error}). It was left untouched.",
            path,
            newest_backup(backup_dir),
        ) from None
    if not empty and app_id != APPLICATION_ID:
        raise DatabaseUnreadable(
            f"{path} is an SQLite file of another program; craftlog will not change it. "
            "Move it away or set CRAFTLOG_HOME to another directory.",
            path,
        )
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{path} has schema version {version}, newer than this craftlog knows "
            f"({SCHEMA_VERSION}). Upgrade craftlog; the file was left untouched.",
            path,
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path, backup_dir: Path, now: datetime) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it had before."""
    before = check_ours(conn, path, backup_dir)
    # Only now that the file is known to be ours: switching a WAL file rewrites its header.
    conn.execute("PRAGMA journal_mode = DELETE")
    if before == SCHEMA_VERSION:
        return before
    if before > 0:
        write_backup(conn, backup_dir, f"before-v{SCHEMA_VERSION}", now)
    # SQLite DDL is transactional: a failure anywhere leaves the file exactly as it was.
    try:
        with writing(conn):
            if schema_version(conn) == before:  # another process may have migrated meanwhile
                for version in range(before + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise write_failure(path, error) from None
        raise StoreError(
            f"could not upgrade {path} from schema version {before} to {SCHEMA_VERSION} "
            f"({error}); it was left as it was",
            path,
        ) from None
    return before
