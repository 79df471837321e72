"""The monthly no-AI audit: its steps, its fields, its timer and when it is due."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

DEFAULT_TIME_BOX_MINUTES = 60
MAX_TIME_BOX_MINUTES = 600
MAX_MINUTES = 7 * 24 * 60  # a week: beyond that the number is a typo, not an audit
MAX_GAPS = 30  # more than this is a brain dump; the audit asks for the gaps that matter
MAX_GAP_CHARS = 200
MAX_TASK_CHARS = 200
MAX_LOOKED_UP_CHARS = 5_000
# Commits this old are recent enough to remember the task and old enough to have faded.
_BULLET = re.compile(r"^[-*•](?:\s+|$)")  # a pasted list's bullet, even with nothing after it
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WHOLE = re.compile(r"[+-]?[0-9]+")


class AuditError(ValueError):
    """A value an audit cannot hold, with a reason a person can act on."""


class Outcome(StrEnum):
    """How the unaided attempt ended, best first."""

    UNAIDED = "unaided"
    WITH_DOCS = "with-docs"
    PARTLY = "partly"
    GAVE_UP = "gave-up"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]

    @property
    def rank(self) -> int:
        """3 for done unaided down to 0 for gave up, for plotting a trend."""
        return 3 - list(Outcome).index(self)


_OUTCOME_LABELS = {
    Outcome.UNAIDED: "done unaided",
    Outcome.WITH_DOCS: "done with docs only",
    Outcome.PARTLY: "partly done",
    Outcome.GAVE_UP: "gave up",
}


@dataclass(frozen=True)
class Step:
    """One screen of the guided audit checklist."""

    number: int
    key: str
    title: str
    body: str
    checklist: tuple[str, ...] = ()


# fmt: off
STEPS: tuple[Step, ...] = (
    Step(1, "task", "Pick a task",
         "Choose something you could do with confidence before you had AI tools: "
         "small enough to finish in one sitting, real enough to matter."),
    Step(2, "confidence", "Rate yourself",
         "From 1 (shaky) to 5 (sure): how confident were you at this before AI tools, "
         "and how confident are you today?"),
    Step(3, "prepare", "Get ready",
         "Set things up so AI cannot help, then choose how long to give yourself. "
         "Documentation and web search are fine.",
         ("Close every AI chat window and tab", "Turn off AI completion in your editor",
          f"Set a time box (default {DEFAULT_TIME_BOX_MINUTES} minutes)")),
    Step(4, "timer", "Start the clock",
         "The start time is saved, so you can quit craftlog and come back; "
         "pause if you are interrupted."),
    Step(5, "finish", "Record how it went",
         "Say how far you got and how many minutes it took, list each gap you ran into "
         "on its own line, and note what you had to look up."),
    Step(6, "rebuild", "Choose one gap to rebuild",
         "Pick the gap you most want back. Your weekly log will ask how it is going."),
)
# fmt: on


class AuditStatus(StrEnum):
    """Where an audit stands."""

    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class Audit:
    """One no-AI audit; every instant is an aware UTC datetime."""

    month: str  # "YYYY-MM" of the local day the timer started (the day it was planned, before)
    task: str
    confidence_before: int
    confidence_now: int
    time_box_minutes: int = DEFAULT_TIME_BOX_MINUTES
    started_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0
    finished_at: datetime | None = None
    abandoned: bool = False
    outcome: Outcome | None = None
    minutes: int | None = None
    gaps: tuple[str, ...] = ()
    looked_up: str = ""
    rebuild_gap: str | None = None
    id: int | None = None
    uid: str | None = None  # stable across export and import; set by the store

    def __post_init__(self) -> None:
        # The store rebuilds audits from rows; a finished one must still make sense.
        if self.finished_at is not None and (self.outcome is None or self.minutes is None):
            raise AuditError("a finished audit needs an outcome and the minutes taken")

    @property
    def status(self) -> AuditStatus:
        if self.abandoned:
            return AuditStatus.ABANDONED
        if self.finished_at is not None:
            return AuditStatus.FINISHED
        if self.started_at is None:
            return AuditStatus.PLANNED
        return AuditStatus.PAUSED if self.paused_at is not None else AuditStatus.RUNNING

    @property
    def finished(self) -> bool:
        return self.status is AuditStatus.FINISHED


def month_key(day: date) -> str:
    """The "YYYY-MM" key of the calendar month holding `day` (a local date)."""
    return f"{day.year:04d}-{day.month:02d}"


# --- validation ---------------------------------------------------------------------------------


def _whole(value: int | str, what: str, low: int, high: int, most: str) -> int:
    """A whole number in low..high from a form field or an int, or an AuditError saying why."""
    text = str(value).strip()
    if isinstance(value, bool) or not _WHOLE.fullmatch(text):
        shown = repr(text[:20] + "…" if len(text) > 20 else text)
        raise AuditError(f"{what} must be a whole number, not {shown}")
    if text.startswith("-") and text.strip("-0"):
        raise AuditError(f"{what} cannot be negative")
    # Very long digit strings are too large anyway, and int() refuses beyond 4,300 digits.
    number = int(text) if len(text.lstrip("+-").lstrip("0")) <= 12 else high + 1
    if number < low:
        raise AuditError(f"{what} must be at least {low}")
    if number > high:
        raise AuditError(f"{what} can be at most {most}")
    return number


def check_confidence(value: int | str) -> int:
    """A confidence rating from 1 (shaky) to 5 (sure)."""
    return _whole(value, "confidence", 1, 5, "5 (sure)")


def check_minutes(value: int | str) -> int:
    """Minutes taken: a whole number from 0 to a week's worth."""
    return _whole(value, "minutes taken", 0, MAX_MINUTES, f"{MAX_MINUTES:,} (a whole week)")


