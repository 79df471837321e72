"""Backups: consistent copies made with SQLite's backup API, owner-only, rotated."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP_BACKUPS = 10


def write_backup(conn: sqlite3.Connection, backup_dir: Path, reason: str, now: datetime) -> Path:
    """Copy the open database to a new backup file and drop the oldest beyond KEEP_BACKUPS."""
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"craftlog-{stamp}-{reason}.db"
    partial = target.with_suffix(".partial")
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    # Renamed only when whole, so a crash mid-backup never leaves a file that looks complete.
    partial.replace(target)
    for old in list_backups(backup_dir)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("craftlog-*.db"), reverse=True)


def newest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[0] if backups else None
