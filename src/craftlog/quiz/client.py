"""What the quiz asks of an examiner, whichever one answers: Claude, or a fake in tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from craftlog.core.reviews import Grade, Question


class Failure(StrEnum):
    """Why an AI call failed, in kinds the screen can explain and the ledger can count."""

    NO_KEY = "no-key"
    BAD_KEY = "bad-key"  # 401
    FORBIDDEN = "forbidden"  # 403
    RATE_LIMITED = "rate-limited"  # 429
    OVERLOADED = "overloaded"  # 529
    SERVER = "server"  # 5xx
    TIMEOUT = "timeout"
    NETWORK = "network"  # refused, DNS, TLS
    CUT_OFF = "cut-off"  # the stream ended without message_stop, or stopped at max_tokens
    REFUSED = "refused"  # stop_reason "refusal"
    BAD_OUTPUT = "bad-output"  # not the JSON asked for, or a quote not in the entry


class AiCallFailed(Exception):
    """An AI call that did not give a usable result; `message` is for a person."""

    def __init__(self, kind: Failure, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Usage:
    """What one call cost: tokens both ways and the model that answered."""

    model: str
    input_tokens: int
    output_tokens: int


class QuizClient(Protocol):
    """An examiner: writes questions about entries and grades answers."""

    def question(self, entry_text: str) -> Question:
        """One why/how question grounded in the entry, its quote checked against it."""
        ...

    def grade(
        self, entry_text: str, question: str, answer: str, on_text: Callable[[str], None]
    ) -> Grade:
        """Grade an answer; feedback text goes to `on_text` piece by piece as it streams."""
        ...

    def topic_questions(self, topic: str, count: int) -> list[str]:
        """A few why/how questions on a topic the user named."""
        ...
