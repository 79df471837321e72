"""Quiz cards and review history in the craftlog JSON export: writing and checked reading."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from craftlog.core.entries import Entry
from craftlog.core.exchange import ImportProblem
from craftlog.core.exchange_records import moment_of
from craftlog.core.reviews import CardPhase, CardState, Rating, Review, ReviewMode
from craftlog.core.text import surrogate_count

# Imported cards and reviews carry this until the entry they belong to is found by its uid.
NO_ENTRY = 0


@dataclass(frozen=True)
class EntryReviews:
    """One entry's schedule and review history, named by the entry's uid as an export is."""

    entry_uid: str
    card: CardState | None
    log: tuple[Review, ...]


def group_reviews(
    entries: Iterable[Entry], cards: Iterable[CardState], reviews: Iterable[Review]
) -> list[EntryReviews]:
    """The reviewed entries' cards and histories, in the order `entries` lists them."""
    card_of = {card.entry_id: card for card in cards}
    log_of: dict[int, list[Review]] = {}
    for review in reviews:
        log_of.setdefault(review.entry_id, []).append(review)
    return [
        EntryReviews(e.uid, card_of.get(e.id), tuple(log_of.get(e.id, ())))
        for e in entries
        if e.id in card_of or e.id in log_of
    ]


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="microseconds") if moment else None


def card_record(card: CardState) -> dict[str, Any]:
    """A card as a JSON object; the entry it belongs to is named by the enclosing record."""
    return {
        "due": _stamp(card.due),
        "phase": card.phase.value,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "last_review": _stamp(card.last_review),
        "reviews": card.reviews,
        "lapses": card.lapses,
    }


def review_record(review: Review) -> dict[str, Any]:
    """One review as a JSON object with every field, so an import restores it exactly."""
    return {
        "uid": review.uid,
        "reviewed_at": _stamp(review.reviewed_at),
        "rating": int(review.rating),
        "mode": review.mode.value,
        "question": review.question,
        "answer": review.answer,
        "score": review.score,
        "due_after": _stamp(review.due_after),
    }


def reviews_record(item: EntryReviews) -> dict[str, Any]:
    """An entry's card and history, as the export's "reviews" list holds them."""
    return {
        "entry_uid": item.entry_uid,
        "card": card_record(item.card) if item.card else None,
        "log": [review_record(review) for review in item.log],
    }


# --- reading ------------------------------------------------------------------------------------


def _text(value: Any, field: str, where: str) -> str:
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: {field} must be text")
    if surrogate_count(value):
        raise ImportProblem(f"{where}: {field} holds bytes that are not valid UTF-8")
    return value


def _whole(value: Any, field: str, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportProblem(f"{where}: {field} must be a whole number")
    if value < low or (high is not None and value > high):
        span = f"between {low} and {high}" if high is not None else f"{low} or more"
        raise ImportProblem(f"{where}: {field} must be {span}")
    return value


def _memory(value: Any, field: str, where: str) -> float | None:
    """FSRS's stability or difficulty: a positive finite number, or null before a review."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ImportProblem(f"{where}: {field} must be a number or null")
    if not (math.isfinite(value) and value > 0):
        raise ImportProblem(f"{where}: {field} must be a positive number")
    return float(value)


def _card(record: Any, where: str) -> CardState:
    if not isinstance(record, dict):
        raise ImportProblem(f"{where}: card must be an object or null")
    phase = record.get("phase", CardPhase.LEARNING.value)
    if phase not in set(CardPhase):
        raise ImportProblem(
            f"{where}: phase {str(phase)[:20]!r} is not one of: {', '.join(CardPhase)}"
        )
    step = record.get("step")
    due = moment_of(record.get("due"), "due", where, required=True)
    assert due is not None
    return CardState(
        entry_id=NO_ENTRY,
        due=due,
        phase=CardPhase(phase),
        step=None if step is None else _whole(step, "step", where, 0),
        stability=_memory(record.get("stability"), "stability", where),
        difficulty=_memory(record.get("difficulty"), "difficulty", where),
        last_review=moment_of(record.get("last_review"), "last_review", where),
        reviews=_whole(record.get("reviews", 0), "reviews", where, 0),
        lapses=_whole(record.get("lapses", 0), "lapses", where, 0),
    )


def _review(record: Any, where: str, seen: dict[str, str], label: str) -> Review:
    if not isinstance(record, dict):
        raise ImportProblem(f"{where} is not an object")
    uid = record.get("uid")
    if uid is not None:
        uid = _text(uid, "uid", where).strip() or None
    if uid is not None:
        if uid in seen:
            raise ImportProblem(f"{where} has the same uid as {seen[uid]}")
        seen[uid] = label
    mode = record.get("mode")
    if mode not in set(ReviewMode):
        raise ImportProblem(
            f"{where}: mode {str(mode)[:20]!r} is not one of: {', '.join(ReviewMode)}"
        )
    score = record.get("score")
    reviewed_at = moment_of(record.get("reviewed_at"), "reviewed_at", where, required=True)
    assert reviewed_at is not None
    return Review(
        entry_id=NO_ENTRY,
        reviewed_at=reviewed_at,
        rating=Rating(_whole(record.get("rating"), "rating", where, 1, 4)),
        mode=ReviewMode(mode),
        answer=_text(record.get("answer"), "answer", where),
        question=_text(record.get("question", ""), "question", where),
        score=None if score is None else _whole(score, "score", where, 0, 100),
        due_after=moment_of(record.get("due_after"), "due_after", where),
        uid=uid,
    )


def read_reviews(document: Mapping[str, Any], source: str) -> list[EntryReviews]:
    """The "reviews" list, every card and review checked before any is used."""
    records = document.get("reviews")
    if records is None:
        return []
    if not isinstance(records, list):
        raise ImportProblem(f'{source}: "reviews" must be a list')
    result = []
    entries: dict[str, int] = {}
    seen: dict[str, str] = {}
    for index, record in enumerate(records, start=1):
        where = f"{source}: reviews item {index}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object")
        entry_uid = _text(record.get("entry_uid"), "entry_uid", where).strip()
        if not entry_uid:
            raise ImportProblem(f"{where}: entry_uid is empty")
        if entry_uid in entries:
            raise ImportProblem(
                f"{where} names the same entry as reviews item {entries[entry_uid]}"
            )
        entries[entry_uid] = index
        card = record.get("card")
        log = record.get("log", [])
        if not isinstance(log, list):
            raise ImportProblem(f"{where}: log must be a list")
        reviews = tuple(
            _review(item, f"{where}, review {number}", seen, f"review {number} of item {index}")
            for number, item in enumerate(log, start=1)
        )
        result.append(
            EntryReviews(entry_uid, None if card is None else _card(card, where), reviews)
        )
    return result


def review_key(review: Review) -> Hashable:
    """What tells a review without a uid apart: its entry and the instant it was rated."""
    return (review.entry_id, review.reviewed_at)
