"""Replies and errors from the Messages API turned into craftlog's values and plain words."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from craftlog.core.reviews import Grade, QuizError, check_grade
from craftlog.quiz import prompts
from craftlog.quiz.client import AiCallFailed, Failure

MAX_RETRY_AFTER = 24 * 60 * 60.0
_ERROR_TYPE_SHAPE = re.compile(r"[a-z_]{1,40}")
TRY_AGAIN = "Your answer is kept; try again, or grade yourself offline."

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
    Failure.BAD_KEY: "Claude's service did not accept the API key in ANTHROPIC_API_KEY. "
    "Check that it is current and copied whole.",
    Failure.FORBIDDEN: "The API key is not allowed to make this call (check the key's "
    "workspace, its model access and the account's billing).",
    Failure.RATE_LIMITED: "Too many requests to Claude for now.",
    Failure.OVERLOADED: "Claude's service is overloaded right now; try again in a minute.",
    Failure.TIMEOUT: "Claude's service took too long to answer.",
    Failure.SERVER: "Claude's service had an error.",
}


def status_failure(error: Any, model: str) -> AiCallFailed:
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
    return AiCallFailed(kind, f"{words} ({label}) {TRY_AGAIN}", retry_after)


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


def scrub(message: str, key: str) -> str:
    """The message with the key cut out: a last guard, as every message is our own words."""
    return message.replace(key, "[withheld]") if len(key) >= 8 else message


def bad_output(what: str, reason: str) -> AiCallFailed:
    return AiCallFailed(
        Failure.BAD_OUTPUT,
        f"Claude's {what} could not be used: {reason}. {TRY_AGAIN}",
    )


# --- reading the reply --------------------------------------------------------------------------


def json_object(text: str, what: str) -> dict[str, Any]:
    """The JSON object a reply holds (a Markdown code fence around it is tolerated)."""
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[1] if "\n" in body else ""
        body = body.rsplit("```", 1)[0].strip()
    try:
        value = json.loads(body)
    except ValueError:
        raise bad_output(what, "the reply was not the JSON asked for") from None
    if not isinstance(value, dict):
        raise bad_output(what, "the reply was not a JSON object")
    return value


def _points(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_output("grade", f"its {field!r} is not a list of sentences")
    return tuple(item.strip() for item in value if item.strip())


def grade_from(data: dict[str, Any]) -> Grade:
    """The Grade a reply's JSON describes, checked; anything else is BAD_OUTPUT."""
    missing_fields = [name for name in prompts.GRADE_SCHEMA["required"] if name not in data]
    if missing_fields:
        raise bad_output("grade", f"it lacks {', '.join(missing_fields)}")
    cannot_judge = data["cannot_judge"]
    comment = data["comment"]
    if not isinstance(cannot_judge, bool):
        raise bad_output("grade", "its 'cannot_judge' is not true or false")
    if not isinstance(comment, str):
        raise bad_output("grade", "its comment is not text")
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
        raise bad_output("grade", str(error)) from None
