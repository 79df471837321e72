"""The self-assessments' storage: each instrument as taken, with its answers as JSON."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from craftlog.core.assessments import Assessment
from craftlog.store.engine import Database
from craftlog.store.entries import timestamp
from craftlog.store.errors import StoreError

_COLUMNS = "id, uid, instrument, taken_at, day, score, answers"


def _from_row(row: Sequence[Any]) -> Assessment:
    import json  # only when a row exists: `status` with no assessments never pays for it

    return Assessment(
        id=row[0],
        uid=row[1],
        key=row[2],
        taken_at=datetime.fromisoformat(row[3]),
        day=date.fromisoformat(row[4]),
        score=row[5],
        # A JSON object keeps its keys in the order written: question order.
        answers=tuple((str(k), str(v)) for k, v in json.loads(row[6]).items()),
    )


class AssessmentRepository:
    """Reads and writes taken instruments; returns core `Assessment` values only."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def add(self, assessment: Assessment) -> Assessment:
        """Store one taken instrument and return it as stored, with its id and uid."""
        with self._db.write() as conn:
            assessment_id = self._insert(conn, assessment)
        row = (
            self._db.connection()
            .execute(f"SELECT {_COLUMNS} FROM assessment WHERE id = ?", (assessment_id,))
            .fetchone()
        )
        return self._read(row)

    def _read(self, row: Sequence[Any]) -> Assessment:
        """A row as a result, or a StoreError naming it when it was edited into nonsense."""
        try:
            return _from_row(row)
        except (ValueError, TypeError, AttributeError) as error:
            raise StoreError(
                f"self-assessment {row[0]} in {self._db.path} cannot be read ({error}); "
                "`craftlog doctor` checks the database",
                self._db.path,
            ) from None

    def all(self, key: str | None = None) -> list[Assessment]:
        """Every result, or one instrument's, oldest first."""
        conn = self._db.connection()
        if key is None:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM assessment ORDER BY taken_at, id")
        else:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM assessment WHERE instrument = ? ORDER BY taken_at, id",
                (key,),
            )
        return [self._read(row) for row in rows.fetchall()]

    def add_many(self, items: Iterable[Assessment]) -> int:
        """Store imported results in one transaction (all or none), keeping their uids."""
        with self._db.write() as conn:
            count = 0
            for item in items:
                self._insert(conn, item)
                count += 1
        return count

    def _insert(self, conn: sqlite3.Connection, item: Assessment) -> int:
        import json
        import uuid  # only writers pay for it; `status` never inserts

        cursor = conn.execute(
            "INSERT INTO assessment (uid, instrument, taken_at, day, score, answers)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                item.uid or uuid.uuid4().hex,
                item.key,
                timestamp(item.taken_at),
                item.day.isoformat(),
                item.score,
                json.dumps(dict(item.answers), ensure_ascii=False),
            ),
        )
        return int(cursor.lastrowid or 0)

    def known_uids(self) -> set[str]:
        return {row[0] for row in self._db.connection().execute("SELECT uid FROM assessment")}