def check_time_box(value: int | str) -> int:
    """A time box from 1 to 600 minutes."""
    return _whole(value, "the time box", 1, MAX_TIME_BOX_MINUTES, f"{MAX_TIME_BOX_MINUTES} minutes")


def _short_text(text: str, what: str, limit: int, required: bool) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if required and not cleaned:
        raise AuditError(f"the {what} is empty")
    if len(cleaned) > limit:
        raise AuditError(f"the {what} is {len(cleaned):,} characters; keep it under {limit:,}")
    return cleaned


def check_task(text: str) -> str:
    """The chosen task: one non-empty line."""
    return _short_text(" ".join(text.split()), "task", MAX_TASK_CHARS, required=True)


def parse_gaps(text: str) -> tuple[str, ...]:
    """Gaps one per line: trimmed, bullets and blank lines dropped, repeats removed.

    A repeat differs only in case or spacing, and the first spelling is kept. Too many gaps or a
    line that is too long raise an AuditError rather than being cut, so nothing is lost silently.
    """
    seen: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        gap = _BULLET.sub("", " ".join(line.split()), count=1)
        if not gap:
            continue
        if len(gap) > MAX_GAP_CHARS:
            raise AuditError(f"gap on line {number:,} is longer than {MAX_GAP_CHARS} characters")
        seen.setdefault(gap.casefold(), gap)
    if len(seen) > MAX_GAPS:
        raise AuditError(f"{len(seen):,} gaps listed; keep the {MAX_GAPS} that matter most")
    return tuple(seen.values())


def check_rebuild_gap(choice: str, gaps: Sequence[str]) -> str:
    """The gap to rebuild, which must be one of the audit's gaps (any case, any spacing)."""
    key = " ".join(choice.split()).casefold()
    for gap in gaps:
        if " ".join(gap.split()).casefold() == key:
            return gap
    if not gaps:
        raise AuditError("this audit listed no gaps, so there is none to rebuild")
    raise AuditError(f"{choice.strip()[:40]!r} is not one of this audit's gaps")


# --- the audit's life: plan, start, pause, resume, finish ---------------------------------------


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise AuditError("audit times must carry a time zone")
    return moment.astimezone(UTC)


def plan(task: str, before: int | str, now: int | str, time_box: int | str, today: date) -> Audit:
    """Steps 1 to 3: a validated audit whose timer has not started."""
    return Audit(
        month=month_key(today),
        task=check_task(task),
        confidence_before=check_confidence(before),
        confidence_now=check_confidence(now),
        time_box_minutes=check_time_box(time_box),
    )


