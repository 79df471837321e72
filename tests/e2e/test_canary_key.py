"""A canary API key goes through a question, a grade and failures, and is found nowhere after.

The key is read from the environment as the app reads it, every call goes to the loopback
Messages API, and the calls are recorded in the real ledger. Then the canary is looked for in
the records, the exceptions and their tracebacks, the streamed feedback, every file under the
craftlog home (database, its journal files, the JSONL ledger, backups) and the output of the
shell commands run with the key in their environment.
"""

from __future__ import annotations

import os
import sqlite3
import traceback
from pathlib import Path

import pytest

from craftlog.quiz.anthropic_client import AnthropicClient, key_from_env
from craftlog.quiz.client import AiCallFailed, Failure
from craftlog.quiz.ledger import JSONL_NAME, CallRecord
from craftlog.services import Services
from tests.quizserver import (
    MODEL,
    QuizServer,
    json_message,
    json_pieces,
    status_error,
    stream,
)

pytestmark = pytest.mark.e2e

CANARY = "sk-ant-api03-CANARY-7f3e9b1c2d4a6e8f0a1b3c5d7e9f1a2b"
ENTRY = "SQLite WAL: readers keep reading the old pages while one writer appends to the WAL file."
ANSWER = "Writers append to a separate file, so a reader's snapshot of the pages stays valid."
QUESTION = {
    "quote": "readers keep reading the old pages",
    "question": "Why can a reader keep going while the writer commits?",
}
GRADE = {
    "right": ["You said the writer appends elsewhere."],
    "missing": ["Checkpoints copy the WAL back."],
    "comment": "Mostly there.",
    "cannot_judge": False,
    "score": 72,
}


def test_the_canary_key_appears_nowhere(
    server: QuizServer, services: Services, home: Path, craftlog, monkeypatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", CANARY)
    key = key_from_env()
    assert key == CANARY

    records: list[CallRecord] = []

    def record(call: CallRecord) -> None:
        records.append(call)
        services.ledger.record(call)

    client = AnthropicClient(
        MODEL, 512, key, record, {MODEL: (1.0, 5.0)}, base_url=server.base_url, timeout=2.0
    )
    shown: list[str] = []
    failures: list[AiCallFailed] = []

    server.add(json_message(QUESTION), stream(json_pieces(GRADE)))
    question = client.question(ENTRY)
    grade = client.grade(ENTRY, question.text, ANSWER, shown.append)
    assert grade.score == 72

    # Failures, some from a hostile server that echoes the key back in what it sends.
    server.add(
        status_error(401, "authentication_error", f"invalid x-api-key: {CANARY}"),
        stream(json_pieces(GRADE), error=("overloaded_error", f"key {CANARY}"), error_after=3),
        stream(json_pieces(GRADE), cut_after=5, abrupt=True),
        json_message({**QUESTION, "quote": CANARY}),
        status_error(429, "rate_limit_error", CANARY, retry_after="3"),
    )
    for call in (
        lambda: client.question(ENTRY),
        lambda: client.grade(ENTRY, question.text, ANSWER, shown.append),
        lambda: client.grade(ENTRY, question.text, ANSWER, shown.append),
        lambda: client.question(ENTRY),
        lambda: client.topic_questions("write-ahead logging", 3),
    ):
        with pytest.raises(AiCallFailed) as caught:
            call()
        failures.append(caught.value)
    assert [f.kind for f in failures] == [
        Failure.BAD_KEY,
        Failure.OVERLOADED,
        Failure.CUT_OFF,
        Failure.BAD_OUTPUT,
        Failure.RATE_LIMITED,
    ]

    # The canary did go where it belongs: the auth header of every request.
    assert len(server.requests) == 7
    assert all(CANARY in " ".join(r.headers.values()) for r in server.requests)

    assert len(records) == 7 and [r.outcome for r in records].count("ok") == 2
    for where in (
        *map(repr, records),
        *(repr(f) + str(f) + f.message for f in failures),
        *("".join(traceback.format_exception(f)) for f in failures),
        "".join(shown),
        repr(client),
    ):
        assert CANARY not in where
        assert ANSWER not in where

    # The ledger: a row and a JSONL line per call.
    jsonl = services.paths.log_dir / JSONL_NAME
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 7
    assert oct(jsonl.stat().st_mode & 0o777) == "0o600"
    services.close()
    conn = sqlite3.connect(f"file:{services.paths.database}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM ai_call").fetchone() == (7,)
    finally:
        conn.close()

    # The shell commands, run with the key in their environment, never print it either.
    env = {**os.environ, "ANTHROPIC_API_KEY": CANARY}
    for args in (
        ("status", "--json"),
        ("export", "--format", "json"),
        ("doctor",),
        ("backup",),
        ("paths",),
    ):
        result = craftlog(*args, env=env)
        assert CANARY.encode() not in result.stdout + result.stderr, args

    # Every file craftlog wrote: the database and its journals, the ledger, backups, config.
    files = [path for path in home.rglob("*") if path.is_file()]
    assert jsonl in files and services.paths.database in files
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path
