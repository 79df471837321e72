"""Git output against logged learning: which commits count, how, and which weeks are flagged."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from craftlog.core.assistants import DEFAULT_AI_PATTERNS
from craftlog.core.weeks import IsoWeek

_TRAILER = re.compile(r"^\s*(?:co-authored-by|assisted-by|generated-by)\s*:(.*)$", re.I)
_GENERATED = re.compile(r"\b(?:generated|written|created|made)\s+(?:with|by|using)\b(.*)$", re.I)


@dataclass(frozen=True)
class FileChange:
    """One file of a commit as numstat reports it; None counts mean a binary file."""

    path: str
    added: int | None
    removed: int | None


@dataclass(frozen=True)
class RawCommit:
    """A commit as git reports it, before craftlog's rules are applied."""

    sha: str
    parents: tuple[str, ...]
    email: str
    authored_at: int
    message: str
    files: tuple[FileChange, ...]


@dataclass(frozen=True)
class CommitFact:
    """One commit of the user's, as stored and counted."""

    sha: str
    authored_at: int
    email: str
    summary: str
    lines_added: int
    lines_removed: int
    files_changed: int
    is_merge: bool
    ai_assisted: bool


@dataclass(frozen=True)
class ScanRules:
    """Whose commits count and how their lines and AI assistance are judged."""

    emails: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ai_patterns: tuple[str, ...] = DEFAULT_AI_PATTERNS

    def __post_init__(self) -> None:
        object.__setattr__(self, "emails", tuple(sorted({e.strip().lower() for e in self.emails})))

    @property
    def everyone(self) -> bool:
        """With no identity at all, every author's commits count."""
        return not self.emails

    def fingerprint(self) -> str:
        """Changes whenever a rule changes, so stored counts made under old rules are redone."""
        text = "\x1f".join(("v1", *self.emails, "\x1e", *self.exclude, "\x1e", *self.ai_patterns))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def ai_regex(self) -> re.Pattern[str]:
        names = "|".join(self.ai_patterns) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{names})(?![\w])", re.I)


def summary_of(message: str) -> str:
    """The subject as git shows it: the first paragraph, joined into one line."""
    lines = []
    for line in message.strip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    return " ".join(lines)


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """A pattern with a slash matches the whole path; one without matches any file name."""
    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = path if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern.lstrip("/")):
            return True
    return False


def ai_assisted(message: str, names: re.Pattern[str]) -> bool:
    """A co-author trailer or a "generated with" line naming a known assistant."""
    for line in message.splitlines():
        match = _TRAILER.match(line) or _GENERATED.search(line)
        if match and names.search(match.group(1)):
            return True
    return False


class Classifier:
    """Applies one set of scan rules to raw commits."""

    def __init__(self, rules: ScanRules) -> None:
        self._emails = frozenset(rules.emails)
        self._exclude = rules.exclude
        self._names = rules.ai_regex()

    def __call__(self, raw: RawCommit) -> CommitFact | None:
        """The commit as counted, or None when it is someone else's."""
        email = raw.email.strip().lower()
        if self._emails and email not in self._emails:
            return None
        added = removed = 0
        for change in raw.files:
            if change.added is None or is_excluded(change.path, self._exclude):
                continue
            added += change.added
            removed += change.removed or 0
        return CommitFact(
            sha=raw.sha,
            authored_at=raw.authored_at,
            email=email,
            summary=summary_of(raw.message),
            lines_added=added,
            lines_removed=removed,
            files_changed=len(raw.files),
            is_merge=len(raw.parents) > 1,
            ai_assisted=ai_assisted(raw.message, self._names),
        )


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
