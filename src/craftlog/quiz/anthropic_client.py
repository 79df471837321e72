"""Claude as the quiz's examiner, through the `anthropic` SDK.

Answers come as JSON held to a schema by the API's structured output (`output_config.format`).
A grade streams: its JSON arrives piece by piece and `FeedbackProse` turns the finished parts of
it into readable feedback for the screen while the rest is still coming; the whole JSON is then
parsed and checked. Every call, good or failed, goes to the `record` callback as a CallRecord,
and every failure is raised as an AiCallFailed whose words never hold the key or the answer.

`anthropic` takes about two seconds to import, so it is imported inside the first call only.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from craftlog.core.reviews import (
    Grade,
    Question,
    QuizError,
    check_answer,
    check_quote,
    quizzable,
)
from craftlog.quiz import prompts
from craftlog.quiz.client import AiCallFailed, Failure
from craftlog.quiz.feedback import FeedbackProse, feedback_text
from craftlog.quiz.replies import (
    TRY_AGAIN,
    bad_output,
    grade_from,
    json_object,
    scrub,
    status_failure,
)

if TYPE_CHECKING:
    from craftlog.quiz.ledger import CallRecord

KEY_VARIABLE = "ANTHROPIC_API_KEY"
DEFAULT_BASE_URL = "https://api.anthropic.com"
MAX_TOPIC_CHARS = 200
MAX_TOPIC_QUESTIONS = 10
_KEY_SHAPE = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces


def key_from_env(environ: Mapping[str, str] = os.environ) -> str | None:
    """The API key from ANTHROPIC_API_KEY, stripped; None when unset, empty or blank."""
    value = environ.get(KEY_VARIABLE, "")
    return value.strip() or None


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Call:
    """What is known about one call while it runs."""

    purpose: str
    at: datetime
    started: float
    input_tokens: int = 0
    output_tokens: int = 0
    streaming: bool = False  # the reply's body has begun to arrive


class AnthropicClient:
    """The QuizClient that asks Claude through the Messages API."""

    def __init__(
        self,
        model: str,
        max_tokens: int,
        api_key: str,
        record: Callable[[CallRecord], None],
        prices: Mapping[str, tuple[float, float]],
        base_url: str | None = None,
        timeout: float = 60.0,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self.base_url = base_url or DEFAULT_BASE_URL
        self.timeout = timeout
        self._api_key = (api_key or "").strip()
        self._record = record
        self._prices = prices
        self._clock = clock
        self._sdk: Any = None
        self._sdk_lock = threading.Lock()

    def __repr__(self) -> str:  # never the key
        return f"AnthropicClient(model={self.model!r}, base_url={self.base_url!r})"

    # --- the QuizClient protocol ----------------------------------------------------------------

    def question(self, entry_text: str) -> Question:
        """One why/how question about the entry; its quote must be in the entry."""
        if not quizzable(entry_text):
            raise QuizError("this entry is too short to ask about; review it offline instead")

        def run(call: _Call) -> Question:
            text = self._ask(
                call,
                prompts.question_system(entry_text),
                prompts.QUESTION_REQUEST,
                prompts.QUESTION_SCHEMA,
            )
            data = json_object(text, "question")
            question, quote = data.get("question"), data.get("quote")
            if not isinstance(question, str) or not isinstance(quote, str):
                raise bad_output("question", "it has no question and quote")
            try:
                return check_quote(Question(question.strip(), quote.strip()), entry_text)
            except QuizError as error:
                raise bad_output("question", str(error)) from None

        return self._call("question", run)

    def grade(
        self, entry_text: str, question: str, answer: str, on_text: Callable[[str], None]
    ) -> Grade:
        """Grade an answer against the entry (or, with a blank entry, against the subject).

        The feedback goes to `on_text` as readable prose, piece by piece, while it streams.
        """
        answer = check_answer(answer)
        if not question.strip():
            raise QuizError("there is no question to grade the answer against")

        def run(call: _Call) -> Grade:
            text = self._stream(
                call,
                prompts.grade_system(entry_text),
                prompts.grade_request(question, answer),
                prompts.GRADE_SCHEMA,
                on_text,
            )
            return grade_from(json_object(text, "grade"))

        return self._call("grade", run)

    def topic_questions(self, topic: str, count: int) -> list[str]:
        """`count` why/how questions on a topic the user named (fewer if Claude gave fewer)."""
        topic = " ".join(topic.split())
        if not topic:
            raise QuizError("name a topic to be quizzed on")
        if len(topic) > MAX_TOPIC_CHARS:
            raise QuizError(f"keep the topic under {MAX_TOPIC_CHARS} characters")
        if isinstance(count, bool) or not 1 <= count <= MAX_TOPIC_QUESTIONS:
            raise QuizError(f"ask for 1 to {MAX_TOPIC_QUESTIONS} questions")

        def run(call: _Call) -> list[str]:
            text = self._ask(
                call,
                prompts.TOPIC_SYSTEM,
                prompts.topic_request(topic, count),
                prompts.TOPIC_SCHEMA,
            )
            questions = json_object(text, "questions").get("questions")
            if not isinstance(questions, list):
                raise bad_output("questions", "it holds no list of questions")
            found: list[str] = []
            for item in questions:
                if isinstance(item, str) and item.strip() and item.strip() not in found:
                    found.append(item.strip())
            if not found:
                raise bad_output("questions", "it holds no questions")
            return found[:count]

        return self._call("topic", run)

    # --- one call: timing, recording, failures --------------------------------------------------

    def _call(self, purpose: str, run: Callable[[_Call], Any]) -> Any:
        call = _Call(purpose, self._clock(), time.monotonic())
        try:
            if not self._api_key:
                raise AiCallFailed(
                    Failure.NO_KEY,
                    f"No API key: set {KEY_VARIABLE} in the environment to use the AI quiz.",
                )
            if not _KEY_SHAPE.fullmatch(self._api_key):
                raise AiCallFailed(
                    Failure.BAD_KEY,
                    f"{KEY_VARIABLE} holds characters an API key never has; copy the key again.",
                )
            result = run(call)
        except AiCallFailed as failure:
            failed = failure
        except Exception as error:  # anything the SDK or the network raised
            failed = self._failure_for(error, call)
        else:
            self._write(call, "ok", "")
            return result
        message = scrub(failed.message, self._api_key)
        failed = AiCallFailed(failed.kind, message, failed.retry_after)
        self._write(call, str(failed.kind), message)
        raise failed from None

    def _write(self, call: _Call, outcome: str, message: str) -> None:
        from craftlog.quiz.ledger import CallRecord, cost_of

        self._record(
            CallRecord(
                at=call.at,
                purpose=call.purpose,
                model=self.model,
                input_tokens=call.input_tokens,
                output_tokens=call.output_tokens,
                cost_usd=cost_of(self.model, call.input_tokens, call.output_tokens, self._prices),
                duration_ms=max(0, round((time.monotonic() - call.started) * 1000)),
                outcome=outcome,
                message=message,
            )
        )

    def _messages(self) -> Any:
        """The SDK's messages resource, made on first use (this is where anthropic is imported)."""
        with self._sdk_lock:
            if self._sdk is None:
                import anthropic

                self._sdk = anthropic.Anthropic(
                    api_key=self._api_key,  # explicit: the SDK reads no credential variable
                    base_url=self.base_url,  # explicit: ANTHROPIC_BASE_URL is not consulted
                    timeout=self.timeout,
                    max_retries=0,  # the screen offers a retry
                    open_telemetry=False,  # no spans that could carry entries or answers
                )
            return self._sdk.messages

    def _request(self, system: str, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": system,
            "messages": [{"role": "user", "content": user}],
            "output_config": {"format": {"type": "json_schema", "schema": schema}},
        }

    def _ask(self, call: _Call, system: str, user: str, schema: dict[str, Any]) -> str:
        """One non-streamed call; the text of the reply."""
        messages = self._messages()
        call.started = time.monotonic()  # the call's time, not the SDK's first import
        message = messages.create(**self._request(system, user, schema))
        usage = message.usage
        call.input_tokens = usage.input_tokens or 0
        call.output_tokens = usage.output_tokens or 0
        self._check_stop(message.stop_reason, finished=True)
        return "".join(block.text for block in message.content if block.type == "text")

    def _stream(
        self,
        call: _Call,
        system: str,
        user: str,
        schema: dict[str, Any],
        on_text: Callable[[str], None],
    ) -> str:
        """One streamed call; feedback prose goes to `on_text` as it arrives; the whole text."""
        prose = FeedbackProse()
        parts: list[str] = []
        stop_reason: str | None = None
        finished = False
        messages = self._messages()
        call.started = time.monotonic()  # the call's time, not the SDK's first import
        events = messages.create(**self._request(system, user, schema), stream=True)
        call.streaming = True
        with events:
            for event in events:
                kind = event.type
                if kind == "message_start":
                    usage = event.message.usage
                    call.input_tokens = usage.input_tokens or 0
                    call.output_tokens = usage.output_tokens or 0
                elif kind == "content_block_delta" and event.delta.type == "text_delta":
                    parts.append(event.delta.text)
                    shown = prose.feed(event.delta.text)
                    if shown:
                        on_text(shown)
                elif kind == "message_delta":
                    stop_reason = event.delta.stop_reason
                    if event.usage.output_tokens is not None:
                        call.output_tokens = event.usage.output_tokens
                    if getattr(event.usage, "input_tokens", None):
                        call.input_tokens = event.usage.input_tokens
                elif kind == "message_stop":
                    finished = True
        self._check_stop(stop_reason, finished=finished)
        return "".join(parts)

    def _check_stop(self, stop_reason: str | None, *, finished: bool) -> None:
        if not finished:
            raise AiCallFailed(
                Failure.CUT_OFF,
                f"Claude's reply stopped part-way: the connection ended before it was complete. "
                f"{TRY_AGAIN}",
            )
        if stop_reason in ("max_tokens", "model_context_window_exceeded"):
            raise AiCallFailed(
                Failure.CUT_OFF,
                f"Claude's reply reached its length limit ({self.max_tokens} tokens) before it "
                f"was complete. Raise [ai] max_tokens in the config, or try again.",
            )
        if stop_reason == "refusal":
            raise AiCallFailed(
                Failure.REFUSED,
                f"Claude declined to answer this one. {TRY_AGAIN}",
            )

    def _failure_for(self, error: Exception, call: _Call) -> AiCallFailed:
        """The AiCallFailed for an exception the SDK, the network or the reply raised."""
        try:
            import anthropic
            import httpx2
        except ImportError:
            return AiCallFailed(
                Failure.SERVER, "The anthropic package could not be loaded; reinstall craftlog."
            )
        if isinstance(error, anthropic.APIStatusError):
            return status_failure(error, self.model)
        if isinstance(error, anthropic.APITimeoutError | httpx2.TimeoutException):
            return AiCallFailed(
                Failure.TIMEOUT,
                f"Claude did not answer within {self.timeout:g} seconds. {TRY_AGAIN}",
            )
        if isinstance(error, anthropic.APIConnectionError) or (
            isinstance(error, httpx2.TransportError) and not call.streaming
        ):
            return AiCallFailed(
                Failure.NETWORK,
                f"Could not reach Claude's service (no connection, or it was refused). "
                f"Check your network. {TRY_AGAIN}",
            )
        if isinstance(error, httpx2.TransportError):
            return AiCallFailed(
                Failure.CUT_OFF,
                f"The connection dropped part-way through Claude's reply. {TRY_AGAIN}",
            )
        if isinstance(error, ValueError | KeyError | TypeError | AttributeError):
            return AiCallFailed(
                Failure.BAD_OUTPUT, f"Claude's reply could not be read. {TRY_AGAIN}"
            )
        return AiCallFailed(
            Failure.SERVER,
            f"The call to Claude failed unexpectedly ({type(error).__name__}). {TRY_AGAIN}",
        )


__all__ = ["AnthropicClient", "FeedbackProse", "feedback_text", "key_from_env"]
