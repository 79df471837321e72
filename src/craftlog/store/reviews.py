"""The quiz's storage: each entry's card (its FSRS schedule) and the history of its reviews."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from craftlog.store.engine import Database
from craftlog.store.entries import _COLUMNS as _ENTRY_COLUMNS
from craftlog.store.entries import _from_row as _entry_from_row
from craftlog.store.entries import timestamp

# The core quiz values are imported where rows become values: `craftlog status` only counts.
if TYPE_CHECKING:
    from craftlog.core.entries import Entry
    from craftlog.core.reviews import CardState, Review

_CARD = "entry_id, due, phase, step, stability, difficulty, last_review, reviews, lapses"
_LOG = "entry_id, reviewed_at, rating, mode, answer, question, score, due_after"
# A card is written whole; on import an existing card is replaced only by a later-reviewed one.
_UPSERT = (
    f"INSERT INTO review_card ({_CARD}) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (entry_id) DO"
    " UPDATE SET due = excluded.due, phase = excluded.phase, step = excluded.step,"
    " stability = excluded.stability, difficulty = excluded.difficulty,"
    " last_review = excluded.last_review, reviews = excluded.reviews, lapses = excluded.lapses"
)
_ONLY_IF_LATER = " WHERE coalesce(excluded.last_review, '') > coalesce(review_card.last_review, '')"


def _stamp(moment: datetime | None) -> str | None:
    """A stored instant; a naive time is refused rather than guessed to be local."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; the quiz stores UTC")
    return timestamp(moment)


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _card_values(card: CardState) -> tuple[object, ...]:
    return (
        card.entry_id,
        _stamp(card.due),
        card.phase.value,
        card.step,
        card.stability,
        card.difficulty,
        _stamp(card.last_review),
        card.reviews,
        card.lapses,
    )


def _card(row: Sequence[Any]) -> CardState:
    from craftlog.core.reviews import CardPhase, CardState

    due = _instant(row[1])
    assert due is not None  # NOT NULL in the schema
    return CardState(
        entry_id=row[0],
        due=due,
        phase=CardPhase(row[2]),
        step=row[3],
        stability=row[4],
        difficulty=row[5],
        last_review=_instant(row[6]),
        reviews=row[7],
        lapses=row[8],
    )


def _review(row: Sequence[Any]) -> Review:
    from craftlog.core.reviews import Rating, Review, ReviewMode

    reviewed_at = _instant(row[3])
    assert reviewed_at is not None  # NOT NULL in the schema
    return Review(
        id=row[0],
        uid=row[1],
        entry_id=row[2],
        reviewed_at=reviewed_at,
        rating=Rating(row[4]),
        mode=ReviewMode(row[5]),
        answer=row[6],
        question=row[7],
        score=row[8],
        due_after=_instant(row[9]),
    )


class ReviewRepository:
    """Reads and writes cards and reviews; returns core values only."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def card(self, entry_id: int) -> CardState | None:
        """The entry's schedule, or None when it was never reviewed."""
        row = (
            self._db.connection()
            .execute(f"SELECT {_CARD} FROM review_card WHERE entry_id = ?", (entry_id,))
            .fetchone()
        )
        return _card(row) if row else None

    def due_entries(self, now: datetime, new_limit: int = 5) -> list[Entry]:
        """Live entries due now, most overdue first, then up to `new_limit` never reviewed."""
        conn = self._db.connection()
        due = conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry e JOIN review_card c ON c.entry_id = e.id"
            " WHERE e.deleted_at IS NULL AND c.due <= ? ORDER BY c.due, e.id",
            (_stamp(now),),
        ).fetchall()
        new = conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry e WHERE e.deleted_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM review_card c WHERE c.entry_id = e.id)"
            " ORDER BY e.day, e.id LIMIT ?",
            (max(new_limit, 0),),
        ).fetchall()
        return [_entry_from_row(row) for row in (*due, *new)]

    def counts(self, now: datetime) -> tuple[int, int]:
        """(cards due now, live entries never reviewed), trashed entries left out."""
        due, new = (
            self._db.connection()
            .execute(
                "SELECT count(c.entry_id) FILTER (WHERE c.due <= ?),"
                " count(*) FILTER (WHERE c.entry_id IS NULL)"
                " FROM entry e LEFT JOIN review_card c ON c.entry_id = e.id"
                " WHERE e.deleted_at IS NULL",
                (_stamp(now),),
            )
            .fetchone()
        )
        return int(due), int(new)

    def record(self, review: Review, card: CardState) -> Review:
        """Store a review and the card it produced together (both or neither); returns it."""
        if review.entry_id != card.entry_id:
            raise ValueError(
                f"review of entry {review.entry_id} given entry {card.entry_id}'s card"
            )
        stored = replace(review, due_after=review.due_after or card.due)
        with self._db.write() as conn:
            stored = self._insert(conn, stored)
            conn.execute(_UPSERT, _card_values(card))
        return stored

    def _insert(self, conn: sqlite3.Connection, review: Review) -> Review:
        import uuid  # only writers pay for it; `status` never inserts

        uid = review.uid or str(uuid.uuid4())
        cursor = conn.execute(
            f"INSERT INTO review_log (uid, {_LOG}) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                uid,
                review.entry_id,
                _stamp(review.reviewed_at),
                int(review.rating),
                review.mode.value,
                review.answer,
                review.question,
                review.score,
                _stamp(review.due_after),
            ),
        )
        return replace(review, id=int(cursor.lastrowid or 0), uid=uid)

    def history(self, entry_id: int) -> list[Review]:
        """The entry's reviews, oldest first."""
        rows = self._db.connection().execute(
            f"SELECT id, uid, {_LOG} FROM review_log WHERE entry_id = ? ORDER BY reviewed_at, id",
            (entry_id,),
        )
        return [_review(row) for row in rows.fetchall()]

    def all_reviews(self) -> list[Review]:
        """Every review of every entry (trashed ones too), oldest first: what an export holds."""
        rows = self._db.connection().execute(
            f"SELECT id, uid, {_LOG} FROM review_log ORDER BY reviewed_at, id"
        )
        return [_review(row) for row in rows.fetchall()]

    def all_cards(self) -> list[CardState]:
        """Every card, by entry id."""
        rows = self._db.connection().execute(f"SELECT {_CARD} FROM review_card ORDER BY entry_id")
        return [_card(row) for row in rows.fetchall()]

    def add_many(self, cards: Iterable[CardState], reviews: Iterable[Review]) -> int:
        """Store imported cards and reviews in one transaction; returns the reviews added."""
        with self._db.write() as conn:
            # A card replaces a stored one only when reviewed later: an old export never winds
            # back a schedule reviewed since.
            for card in cards:
                conn.execute(_UPSERT + _ONLY_IF_LATER, _card_values(card))
            count = 0
            for review in reviews:
                self._insert(conn, review)
                count += 1
        return count

    def known_uids(self) -> set[str]:
        return {row[0] for row in self._db.connection().execute("SELECT uid FROM review_log")}

    def entry_ids(self) -> dict[str, int]:
        """Every entry's id by its uid: how an import finds the entries its reviews belong to."""
        return dict(self._db.connection().execute("SELECT uid, id FROM entry").fetchall())
