"""The monthly audit over time: a row per month, recurring gaps, task ideas and the goal."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from craftlog.core.audits import _EPOCH, Audit, Outcome
from craftlog.core.text import one_line

COMMITS_FROM_MONTHS_AGO = 3
COMMITS_UNTIL_MONTHS_AGO = 12


def finished_in_order(audits: Iterable[Audit]) -> list[Audit]:
    """Finished audits, oldest first by when they were finished."""
    return sorted((a for a in audits if a.finished), key=lambda a: a.finished_at or _EPOCH)


@dataclass(frozen=True)
class MonthRow:
    """A month of audit history: its latest finished audit and how many it had."""

    month: str
    outcome: Outcome
    minutes: int
    audits: int
    latest: Audit


def history(audits: Iterable[Audit]) -> list[MonthRow]:
    """One row per month with a finished audit, oldest first (a trend reads left to right)."""
    by_month: dict[str, list[Audit]] = {}
    for audit in finished_in_order(audits):
        by_month.setdefault(audit.month, []).append(audit)
    rows = []
    for month in sorted(by_month):
        latest = by_month[month][-1]
        assert latest.outcome is not None and latest.minutes is not None
        rows.append(MonthRow(month, latest.outcome, latest.minutes, len(by_month[month]), latest))
    return rows


def changes(rows: Sequence[MonthRow]) -> tuple[int | None, int | None]:
    """Change in outcome rank and in minutes from the month before the latest to the latest."""
    if len(rows) < 2:
        return None, None
    before, latest = rows[-2], rows[-1]
    return latest.outcome.rank - before.outcome.rank, latest.minutes - before.minutes


@dataclass(frozen=True)
class RecurringGap:
    """A gap named in two or more audits."""

    text: str  # the most recent spelling
    count: int
    last_month: str


def _gap_key(gap: str) -> str:
    return " ".join(gap.split()).casefold()


def recurring_gaps(audits: Iterable[Audit], at_least: int = 2) -> list[RecurringGap]:
    """Gaps found in `at_least` different finished audits, most frequent then most recent first."""
    seen: dict[str, tuple[int, int, str, str]] = {}  # key -> count, last index, spelling, month
    for index, audit in enumerate(finished_in_order(audits)):
        for key, gap in {_gap_key(g): g for g in audit.gaps}.items():
            count = seen[key][0] + 1 if key in seen else 1
            seen[key] = (count, index, gap, audit.month)
    found = sorted(seen.values(), key=lambda v: (-v[0], -v[1]))
    return [RecurringGap(text, n, month) for n, _, text, month in found if n >= at_least]


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to that month's last day."""
    year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, index + 1, min(day.day, monthrange(year, index + 1)[1]))


def suggest_tasks(
    audits: Iterable[Audit],
    commits: Iterable[tuple[date, str]] = (),
    *,
    today: date,
    limit: int = 5,
) -> list[str]:
    """Task ideas for step 1: recurring gaps, then recent gaps, then own commits 3–12 months old."""
    finished = finished_in_order(audits)
    ideas: dict[str, str] = {}
    for gap in recurring_gaps(finished):
        ideas.setdefault(gap.text.casefold(), f"Something that needs {gap.text} (a repeat gap)")
    for audit in reversed(finished):
        for gap in audit.gaps:
            ideas.setdefault(gap.casefold(), f"Something that needs {gap}")
    newest, oldest = (
        months_before(today, COMMITS_FROM_MONTHS_AGO),
        months_before(today, COMMITS_UNTIL_MONTHS_AGO),
    )
    for day, summary in sorted(commits, key=lambda c: c[0], reverse=True):
        text = one_line(summary, 72)
        if oldest <= day <= newest and text:
            ideas.setdefault(text.casefold(), f"Redo your change “{text}” from {day:%b %Y}")
    # Two keys can give one idea (a gap "X (a repeat gap)" beside a recurring gap "X").
    return list(dict.fromkeys(ideas.values()))[: max(limit, 0)]


@dataclass(frozen=True)
class Goal:
    """The gap chosen in the latest audit that chose one, as the weekly log asks about it."""

    gap: str
    month: str

    @property
    def prompt(self) -> str:
        return f"You set out to rebuild “{self.gap}”. What did you do about it this week?"


def current_goal(audits: Iterable[Audit]) -> Goal | None:
    """The rebuild goal from the latest finished audit that picked one."""
    for audit in reversed(finished_in_order(audits)):
        if audit.rebuild_gap:
            return Goal(audit.rebuild_gap, audit.month)
    return None
