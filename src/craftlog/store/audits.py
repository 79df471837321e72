"""The monthly no-AI audits' storage: one row per audit, instants as ISO UTC text."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from craftlog.core.audits import Audit, Outcome
from craftlog.store.engine import Database
from craftlog.store.entries import timestamp
from craftlog.store.errors import StoreError

# Every column after the identity, in the order `_values` gives them.
_FIELDS = (
    "month, task, confidence_before, confidence_now, time_box_minutes, started_at, paused_at,"
    " paused_seconds, finished_at, abandoned, outcome, minutes, gaps, looked_up, rebuild_gap"
)
_COLUMNS = f"id, uid, {_FIELDS}"
_MARKS = ", ".join("?" * len(_FIELDS.split(",")))


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _stamp(moment: datetime | None) -> str | None:
    return timestamp(moment) if moment is not None else None


def _from_row(row: Sequence[Any]) -> Audit:
    import json  # only when a row exists: `status` with no audits never pays for it

    return Audit(
        id=row[0],
        uid=row[1],
        month=row[2],
        task=row[3],
        confidence_before=row[4],
        confidence_now=row[5],
        time_box_minutes=row[6],
        started_at=_instant(row[7]),
        paused_at=_instant(row[8]),
        paused_seconds=row[9],
        finished_at=_instant(row[10]),
        abandoned=bool(row[11]),
        outcome=Outcome(row[12]) if row[12] is not None else None,
        minutes=row[13],
        gaps=tuple(json.loads(row[14])),
        looked_up=row[15],
        rebuild_gap=row[16],
    )


def _values(audit: Audit) -> tuple[object, ...]:
    """The audit's fields in `_FIELDS` order, as stored."""
    import json

    return (
        audit.month,
        audit.task,
        audit.confidence_before,
        audit.confidence_now,
        audit.time_box_minutes,
        _stamp(audit.started_at),
        _stamp(audit.paused_at),
        audit.paused_seconds,
        _stamp(audit.finished_at),
        int(audit.abandoned),
        audit.outcome.value if audit.outcome is not None else None,
        audit.minutes,
        json.dumps(list(audit.gaps), ensure_ascii=False),
        audit.looked_up,
        audit.rebuild_gap,
    )


class AuditRepository:
    """Reads and writes audits; returns core `Audit` values only."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def all(self) -> list[Audit]:
        """Every audit, planned to abandoned, in the order they were first saved."""
        rows = self._db.connection().execute(f"SELECT {_COLUMNS} FROM audit ORDER BY id")
        return [self._read(row) for row in rows.fetchall()]

    def get(self, audit_id: int) -> Audit | None:
        row = (
            self._db.connection()
            .execute(f"SELECT {_COLUMNS} FROM audit WHERE id = ?", (audit_id,))
            .fetchone()
        )
        return self._read(row) if row else None

    def save(self, audit: Audit, *, expected: Audit | None = None) -> Audit:
        """Insert a new audit (no id yet) or update the stored one; returns it as stored.

        With `expected` (the audit as it was read before the change), the update happens only
        if the stored row still matches it: another craftlog window that paused, finished or
        abandoned the audit meanwhile is never overwritten with an older state.
        """
        with self._db.write() as conn:
            if audit.id is None:
                audit_id = self._insert(conn, audit)
            else:
                audit_id = audit.id
                if expected is not None:
                    self._check_unchanged(conn, expected)
                cursor = conn.execute(
                    f"UPDATE audit SET ({_FIELDS}) = ({_MARKS}) WHERE id = ?",
                    (*_values(audit), audit_id),
                )
                if cursor.rowcount != 1:
                    raise StoreError(
                        f"audit {audit_id} is no longer in {self._db.path}; it was not saved",
                        self._db.path,
                    )
        stored = self.get(audit_id)
        assert stored is not None
        return stored

    def _check_unchanged(self, conn: sqlite3.Connection, expected: Audit) -> None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM audit WHERE id = ?", (expected.id,)).fetchone()
        if row is None or self._read(row) != expected:
            raise StoreError(
                "this audit was changed in another craftlog window or process since it was "
                "shown, so nothing was saved over it",
                self._db.path,
            )

    def _read(self, row: Sequence[Any]) -> Audit:
        """A row as an audit, or a StoreError naming it when it was edited into nonsense."""
        try:
            return _from_row(row)
        except (ValueError, TypeError) as error:  # bad JSON, a bad instant, an AuditError
            raise StoreError(
                f"audit {row[0]} in {self._db.path} cannot be read ({error}); "
                "`craftlog doctor` checks the database",
                self._db.path,
            ) from None

    def add_many(self, audits: Iterable[Audit]) -> int:
        """Store imported audits in one transaction (all or none), keeping their uids."""
        with self._db.write() as conn:
            count = 0
            for audit in audits:
                self._insert(conn, audit)
                count += 1
        return count

    def _insert(self, conn: sqlite3.Connection, audit: Audit) -> int:
        import uuid  # only writers pay for it; `status` never inserts

        cursor = conn.execute(
            f"INSERT INTO audit (uid, {_FIELDS}) VALUES (?, {_MARKS})",
            (audit.uid or uuid.uuid4().hex, *_values(audit)),
        )
        return int(cursor.lastrowid or 0)

    def known_uids(self) -> set[str]:
        return {row[0] for row in self._db.connection().execute("SELECT uid FROM audit")}
