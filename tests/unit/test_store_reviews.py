"""Cards and review history in the database, and the services' quiz block (store/reviews.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest

from craftlog.core.entries import Entry, make_draft
from craftlog.core.reviews import CardPhase, CardState, Rating, Review, ReviewMode
from craftlog.quiz.scheduler import new_card, review
from craftlog.services import Services
from tests.conftest import FIXED_NOW

HOUR = timedelta(hours=1)
TODAY = FIXED_NOW.date()


def add(services: Services, text: str, day: date = TODAY) -> Entry:
    return services.entries.add(make_draft(text, day=day))


def card_due(services: Services, entry: Entry, due_in: timedelta) -> CardState:
    """Store a reviewed card for the entry, due `due_in` from the fixed now."""
    reviewed = review(new_card(entry.id, FIXED_NOW - timedelta(days=3)), Rating.GOOD, FIXED_NOW)
    card = replace(reviewed, due=FIXED_NOW + due_in)
    services.reviews.record(offline(entry, FIXED_NOW - timedelta(days=3)), card)
    return card


def offline(entry: Entry, when=FIXED_NOW, rating: Rating = Rating.GOOD) -> Review:
    return Review(entry.id, when, rating, ReviewMode.OFFLINE, "rows carry versions")


def raw(services: Services, sql: str) -> list[tuple]:
    return services.db.connection().execute(sql).fetchall()


# --- storing ----------------------------------------------------------------------------------


def test_record_stores_the_review_and_its_card_together(services: Services) -> None:
    entry = add(services, "MVCC: readers never block writers")
    card = review(new_card(entry.id, FIXED_NOW), Rating.GOOD, FIXED_NOW)
    asked = Review(entry.id, FIXED_NOW, Rating.GOOD, ReviewMode.AI, "an answer", "Why?", 72)
    stored = services.reviews.record(asked, card)
    assert stored.id and stored.uid and len(stored.uid) == 36
    assert stored == replace(asked, id=stored.id, uid=stored.uid, due_after=card.due)
    assert services.reviews.card(entry.id) == card
    assert services.reviews.history(entry.id) == [stored]
    assert services.reviews.all_reviews() == [stored] and services.reviews.all_cards() == [card]


def test_instants_are_stored_as_utc_text(services: Services) -> None:
    from tests.unit.test_quiz_scheduler import BERLIN_WINTER

    entry = add(services, "a time zone test")
    local = FIXED_NOW.astimezone(BERLIN_WINTER)
    card = review(new_card(entry.id, local), Rating.AGAIN, local)
    services.reviews.record(offline(entry, local, Rating.AGAIN), card)
    (due, last), (at, after) = (
        raw(services, "SELECT due, last_review FROM review_card")[0],
        raw(services, "SELECT reviewed_at, due_after FROM review_log")[0],
    )
    assert last == at == "2026-11-18T09:30:00.000000+00:00"
    assert due == after == "2026-11-18T09:31:00.000000+00:00"
    assert services.reviews.card(entry.id).due.utcoffset() == timedelta(0)


def test_a_naive_time_is_refused_and_nothing_is_stored(services: Services) -> None:
    entry = add(services, "naive times")
    card = review(new_card(entry.id, FIXED_NOW), Rating.GOOD, FIXED_NOW)
    with pytest.raises(ValueError, match="no time zone"):
        services.reviews.record(offline(entry, FIXED_NOW.replace(tzinfo=None)), card)
    with pytest.raises(ValueError, match="no time zone"):
        services.reviews.record(offline(entry), replace(card, due=card.due.replace(tzinfo=None)))
    assert raw(services, "SELECT count(*) FROM review_log") == [(0,)]
    assert services.reviews.card(entry.id) is None


def test_record_is_atomic(services: Services) -> None:
    entry = add(services, "both or neither")
    broken = replace(review(new_card(entry.id, FIXED_NOW), Rating.GOOD, FIXED_NOW), reviews=-1)
    with pytest.raises(sqlite3.IntegrityError):
        services.reviews.record(offline(entry), broken)  # the log row went in first
    assert services.reviews.history(entry.id) == []
    assert services.reviews.card(entry.id) is None
    assert services.db.connection().in_transaction is False


def test_a_review_and_a_card_of_different_entries_are_refused(services: Services) -> None:
    one, two = add(services, "one entry"), add(services, "another entry")
    with pytest.raises(ValueError, match="entry"):
        services.reviews.record(offline(one), new_card(two.id, FIXED_NOW))


def test_editing_an_entry_keeps_its_card_and_history(services: Services) -> None:
    entry = add(services, "TCP slow start\ncongestion window doubles")
    first, card = services.rate(entry, Rating.GOOD, ReviewMode.OFFLINE, "cwnd doubles per RTT")
    draft = make_draft("TCP slow start, corrected", day=entry.day)
    edited = services.entries.update(entry.id, draft)
    assert edited.id == entry.id
    assert services.reviews.card(entry.id) == card
    assert services.reviews.history(entry.id) == [first]


def test_purging_an_entry_takes_its_card_and_history_along(services: Services) -> None:
    entry = add(services, "to be purged for good")
    services.rate(entry, Rating.EASY, ReviewMode.OFFLINE, "gone soon")
    services.entries.trash(entry.id)
    assert services.reviews.card(entry.id) is not None  # the trash can still be emptied back
    assert services.entries.purge(entry.id)
    assert services.reviews.card(entry.id) is None
    assert raw(services, "SELECT count(*) FROM review_log") == [(0,)]


# --- what is due ------------------------------------------------------------------------------


def test_due_cards_come_first_most_overdue_first_then_new_entries_oldest_first(
    services: Services,
) -> None:
    soon = add(services, "due in an hour")
    late = add(services, "overdue by a day")
    now_due = add(services, "due an hour ago")
    new_old = add(services, "never reviewed, older", FIXED_NOW.date() - timedelta(days=9))
    new_young = add(services, "never reviewed, newer")
    card_due(services, soon, HOUR)
    card_due(services, late, -24 * HOUR)
    card_due(services, now_due, -HOUR)
    queue = services.reviews.due_entries(FIXED_NOW)
    assert [e.id for e in queue] == [late.id, now_due.id, new_old.id, new_young.id]
    assert services.reviews.counts(FIXED_NOW) == (2, 2)
    # An hour later the third card is due too.
    later = services.reviews.due_entries(FIXED_NOW + HOUR, new_limit=0)
    assert [e.id for e in later] == [late.id, now_due.id, soon.id]


def test_a_card_due_exactly_now_is_due(services: Services) -> None:
    entry = add(services, "due this very microsecond")
    card_due(services, entry, timedelta(0))
    assert services.reviews.counts(FIXED_NOW) == (1, 0)
    assert services.reviews.counts(FIXED_NOW - timedelta(microseconds=1)) == (0, 0)


def test_the_new_limit_caps_only_the_new_entries(services: Services) -> None:
    entries = [add(services, f"entry number {n}", date(2026, 10, n + 1)) for n in range(8)]
    for entry in entries[:3]:
        card_due(services, entry, -HOUR)
    assert len(services.reviews.due_entries(FIXED_NOW)) == 3 + 5
    assert len(services.reviews.due_entries(FIXED_NOW, new_limit=1)) == 3 + 1
    assert services.reviews.due_entries(FIXED_NOW, new_limit=0) == entries[:3]
    assert services.reviews.due_entries(FIXED_NOW, new_limit=-4) == entries[:3]
    assert services.reviews.counts(FIXED_NOW) == (3, 5)


def test_trashed_entries_are_never_due_nor_new(services: Services) -> None:
    due, new, kept = (
        add(services, "due but trashed"),
        add(services, "new but trashed"),
        add(services, "the one left"),
    )
    card_due(services, due, -HOUR)
    services.entries.trash(due.id)
    services.entries.trash(new.id)
    assert services.reviews.due_entries(FIXED_NOW) == [kept]
    assert services.reviews.counts(FIXED_NOW) == (0, 1)
    services.entries.restore(due.id)
    assert services.reviews.counts(FIXED_NOW) == (1, 1)


def test_counts_is_one_sql_query(services: Services) -> None:
    for n in range(30):
        entry = add(services, f"counted in SQL {n}")
        if n % 3 == 0:
            card_due(services, entry, -HOUR if n % 2 else HOUR)
    statements: list[str] = []
    conn = services.db.connection()
    conn.set_trace_callback(statements.append)
    try:
        assert services.reviews.counts(FIXED_NOW) == (5, 20)
    finally:
        conn.set_trace_callback(None)
    assert len(statements) == 1 and "count(" in statements[0]


def test_an_empty_log_has_nothing_due(services: Services) -> None:
    assert services.reviews.due_entries(FIXED_NOW) == []
    assert services.reviews.counts(FIXED_NOW) == (0, 0)
    assert services.quiz_queue() == [] and services.reviews_due() == (0, 0)


# --- the services' quiz block -----------------------------------------------------------------


def test_rate_creates_the_card_then_moves_it_along(services: Services) -> None:
    entry = add(services, "B-tree splits push the median up")
    assert services.quiz_queue() == [entry] and services.reviews_due() == (0, 1)
    first, card = services.rate(entry, Rating.GOOD, ReviewMode.OFFLINE, "the median goes up")
    assert (card.phase, card.step, card.reviews) == (CardPhase.LEARNING, 1, 1)
    assert first.due_after == card.due == FIXED_NOW + timedelta(minutes=10)
    assert services.reviews_due() == (0, 0) and services.quiz_queue() == []
    second, card = services.rate(entry, Rating.AGAIN, ReviewMode.AI, "no idea", "Why?", 10)
    assert card.reviews == 2 and card.lapses == 0
    assert (second.mode, second.question, second.score) == (ReviewMode.AI, "Why?", 10)
    assert services.reviews.history(entry.id) == [first, second]
    assert services.reviews_due() == (0, 0)
    board = services.dashboard()
    assert (board.reviews_due, board.reviews_new) == (0, 0)


def test_the_dashboard_counts_due_and_new(services: Services) -> None:
    due, _ = add(services, "already reviewed"), add(services, "never reviewed")
    card_due(services, due, -HOUR)
    board = services.dashboard()
    assert (board.reviews_due, board.reviews_new) == (1, 1)


def test_import_keeps_a_card_reviewed_since_the_export(services: Services) -> None:
    entry = add(services, "schedules are not wound back")
    older = review(new_card(entry.id, FIXED_NOW - 48 * HOUR), Rating.GOOD, FIXED_NOW - 48 * HOUR)
    newer = review(new_card(entry.id, FIXED_NOW), Rating.EASY, FIXED_NOW)
    services.reviews.record(offline(entry), newer)
    assert services.reviews.add_many([older], []) == 0
    assert services.reviews.card(entry.id) == newer
    even_newer = replace(newer, last_review=FIXED_NOW + HOUR, reviews=9)
    services.reviews.add_many([even_newer], [])
    assert services.reviews.card(entry.id) == even_newer
