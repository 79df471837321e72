"""The AI usage ledger: database rows, the JSONL file, costs and monthly sums (quiz/ledger.py)."""

from __future__ import annotations

import inspect
import json
import os
import stat
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from craftlog.config import DEFAULT_PRICES
from craftlog.quiz.ledger import CallRecord, Ledger, MonthUsage, cost_of
from craftlog.services import Services
from tests.conftest import FIXED_NOW

PRICES = {"claude-haiku-4-5": (1.0, 5.0), "claude-opus-4-1": (15.0, 75.0)}


def call(at: datetime = FIXED_NOW, **changes: object) -> CallRecord:
    base = CallRecord(
        at=at,
        purpose="question",
        model="claude-haiku-4-5",
        input_tokens=1_200,
        output_tokens=300,
        cost_usd=cost_of("claude-haiku-4-5", 1_200, 300, PRICES),
        duration_ms=850,
        outcome="ok",
    )
    return replace(base, **changes)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- cost -------------------------------------------------------------------------------------


def test_cost_of_a_known_model_is_per_million_tokens() -> None:
    assert cost_of("claude-haiku-4-5", 1_000_000, 0, PRICES) == 1.0
    assert cost_of("claude-haiku-4-5", 1_200, 300, PRICES) == pytest.approx(0.0027)
    assert cost_of("claude-opus-4-1", 2_000, 1_000, PRICES) == pytest.approx(0.105)


def test_a_dated_model_id_is_priced_as_its_alias() -> None:
    dated = cost_of("claude-haiku-4-5-20251001", 1_200, 300, PRICES)
    assert dated == cost_of("claude-haiku-4-5", 1_200, 300, PRICES)


def test_an_unknown_model_has_no_cost_unless_it_used_no_tokens() -> None:
    assert cost_of("claude-unheard-of", 10, 10, PRICES) is None
    assert cost_of("claude-unheard-of", 10, 10, {}) is None
    assert cost_of("claude-unheard-of", 0, 0, {}) == 0.0


def test_the_default_model_has_a_default_price() -> None:
    from craftlog.config import DEFAULT_MODEL

    assert cost_of(DEFAULT_MODEL, 1_000_000, 1_000_000, DEFAULT_PRICES) == 6.0


# --- recording --------------------------------------------------------------------------------


def test_a_call_goes_to_the_database_and_one_jsonl_line(services: Services) -> None:
    ledger = services.ledger
    assert ledger.jsonl_path == services.paths.log_dir / "ai-calls.jsonl"
    ledger.record(call())
    ledger.record(call(FIXED_NOW + timedelta(seconds=5), purpose="grade", outcome="timeout",
                       message="no answer within 60 seconds", input_tokens=0, output_tokens=0,
                       cost_usd=0.0))  # fmt: skip
    assert ledger.recent() == [
        call(FIXED_NOW + timedelta(seconds=5), purpose="grade", outcome="timeout",
             message="no answer within 60 seconds", input_tokens=0, output_tokens=0,
             cost_usd=0.0),
        call(),
    ]  # fmt: skip
    first, second = lines(ledger.jsonl_path)
    assert first == {
        "at": "2026-11-18T09:30:00.000000+00:00",
        "purpose": "question",
        "model": "claude-haiku-4-5",
        "input_tokens": 1200,
        "output_tokens": 300,
        "cost_usd": pytest.approx(0.0027),
        "duration_ms": 850,
        "outcome": "ok",
        "message": "",
    }
    assert second["outcome"] == "timeout" and second["message"] == "no answer within 60 seconds"
    assert stat.S_IMODE(ledger.jsonl_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(ledger.jsonl_path.parent.stat().st_mode) == 0o700
    assert ledger.jsonl_problem is None


def test_an_unwritable_log_directory_keeps_the_database_row(services: Services) -> None:
    log_dir = services.paths.log_dir
    log_dir.parent.mkdir(parents=True, exist_ok=True)
    log_dir.write_text("a file where the log directory should be")  # fails even for root
    ledger = services.ledger
    ledger.record(call())
    assert ledger.recent() == [call()]
    assert ledger.jsonl_problem and str(ledger.jsonl_path) in ledger.jsonl_problem
    log_dir.unlink()
    ledger.record(call(FIXED_NOW + timedelta(seconds=1)))
    assert ledger.jsonl_problem is None
    assert len(lines(ledger.jsonl_path)) == 1 and len(ledger.recent()) == 2


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root writes into any folder, so permissions cannot be tested"
)
def test_a_read_only_log_directory_keeps_the_database_row(services: Services) -> None:
    log_dir = services.paths.log_dir
    log_dir.mkdir(parents=True)
    log_dir.chmod(0o500)
    try:
        services.ledger.record(call())
    finally:
        log_dir.chmod(0o700)
    assert services.ledger.recent() == [call()]
    assert services.ledger.jsonl_problem


