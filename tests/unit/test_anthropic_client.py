"""The Claude examiner against a loopback Messages API: happy paths, every fault, the ledger.

No test reaches the real service: every client is given the loopback server's `base_url`, and
the `server` fixture fails the test if anything tries to look up or connect to another host.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from craftlog.core.reviews import MAX_ANSWER_CHARS, Grade, Question, QuizError, rating_for
from craftlog.quiz import prompts
from craftlog.quiz.anthropic_client import AnthropicClient, feedback_text, key_from_env
from craftlog.quiz.client import AiCallFailed, Failure
from craftlog.quiz.ledger import CallRecord
from tests.conftest import FIXED_NOW, fixed_clock
from tests.quizserver import (
    MODEL,
    QuizServer,
    Reply,
    closed_port_url,
    guard_loopback,
    json_message,
    json_pieces,
    message,
    status_error,
    stream,
)

KEY = "sk-ant-test-0123456789abcdef"
PRICES = {MODEL: (1.0, 5.0)}
TIMEOUT = 2.0  # no test waits for it; a busy machine must not turn a reply into a timeout
SHORT = 0.2  # the timeout of the tests that are about timing out
ENTRY = (
    "Postgres MVCC: readers never block writers because every UPDATE writes a new row version "
    "stamped with xmin/xmax, and each transaction reads the versions its snapshot can see."
)
QUESTION = {
    "quote": "readers never block writers",
    "question": "Why can a long report keep reading while another session updates the rows?",
}
ANSWER = "Each update writes a new version, and my snapshot keeps seeing the old one."
GRADE = {
    "right": ["You explained that an update writes a new version.", "Snapshots: yes."],
    "missing": ["The entry says each version carries xmin/xmax; you left that out."],
    "comment": "A good core; name the stamps next time.",
    "cannot_judge": False,
    "score": 78,
}


@pytest.fixture
def records() -> list[CallRecord]:
    return []


@pytest.fixture
def client(server: QuizServer, records: list[CallRecord]) -> AnthropicClient:
    return make_client(server.base_url, records)


def make_client(base_url: str, records: list[CallRecord], **kwargs) -> AnthropicClient:
    options = {"api_key": KEY, "timeout": TIMEOUT, **kwargs}
    return AnthropicClient(
        MODEL, 400, record=records.append, prices=PRICES, base_url=base_url, clock=fixed_clock,
        **options,
    )  # fmt: skip


def one_failure(records: list[CallRecord], run: Callable[[], object]) -> AiCallFailed:
    """Run a call that must fail; exactly one ledger record must say so, in the same words."""
    with pytest.raises(AiCallFailed) as caught:
        run()
    failure = caught.value
    assert len(records) == 1, records
    record = records[0]
    assert record.outcome == failure.kind.value
    assert record.message == failure.message == str(failure)
    assert record.model == MODEL and record.at == FIXED_NOW and record.duration_ms >= 0
    for secret in (KEY, ANSWER):
        assert secret not in failure.message
    assert failure.__suppress_context__  # no SDK traceback (with its request) in crash output
    return failure


def ask_question(client: AnthropicClient) -> Question:
    return client.question(ENTRY)


def ask_grade(client: AnthropicClient, pieces: list[str] | None = None) -> Grade:
    shown = pieces if pieces is not None else []
    return client.grade(ENTRY, QUESTION["question"], ANSWER, shown.append)


# --- the module and the key ---------------------------------------------------------------------


def test_importing_the_client_does_not_import_anthropic() -> None:
    program = (
        "import sys, craftlog.quiz.anthropic_client, craftlog.quiz.prompts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('anthropic', 'httpx2')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, None), ({"ANTHROPIC_API_KEY": ""}, None), ({"ANTHROPIC_API_KEY": " \n"}, None),
     ({"ANTHROPIC_API_KEY": f" {KEY}\n"}, KEY), ({"OTHER": KEY}, None)],
)  # fmt: skip
def test_the_key_comes_from_anthropic_api_key_stripped(environ, expected) -> None:
    assert key_from_env(environ) == expected


def test_the_key_is_read_from_the_real_environment_by_default(monkeypatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    assert key_from_env() == KEY


def test_the_client_never_shows_its_key(records) -> None:
    client = make_client("http://127.0.0.1:9", records)
    assert KEY not in repr(client) and KEY not in str(client)


# --- happy paths --------------------------------------------------------------------------------


def test_a_question_is_asked_about_the_entry_and_recorded(server, client, records) -> None:
    server.add(json_message(QUESTION, input_tokens=321, output_tokens=45))
    question = client.question(ENTRY)
    assert question == Question(QUESTION["question"], QUESTION["quote"])

    [sent] = server.requests
    assert sent.path == "/v1/messages"
    body = sent.body
    assert body["model"] == MODEL and body["max_tokens"] == 400
    assert "stream" not in body
    assert ENTRY in body["system"]
    assert body["messages"] == [{"role": "user", "content": prompts.QUESTION_REQUEST}]
    assert body["output_config"]["format"] == {
        "type": "json_schema",
        "schema": prompts.QUESTION_SCHEMA,
    }
    assert records == [
        CallRecord(FIXED_NOW, "question", MODEL, 321, 45, (321 * 1.0 + 45 * 5.0) / 1e6,
                   records[0].duration_ms, "ok", "")
    ]  # fmt: skip


def test_the_key_travels_only_in_the_auth_header(server, client) -> None:
    server.add(json_message(QUESTION), stream(json_pieces(GRADE)))
    client.question(ENTRY)
    ask_grade(client)
    for sent in server.requests:
        carrying = [name for name, value in sent.headers.items() if KEY in value]
        assert len(carrying) == 1 and carrying[0] in ("x-api-key", "authorization"), carrying
        assert KEY.encode() not in sent.raw and KEY not in sent.path


def test_only_the_entry_question_and_answer_are_sent(server, client) -> None:
    server.add(stream(json_pieces(GRADE)))
    ask_grade(client)
    body = server.requests[0].body
    assert set(body) == {"model", "max_tokens", "system", "messages", "output_config", "stream"}
    assert body["stream"] is True
    assert ENTRY in body["system"] and ANSWER not in body["system"]
    [turn] = body["messages"]
    assert turn["role"] == "user"
    assert ANSWER in turn["content"] and QUESTION["question"] in turn["content"]
    assert ENTRY not in turn["content"]


def test_a_quote_with_other_spacing_and_quotes_is_accepted(server, client) -> None:
    server.add(json_message({**QUESTION, "quote": "“Readers  never\nblock writers”"}))
    assert client.question(ENTRY).text == QUESTION["question"]


def test_a_grade_streams_readable_feedback_in_order(server, client, records) -> None:
    server.add(stream(json_pieces(GRADE, size=5), input_tokens=800, output_tokens=120))
    pieces: list[str] = []
    grade = ask_grade(client, pieces)

    assert grade == Grade(78, tuple(GRADE["right"]), tuple(GRADE["missing"]), False,
                          GRADE["comment"])  # fmt: skip
    assert rating_for(grade) is not None
    assert len(pieces) > 10, "the feedback should arrive piece by piece"
    shown = "".join(pieces)
    assert shown == feedback_text(grade)
    assert shown.startswith(f"{prompts.RIGHT_HEADING}:\n{prompts.BULLET}You explained")
    assert shown.index(prompts.MISSING_HEADING) < shown.index(GRADE["comment"])
    for raw in ('{"', '":', "cannot_judge", "score", "78", "\\n"):
        assert raw not in shown
    assert [(r.purpose, r.outcome, r.input_tokens, r.output_tokens) for r in records] == [
        ("grade", "ok", 800, 120)
    ]
    assert records[0].cost_usd == pytest.approx((800 + 120 * 5) / 1e6)


def test_feedback_reaches_on_text_before_the_stream_ends(server, client) -> None:
    reply = stream(json_pieces(GRADE, size=40))
    assert reply.events is not None
    # The server goes quiet for half a second before the end of the message.
    end = [name for name, _ in reply.events].index("content_block_stop")
    server.add(Reply(headers=reply.headers, events=reply.events, stall_at=end, stall=0.5))
    arrived: list[float] = []
    client.grade(ENTRY, "Why?", ANSWER, lambda piece: arrived.append(time.monotonic()))
    returned = time.monotonic()
    assert len(arrived) >= 3
    assert returned - arrived[-1] >= 0.4, "the feedback was held back until the end"


def test_a_grade_that_cannot_judge_leaves_the_rating_to_you(server, client, records) -> None:
    verdict = {
        "right": [],
        "missing": [],
        "comment": "The entry is a private note; I cannot say what a right answer holds.",
        "cannot_judge": True,
        "score": 0,
    }
    server.add(stream(json_pieces(verdict)))
    pieces: list[str] = []
    grade = ask_grade(client, pieces)
    assert grade.cannot_judge and rating_for(grade) is None
    assert "".join(pieces) == verdict["comment"]
    assert records[0].outcome == "ok"


def test_a_blank_entry_is_graded_on_the_subject(server, client) -> None:
    server.add(stream(json_pieces(GRADE)))
    client.grade("", "Why do B-trees stay shallow?", ANSWER, lambda piece: None)
    system = server.requests[0].body["system"]
    assert system == prompts.TOPIC_GRADE_SYSTEM and "<entry>" not in system


def test_topic_questions(server, client, records) -> None:
    asked = ["Why does a B-tree stay shallow?", "How does a page split work?", "Why …?"]
    server.add(json_message({"questions": [*asked, asked[0], "  "]}))
    assert client.topic_questions("  B-tree   indexes ", 3) == asked
    content = server.requests[0].body["messages"][0]["content"]
    assert "<topic>\nB-tree indexes\n</topic>" in content and "3 questions" in content
    assert records[0].purpose == "topic" and records[0].outcome == "ok"


def test_topic_questions_are_cut_to_the_count_asked(server, client) -> None:
    server.add(json_message({"questions": ["A why?", "A how?", "Another why?"]}))
    assert client.topic_questions("caching", 2) == ["A why?", "A how?"]


# --- refused before any call --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda c: c.grade(ENTRY, "Why?", "", print), "answer is empty"),
        (lambda c: c.grade(ENTRY, "Why?", "  \n\t ", print), "answer is empty"),
        (lambda c: c.grade(ENTRY, "Why?", "x" * 100_000, print), f"{MAX_ANSWER_CHARS:,}"),
        (lambda c: c.grade(ENTRY, "  ", ANSWER, print), "no question"),
        (lambda c: c.question("TIL: tabs"), "too short"),
        (lambda c: c.question("   \n  "), "too short"),
        (lambda c: c.topic_questions("   ", 3), "name a topic"),
        (lambda c: c.topic_questions("t" * 500, 3), "under 200"),
        (lambda c: c.topic_questions("caching", 0), "1 to 10"),
        (lambda c: c.topic_questions("caching", 11), "1 to 10"),
    ],
)
def test_bad_input_is_refused_before_any_call(server, client, records, call, reason) -> None:
    with pytest.raises(QuizError, match=reason):
        call(client)
    assert server.requests == [] and records == []


def test_no_key_fails_before_any_network(server, records) -> None:
    client = make_client(server.base_url, records, api_key="  ")
    failure = one_failure(records, lambda: ask_question(client))
    assert failure.kind is Failure.NO_KEY and "ANTHROPIC_API_KEY" in failure.message
    assert server.requests == []


def test_a_key_with_impossible_characters_fails_before_any_network(server, records) -> None:
    client = make_client(server.base_url, records, api_key="sk-ant one\ttwo")
    failure = one_failure(records, lambda: ask_grade(client))
    assert failure.kind is Failure.BAD_KEY and "one" not in failure.message
    assert server.requests == []


# --- the service says no ------------------------------------------------------------------------

STATUS_FAULTS = [
    (401, "authentication_error", Failure.BAD_KEY, "ANTHROPIC_API_KEY"),
    (403, "permission_error", Failure.FORBIDDEN, "not allowed"),
    (429, "rate_limit_error", Failure.RATE_LIMITED, "Try again in 7 seconds"),
    (529, "overloaded_error", Failure.OVERLOADED, "overloaded"),
    (500, "api_error", Failure.SERVER, "had an error"),
    (503, "api_error", Failure.SERVER, "had an error"),
    (404, "not_found_error", Failure.SERVER, f"does not know the model {MODEL!r}"),
    (400, "invalid_request_error", Failure.SERVER, "[ai] model or max_tokens"),
    (408, "timeout_error", Failure.TIMEOUT, "too long"),
]


@pytest.mark.parametrize("ask", [ask_question, ask_grade], ids=["question", "grade"])
@pytest.mark.parametrize(("status", "kind", "failure", "words"), STATUS_FAULTS)
def test_an_error_status_becomes_a_plain_failure(
    server, client, records, ask, status, kind, failure, words
) -> None:
    server.add(status_error(status, kind, f"details {KEY}", retry_after="7"))
    caught = one_failure(records, lambda: ask(client))
    assert caught.kind is failure
    assert words in caught.message
    assert caught.retry_after == (7.0 if failure is Failure.RATE_LIMITED else None)
    assert len(server.requests) == 1, "the client must not retry on its own"
    assert records[0].input_tokens == records[0].output_tokens == 0
    assert records[0].cost_usd == 0.0


def test_retry_after_may_be_an_http_date(server, client, records) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    server.add(status_error(429, "rate_limit_error", retry_after=when))
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.retry_after is not None and 80 <= caught.retry_after <= 91


def test_a_rate_limit_without_retry_after_has_none(server, client, records) -> None:
    server.add(status_error(429, "rate_limit_error"))
    assert one_failure(records, lambda: ask_question(client)).retry_after is None


# --- the network fails --------------------------------------------------------------------------


def test_a_slow_reply_times_out(server, records) -> None:
    client = make_client(server.base_url, records, timeout=SHORT)
    server.add(json_message(QUESTION, delay=5.0))
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.kind is Failure.TIMEOUT and f"{SHORT:g} seconds" in caught.message


def test_a_stream_that_stalls_times_out(server, records) -> None:
    client = make_client(server.base_url, records, timeout=SHORT)
    # The first events arrive, then nothing for longer than the timeout.
    server.add(stream(json_pieces(GRADE, size=5), stall_at=8, stall=5.0))
    pieces: list[str] = []
    caught = one_failure(records, lambda: ask_grade(client, pieces))
    assert caught.kind is Failure.TIMEOUT
    assert pieces, "what arrived before the stall was shown"
    assert records[0].input_tokens == 150  # known from message_start


def test_a_refused_connection_is_a_network_failure(records) -> None:
    client = make_client(closed_port_url(), records)
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.kind is Failure.NETWORK


def test_a_server_that_hangs_up_is_a_network_failure(server, client, records) -> None:
    server.add(Reply(hang_up=True))
    assert one_failure(records, lambda: ask_grade(client)).kind is Failure.NETWORK


# --- the stream goes wrong ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "failure"),
    [("overloaded_error", Failure.OVERLOADED), ("api_error", Failure.SERVER),
     ("rate_limit_error", Failure.RATE_LIMITED), ("something_new", Failure.SERVER)],
)  # fmt: skip
def test_an_error_event_mid_stream(server, client, records, kind, failure) -> None:
    server.add(stream(json_pieces(GRADE, size=5), error=(kind, "Overloaded"), error_after=12))
    pieces: list[str] = []
    caught = one_failure(records, lambda: ask_grade(client, pieces))
    assert caught.kind is failure and "part-way" in caught.message
    assert "".join(pieces).startswith(prompts.RIGHT_HEADING), "what came before was shown"
    assert records[0].input_tokens == 150


@pytest.mark.parametrize("abrupt", [False, True], ids=["ended", "dropped"])
def test_a_stream_cut_off_before_message_stop(server, client, records, abrupt) -> None:
    full = stream(json_pieces(GRADE))
    assert full.events is not None
    server.add(stream(json_pieces(GRADE), cut_after=len(full.events) - 1, abrupt=abrupt))
    caught = one_failure(records, lambda: ask_grade(client))
    assert caught.kind is Failure.CUT_OFF


def test_a_stream_cut_in_the_middle_of_the_json(server, client, records) -> None:
    server.add(stream(json_pieces(GRADE), cut_after=6))
    assert one_failure(records, lambda: ask_grade(client)).kind is Failure.CUT_OFF


@pytest.mark.parametrize(
    ("reply", "failure"),
    [(lambda: stream(json_pieces(GRADE)[:5], stop_reason="max_tokens"), Failure.CUT_OFF),
     (lambda: stream(json_pieces(GRADE)[:5], stop_reason="refusal"), Failure.REFUSED),
     (lambda: stream(["I'd rather not say."], stop_reason="refusal"), Failure.REFUSED)],
    ids=["max-tokens", "refusal", "refusal-prose"],
)  # fmt: skip
def test_a_stream_stopped_early(server, client, records, reply, failure) -> None:
    server.add(reply())
    caught = one_failure(records, lambda: ask_grade(client))
    assert caught.kind is failure
    assert records[0].output_tokens == 90


def test_max_tokens_names_the_limit(server, client, records) -> None:
    server.add(message('{"quote": "readers', stop_reason="max_tokens"))
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.kind is Failure.CUT_OFF and "400 tokens" in caught.message
    assert "[ai] max_tokens" in caught.message


def test_a_refused_question(server, client, records) -> None:
    server.add(message("", stop_reason="refusal"))
    assert one_failure(records, lambda: ask_question(client)).kind is Failure.REFUSED


# --- the output is not what was asked for -------------------------------------------------------

BAD_QUESTIONS = [
    ({**QUESTION, "quote": "writers never block readers"}, "not in the entry"),
    ({**QUESTION, "quote": ""}, "quotes nothing"),
    ({**QUESTION, "question": "  "}, "question is empty"),
    ({"question": "Why?"}, "no question and quote"),
    ({"quote": 3, "question": "Why?"}, "no question and quote"),
    (["not", "an", "object"], "not a JSON object"),
]


@pytest.mark.parametrize(("value", "reason"), BAD_QUESTIONS)
def test_a_question_that_does_not_check_out(server, client, records, value, reason) -> None:
    server.add(json_message(value))
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.kind is Failure.BAD_OUTPUT and reason in caught.message
    assert records[0].input_tokens == 120 and records[0].output_tokens == 40


@pytest.mark.parametrize(
    "text", ["Sure! Here is a question: why?", "", '{"quote": "readers never block writers"']
)
def test_a_question_that_is_not_json(server, client, records, text) -> None:
    server.add(message(text))
    caught = one_failure(records, lambda: ask_question(client))
    assert caught.kind is Failure.BAD_OUTPUT and "not the JSON asked for" in caught.message


def test_a_question_in_a_code_fence_is_read(server, client) -> None:
    server.add(message(f"```json\n{json.dumps(QUESTION)}\n```"))
    assert client.question(ENTRY).quote == QUESTION["quote"]


BAD_GRADES = [
    ({**GRADE, "score": 150}, "not between 0 and 100"),
    ({**GRADE, "score": -1}, "not between 0 and 100"),
    ({**GRADE, "score": "high"}, "not a whole number"),
    ({**GRADE, "score": True}, "not a whole number"),
    ({**GRADE, "score": 77.5}, "not a whole number"),
    ({k: v for k, v in GRADE.items() if k != "score"}, "lacks score"),
    ({k: v for k, v in GRADE.items() if k not in ("right", "comment")}, "lacks right, comment"),
    ({**GRADE, "right": "all of it"}, "'right' is not a list"),
    ({**GRADE, "missing": [1, 2]}, "'missing' is not a list"),
    ({**GRADE, "cannot_judge": "no"}, "not true or false"),
    ({**GRADE, "comment": None}, "comment is not text"),
]


@pytest.mark.parametrize(("value", "reason"), BAD_GRADES)
def test_a_grade_that_does_not_check_out(server, client, records, value, reason) -> None:
    server.add(stream(json_pieces(value)))
    caught = one_failure(records, lambda: ask_grade(client))
    assert caught.kind is Failure.BAD_OUTPUT and reason in caught.message


def test_a_grade_that_is_prose_not_json(server, client, records) -> None:
    server.add(stream(["You did well! ", "Score: 80."]))
    pieces: list[str] = []
    caught = one_failure(records, lambda: ask_grade(client, pieces))
    assert caught.kind is Failure.BAD_OUTPUT and pieces == []


def test_a_whole_number_score_written_as_a_float_is_accepted(server, client) -> None:
    server.add(stream(json_pieces({**GRADE, "score": 80.0})))
    assert ask_grade(client).score == 80


def test_cannot_judge_without_a_usable_score_still_grades(server, client) -> None:
    server.add(stream(json_pieces({**GRADE, "cannot_judge": True, "score": None})))
    grade = ask_grade(client)
    assert grade.cannot_judge and grade.score == 0 and rating_for(grade) is None


def test_topic_questions_that_are_not_a_list(server, client, records) -> None:
    server.add(json_message({"questions": ["  ", ""]}))
    caught = one_failure(records, lambda: client.topic_questions("caching", 3))
    assert caught.kind is Failure.BAD_OUTPUT and records[0].purpose == "topic"


# --- the guard that keeps tests off the real service --------------------------------------------


def test_the_guard_catches_a_client_left_on_the_real_service(monkeypatch, records) -> None:
    escapes = guard_loopback(monkeypatch)
    client = AnthropicClient(MODEL, 400, KEY, records.append, PRICES, timeout=TIMEOUT)
    assert client.base_url == "https://api.anthropic.com"
    with pytest.raises(AiCallFailed) as caught:
        ask_question(client)
    assert caught.value.kind is Failure.NETWORK
    assert escapes and "api.anthropic.com" in escapes[0]


# --- replies the SDK itself cannot read ---------------------------------------------------------


def test_a_reply_body_that_is_not_json(server, client, records) -> None:
    server.add(Reply(headers=(("content-type", "application/json"),), body=b"<html>oops"))
    assert one_failure(records, lambda: ask_question(client)).kind is Failure.BAD_OUTPUT


def test_a_stream_event_that_is_not_json(server, client, records) -> None:
    good = stream(json_pieces(GRADE))
    assert good.events is not None
    events = (*good.events[:3], ("content_block_delta", "{not json"), *good.events[3:])
    server.add(Reply(headers=good.headers, events=events))
    assert one_failure(records, lambda: ask_grade(client)).kind is Failure.BAD_OUTPUT


def test_a_screen_callback_that_fails_is_still_recorded(server, client, records) -> None:
    server.add(stream(json_pieces(GRADE)))

    def on_text(piece: str) -> None:
        raise RuntimeError("the screen has gone")

    caught = one_failure(records, lambda: client.grade(ENTRY, "Why?", ANSWER, on_text))
    assert caught.kind is Failure.SERVER and "RuntimeError" in caught.message


def test_one_sdk_client_serves_every_call(server, client, records) -> None:
    server.add(json_message(QUESTION), json_message(QUESTION))
    client.question(ENTRY)
    first = client._sdk
    client.question(ENTRY)
    assert client._sdk is first and len(records) == 2
