"""FSRS scheduling of learning entries as cards, deterministic and in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from craftlog.core.reviews import CardPhase, CardState, Rating

# fsrs numbers its states 1–3 in this order; the names are what the database stores.
_PHASES = (CardPhase.LEARNING, CardPhase.REVIEW, CardPhase.RELEARNING)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time is refused, since its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; scheduling needs aware times")
    return moment.astimezone(UTC)


def new_card(entry_id: int, now: datetime) -> CardState:
    """A card never reviewed: due at once, in its first learning step."""
    return CardState(entry_id=entry_id, due=utc(now))


def review(card: CardState, rating: Rating, now: datetime) -> CardState:
    """The card after a review rated `rating` at `now`, as FSRS schedules it (no fuzz)."""
    import fsrs  # about 36 ms: only a review pays for it, never `craftlog status`

    when = utc(now)
    state = fsrs.Card(
        card_id=card.entry_id,  # given, so fsrs neither reads the clock nor sleeps
        state=fsrs.State(_PHASES.index(card.phase) + 1),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else None,
    )
    after, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        state, fsrs.Rating(int(rating)), review_datetime=when
    )
    # A lapse is forgetting a card that had graduated; a miss while learning is not one.
    lapsed = card.phase is CardPhase.REVIEW and rating is Rating.AGAIN
    return CardState(
        entry_id=card.entry_id,
        due=utc(after.due),
        phase=_PHASES[int(after.state) - 1],
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        last_review=utc(after.last_review) if after.last_review else when,
        reviews=card.reviews + 1,
        lapses=card.lapses + int(lapsed),
    )