def start(audit: Audit, now: datetime, today: date) -> Audit:
    """Step 4: start the clock; the audit belongs to the month of `today` (local) from now on."""
    if audit.status is not AuditStatus.PLANNED:
        raise AuditError(f"this audit is already {audit.status}")
    return replace(audit, started_at=_utc(now), month=month_key(today))


def pause(audit: Audit, now: datetime) -> Audit:
    if audit.status is not AuditStatus.RUNNING:
        raise AuditError(f"only a running audit can be paused; this one is {audit.status}")
    return replace(audit, paused_at=_utc(now))


def resume(audit: Audit, now: datetime) -> Audit:
    """Continue a paused audit; a clock set back while paused adds no paused time."""
    if audit.status is not AuditStatus.PAUSED or audit.paused_at is None:
        raise AuditError(f"only a paused audit can be resumed; this one is {audit.status}")
    gap = max(_utc(now) - audit.paused_at, timedelta(0))
    return replace(
        audit, paused_at=None, paused_seconds=audit.paused_seconds + int(gap.total_seconds())
    )


def finish(
    audit: Audit, now: datetime, outcome: Outcome, minutes: int | str, gaps: str, looked_up: str
) -> Audit:
    """Step 5: record the result; a paused audit is resumed first so its pause is not counted."""
    if audit.status is AuditStatus.PAUSED:
        audit = resume(audit, now)
    if audit.status is not AuditStatus.RUNNING:
        raise AuditError(f"only a started audit can be finished; this one is {audit.status}")
    if outcome not in set(Outcome):
        raise AuditError(f"outcome {outcome!r} is not one of: {', '.join(Outcome)}")
    return replace(
        audit,
        finished_at=_utc(now),
        outcome=Outcome(outcome),
        minutes=check_minutes(minutes),
        gaps=parse_gaps(gaps),
        looked_up=_short_text(looked_up, "list of look-ups", MAX_LOOKED_UP_CHARS, required=False),
    )


def choose_rebuild(audit: Audit, choice: str) -> Audit:
    """Step 6: name the gap to rebuild."""
    if not audit.finished:
        raise AuditError("finish the audit before choosing a gap to rebuild")
    return replace(audit, rebuild_gap=check_rebuild_gap(choice, audit.gaps))


def abandon(audit: Audit, now: datetime) -> Audit:
    """Give up on the audit itself; its clock stops (as a pause) so elapsed time stays fixed."""
    if audit.status in (AuditStatus.FINISHED, AuditStatus.ABANDONED):
        raise AuditError(f"this audit is already {audit.status}")
    if audit.status is AuditStatus.RUNNING:
        audit = pause(audit, now)
    return replace(audit, abandoned=True)


# --- the timer ----------------------------------------------------------------------------------


def elapsed(audit: Audit, now: datetime) -> timedelta:
    """Working time so far, pauses excluded, never negative.

    Everything is computed from stored UTC instants, so midnight, month ends and daylight-saving
    changes make no difference; a wall clock set back before the start yields zero.
    """
    if audit.started_at is None:
        return timedelta(0)
    end = audit.finished_at or audit.paused_at or _utc(now)
    spent = end - audit.started_at - timedelta(seconds=audit.paused_seconds)
    return max(spent, timedelta(0))


def elapsed_minutes(audit: Audit, now: datetime) -> int:
    """Elapsed time rounded to the nearest minute: the default for "minutes taken"."""
    return int((elapsed(audit, now).total_seconds() + 30) // 60)


def over_time_box(audit: Audit, now: datetime) -> bool:
    """True once the working time has reached the time box."""
    return elapsed(audit, now) >= timedelta(minutes=audit.time_box_minutes)


# --- due rule, history, recurring gaps, suggestions, the rebuild goal ---------------------------


def audit_due(audits: Iterable[Audit], today: date) -> bool:
    """Due until this month (of the local `today`) has a finished, not abandoned, audit."""
    month = month_key(today)
    return not any(a.finished and a.month == month for a in audits)


def in_progress(audits: Iterable[Audit]) -> Audit | None:
    """The most recently started audit that is running or paused, to offer back on start."""
    open_ = [a for a in audits if a.status in (AuditStatus.RUNNING, AuditStatus.PAUSED)]
    return max(open_, key=lambda a: a.started_at or datetime.min.replace(tzinfo=UTC), default=None)
