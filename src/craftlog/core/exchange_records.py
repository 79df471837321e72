"""Audits, gap checks and tier tests in the craftlog JSON export: writing and checked reading."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from craftlog.core import audits as rules
from craftlog.core.assessments import Assessment
from craftlog.core.audits import Audit, AuditError, Outcome
from craftlog.core.exchange import ImportProblem
from craftlog.core.instruments import INSTRUMENTS, AnswerError, score
from craftlog.core.text import surrogate_count

# The JSON list each instrument's results live in; the tier test is kept apart from the checks.
LIST_OF_KEY = {"symptoms": "checks", "quick-check": "checks", "tier": "tier_tests"}
ASSESSMENT_LISTS = ("checks", "tier_tests")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Record = TypeVar("_Record", Audit, Assessment)
# A century of pausing: anything larger is not a pause, and it still fits an SQLite integer.
MAX_PAUSED_SECONDS = 100 * 366 * 24 * 3600


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="microseconds") if moment is not None else None


def audit_record(audit: Audit) -> dict[str, Any]:
    """An audit as a JSON object with every field, so an import restores it exactly."""
    return {
        "uid": audit.uid,
        "month": audit.month,
        "task": audit.task,
        "confidence_before": audit.confidence_before,
        "confidence_now": audit.confidence_now,
        "time_box_minutes": audit.time_box_minutes,
        "started_at": _stamp(audit.started_at),
        "paused_at": _stamp(audit.paused_at),
        "paused_seconds": audit.paused_seconds,
        "finished_at": _stamp(audit.finished_at),
        "abandoned": audit.abandoned,
        "outcome": audit.outcome.value if audit.outcome is not None else None,
        "minutes": audit.minutes,
        "gaps": list(audit.gaps),
        "looked_up": audit.looked_up,
        "rebuild_gap": audit.rebuild_gap,
    }


def assessment_record(item: Assessment) -> dict[str, Any]:
    """A gap check or tier test as a JSON object; band and next steps are there for people."""
    record: dict[str, Any] = {
        "uid": item.uid,
        "instrument": item.key,
        "taken_at": _stamp(item.taken_at),
        "date": item.day.isoformat(),
        "answers": dict(item.answers),
        "score": item.score,
        "band": item.band.name,
    }
    if item.key == "tier":
        record["next_steps"] = [step.step for step in item.next_steps]
    return record


# --- reading ------------------------------------------------------------------------------------


def _records(document: Mapping[str, Any], name: str, source: str) -> list[Any]:
    """The named list; a file without it (version 1, or written by hand) simply has none."""
    records = document.get(name)
    if records is None:
        return []
    if not isinstance(records, list):
        raise ImportProblem(f'{source}: "{name}" must be a list')
    return records


def _text(value: Any, field: str, where: str, *, allow_none: bool = False) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise ImportProblem(f"{where}: {field} must be text")
    if surrogate_count(value):
        raise ImportProblem(f"{where}: {field} holds bytes that are not valid UTF-8")
    return value


def _uid(record: Mapping[str, Any], where: str, seen: dict[str, str], label: str) -> str | None:
    """The record's uid (None when it has none), refused when the file already used it."""
    uid = _text(record.get("uid"), "uid", where, allow_none=True)
    if uid is None or not uid.strip():
        return None
    if uid in seen:
        raise ImportProblem(f"{where} has the same uid as {seen[uid]}")
    seen[uid] = label
    return uid


