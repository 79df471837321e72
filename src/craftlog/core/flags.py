"""Weeks of output against weeks of learning, and the rule that flags the gap between them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from craftlog.core.weeks import IsoWeek


@dataclass(frozen=True)
class WeekOutput:
    """One ISO week: git output next to learning entries, and whether it is flagged."""

    week: IsoWeek
    commits: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    ai_assisted_commits: int = 0
    entries: int = 0
    flagged: bool = False
    reason: str = ""

    @property
    def lines_changed(self) -> int:
        return self.lines_added + self.lines_removed

    def as_json(self) -> dict[str, object]:
        """Exactly the keys of `craftlog weeks --json`."""
        return {
            "week": self.week.label,
            "start": self.week.monday.isoformat(),
            "commits": self.commits,
            "lines_added": self.lines_added,
            "lines_removed": self.lines_removed,
            "ai_assisted_commits": self.ai_assisted_commits,
            "entries": self.entries,
            "flagged": self.flagged,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CommitCounts:
    """A week's summed commit figures, merges left out."""

    commits: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    ai_assisted_commits: int = 0


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {words or word + 's'}"


def judge(counts: CommitCounts, entries: int, min_commits: int, min_lines: int) -> tuple[bool, str]:
    """The flag rule: output at or over both thresholds and no learning entry, said in words."""
    lines = counts.lines_added + counts.lines_removed
    output = _plural(counts.commits, "commit")
    if min_lines > 0:
        output += f" and {_plural(lines, 'changed line')}"
    if entries:
        return False, f"{_plural(entries, 'learning entry', 'learning entries')} logged"
    if counts.commits >= min_commits and lines >= min_lines:
        return True, f"{output} and no learning logged"
    if counts.commits == 0:
        return False, "no commits and no learning logged"
    if counts.commits < min_commits:
        return False, f"{output}, under the {min_commits} that would flag the week"
    return False, f"{output}, under the {min_lines:,} changed lines that would flag the week"


def week_table(
    commits: Mapping[IsoWeek, CommitCounts],
    entries: Mapping[IsoWeek, int],
    today: date,
    min_commits: int,
    min_lines: int,
    since: date | None = None,
    until: date | None = None,
) -> list[WeekOutput]:
    """Each week from the first with a commit or entry (or `since`) to this week (or `until`)."""
    current = IsoWeek.of(today)
    known = [w for w in (*commits, *entries) if w <= current]
    if since is not None:
        first = IsoWeek.of(since)
    elif known:
        first = min(known)
    else:
        return []
    last = IsoWeek.of(until) if until is not None else current
    table = []
    week = first
    while week <= last:
        counts = commits.get(week, CommitCounts())
        logged = entries.get(week, 0)
        flagged, reason = judge(counts, logged, min_commits, min_lines)
        table.append(
            WeekOutput(
                week=week,
                commits=counts.commits,
                lines_added=counts.lines_added,
                lines_removed=counts.lines_removed,
                ai_assisted_commits=counts.ai_assisted_commits,
                entries=logged,
                flagged=flagged,
                reason=reason,
            )
        )
        week = week.shifted(1)
    return table


def recent_flags(table: Sequence[WeekOutput], weeks: int = 8) -> list[WeekOutput]:
    """The flagged weeks among the last few, newest first."""
    return [w for w in reversed(table[-weeks:]) if w.flagged]
