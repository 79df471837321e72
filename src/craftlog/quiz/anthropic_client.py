"""Claude as the quiz's examiner, through the `anthropic` SDK.

Answers come as JSON held to a schema by the API's structured output (`output_config.format`).
A grade streams: its JSON arrives piece by piece and `FeedbackProse` turns the finished parts of
it into readable feedback for the screen while the rest is still coming; the whole JSON is then
parsed and checked. Every call, good or failed, goes to the `record` callback as a CallRecord,
and every failure is raised as an AiCallFailed whose words never hold the key or the answer.

`anthropic` takes about two seconds to import, so it is imported inside the first call only.
"""

from __future__ import annotations

import json
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
    check_grade,
    check_quote,
    quizzable,
)
from craftlog.quiz import prompts
from craftlog.quiz.client import AiCallFailed, Failure

if TYPE_CHECKING:
    from craftlog.quiz.ledger import CallRecord

KEY_VARIABLE = "ANTHROPIC_API_KEY"
DEFAULT_BASE_URL = "https://api.anthropic.com"
MAX_TOPIC_CHARS = 200
MAX_TOPIC_QUESTIONS = 10
MAX_RETRY_AFTER = 24 * 60 * 60.0
_KEY_SHAPE = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces
_ERROR_TYPE_SHAPE = re.compile(r"[a-z_]{1,40}")
_TRY_AGAIN = "Your answer is kept; try again, or grade yourself offline."


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
            data = _json_object(text, "question")
            question, quote = data.get("question"), data.get("quote")
            if not isinstance(question, str) or not isinstance(quote, str):
                raise _bad_output("question", "it has no question and quote")
            try:
                return check_quote(Question(question.strip(), quote.strip()), entry_text)
            except QuizError as error:
                raise _bad_output("question", str(error)) from None

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
            return _grade_from(_json_object(text, "grade"))

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
            questions = _json_object(text, "questions").get("questions")
            if not isinstance(questions, list):
                raise _bad_output("questions", "it holds no list of questions")
            found: list[str] = []
            for item in questions:
                if isinstance(item, str) and item.strip() and item.strip() not in found:
                    found.append(item.strip())
            if not found:
                raise _bad_output("questions", "it holds no questions")
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
        message = _scrub(failed.message, self._api_key)
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
                f"{_TRY_AGAIN}",
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
                f"Claude declined to answer this one. {_TRY_AGAIN}",
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
            return _status_failure(error, self.model)
        if isinstance(error, anthropic.APITimeoutError | httpx2.TimeoutException):
            return AiCallFailed(
                Failure.TIMEOUT,
                f"Claude did not answer within {self.timeout:g} seconds. {_TRY_AGAIN}",
            )
        if isinstance(error, anthropic.APIConnectionError) or (
            isinstance(error, httpx2.TransportError) and not call.streaming
        ):
            return AiCallFailed(
                Failure.NETWORK,
                f"Could not reach Claude's service (no connection, or it was refused). "
                f"Check your network. {_TRY_AGAIN}",
            )
        if isinstance(error, httpx2.TransportError):
            return AiCallFailed(
                Failure.CUT_OFF,
                f"The connection dropped part-way through Claude's reply. {_TRY_AGAIN}",
            )
        if isinstance(error, ValueError | KeyError | TypeError | AttributeError):
            return AiCallFailed(
                Failure.BAD_OUTPUT, f"Claude's reply could not be read. {_TRY_AGAIN}"
            )
        return AiCallFailed(
            Failure.SERVER,
            f"The call to Claude failed unexpectedly ({type(error).__name__}). {_TRY_AGAIN}",
        )


# --- failures -----------------------------------------------------------------------------------

_KIND_BY_TYPE = {
    "authentication_error": Failure.BAD_KEY,
    "permission_error": Failure.FORBIDDEN,
    "billing_error": Failure.FORBIDDEN,
    "rate_limit_error": Failure.RATE_LIMITED,
    "overloaded_error": Failure.OVERLOADED,
    "timeout_error": Failure.TIMEOUT,
}
_KIND_BY_STATUS = {
    401: Failure.BAD_KEY,
    402: Failure.FORBIDDEN,
    403: Failure.FORBIDDEN,
    408: Failure.TIMEOUT,
    429: Failure.RATE_LIMITED,
    529: Failure.OVERLOADED,
}
_WORDS = {
    Failure.BAD_KEY: f"Claude's service did not accept the API key in {KEY_VARIABLE}. "
    "Check that it is current and copied whole.",
    Failure.FORBIDDEN: "The API key is not allowed to make this call (check the key's "
    "workspace, its model access and the account's billing).",
    Failure.RATE_LIMITED: "Too many requests to Claude for now.",
    Failure.OVERLOADED: "Claude's service is overloaded right now; try again in a minute.",
    Failure.TIMEOUT: "Claude's service took too long to answer.",
    Failure.SERVER: "Claude's service had an error.",
}


