"""The silence rule and the week streak, from the weeks that have entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from craftlog.core.weeks import IsoWeek

# The log counts as silent once this many whole weeks have passed with no entry.
SILENT_AFTER_FULL_WEEKS = 2


@dataclass(frozen=True)
class LogState:
    """How the log stands this week."""

    this_week: IsoWeek
    entries_this_week: int
    total_entries: int
    last_entry_day: date | None
    empty_full_weeks: int
    streak_weeks: int

    @property
    def silent(self) -> bool:
        """True when the log has had no entry for more than two full weeks."""
        return (
            self.total_entries > 0
            and self.entries_this_week == 0
            and self.empty_full_weeks >= SILENT_AFTER_FULL_WEEKS
        )

    @property
    def logged_this_week(self) -> bool:
        return self.entries_this_week > 0


def log_state(counts_by_week: dict[IsoWeek, int], last_day: date | None, today: date) -> LogState:
    """Derive this week's count, the empty whole weeks since the last entry and the streak."""
    current = IsoWeek.of(today)
    total = sum(counts_by_week.values())
    past = [w for w, n in counts_by_week.items() if n > 0 and w <= current]
    latest = max(past, default=None)
    # Whole weeks strictly between the last entry's week and this unfinished week.
    empty = max(latest.weeks_until(current) - 1, 0) if latest else 0
    return LogState(
        this_week=current,
        entries_this_week=counts_by_week.get(current, 0),
        total_entries=total,
        last_entry_day=last_day,
        empty_full_weeks=empty,
        streak_weeks=streak(past, current),
    )


def streak(weeks: Iterable[IsoWeek], current: IsoWeek) -> int:
    """Consecutive weeks with an entry, ending this week, or last week while this one is open."""
    have = set(weeks)
    week = current if current in have else current.shifted(-1)
    count = 0
    while week in have:
        count += 1
        week = week.shifted(-1)
    return count


def describe(state: LogState) -> str:
    """The log's state in one line, for a shell prompt or a header."""
    if state.total_entries == 0:
        return 'no entries yet · add one with: craftlog log "what you learned"'
    week = state.this_week.label
    parts = [
        f"{week} logged ({state.entries_this_week})"
        if state.logged_this_week
        else f"{week} not logged yet"
    ]
    if state.silent:
        parts.append(f"log silent for {state.empty_full_weeks} full weeks")
    plural = "s" if state.streak_weeks != 1 else ""
    parts.append(f"streak {state.streak_weeks} week{plural}")
    return " · ".join(parts)
