"""Which commits count as the user's output, and how their lines and AI assistance are judged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from craftlog.core.assistants import DEFAULT_AI_PATTERNS

_TRAILER = re.compile(r"^\s*(?:co-authored-by|assisted-by|generated-by)\s*:(.*)$", re.I)
# A line that says how the change was made, such as "🤖 Generated with [Claude Code](...)": it
# must open the line (after any emoji or bullet), or prose like "flicker made by cursor blinks"
# would count, and the figure is shown as a lower bound.
_GENERATED = re.compile(
    r"^[\W_]*(?:generated|written|created|made)\s+(?:with|by|using)\b(.*)$", re.I
)

_SPACE = " \t\r\n"


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
        import hashlib

        text = "\x1f".join(("v1", *self.emails, "\x1e", *self.exclude, "\x1e", *self.ai_patterns))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def ai_regex(self) -> re.Pattern[str]:
        names = "|".join(self.ai_patterns) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{names})(?![\w])", re.I)


def summary_of(message: str) -> str:
    """The subject as git shows it: the first paragraph, joined into one line."""
    lines = []
    # Lines end at "\n" only, as in git: str.splitlines() and str.strip() would also take
    # \x1c-\x1e, NEL and U+2028 for line breaks or spaces and cut or change the subject.
    for line in message.strip(_SPACE).split("\n"):
        if not line.strip(_SPACE):
            break
        lines.append(line.strip(_SPACE))
    return " ".join(lines)


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """A pattern with a slash matches the whole path; one without matches any file name."""
    import fnmatch  # only scans need it, and `craftlog status` stays lean without it

    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = path if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern.lstrip("/")):
            return True
    return False


def ai_assisted(message: str, names: re.Pattern[str]) -> bool:
    """A co-author trailer or a "generated with" line naming a known assistant."""
    for line in message.split("\n"):
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
        # The same paths come back commit after commit: match each against the patterns once.
        self._excluded: dict[str, bool] = {}

    def __call__(self, raw: RawCommit) -> CommitFact | None:
        """The commit as counted, or None when it is someone else's."""
        email = raw.email.strip().lower()
        if self._emails and email not in self._emails:
            return None
        added = removed = 0
        excluded = self._excluded
        for change in raw.files:
            if change.added is None:
                continue
            skip = excluded.get(change.path)
            if skip is None:
                skip = excluded[change.path] = is_excluded(change.path, self._exclude)
            if skip:
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


# The week rules live in core.flags; importing them here keeps one place for callers of both.
from craftlog.core.flags import (  # noqa: E402
    CommitCounts,
    WeekOutput,
    judge,
    recent_flags,
    week_table,
)

__all__ = [
    "Classifier",
    "CommitCounts",
    "CommitFact",
    "FileChange",
    "RawCommit",
    "ScanRules",
    "WeekOutput",
    "ai_assisted",
    "is_excluded",
    "judge",
    "recent_flags",
    "summary_of",
    "week_table",
]
