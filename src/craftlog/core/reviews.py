"""Quiz values: a card's schedule, a review, an AI question and grade, and grade to rating."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

# A grade's score runs 0–100; these are the lowest scores of Hard, Good and Easy.
HARD_FROM = 40
GOOD_FROM = 65
EASY_FROM = 90
MAX_ANSWER_CHARS = 20_000  # a typed answer beyond this is a paste, not an explanation
MIN_QUIZ_CHARS = 20  # an entry shorter than this has nothing to ask about
_SPACE = re.compile(r"\s+")


class Rating(IntEnum):
    """FSRS's four ratings, with the same numbers the fsrs package uses."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class ReviewMode(StrEnum):
    """How a review was graded."""

    OFFLINE = "offline"  # graded by you, from memory
    AI = "ai"  # graded by Claude


class CardPhase(StrEnum):
    """FSRS's card states, by name."""

    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


@dataclass(frozen=True)
class CardState:
    """An entry's review schedule; every instant is an aware UTC datetime."""

    entry_id: int
    due: datetime
    phase: CardPhase = CardPhase.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reviews: int = 0
    lapses: int = 0


@dataclass(frozen=True)
class Question:
    """A question Claude wrote about one entry, with the entry's words it tests."""

    text: str
    quote: str


@dataclass(frozen=True)
class Grade:
    """Claude's grade of an answer; `cannot_judge` means you grade yourself."""

    score: int  # 0–100
    right: tuple[str, ...]
    missing: tuple[str, ...]
    cannot_judge: bool = False
    comment: str = ""


@dataclass(frozen=True)
class Review:
    """One rated review of an entry, as kept in the history."""

    entry_id: int
    reviewed_at: datetime
    rating: Rating
    mode: ReviewMode
    answer: str
    question: str = ""
    score: int | None = None
    due_after: datetime | None = None
    id: int | None = None
    uid: str | None = None


class QuizError(ValueError):
    """A question, grade or answer that cannot be used, with the reason in words."""


def normalise(text: str) -> str:
    """Text for comparing quotes: spacing collapsed, case and curly quotes ignored."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _SPACE.sub(" ", text).strip().casefold()


def check_quote(question: Question, entry_text: str) -> Question:
    """The question, if its quote really is in the entry; otherwise a QuizError."""
    quote = normalise(question.quote).strip("\"'. ")
    if len(quote) < 3:
        raise QuizError("the question quotes nothing from the entry")
    if quote not in normalise(entry_text):
        raise QuizError("the question quotes words that are not in the entry")
    if not question.text.strip():
        raise QuizError("the question is empty")
    return question


def check_answer(answer: str) -> str:
    """A typed answer: not empty, not beyond MAX_ANSWER_CHARS."""
    text = answer.strip()
    if not text:
        raise QuizError("the answer is empty; write what you remember, even a line")
    if len(text) > MAX_ANSWER_CHARS:
        raise QuizError(
            f"the answer is {len(text):,} characters; keep it under {MAX_ANSWER_CHARS:,}"
        )
    return text


def quizzable(entry_text: str) -> bool:
    """Whether an entry holds enough text to ask about."""
    return len(normalise(entry_text)) >= MIN_QUIZ_CHARS


def check_grade(grade: Grade) -> Grade:
    """A grade whose score is 0–100; anything else is a QuizError."""
    if isinstance(grade.score, bool) or not isinstance(grade.score, int):
        raise QuizError(f"the grade's score {grade.score!r} is not a whole number")
    if not 0 <= grade.score <= 100:
        raise QuizError(f"the grade's score {grade.score} is not between 0 and 100")
    return grade


def rating_for(grade: Grade) -> Rating | None:
    """The FSRS rating a grade maps to; None when Claude could not judge (you rate instead)."""
    if grade.cannot_judge:
        return None
    score = check_grade(grade).score
    if score >= EASY_FROM:
        return Rating.EASY
    if score >= GOOD_FROM:
        return Rating.GOOD
    if score >= HARD_FROM:
        return Rating.HARD
    return Rating.AGAIN