def _status_failure(error: Any, model: str) -> AiCallFailed:
    """The failure for an error status, or for an `error` event mid-stream (status 200)."""
    status: int = error.status_code
    error_type = error.type if isinstance(error.type, str) else None
    if error_type is not None and not _ERROR_TYPE_SHAPE.fullmatch(error_type):
        error_type = None
    if status == 200:  # an `error` event inside a stream that had begun well
        kind = _KIND_BY_TYPE.get(error_type or "", Failure.SERVER)
        label = f"an error part-way through the reply ({error_type or 'unknown'})"
    else:
        kind = _KIND_BY_STATUS.get(status) or _KIND_BY_TYPE.get(error_type or "", Failure.SERVER)
        label = f"HTTP {status}" + (f", {error_type}" if error_type else "")
    if status == 404 or error_type == "not_found_error":
        words = f"Claude's service does not know the model {model!r}; check [ai] model."
    elif kind is Failure.SERVER and 400 <= status < 500:
        words = (
            "Claude's service refused the request. If you changed [ai] model or max_tokens "
            "in the config, check them."
        )
    else:
        words = _WORDS.get(kind, _WORDS[Failure.SERVER])
    retry_after = _retry_after(error.response.headers) if kind is Failure.RATE_LIMITED else None
    if retry_after is not None:
        words += f" Try again in {retry_after:.0f} seconds."
    return AiCallFailed(kind, f"{words} ({label}) {_TRY_AGAIN}", retry_after)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a retry-after header: a number of seconds or an HTTP date."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _scrub(message: str, key: str) -> str:
    """The message with the key cut out: a last guard, as every message is our own words."""
    return message.replace(key, "[withheld]") if len(key) >= 8 else message


def _bad_output(what: str, reason: str) -> AiCallFailed:
    return AiCallFailed(
        Failure.BAD_OUTPUT,
        f"Claude's {what} could not be used: {reason}. {_TRY_AGAIN}",
    )


# --- reading the reply --------------------------------------------------------------------------


def _json_object(text: str, what: str) -> dict[str, Any]:
    """The JSON object a reply holds (a Markdown code fence around it is tolerated)."""
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[1] if "\n" in body else ""
        body = body.rsplit("```", 1)[0].strip()
    try:
        value = json.loads(body)
    except ValueError:
        raise _bad_output(what, "the reply was not the JSON asked for") from None
    if not isinstance(value, dict):
        raise _bad_output(what, "the reply was not a JSON object")
    return value


