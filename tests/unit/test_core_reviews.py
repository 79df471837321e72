"""Unit tests of the quiz's pure rules: quotes, answers, grades and the grade-to-rating map."""

from __future__ import annotations

import pytest

from craftlog.core.reviews import (
    EASY_FROM,
    GOOD_FROM,
    HARD_FROM,
    MAX_ANSWER_CHARS,
    Grade,
    Question,
    QuizError,
    Rating,
    check_answer,
    check_grade,
    check_quote,
    quizzable,
    rating_for,
)

ENTRY = "Postgres MVCC: readers never block writers\nEach row version carries xmin/xmax."


@pytest.mark.parametrize(
    "quote",
    ["readers never block writers", "READERS  never\nblock writers", "“each row version”"],
)
def test_a_quote_from_the_entry_is_accepted_whatever_its_spacing_case_or_quotes(quote) -> None:
    question = Question("Why can readers go on while a row is updated?", quote)
    assert check_quote(question, ENTRY) is question


@pytest.mark.parametrize(
    ("quote", "reason"),
    [("writers never block readers", "not in the entry"), ("", "quotes nothing"), ("a", "nothing")],
)
def test_a_quote_not_in_the_entry_is_refused(quote, reason) -> None:
    with pytest.raises(QuizError, match=reason):
        check_quote(Question("Why?", quote), ENTRY)


def test_an_empty_question_is_refused() -> None:
    with pytest.raises(QuizError, match="empty"):
        check_quote(Question("  ", "readers never block writers"), ENTRY)


def test_answers_must_hold_something_and_not_too_much() -> None:
    assert check_answer("  because snapshots  ") == "because snapshots"
    with pytest.raises(QuizError, match="empty"):
        check_answer(" \n ")
    with pytest.raises(QuizError, match="keep it under"):
        check_answer("x" * (MAX_ANSWER_CHARS + 1))
    assert check_answer("x" * MAX_ANSWER_CHARS)


def test_an_entry_needs_some_text_to_be_quizzed() -> None:
    assert quizzable(ENTRY)
    assert not quizzable("TIL  ")


BANDS = [
    (0, Rating.AGAIN), (HARD_FROM - 1, Rating.AGAIN), (HARD_FROM, Rating.HARD),
    (GOOD_FROM - 1, Rating.HARD), (GOOD_FROM, Rating.GOOD), (EASY_FROM - 1, Rating.GOOD),
    (EASY_FROM, Rating.EASY), (100, Rating.EASY),
]  # fmt: skip


@pytest.mark.parametrize(("score", "rating"), BANDS)
def test_each_score_band_maps_to_its_rating(score, rating) -> None:
    assert rating_for(Grade(score, ("a",), ())) is rating


def test_cannot_judge_leaves_the_rating_to_you() -> None:
    assert rating_for(Grade(80, (), (), cannot_judge=True)) is None


@pytest.mark.parametrize("score", [-1, 101, True, 50.5, "70"])
def test_an_impossible_score_is_refused(score) -> None:
    with pytest.raises(QuizError):
        check_grade(Grade(score, (), ()))  # type: ignore[arg-type]


def test_ratings_carry_fsrs_numbers_and_labels() -> None:
    assert [int(r) for r in Rating] == [1, 2, 3, 4]
    assert [r.label for r in Rating] == ["Again", "Hard", "Good", "Easy"]
