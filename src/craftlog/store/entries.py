"""The learning log's storage: entries, tags, full-text search and the trash."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from craftlog.core.entries import Entry, EntryDraft, EntryKind
from craftlog.core.weeks import IsoWeek
from craftlog.store.engine import Database

_COLUMNS = (
    "e.id, e.uid, e.text, e.kind, e.day, e.needed_ai, e.struggle_minutes, e.commit_repo, "
    "e.commit_sha, e.created_at, e.updated_at, e.deleted_at, "
    "(SELECT group_concat(tag, char(31)) FROM "
    " (SELECT tag FROM entry_tag WHERE entry_id = e.id ORDER BY position)) AS tags"
)
_WORD = re.compile(r"\w+", re.UNICODE)


def timestamp(moment: datetime) -> str:
    """A stored timestamp: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _from_row(row: sqlite3.Row | tuple) -> Entry:
    tags = tuple(row[12].split("\x1f")) if row[12] else ()
    return Entry(
        id=row[0],
        uid=row[1],
        text=row[2],
        kind=EntryKind(row[3]),
        day=date.fromisoformat(row[4]),
        needed_ai=bool(row[5]),
        struggle_minutes=row[6],
        commit_repo=row[7],
        commit_sha=row[8],
        created_at=datetime.fromisoformat(row[9]),
        updated_at=datetime.fromisoformat(row[10]),
        deleted_at=datetime.fromisoformat(row[11]) if row[11] else None,
        tags=tags,
    )


def fts_query(text: str) -> str:
    """A search box's words as an FTS5 query: every word must match, each as a prefix."""
    return " ".join(f'"{word}"*' for word in _WORD.findall(text))


