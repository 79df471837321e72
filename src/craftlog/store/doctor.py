"""`craftlog doctor`: integrity, foreign keys, schema against the model, backups and paths."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from craftlog.paths import Paths
from craftlog.store.backup import list_backups
from craftlog.store.engine import Database
from craftlog.store.errors import DatabaseTooNew
from craftlog.store.migrations import SCHEMA_VERSION, schema_version


@dataclass
class DoctorReport:
    """What the checks found, line by line."""

    lines: list[str] = field(default_factory=list)
    healthy: bool = True

    def problem(self, text: str) -> None:
        self.healthy = False
        self.lines.append(f"  PROBLEM  {text}")

    def ok(self, text: str) -> None:
        self.lines.append(f"  ok       {text}")


def schema_drift(db: Database) -> list[str]:
    """Differences between the live tables and the SQLModel declarations."""
    from craftlog.store.tables import model_columns

    conn = db.connection()
    drift = []
    for table, columns in model_columns().items():
        live = {row[1]: not row[3] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, nullable in columns.items():
            if name not in live:
                drift.append(f"{table}.{name} is missing")
            elif live[name] != nullable and name != "id":  # INTEGER PRIMARY KEY
                drift.append(f"{table}.{name} nullability differs from the model")
    return drift


def run_doctor(db: Database, paths: Paths) -> DoctorReport:
    """Run every check; the report is healthy when none found a problem."""
    report = DoctorReport()
    report.lines.append(f"Database {paths.database}")
    try:
        damaged = _checks(report, db)
    except sqlite3.DatabaseError as error:  # pages so damaged that a check itself cannot run
        report.problem(f"cannot read the database: {error}")
        damaged = True
    if damaged:
        _restore_advice(report, paths)
    _backups_and_paths(report, paths)
    return report


def _checks(report: DoctorReport, db: Database) -> bool:
    """The checks of an open database; True when its pages are damaged."""
    conn = db.connection()
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    damaged = result != ["ok"]
    if damaged:
        for line in result[:5]:
            report.problem(f"integrity: {line}")
    else:
        report.ok("integrity check")
    bad_keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    if bad_keys:
        report.problem(f"{len(bad_keys)} rows point at rows that do not exist")
    else:
        report.ok("foreign keys")
    version = schema_version(conn)
    report.ok(f"schema version {version} (this craftlog: {SCHEMA_VERSION})")
    for line in schema_drift(db):
        report.problem(f"schema: {line}")
    entries = conn.execute("SELECT count(*), count(deleted_at) FROM entry").fetchone()
    report.ok(f"{entries[0] - entries[1]} entries, {entries[1]} in the trash")
    repos, failed, commits = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'failed'),"
        " (SELECT count(DISTINCT sha) FROM git_commit) FROM repo"
    ).fetchone()
    report.ok(f"{repos} repositories ({failed} failed their last scan), {commits} commits")
    _audits_and_assessments(report, db)
    _quiz(report, db)
    return damaged


def _quiz(report: DoctorReport, db: Database) -> None:
    """Count cards, reviews and AI calls, and find instants the scheduler could not read."""
    conn = db.connection()
    try:
        cards, trashed, reviews, calls, failed = conn.execute(
            "SELECT (SELECT count(*) FROM review_card),"
            " (SELECT count(*) FROM review_card c JOIN entry e ON e.id = c.entry_id"
            "  WHERE e.deleted_at IS NOT NULL),"
            " (SELECT count(*) FROM review_log),"
            " (SELECT count(*) FROM ai_call),"
            " (SELECT count(*) FROM ai_call WHERE outcome != 'ok')"
        ).fetchone()
        # Every instant is stored as ISO UTC text; anything else would stop the quiz screen.
        bad = conn.execute(
            "SELECT (SELECT count(*) FROM review_card WHERE julianday(due) IS NULL"
            "  OR (last_review IS NOT NULL AND julianday(last_review) IS NULL)),"
            " (SELECT count(*) FROM review_log WHERE julianday(reviewed_at) IS NULL)"
        ).fetchone()
    except sqlite3.OperationalError as error:  # a table dropped by hand: drift says which
        report.problem(f"cannot count quiz cards and reviews: {error}")
        return
    report.ok(
        f"quiz: {cards} cards ({trashed} of entries in the trash), {reviews} reviews;"
        f" AI calls: {calls} ({failed} failed)"
    )
    if bad[0]:
        report.problem(f"quiz cards whose dates are not timestamps: {bad[0]}")
    if bad[1]:
        report.problem(f"reviews whose time is not a timestamp: {bad[1]}")


def _audits_and_assessments(report: DoctorReport, db: Database) -> None:
    """Count audits and self-assessments, and find JSON columns the app could not read."""
    conn = db.connection()
    try:
        finished, open_, planned, abandoned = conn.execute(
            "SELECT count(*) FILTER (WHERE finished_at IS NOT NULL AND NOT abandoned),"
            " count(*) FILTER (WHERE started_at IS NOT NULL AND finished_at IS NULL"
            " AND NOT abandoned), count(*) FILTER (WHERE started_at IS NULL AND NOT abandoned),"
            " count(*) FILTER (WHERE abandoned) FROM audit"
        ).fetchone()
        taken = conn.execute("SELECT count(*) FROM assessment").fetchone()[0]
    except sqlite3.OperationalError as error:  # a table dropped by hand: drift says which
        report.problem(f"cannot count audits and self-assessments: {error}")
        return
    report.ok(
        f"audits: {finished} finished, {open_} open, {planned} planned, {abandoned} abandoned;"
        f" self-assessments taken: {taken}"
    )
    try:
        bad = conn.execute(
            # json_type fails on malformed text, so it is asked only of valid JSON.
            "SELECT (SELECT count(*) FROM audit"
            "  WHERE CASE WHEN json_valid(gaps) THEN json_type(gaps) END IS NOT 'array'),"
            " (SELECT count(*) FROM assessment"
            "  WHERE CASE WHEN json_valid(answers) THEN json_type(answers) END IS NOT 'object')"
        ).fetchone()
    except sqlite3.OperationalError:  # an SQLite built without JSON functions: nothing to check
        return
    if bad[0]:
        report.problem(f"audits whose gaps are not a JSON list: {bad[0]}")
    if bad[1]:
        report.problem(f"self-assessments whose answers are not a JSON object: {bad[1]}")


def unusable_report(paths: Paths, error: Exception) -> DoctorReport:
    """The report when the database cannot be opened at all, with the way back to a backup."""
    report = DoctorReport()
    report.lines.append(f"Database {paths.database}")
    report.problem(str(error).splitlines()[0])
    # A file of a newer craftlog is not damaged: upgrading craftlog is the way, not a backup.
    if not isinstance(error, DatabaseTooNew):
        _restore_advice(report, paths)
    _backups_and_paths(report, paths)
    return report


def _restore_advice(report: DoctorReport, paths: Paths) -> None:
    newest = list_backups(paths.backup_dir)[:1]
    if newest:
        report.lines += [
            "To restore the newest backup, keep the damaged file and copy the backup in its place:",
            f"  mv {paths.database} {paths.database}.damaged",
            f"  cp {newest[0]} {paths.database}",
        ]
    else:
        report.lines.append("There is no backup to restore; keep the file for recovery tools.")


def _backups_and_paths(report: DoctorReport, paths: Paths) -> None:
    backups = list_backups(paths.backup_dir)
    report.lines.append(f"Backups in {paths.backup_dir}: {len(backups)}")
    report.lines += [f"  {b.name}  ({b.stat().st_size:,} bytes)" for b in backups]
    report.lines.append("Paths")
    report.lines += [f"  {name:<9} {where}" for name, where in paths.as_dict().items()]