def test_a_naive_time_is_refused_before_anything_is_written(services: Services) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        services.ledger.record(call(FIXED_NOW.replace(tzinfo=None)))
    assert services.ledger.recent() == []
    assert not services.ledger.jsonl_path.exists()


def test_a_long_message_is_kept_short_and_on_one_line(services: Services) -> None:
    services.ledger.record(call(outcome="bad-output", message="line one\nline two " + "x" * 900))
    (stored,) = services.ledger.recent()
    assert stored.message.startswith("line one line two x") and "\n" not in stored.message
    assert len(stored.message) == 500 and stored.message.endswith("…")
    assert lines(services.ledger.jsonl_path)[0]["message"] == stored.message


def test_the_ledger_is_never_given_the_api_key() -> None:
    for function in (Ledger.__init__, Ledger.record, cost_of):
        assert not any("key" in name for name in inspect.signature(function).parameters)
    assert not any("key" in name for name in CallRecord.__dataclass_fields__)


def test_recent_is_newest_first_and_limited(services: Services) -> None:
    for minute in range(5):
        services.ledger.record(call(FIXED_NOW + timedelta(minutes=minute), duration_ms=minute))
    assert [c.duration_ms for c in services.ledger.recent(limit=3)] == [4, 3, 2]


# --- months -----------------------------------------------------------------------------------


def test_months_sum_calls_failures_tokens_and_cost_newest_first(services: Services) -> None:
    october = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
    november = datetime(2026, 11, 1, 0, 30, tzinfo=UTC)
    services.ledger.record(call(october))
    services.ledger.record(call(november))
    services.ledger.record(call(november + timedelta(days=3), outcome="rate-limited",
                                input_tokens=0, output_tokens=0, cost_usd=0.0))  # fmt: skip
    assert services.ledger.months() == [
        MonthUsage("2026-11", calls=2, failed=1, input_tokens=1200, output_tokens=300,
                   cost_usd=pytest.approx(0.0027)),
        MonthUsage("2026-10", calls=1, failed=0, input_tokens=1200, output_tokens=300,
                   cost_usd=pytest.approx(0.0027)),
    ]  # fmt: skip


def test_months_follow_the_local_calendar(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.ledger.record(call(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)))  # 00:30 in Berlin
    services.ledger.record(call(datetime(2026, 11, 1, 0, 30, tzinfo=UTC)))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        assert [(m.month, m.calls) for m in services.ledger.months()] == [("2026-11", 2)]
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_a_month_with_an_unpriced_call_has_an_unknown_cost(services: Services) -> None:
    services.ledger.record(call())
    services.ledger.record(call(model="claude-unheard-of", cost_usd=None))
    (month,) = services.ledger.months()
    assert month.calls == 2 and month.cost_usd is None


def test_no_calls_no_months(services: Services) -> None:
    assert services.ledger.months() == [] and services.ledger.recent() == []