@dataclass(frozen=True)
class StoredMeta:
    """Identity and timestamps an import brings along; empty for a new entry."""

    uid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a listing shows."""

    search: str = ""
    tag: str | None = None
    trashed: bool = False


class EntryRepository:
    """Reads and writes learning entries; returns core `Entry` values only."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def add(self, draft: EntryDraft) -> Entry:
        """Store a new entry and return it as stored."""
        with self._db.write() as conn:
            entry_id = self._insert(conn, draft, StoredMeta())
        return self._require(entry_id)

    def add_many(self, items: Iterable[tuple[EntryDraft, StoredMeta]]) -> int:
        """Store many entries in one transaction (all or none), keeping imported identities."""
        with self._db.write() as conn:
            count = 0
            for draft, meta in items:
                self._insert(conn, draft, meta)
                count += 1
        return count

    def _insert(self, conn: sqlite3.Connection, draft: EntryDraft, meta: StoredMeta) -> int:
        import uuid  # only writers pay for it; `status` never inserts

        now = self._now()
        day = draft.day or now.astimezone().date()
        created = timestamp(meta.created_at or now)
        cursor = conn.execute(
            "INSERT INTO entry (uid, text, kind, day, needed_ai, struggle_minutes, commit_repo,"
            " commit_sha, created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                meta.uid or str(uuid.uuid4()),
                draft.text,
                draft.kind.value,
                day.isoformat(),
                int(draft.needed_ai),
                draft.struggle_minutes,
                draft.commit_repo,
                draft.commit_sha,
                created,
                timestamp(meta.updated_at) if meta.updated_at else created,
                timestamp(meta.deleted_at) if meta.deleted_at else None,
            ),
        )
        entry_id = int(cursor.lastrowid or 0)
        _write_tags(conn, entry_id, draft.tags)
        return entry_id

    def update(self, entry_id: int, draft: EntryDraft) -> Entry:
        """Replace an entry's fields, keeping its identity and creation time."""
        day = draft.day or self._require(entry_id).day
        with self._db.write() as conn:
            conn.execute(
                "UPDATE entry SET text=?, kind=?, day=?, needed_ai=?, struggle_minutes=?,"
                " commit_repo=?, commit_sha=?, updated_at=? WHERE id=?",
                (
                    draft.text,
                    draft.kind.value,
                    day.isoformat(),
                    int(draft.needed_ai),
                    draft.struggle_minutes,
                    draft.commit_repo,
                    draft.commit_sha,
                    timestamp(self._now()),
                    entry_id,
                ),
            )
            conn.execute("DELETE FROM entry_tag WHERE entry_id = ?", (entry_id,))
            _write_tags(conn, entry_id, draft.tags)
        return self._require(entry_id)

    def get(self, entry_id: int) -> Entry | None:
        row = (
            self._db.connection()
            .execute(f"SELECT {_COLUMNS} FROM entry e WHERE e.id = ?", (entry_id,))
            .fetchone()
        )
        return _from_row(row) if row else None

    def _require(self, entry_id: int) -> Entry:
        entry = self.get(entry_id)
        if entry is None:
            raise LookupError(f"entry {entry_id} does not exist")
        return entry

    def find(
        self, where: EntryFilter = EntryFilter(), limit: int = -1, offset: int = 0
    ) -> list[Entry]:
        """Entries newest day first, matching every word of the search and the tag."""
        clauses = ["e.deleted_at IS NOT NULL" if where.trashed else "e.deleted_at IS NULL"]
        params: list[object] = []
        query = fts_query(where.search)
        if query:
            clauses.append("e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)")
            params.append(query)
        if where.tag:
            clauses.append("e.id IN (SELECT entry_id FROM entry_tag WHERE tag = ?)")
            params.append(where.tag)
        order = "e.deleted_at DESC" if where.trashed else "e.day DESC, e.id DESC"
        sql = (
            f"SELECT {_COLUMNS} FROM entry e WHERE {' AND '.join(clauses)}"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = self._db.connection().execute(sql, (*params, limit, offset)).fetchall()
        return [_from_row(row) for row in rows]

    def all(self) -> list[Entry]:
        """Every entry, trashed ones too, oldest first: what an export holds."""
        rows = (
            self._db.connection()
            .execute(f"SELECT {_COLUMNS} FROM entry e ORDER BY e.day, e.id")
            .fetchall()
        )
        return [_from_row(row) for row in rows]

    def tags(self) -> list[tuple[str, int]]:
        """Tags in use by live entries, most used first."""
        return (
            self._db.connection()
            .execute(
                "SELECT t.tag, count(*) FROM entry_tag t JOIN entry e ON e.id = t.entry_id"
                " WHERE e.deleted_at IS NULL GROUP BY t.tag ORDER BY count(*) DESC, t.tag"
            )
            .fetchall()
        )

    def trash(self, entry_id: int) -> None:
        with self._db.write() as conn:
            conn.execute(
                "UPDATE entry SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (timestamp(self._now()), entry_id),
            )

    def restore(self, entry_id: int) -> None:
        with self._db.write() as conn:
            conn.execute("UPDATE entry SET deleted_at = NULL WHERE id = ?", (entry_id,))

    def purge(self, entry_id: int) -> bool:
        """Destroy a trashed entry for good; a live entry is never purged."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "DELETE FROM entry WHERE id = ? AND deleted_at IS NOT NULL", (entry_id,)
            )
        return cursor.rowcount == 1

    def counts_by_week(self) -> tuple[dict[IsoWeek, int], date | None]:
        """Live entries per ISO week, and the latest entry's day."""
        rows = (
            self._db.connection()
            .execute("SELECT day, count(*) FROM entry WHERE deleted_at IS NULL GROUP BY day")
            .fetchall()
        )
        counts: dict[IsoWeek, int] = {}
        for day, count in rows:
            week = IsoWeek.of(date.fromisoformat(day))
            counts[week] = counts.get(week, 0) + count
        last = max((date.fromisoformat(day) for day, _ in rows), default=None)
        return counts, last

    def count_between(self, first: date, last: date) -> int:
        """Live entries dated from `first` to `last` inclusive."""
        return int(
            self._db.connection()
            .execute(
                "SELECT count(*) FROM entry WHERE deleted_at IS NULL AND day BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            )
            .fetchone()[0]
        )

    def known_uids(self) -> set[str]:
        return {row[0] for row in self._db.connection().execute("SELECT uid FROM entry")}

    def known_fingerprints(self) -> set[tuple[str, str]]:
        """(day, text) of every entry: how an import without ids recognises what is present."""
        return {(d, t) for d, t in self._db.connection().execute("SELECT day, text FROM entry")}


def _write_tags(conn: sqlite3.Connection, entry_id: int, tags: Iterable[str]) -> None:
    conn.executemany(
        "INSERT INTO entry_tag (entry_id, tag, position) VALUES (?, ?, ?)",
        [(entry_id, tag, position) for position, tag in enumerate(tags)],
    )
