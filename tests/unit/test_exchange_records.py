"""Audits, gap checks and tier tests in the JSON export (core/exchange_records.py)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from craftlog.core import audits as core
from craftlog.core.assessments import Assessment, from_result
from craftlog.core.audits import MAX_GAPS, Audit, AuditError, Outcome
from craftlog.core.exchange import EXPORT_VERSION, ImportProblem, to_json
from craftlog.core.exchange_records import (
    assessment_record,
    audit_record,
    read_assessments,
    read_audits,
    read_records,
)
from craftlog.core.instruments import INSTRUMENTS, score

START = datetime(2026, 10, 3, 8, 15, 30, 123456, tzinfo=UTC)


def sample_audits() -> list[Audit]:
    """One finished with gaps and a rebuild gap, one paused, one abandoned, one only planned."""
    planned = core.plan("Write a recursive descent parser", 4, 2, 90, date(2026, 10, 3))
    finished = core.finish(
        core.start(planned, START, date(2026, 10, 3)),
        START + timedelta(minutes=80),
        Outcome.PARTLY,
        75,
        "- operator precedence\nerror recovery\n",
        "Pratt parsing notes",
    )
    finished = replace(core.choose_rebuild(finished, "Operator  precedence"), uid="a-1")
    paused = core.pause(
        core.start(
            core.plan("Regex engine", 3, 3, 60, date(2026, 11, 1)), START, date(2026, 11, 2)
        ),
        START + timedelta(minutes=5),
    )
    abandoned = core.abandon(
        core.start(
            core.plan("Dijkstra by hand", 5, 1, 30, date(2026, 9, 1)), START, date(2026, 9, 1)
        ),
        START + timedelta(minutes=7),
    )
    return [finished, replace(paused, uid="a-2"), replace(abandoned, uid="a-3"), planned]


def sample_assessments() -> list[Assessment]:
    taken = datetime(2026, 11, 10, 20, 0, tzinfo=UTC)
    symptoms = score(INSTRUMENTS["symptoms"], dict.fromkeys(
        [q.id for q in INSTRUMENTS["symptoms"].questions], "no") | {"reread": "yes"})  # fmt: skip
    quick = score(INSTRUMENTS["quick-check"], {
        q.id: "uncomfortable" for q in INSTRUMENTS["quick-check"].questions})  # fmt: skip
    tier_questions = [q.id for q in INSTRUMENTS["tier"].questions]
    tier = score(
        INSTRUMENTS["tier"], {q: "yes" if i < 4 else "no" for i, q in enumerate(tier_questions)}
    )
    return [
        replace(from_result(symptoms, taken, date(2026, 11, 10)), uid="s-1"),
        replace(from_result(quick, taken + timedelta(days=1), date(2026, 11, 11)), uid="q-1"),
        replace(from_result(tier, taken + timedelta(days=2), date(2026, 11, 12)), uid="t-1"),
    ]


def document_of(audits: list[Audit], assessments: list[Assessment]) -> dict[str, Any]:
    text = to_json([], datetime(2026, 11, 18, tzinfo=UTC), audits=audits, assessments=assessments)
    return json.loads(text)


# --- writing ------------------------------------------------------------------------------------


def test_an_audit_record_has_every_field_in_the_documented_order() -> None:
    record = audit_record(sample_audits()[0])
    assert list(record) == [
        "uid", "month", "task", "confidence_before", "confidence_now", "time_box_minutes",
        "started_at", "paused_at", "paused_seconds", "finished_at", "abandoned", "outcome",
        "minutes", "gaps", "looked_up", "rebuild_gap",
    ]  # fmt: skip
    assert record["month"] == "2026-10"
    assert record["started_at"] == "2026-10-03T08:15:30.123456+00:00"
    assert record["outcome"] == "partly"
    assert record["gaps"] == ["operator precedence", "error recovery"]
    assert record["rebuild_gap"] == "operator precedence"


def test_check_and_tier_records_go_to_their_own_lists() -> None:
    document = document_of([], sample_assessments())
    assert document["version"] == EXPORT_VERSION == 3
    assert [r["instrument"] for r in document["checks"]] == ["symptoms", "quick-check"]
    (tier,) = document["tier_tests"]
    symptoms = document["checks"][0]
    assert symptoms["answers"]["reread"] == "yes" and symptoms["score"] == 1
    assert symptoms["band"] == "Early signs" and "next_steps" not in symptoms
    assert tier["score"] == 4 and tier["band"] == "In transition"
    assert len(tier["next_steps"]) == 6 and all(isinstance(s, str) for s in tier["next_steps"])
    assert document["repositories"] == [] and document["reviews"] == []


def test_to_json_without_the_new_lists_still_works_for_old_callers() -> None:
    document = json.loads(to_json([], datetime(2026, 11, 18, tzinfo=UTC)))
    assert document["audits"] == document["checks"] == document["tier_tests"] == []


# --- reading back -------------------------------------------------------------------------------


def test_audits_and_assessments_come_back_equal() -> None:
    audits, assessments = sample_audits(), sample_assessments()
    document = document_of(audits, assessments)
    read_audits_back, read_assessments_back = read_records(document, "x.json")
    assert read_audits_back == audits
    assert read_assessments_back == assessments


def test_a_file_without_the_lists_has_no_such_records() -> None:
    version_one = {"format": "craftlog", "version": 1, "entries": []}
    assert read_records(version_one, "old.json") == ([], [])
    with_nulls = {**version_one, "audits": None, "checks": [], "tier_tests": []}
    assert read_records(with_nulls, "old.json") == ([], [])


def test_band_and_next_steps_are_informational() -> None:
    document = document_of([], sample_assessments())
    document["tier_tests"][0]["band"] = "Grand master"
    document["tier_tests"][0]["next_steps"] = ["anything"]
    del document["checks"][0]["band"]
    _, assessments = read_records(document, "x.json")
    assert assessments == sample_assessments()


def test_answers_are_read_in_any_case_and_order() -> None:
    document = document_of([], sample_assessments()[:1])
    answers = document["checks"][0]["answers"]
    document["checks"][0]["answers"] = {k: v.upper() for k, v in reversed(answers.items())}
    (item,) = read_assessments(document, "x.json", "checks")
    assert item == sample_assessments()[0]


def test_a_time_in_another_zone_is_kept_as_the_same_instant_in_utc() -> None:
    record = audit_record(sample_audits()[1]) | {"started_at": "2026-10-03T10:15:30+02:00"}
    (audit,) = read_audits({"audits": [record]}, "x.json")
    assert audit.started_at == datetime(2026, 10, 3, 8, 15, 30, tzinfo=UTC)
    assert audit.started_at.tzinfo is UTC


def _audit_problem(change: dict[str, Any], index: int = 0) -> str:
    records = [audit_record(a) for a in sample_audits()]
    records[index] = records[index] | change
    with pytest.raises(ImportProblem) as caught:
        read_audits({"audits": records}, "f.json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"confidence_before": 0}, "f.json: audit 1: confidence_before must be at least 1"),
        ({"confidence_now": 6}, "audit 1: confidence_now can be at most 5"),
        ({"confidence_now": "high"}, "confidence_now must be a whole number, not 'high'"),
        ({"confidence_before": True}, "confidence_before must be a whole number"),
        ({"confidence_before": None}, "audit 1 has no confidence_before"),
        ({"minutes": "forty"}, "audit 1: minutes must be a whole number, not 'forty'"),
        ({"minutes": -5}, "audit 1: minutes cannot be negative"),
        ({"minutes": 7 * 24 * 60 + 1}, "audit 1: minutes can be at most"),
        ({"minutes": 12.5}, "minutes must be a whole number"),
        ({"time_box_minutes": 0}, "audit 1: time_box_minutes must be at least 1"),
        ({"time_box_minutes": 601}, "time_box_minutes can be at most 600 minutes"),
        ({"month": "2026-13"}, "audit 1: month '2026-13' is not YYYY-MM"),
        ({"month": "Oct 2026"}, "is not YYYY-MM"),
        ({"month": 202610}, "audit 1: month must be text"),
        ({"task": "   "}, "audit 1: the task is empty"),
        ({"task": "x" * 201}, "audit 1: the task is 201 characters"),
        (
            {"started_at": "2026-10-03T08:15:30"},
            "audit 1: started_at '2026-10-03T08:15:30' has no time zone",
        ),
        ({"finished_at": "tomorrow"}, "audit 1: finished_at 'tomorrow' is not a timestamp"),
        ({"finished_at": 1700000000}, "finished_at must be a timestamp or null"),
        (
            {"outcome": "nailed-it"},
            "audit 1: outcome 'nailed-it' is not one of: unaided, with-docs",
        ),
        ({"minutes": None}, "audit 1: a finished audit needs an outcome and the minutes taken"),
        ({"outcome": None}, "a finished audit needs an outcome"),
        ({"gaps": [f"gap {n}" for n in range(MAX_GAPS + 1)]}, "31 gaps listed; keep the 30"),
        ({"gaps": ["y" * 201]}, "audit 1: gap on line 1 is longer than 200 characters"),
        ({"gaps": "one, two"}, "audit 1: gaps must be a list of text"),
        ({"gaps": ["fine", 3]}, "each gap must be text"),
        (
            {"rebuild_gap": "parsing speed"},
            "audit 1: 'parsing speed' is not one of this audit's gaps",
        ),
        ({"gaps": [], "rebuild_gap": "x"}, "listed no gaps"),
        ({"abandoned": "no"}, "audit 1: abandoned must be true or false"),
        ({"abandoned": True}, "both finished and abandoned"),
        ({"started_at": None}, "audit 1: it was paused or finished but has no started_at"),
        ({"paused_seconds": -1}, "audit 1: paused_seconds must be between 0 and"),
        ({"paused_seconds": "10"}, "paused_seconds must be a whole number"),
        ({"looked_up": "z" * 5001}, "looked_up is longer than 5,000 characters"),
        ({"task": "caf\udce9 parser"}, "audit 1: task holds bytes that are not valid UTF-8"),
        ({"uid": 17}, "audit 1: uid must be text"),
    ],
)
def test_a_bad_audit_names_the_file_the_record_and_the_reason(
    change: dict[str, Any], expected: str
) -> None:
    assert expected in _audit_problem(change)


def test_the_record_number_is_the_one_that_is_wrong() -> None:
    assert _audit_problem({"confidence_before": 0}, index=2).startswith(
        "f.json: audit 3: confidence_before"
    )


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ImportProblem, match=re.escape("f.json: audit 1 is not an object")):
        read_audits({"audits": ["audit"]}, "f.json")
    with pytest.raises(ImportProblem, match=re.escape('f.json: "audits" must be a list')):
        read_audits({"audits": {"a": 1}}, "f.json")
    with pytest.raises(ImportProblem, match=re.escape("f.json: checks item 1 is not an object")):
        read_assessments({"checks": [3]}, "f.json", "checks")


def test_an_audit_uid_used_twice_in_one_file_is_refused() -> None:
    records = [audit_record(a) for a in sample_audits()]
    records[2]["uid"] = records[0]["uid"]
    with pytest.raises(
        ImportProblem, match=re.escape("f.json: audit 3 has the same uid as audit 1")
    ):
        read_audits({"audits": records}, "f.json")


def test_audits_without_uids_are_all_kept() -> None:
    records = [audit_record(a) | {"uid": None} for a in sample_audits()]
    assert all(a.uid is None for a in read_audits({"audits": records}, "f.json"))


def _assessment_problem(name: str, index: int, change: dict[str, Any]) -> str:
    document = document_of([], sample_assessments())
    document[name][index] = document[name][index] | change
    with pytest.raises(ImportProblem) as caught:
        read_records(document, "f.json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "index", "change", "expected"),
    [
        ("checks", 0, {"score": 5},
         "f.json: checks item 1: score 5 does not match its answers (1)"),
        ("checks", 1, {"score": "5"}, "checks item 2: score must be a whole number"),
        ("tier_tests", 0, {"score": 9},
         "tier_tests item 1: score 9 does not match its answers (4)"),
        ("checks", 0, {"answers": {"reread": "yes"}}, "checks item 1: 6 question(s) not answered"),
        ("checks", 0, {"answers": []}, "checks item 1: answers must map each question id"),
        ("checks", 1, {"answers": {"old-bug": True}}, "answers must map each question id"),
        ("checks", 0, {"instrument": "mood"}, "checks item 1: instrument 'mood' is not one of"),
        ("checks", 0, {"instrument": None}, "checks item 1 has no instrument"),
        ("checks", 0, {"instrument": "tier"},
         "checks item 1: a 'tier' result belongs in tier_tests"),
        ("tier_tests", 0, {"instrument": "symptoms"}, "belongs in checks, not here"),
        ("checks", 0, {"taken_at": "2026-11-10 20:00"},
         "checks item 1: taken_at '2026-11-10 20:00' has no time zone"),
        ("checks", 0, {"taken_at": None}, "checks item 1 has no taken_at"),
        ("checks", 1, {"date": "2026-02-30"}, "checks item 2: date '2026-02-30' is not YYYY-MM-DD"),
        ("checks", 1, {"date": "20261111"}, "is not YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_a_bad_check_or_tier_test_names_the_problem(
    name: str, index: int, change: dict[str, Any], expected: str
) -> None:
    assert expected in _assessment_problem(name, index, change)


def test_an_answer_that_is_not_a_choice_is_refused() -> None:
    problem = _assessment_problem("checks", 0, {"answers": {"reread": "maybe"}})
    assert "checks item 1: answer 'maybe' to 'reread' is not one of: yes, no" in problem


def test_a_check_record_written_alone_has_no_next_steps() -> None:
    record = assessment_record(sample_assessments()[1])
    assert list(record) == ["uid", "instrument", "taken_at", "date", "answers", "score", "band"]
    assert record["score"] == 5 and record["band"] == "Needs attention"
    assert record["taken_at"] == "2026-11-11T20:00:00.000000+00:00"


def test_a_stored_score_may_be_left_out() -> None:
    document = document_of([], sample_assessments())
    for record in document["checks"]:
        del record["score"]
    assert read_records(document, "f.json")[1] == sample_assessments()


def test_one_assessment_uid_twice_is_refused_within_and_across_lists() -> None:
    document = document_of([], sample_assessments())
    document["checks"][1]["uid"] = "s-1"
    with pytest.raises(ImportProblem, match="checks item 2 has the same uid as checks item 1"):
        read_records(document, "f.json")
    document = document_of([], sample_assessments())
    document["tier_tests"][0]["uid"] = "q-1"
    with pytest.raises(ImportProblem, match="tier_tests item 1 has the same uid as checks item 2"):
        read_records(document, "f.json")


def test_an_unknown_list_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no assessment list"):
        read_assessments({}, "f.json", "audits")


# --- any valid record survives the trip --------------------------------------------------------

_moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
_line = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@st.composite
def audits(draw: st.DrawFn) -> Audit:
    try:
        task = core.check_task(draw(_line))
        gaps = core.parse_gaps("\n".join(draw(st.lists(_line, max_size=5))))
    except AuditError:
        task, gaps = "a task", ()
    started = draw(st.none() | _moments)
    finished = draw(st.none() | _moments) if started else None
    return Audit(
        month=f"{draw(st.integers(1990, 2100)):04d}-{draw(st.integers(1, 12)):02d}",
        task=task,
        confidence_before=draw(st.integers(1, 5)),
        confidence_now=draw(st.integers(1, 5)),
        time_box_minutes=draw(st.integers(1, 600)),
        started_at=started,
        paused_at=draw(st.none() | _moments) if started else None,
        paused_seconds=draw(st.integers(0, 10**8)),
        finished_at=finished,
        abandoned=draw(st.booleans()) if finished is None else False,
        outcome=draw(st.sampled_from(Outcome)) if finished else None,
        minutes=draw(st.integers(0, 7 * 24 * 60)) if finished else None,
        gaps=gaps,
        looked_up=draw(st.text(max_size=30)).strip().replace("\r", ""),
        rebuild_gap=draw(st.none() | st.sampled_from(gaps)) if gaps else None,
        uid=draw(st.none() | st.uuids().map(str)),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    instrument = INSTRUMENTS[draw(st.sampled_from(sorted(INSTRUMENTS)))]
    values = [c.value for c in instrument.choices]
    answers = {q.id: draw(st.sampled_from(values)) for q in instrument.questions}
    moment = draw(_moments).astimezone(timezone(timedelta(hours=draw(st.integers(-12, 14)))))
    return replace(
        from_result(score(instrument, answers), moment, draw(st.dates())),
        uid=draw(st.uuids().map(str)),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(audits(), max_size=4), st.lists(assessments(), max_size=4, unique_by=lambda a: a.uid)
)
def test_any_valid_record_comes_back_equal(
    audit_list: list[Audit], assessment_list: list[Assessment]
) -> None:
    audit_list = [replace(a, uid=f"{i}-{a.uid}") if a.uid else a for i, a in enumerate(audit_list)]
    document = document_of(audit_list, assessment_list)
    back_audits, back_assessments = read_records(document, "h.json")
    assert back_audits == audit_list
    by_list = sorted(assessment_list, key=lambda a: a.key == "tier")  # checks first, as written
    assert back_assessments == by_list
