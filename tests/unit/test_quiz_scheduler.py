"""FSRS scheduling of entries as cards, with a fixed clock (quiz/scheduler.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import fsrs
import pytest

from craftlog.core.reviews import CardPhase, CardState, Rating
from craftlog.quiz.scheduler import new_card, review
from tests.conftest import FIXED_NOW

BERLIN_WINTER = timezone(timedelta(hours=1))


def test_a_new_card_is_due_at_once_in_its_first_learning_step() -> None:
    card = new_card(7, FIXED_NOW)
    assert card == CardState(entry_id=7, due=FIXED_NOW)
    assert (card.phase, card.step, card.reviews, card.lapses) == (CardPhase.LEARNING, 0, 0, 0)
    assert card.stability is None and card.difficulty is None and card.last_review is None


def test_times_come_back_in_utc_whatever_zone_they_were_given_in() -> None:
    local = FIXED_NOW.astimezone(BERLIN_WINTER)
    card = new_card(1, local)
    assert card.due == FIXED_NOW and card.due.tzinfo is UTC
    after = review(card, Rating.GOOD, local)
    assert after.due.tzinfo is UTC and after.last_review == FIXED_NOW
    assert after == review(new_card(1, FIXED_NOW), Rating.GOOD, FIXED_NOW)


@pytest.mark.parametrize("call", [
    lambda naive: new_card(1, naive),
    lambda naive: review(new_card(1, FIXED_NOW), Rating.GOOD, naive),
    lambda naive: review(replace(new_card(1, FIXED_NOW), due=naive), Rating.GOOD, FIXED_NOW),
])  # fmt: skip
def test_a_naive_time_is_refused(call) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        call(FIXED_NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("rating", "wait", "phase", "step"),
    [
        (Rating.AGAIN, timedelta(minutes=1), CardPhase.LEARNING, 0),
        (Rating.HARD, timedelta(minutes=5, seconds=30), CardPhase.LEARNING, 0),
        (Rating.GOOD, timedelta(minutes=10), CardPhase.LEARNING, 1),
        (Rating.EASY, timedelta(days=8), CardPhase.REVIEW, None),
    ],
)
def test_each_first_rating_moves_due_as_fsrs_says(
    rating: Rating, wait: timedelta, phase: CardPhase, step: int | None
) -> None:
    after = review(new_card(3, FIXED_NOW), rating, FIXED_NOW)
    assert (after.due - FIXED_NOW, after.phase, after.step) == (wait, phase, step)
    assert (after.reviews, after.lapses, after.last_review) == (1, 0, FIXED_NOW)
    # The same review done by fsrs itself, without fuzz, gives the same schedule.
    theirs, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=3, due=FIXED_NOW), fsrs.Rating(int(rating)), FIXED_NOW
    )
    assert (after.due, after.stability, after.difficulty) == (
        theirs.due,
        theirs.stability,
        theirs.difficulty,
    )


def run(ratings: list[Rating], start: datetime = FIXED_NOW) -> list[CardState]:
    """Review a new card with each rating in turn, each at the moment it fell due."""
    card, moment, states = new_card(1, start), start, []
    for rating in ratings:
        card = review(card, rating, moment)
        states.append(card)
        moment = card.due
    return states


def test_a_card_graduates_and_its_intervals_grow() -> None:
    states = run([Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD])
    assert [s.phase for s in states] == [CardPhase.LEARNING] + [CardPhase.REVIEW] * 3
    gaps = [later.due - earlier.due for earlier, later in pairwise(states)]
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=7)
    assert [s.reviews for s in states] == [1, 2, 3, 4]
    assert all(s.lapses == 0 for s in states)


def test_forgetting_a_graduated_card_is_a_lapse_and_relearns_it() -> None:
    states = run([Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD])
    forgot = states[2]
    assert forgot.phase is CardPhase.RELEARNING and forgot.lapses == 1
    assert forgot.due - states[1].due == timedelta(minutes=10)
    assert forgot.stability < states[1].stability
    assert states[3].phase is CardPhase.REVIEW and states[3].lapses == 1
    assert [s.reviews for s in states] == [1, 2, 3, 4]


def test_missing_a_card_still_being_learned_is_no_lapse() -> None:
    states = run([Rating.AGAIN, Rating.AGAIN, Rating.GOOD])
    assert [s.lapses for s in states] == [0, 0, 0]
    assert [s.reviews for s in states] == [1, 2, 3]


def test_scheduling_is_deterministic() -> None:
    ratings = [Rating.GOOD, Rating.EASY, Rating.GOOD, Rating.HARD, Rating.GOOD]
    assert run(ratings) == run(ratings)
    # Fuzz would spread a long interval over several days; there is none.
    assert run([Rating.EASY, Rating.EASY])[-1].due - run([Rating.EASY])[-1].due > timedelta(30)


def test_reviewing_early_or_late_uses_the_real_time() -> None:
    graduated = run([Rating.EASY])[0]
    late = review(graduated, Rating.GOOD, graduated.due + timedelta(days=20))
    on_time = review(graduated, Rating.GOOD, graduated.due)
    assert late.last_review == graduated.due + timedelta(days=20)
    assert late.stability != on_time.stability
