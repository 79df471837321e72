"""Seeded audits and self-assessments for Pilot tests, snapshots and the screenshot script."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from craftlog.core import audits as a
from craftlog.core.assessments import Assessment, from_result
from craftlog.core.audit_history import months_before
from craftlog.core.instruments import get_instrument, score
from craftlog.services import Services

PARSER = "writing a recursive descent parser"
WINDOWS = "SQL window functions"

# (months before today, task, confidence before, now, outcome, minutes, gaps, looked up, abandoned)
SEED_AUDITS = [
    (4, "Write a recursive descent parser for arithmetic expressions", 4, 2, a.Outcome.GAVE_UP,
     60, f"{PARSER}\noperator precedence without a table\nError messages with line numbers",
     "How precedence climbing works; Python's tokenize module", False),
    (3, "Report the top three customers per region from raw SQL", 5, 3, a.Outcome.PARTLY, 75,
     f"{WINDOWS}\nCorrelated subqueries\n{PARSER}",
     "ROW_NUMBER() OVER (PARTITION BY ...); the difference between RANK and DENSE_RANK", False),
    (2, "Rate-limit an HTTP client with a token bucket", 4, 3, None, 0, "", "", True),
    (2, "Parse a CSV with quoted fields by hand", 4, 3, a.Outcome.WITH_DOCS, 50,
     f"{PARSER}\nEscaped quotes inside quoted fields\n{WINDOWS}",
     "RFC 4180 for the quoting rules", False),
    (1, "Write the monthly sales report query with running totals", 4, 4, a.Outcome.UNAIDED, 40,
     f"{WINDOWS}\nFrame clauses: ROWS versus RANGE", "", False),
]  # fmt: skip
REBUILD = WINDOWS  # chosen in the latest audit

# (instrument, days before today, answers counting a point: "yes" or "uncomfortable")
SEED_CHECKS = [
    ("symptoms", 105, ("blank-page", "reread", "busy-not-better", "more-reliance")),
    ("quick-check", 104, ("whole-design", "old-bug", "new-kind", "old-confidence")),
    ("tier", 100, ("context-file", "spend", "readable-notes")),
    ("symptoms", 60, ("reread", "busy-not-better", "more-reliance")),
    ("quick-check", 59, ("old-bug", "new-kind", "old-confidence")),
    ("quick-check", 30, ("new-kind", "old-confidence")),
    ("tier", 16, ("context-file", "own-prompts", "spend", "evals", "readable-notes")),
    ("symptoms", 10, ("busy-not-better", "more-reliance")),
]


def local_instant(day: date, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time on `day`, as the aware UTC instant craftlog stores."""
    return datetime.combine(day, time(hour, minute)).astimezone().astimezone(UTC)


def checked(key: str, counting: tuple[str, ...], taken_at: datetime, day: date) -> Assessment:
    """An instrument answered with a point for each question in `counting`, scored by core."""
    instrument = get_instrument(key)
    point = next(c.value for c in instrument.choices if c.counts)
    other = next(c.value for c in instrument.choices if not c.counts)
    answers = {q.id: point if q.id in counting else other for q in instrument.questions}
    return from_result(score(instrument, answers), taken_at, day)


def seed_self(services: Services, today: date = date(2026, 11, 18)) -> None:
    """Four months of audits (none finished this month) and the three instruments' history."""
    stored = []
    for months, task, before, now, outcome, minutes, gaps, looked_up, gave_up in SEED_AUDITS:
        day = months_before(today, months)
        began = local_instant(day, 19)
        audit = a.start(a.plan(task, before, now, 60, day), began, day)
        if gave_up:
            audit = a.abandon(audit, began + timedelta(minutes=12))
        else:
            assert outcome is not None
            ended = began + timedelta(minutes=minutes)
            audit = a.finish(audit, ended, outcome, minutes, gaps, looked_up)
        stored.append(services.audits.save(audit))
    services.audits.save(a.choose_rebuild(stored[-1], REBUILD))
    for key, days, counting in SEED_CHECKS:
        day = today - timedelta(days=days)
        services.assessments.add(checked(key, counting, local_instant(day, 21, 15), day))


def seed_open_audit(services: Services, now: datetime) -> a.Audit:
    """A running audit whose timer started 25 minutes before `now` (aware)."""
    began = now - timedelta(minutes=25)
    day = began.astimezone().date()
    planned = a.plan("Implement an LRU cache without looking anything up", 4, 2, 60, day)
    return services.audits.save(a.start(planned, began, day))