def moment_of(value: Any, field: str, where: str, *, required: bool = False) -> datetime | None:
    """An ISO timestamp with a zone, as UTC; None stays None unless the field is required."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        kind = "a timestamp" if required else "a timestamp or null"
        raise ImportProblem(f"{where}: {field} must be {kind}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportProblem(f"{where}: {field} {value[:40]!r} is not a timestamp") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ImportProblem(f"{where}: {field} {value[:40]!r} has no time zone")
    return moment.astimezone(UTC)


# Each number an audit holds: its core check, and the words that check's messages start with
# (the form's wording), replaced by the JSON field's name on import.
_NUMBERS: dict[str, tuple[Callable[[Any], int], str]] = {
    "confidence_before": (rules.check_confidence, "confidence"),
    "confidence_now": (rules.check_confidence, "confidence"),
    "time_box_minutes": (rules.check_time_box, "the time box"),
    "minutes": (rules.check_minutes, "minutes taken"),
}


def _number(value: Any, field: str, where: str) -> int:
    """A number field run through its core check, the message naming the JSON field."""
    if value is None:
        raise ImportProblem(f"{where} has no {field}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a hand-edited 3.0 is still three
    check, what = _NUMBERS[field]
    try:
        return check(value)
    except AuditError as error:
        message = str(error).removeprefix(what)
        raise ImportProblem(f"{where}: {field}{message}") from None


def _whole_seconds(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportProblem(f"{where}: paused_seconds must be a whole number")
    if not 0 <= value <= MAX_PAUSED_SECONDS:
        raise ImportProblem(f"{where}: paused_seconds must be between 0 and {MAX_PAUSED_SECONDS:,}")
    return value


def _gaps(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ImportProblem(f"{where}: gaps must be a list of text")
    lines = [_text(gap, "each gap", where) or "" for gap in value]
    try:
        return rules.parse_gaps("\n".join(lines))
    except AuditError as error:
        raise ImportProblem(f"{where}: {error}") from None


def _audit(record: Any, where: str, uid: str | None) -> Audit:
    month = _text(record.get("month"), "month", where)
    if not _MONTH.fullmatch(month or ""):
        raise ImportProblem(f"{where}: month {month[:20]!r} is not YYYY-MM")
    defaults = {
        "confidence_before": None,
        "confidence_now": None,
        "time_box_minutes": rules.DEFAULT_TIME_BOX_MINUTES,
    }
    numbers = {name: _number(record.get(name, d), name, where) for name, d in defaults.items()}
    started = moment_of(record.get("started_at"), "started_at", where)
    paused = moment_of(record.get("paused_at"), "paused_at", where)
    finished = moment_of(record.get("finished_at"), "finished_at", where)
    if started is None and (paused or finished):
        raise ImportProblem(f"{where}: it was paused or finished but has no started_at")
    abandoned = record.get("abandoned", False)
    if not isinstance(abandoned, bool):
        raise ImportProblem(f"{where}: abandoned must be true or false")
    if abandoned and finished is not None:
        raise ImportProblem(f"{where}: an audit cannot be both finished and abandoned")
    outcome_value = record.get("outcome")
    if outcome_value is not None and outcome_value not in set(Outcome):
        shown = str(outcome_value)[:20]
        raise ImportProblem(f"{where}: outcome {shown!r} is not one of: {', '.join(Outcome)}")
    minutes = record.get("minutes")
    minutes = _number(minutes, "minutes", where) if minutes is not None else None
    gaps = _gaps(record.get("gaps", []), where)
    looked_up = (_text(record.get("looked_up", ""), "looked_up", where) or "").replace("\r\n", "\n")
    if len(looked_up.strip()) > rules.MAX_LOOKED_UP_CHARS:
        raise ImportProblem(
            f"{where}: looked_up is longer than {rules.MAX_LOOKED_UP_CHARS:,} characters"
        )
    rebuild = _text(record.get("rebuild_gap"), "rebuild_gap", where, allow_none=True)
    try:
        task = rules.check_task(_text(record.get("task"), "task", where) or "")
        if rebuild is not None:
            rebuild = rules.check_rebuild_gap(rebuild, gaps)
        return Audit(
            month=month or "",
            task=task,
            **numbers,
            started_at=started,
            paused_at=paused,
            paused_seconds=_whole_seconds(record.get("paused_seconds", 0), where),
            finished_at=finished,
            abandoned=abandoned,
            outcome=Outcome(outcome_value) if outcome_value is not None else None,
            minutes=minutes,
            gaps=gaps,
            looked_up=looked_up.strip(),
            rebuild_gap=rebuild,
            uid=uid,
        )
    except AuditError as error:
        raise ImportProblem(f"{where}: {error}") from None


def read_audits(document: Mapping[str, Any], source: str) -> list[Audit]:
    """The "audits" list, every record checked as the audit screens would check it."""
    result = []
    seen: dict[str, str] = {}
    for index, record in enumerate(_records(document, "audits", source), start=1):
        where = f"{source}: audit {index}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object")
        uid = _uid(record, where, seen, f"audit {index}")
        result.append(_audit(record, where, uid))
    return result


def _assessment(
    record: Mapping[str, Any], where: str, key_list: str, uid: str | None
) -> Assessment:
    key = record.get("instrument")
    if key is None:
        raise ImportProblem(f"{where} has no instrument")
    if not isinstance(key, str) or key not in INSTRUMENTS:
        raise ImportProblem(
            f"{where}: instrument {str(key)[:20]!r} is not one of: {', '.join(INSTRUMENTS)}"
        )
    if LIST_OF_KEY[key] != key_list:
        raise ImportProblem(f"{where}: a {key!r} result belongs in {LIST_OF_KEY[key]}, not here")
    taken_at = moment_of(record.get("taken_at"), "taken_at", where)
    if taken_at is None:
        raise ImportProblem(f"{where} has no taken_at")
    day_text = record.get("date")
    try:
        if not isinstance(day_text, str) or not _DAY.fullmatch(day_text):
            raise ValueError
        day = date.fromisoformat(day_text)
    except ValueError:
        raise ImportProblem(f"{where}: date {str(day_text)[:20]!r} is not YYYY-MM-DD") from None
    answers = record.get("answers")
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        raise ImportProblem(f"{where}: answers must map each question id to its answer")
    try:
        result = score(INSTRUMENTS[key], answers)
    except AnswerError as error:
        raise ImportProblem(f"{where}: {error}") from None
    stored = record.get("score", result.score)
    if isinstance(stored, bool) or not isinstance(stored, int):
        raise ImportProblem(f"{where}: score must be a whole number")
    if stored != result.score:
        raise ImportProblem(f"{where}: score {stored} does not match its answers ({result.score})")
    return Assessment(key, taken_at, day, result.answers, result.score, uid=uid)


def read_assessments(
    document: Mapping[str, Any],
    source: str,
    key_list: str,
    seen: dict[str, str] | None = None,
) -> list[Assessment]:
    """The "checks" or "tier_tests" list re-scored; a `seen` shared by both catches a reused uid."""
    if key_list not in ASSESSMENT_LISTS:
        raise ValueError(
            f"no assessment list {key_list!r}; there are: {', '.join(ASSESSMENT_LISTS)}"
        )
    seen = {} if seen is None else seen
    result = []
    for index, record in enumerate(_records(document, key_list, source), start=1):
        label = f"{key_list} item {index}"
        where = f"{source}: {label}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object")
        uid = _uid(record, where, seen, label)
        result.append(_assessment(record, where, key_list, uid))
    return result


def read_records(document: Mapping[str, Any], source: str) -> tuple[list[Audit], list[Assessment]]:
    """Every audit and every assessment of a craftlog export, all checked before any is used."""
    audits = read_audits(document, source)
    seen: dict[str, str] = {}
    lists = [read_assessments(document, source, name, seen) for name in ASSESSMENT_LISTS]
    return audits, [item for items in lists for item in items]


# --- what is new --------------------------------------------------------------------------------


def audit_key(audit: Audit) -> Hashable:
    """What tells an audit without a uid apart: its month, its task and when its clock started."""
    return (audit.month, audit.task, audit.started_at)


def assessment_key(item: Assessment) -> Hashable:
    """What tells a result without a uid apart: the instrument and the instant it was taken."""
    return (item.key, item.taken_at)


def fresh_records(
    items: Iterable[_Record],
    known_uids: set[str],
    stored: Iterable[_Record],
    key: Callable[[_Record], Hashable],
) -> list[_Record]:
    """The items not stored yet: a known uid or the content of a stored record means present."""
    uids = set(known_uids)
    keys = {key(item) for item in stored}
    fresh = []
    for item in items:
        if (item.uid and item.uid in uids) or key(item) in keys:
            continue
        if item.uid:
            # Records of one file with their own uids stay distinct even when their content
            # agrees; only uid-less ones are told apart by content, as entries are.
            uids.add(item.uid)
        else:
            keys.add(key(item))
        fresh.append(item)
    return fresh
