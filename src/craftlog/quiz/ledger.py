"""The AI usage ledger: every call in the database and in a JSONL file, with its estimated cost."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from craftlog.store.engine import Database
from craftlog.store.entries import timestamp

JSONL_NAME = "ai-calls.jsonl"
MAX_MESSAGE_CHARS = 500  # a failure's words, not a response body
# The API answers with a dated id ("claude-haiku-4-5-20251001") for an alias it was asked for.
_DATED = re.compile(r"-[0-9]{8}$")
_COLUMNS = (
    "at, purpose, model, input_tokens, output_tokens, cost_usd, duration_ms, outcome, message"
)


@dataclass(frozen=True)
class CallRecord:
    """One AI call: when, why, which model, tokens both ways, estimated cost and outcome."""

    at: datetime
    purpose: str  # "question", "grade" or "topic"
    model: str
    input_tokens: int
    output_tokens: int
    cost_usd: float | None
    duration_ms: int
    outcome: str  # "ok" or a quiz.client.Failure value
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass(frozen=True)
class MonthUsage:
    """One month's calls; `cost_usd` is None when any call of it had no known price."""

    month: str  # "YYYY-MM", local time
    calls: int
    failed: int
    input_tokens: int
    output_tokens: int
    cost_usd: float | None


def cost_of(
    model: str, input_tokens: int, output_tokens: int, prices: Mapping[str, tuple[float, float]]
) -> float | None:
    """Estimated US dollars at `prices` (per million tokens, input and output); None if unpriced."""
    if input_tokens == 0 and output_tokens == 0:
        return 0.0  # a call that failed before any token costs nothing, priced or not
    price = prices.get(model) or prices.get(_DATED.sub("", model))
    if price is None:
        return None
    per_input, per_output = price
    return (input_tokens * per_input + output_tokens * per_output) / 1_000_000


def _record(row: Sequence[Any]) -> CallRecord:
    return CallRecord(datetime.fromisoformat(row[0]), *row[1:])


def _line(call: CallRecord, at: str) -> bytes:
    import json

    fields = {
        "at": at,
        "purpose": call.purpose,
        "model": call.model,
        "input_tokens": call.input_tokens,
        "output_tokens": call.output_tokens,
        "cost_usd": call.cost_usd,
        "duration_ms": call.duration_ms,
        "outcome": call.outcome,
        "message": call.message,
    }
    return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8", "surrogateescape")


class Ledger:
    """Records AI calls and sums them by month; it never sees the API key."""

    def __init__(self, db: Database, jsonl_path: Path) -> None:
        self._db = db
        self.jsonl_path = jsonl_path
        self.jsonl_problem: str | None = None  # why the last JSONL line could not be written

    def record(self, call: CallRecord) -> None:
        """Store the call, then append it to the JSONL file; a file failure keeps the row."""
        if call.at.tzinfo is None or call.at.utcoffset() is None:
            raise ValueError(f"{call.at.isoformat()} has no time zone; the ledger stores UTC")
        call = _clean(call)
        at = timestamp(call.at)
        try:
            with self._db.write() as conn:
                conn.execute(
                    f"INSERT INTO ai_call ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                    (at, call.purpose, call.model, call.input_tokens, call.output_tokens,
                     call.cost_usd, call.duration_ms, call.outcome, call.message),
                )  # fmt: skip
        finally:
            # Even when the database is locked, the file still gets its line.
            self._append(_line(call, at))

    def _append(self, line: bytes) -> None:
        try:
            self.jsonl_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.jsonl_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)  # one write of one line: appends never interleave
            finally:
                os.close(fd)
        except OSError as error:
            self.jsonl_problem = f"cannot append to {self.jsonl_path}: {error.strerror or error}"
        else:
            self.jsonl_problem = None

    def months(self) -> list[MonthUsage]:
        """Calls, failures, tokens and cost per local calendar month, newest month first."""
        rows = self._db.connection().execute(
            "SELECT at, outcome, input_tokens, output_tokens, cost_usd FROM ai_call"
        )
        totals: dict[str, list[Any]] = {}
        for at, outcome, tokens_in, tokens_out, cost in rows.fetchall():
            month = datetime.fromisoformat(at).astimezone().strftime("%Y-%m")
            total = totals.setdefault(month, [0, 0, 0, 0, 0.0])
            total[0] += 1
            total[1] += outcome != "ok"
            total[2] += tokens_in
            total[3] += tokens_out
            # One call without a price makes the month's total unknown, not silently low.
            total[4] = None if cost is None or total[4] is None else total[4] + cost
        return [MonthUsage(month, *totals[month]) for month in sorted(totals, reverse=True)]

    def recent(self, limit: int = 50) -> list[CallRecord]:
        """The latest calls, newest first."""
        rows = self._db.connection().execute(
            f"SELECT {_COLUMNS} FROM ai_call ORDER BY at DESC, id DESC LIMIT ?", (limit,)
        )
        return [_record(row) for row in rows.fetchall()]


def _clean(call: CallRecord) -> CallRecord:
    """The call with its message cut to one short line, as the ledger keeps it."""
    message = " ".join(call.message.split())
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return replace(call, message=message)