def _points(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _bad_output("grade", f"its {field!r} is not a list of sentences")
    return tuple(item.strip() for item in value if item.strip())


def _grade_from(data: dict[str, Any]) -> Grade:
    """The Grade a reply's JSON describes, checked; anything else is BAD_OUTPUT."""
    missing_fields = [name for name in prompts.GRADE_SCHEMA["required"] if name not in data]
    if missing_fields:
        raise _bad_output("grade", f"it lacks {', '.join(missing_fields)}")
    cannot_judge = data["cannot_judge"]
    comment = data["comment"]
    if not isinstance(cannot_judge, bool):
        raise _bad_output("grade", "its 'cannot_judge' is not true or false")
    if not isinstance(comment, str):
        raise _bad_output("grade", "its comment is not text")
    score = data["score"]
    if isinstance(score, float) and score.is_integer():
        score = int(score)
    if cannot_judge and not (isinstance(score, int) and 0 <= score <= 100):
        score = 0  # the score means nothing when Claude cannot judge
    grade = Grade(
        score=score,
        right=_points(data["right"], "right"),
        missing=_points(data["missing"], "missing"),
        cannot_judge=cannot_judge,
        comment=comment.strip(),
    )
    try:
        return check_grade(grade)
    except QuizError as error:
        raise _bad_output("grade", str(error)) from None


# --- feedback prose from streaming JSON ---------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "", "f": "", "n": "\n", "r": "", "t": "\t"}
_SHOWN = ("right", "missing")


class FeedbackProse:
    """Turns a grade's JSON, fed in arbitrary pieces, into the feedback a person reads.

    Only finished characters of the "right" and "missing" items and of the "comment" are shown,
    under headings, as they arrive; keys, brackets, the score and the flag never are. Feeding
    the pieces of one JSON text gives the same prose however the text was cut.
    """

    def __init__(self) -> None:
        self._stack: list[list[Any]] = []  # ["obj", key, expect_key] or ["arr", None, None]
        self._in_string = False
        self._is_key = False
        self._key: list[str] = []
        self._escape: str | None = None  # None, "" after a backslash, or "u" + hex digits
        self._high: str | None = None  # a high surrogate waiting for its pair
        self._section: str | None = None  # the shown field whose string is open
        self._prefix = ""  # what to show before the open string's first character
        self._started = False  # whether the open string has shown anything yet
        self._headed: set[str] = set()
        self._shown_any = False

    def feed(self, piece: str) -> str:
        """The prose the piece completes (often empty)."""
        out: list[str] = []
        for char in piece:
            if self._in_string:
                self._string_char(char, out)
            else:
                self._structure_char(char)
        return "".join(out)

    def _structure_char(self, char: str) -> None:
        stack = self._stack
        if char == "{":
            stack.append(["obj", None, True])
        elif char == "[":
            stack.append(["arr", None, None])
        elif char in "}]":
            if stack:
                stack.pop()
        elif char == ":":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = False
        elif char == ",":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = True
        elif char == '"':
            self._open_string()

    def _open_string(self) -> None:
        self._in_string = True
        top = self._stack[-1] if self._stack else None
        self._is_key = bool(top and top[0] == "obj" and top[2])
        self._key = []
        self._section = None
        self._started = False
        if self._is_key:
            return
        stack = self._stack
        if len(stack) == 1 and stack[0][0] == "obj" and stack[0][1] == "comment":
            self._section = "comment"
            self._prefix = "\n\n" if self._shown_any else ""
        elif (
            len(stack) == 2
            and stack[0][0] == "obj"
            and stack[0][1] in _SHOWN
            and stack[1][0] == "arr"
        ):
            section = stack[0][1]
            self._section = section
            if section in self._headed:
                self._prefix = "\n" + prompts.BULLET
            else:
                heading = prompts.RIGHT_HEADING if section == "right" else prompts.MISSING_HEADING
                gap = "\n\n" if self._shown_any else ""
                self._prefix = f"{gap}{heading}:\n{prompts.BULLET}"

    def _string_char(self, char: str, out: list[str]) -> None:
        if self._escape is not None:
            self._escaped_char(char, out)
            return
        if char == "\\":
            self._escape = ""
        elif char == '"':
            self._close_string(out)
        else:
            self._emit(char, out)

    def _escaped_char(self, char: str, out: list[str]) -> None:
        if self._escape == "":
            if char == "u":
                self._escape = "u"
                return
            self._escape = None
            self._emit(_ESCAPES.get(char, ""), out)
            return
        self._escape = (self._escape or "") + char
        if len(self._escape) < 5:
            return
        digits, self._escape = self._escape[1:], None
        try:
            code = int(digits, 16)
        except ValueError:
            return
        if 0xD800 <= code <= 0xDBFF:
            self._flush_high(out)
            self._high = chr(code)
            return
        if 0xDC00 <= code <= 0xDFFF and self._high is not None:
            pair = (self._high + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16")
            self._high = None
            self._emit(pair, out)
            return
        self._emit(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd", out)

    def _flush_high(self, out: list[str]) -> None:
        if self._high is not None:
            self._high = None
            self._emit("\ufffd", out, flushing=True)

    def _emit(self, text: str, out: list[str], flushing: bool = False) -> None:
        if not flushing:
            self._flush_high(out)
        if self._is_key:
            self._key.append(text)
            return
        if self._section is None or not text:
            return
        text = "".join(c for c in text if c in "\n\t" or c >= " ")
        if not text:
            return
        if not self._started:
            out.append(self._prefix)
            self._started = True
            self._shown_any = True
            if self._section in _SHOWN:
                self._headed.add(self._section)
        out.append(text)

    def _close_string(self, out: list[str]) -> None:
        self._flush_high(out)
        self._in_string = False
        if self._is_key and self._stack and self._stack[-1][0] == "obj":
            self._stack[-1][1] = "".join(self._key)
        self._section = None
        self._prefix = ""


def feedback_text(grade: Grade) -> str:
    """The feedback prose for a whole grade, as `FeedbackProse` shows it while streaming."""
    parts: list[str] = []
    for heading, points in (
        (prompts.RIGHT_HEADING, grade.right),
        (prompts.MISSING_HEADING, grade.missing),
    ):
        if points:
            parts.append(f"{heading}:\n" + "\n".join(prompts.BULLET + p for p in points))
    if grade.comment:
        parts.append(grade.comment)
    return "\n\n".join(parts)
