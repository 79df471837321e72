"""Learning entries: what they hold and the rules a new or edited one must pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from craftlog.core.text import surrogate_count, title_of
from craftlog.core.weeks import IsoWeek

MAX_TEXT_CHARS = 100_000
MAX_TAGS = 20
MAX_TAG_CHARS = 40
MAX_STRUGGLE_MINUTES = 60 * 24 * 14
_SHA = re.compile(r"[0-9a-fA-F]{4,64}")
_TAG_BAD = re.compile(r"[\x00-\x20\x7f-\x9f,]")
# Dates before this are typing mistakes, not entries (and ISO weeks need a four-digit year).
EARLIEST_DAY = date(1970, 1, 1)


class EntryError(ValueError):
    """A value an entry cannot hold, with a reason a person can act on."""


class EntryKind(StrEnum):
    """What sort of understanding an entry records."""

    CONCEPT = "concept"
    PROBLEM = "problem"
    BEHAVIOR = "behavior"
    EXPLANATION = "explanation"
    NO_AI_BUILD = "no-ai-build"
    OTHER = "other"

    @property
    def description(self) -> str:
        return _KIND_DESCRIPTIONS[self]


_KIND_DESCRIPTIONS = {
    EntryKind.CONCEPT: "a concept that finally made sense",
    EntryKind.PROBLEM: "a kind of problem you can solve now",
    EntryKind.BEHAVIOR: "a system behaviour you can now predict",
    EntryKind.EXPLANATION: "why a change you shipped works the way it does",
    EntryKind.NO_AI_BUILD: "the small thing you built this week with no AI",
    EntryKind.OTHER: "anything else you understand now and did not before",
}


@dataclass(frozen=True)
class EntryDraft:
    """A validated entry that has not been stored yet."""

    text: str
    kind: EntryKind = EntryKind.CONCEPT
    tags: tuple[str, ...] = ()
    day: date | None = None
    needed_ai: bool = False
    struggle_minutes: int | None = None
    commit_repo: str | None = None
    commit_sha: str | None = None


@dataclass(frozen=True)
class Entry:
    """A stored learning entry."""

    id: int
    uid: str
    text: str
    kind: EntryKind
    tags: tuple[str, ...]
    day: date
    needed_ai: bool
    struggle_minutes: int | None
    commit_repo: str | None
    commit_sha: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    @property
    def title(self) -> str:
        return title_of(self.text)

    @property
    def week(self) -> IsoWeek:
        return IsoWeek.of(self.day)

    def facts(self) -> list[str]:
        """Tags, the AI flag, struggle and the commit link, as short phrases."""
        facts = [" ".join(f"#{t}" for t in self.tags)] if self.tags else []
        if self.needed_ai:
            facts.append("needed AI to get there")
        if self.struggle_minutes:
            facts.append(f"{self.struggle_minutes} min of struggle")
        if self.commit_sha:
            facts.append(f"commit {self.commit_sha[:12]} in {self.commit_repo}")
        return facts


def parse_kind(value: str) -> EntryKind:
    """The kind named by `value`, forgiving case and underscores."""
    key = value.strip().lower().replace("_", "-")
    try:
        return EntryKind(key)
    except ValueError:
        names = ", ".join(k.value for k in EntryKind)
        raise EntryError(f"unknown kind {value!r}; choose one of: {names}") from None


def parse_day(value: str, today: date) -> date:
    """A date given as YYYY-MM-DD, `today` or `yesterday`; never later than today."""
    text = value.strip().lower()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise EntryError(f"{value!r} is not a date; write it as YYYY-MM-DD, such as {today}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise EntryError(f"{value} is not a day that exists in the calendar") from None
    return check_day(day, today)


def check_day(day: date, today: date) -> date:
    """An entry's date lies between 1970 and today."""
    if day > today:
        raise EntryError(f"{day} is in the future; an entry records what you already learned")
    if day < EARLIEST_DAY:
        raise EntryError(f"{day} is before {EARLIEST_DAY.year}; check the year")
    return day


def normalise_tag(tag: str) -> str:
    """A tag in its stored form: lower case, no leading '#', inner spaces as hyphens."""
    cleaned = "-".join(tag.strip().lstrip("#").lower().split())
    if not cleaned:
        raise EntryError("a tag cannot be empty")
    if len(cleaned) > MAX_TAG_CHARS:
        raise EntryError(f"tag {tag.strip()[:20]!r}… is longer than {MAX_TAG_CHARS} characters")
    if surrogate_count(cleaned):
        raise EntryError(f"tag {tag.strip()!r} holds bytes that are not valid UTF-8")
    if _TAG_BAD.search(cleaned):
        raise EntryError(f"tag {tag.strip()!r} may not contain control characters or commas")
    return cleaned


def normalise_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags deduplicated in first-seen order; a comma also separates tags."""
    seen: dict[str, None] = {}
    for raw in tags:
        for part in raw.split(","):
            if part.strip():
                seen.setdefault(normalise_tag(part), None)
    if len(seen) > MAX_TAGS:
        raise EntryError(f"an entry takes at most {MAX_TAGS} tags, not {len(seen)}")
    return tuple(seen)


def check_text(text: str) -> str:
    """Entry text with line endings unified and trailing blank space trimmed, or an EntryError."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip("\n").rstrip()
    if not text.strip():
        raise EntryError("the entry is empty; write one thing you understand now")
    bad = surrogate_count(text)
    if bad:
        noun = "byte that is" if bad == 1 else "bytes that are"
        raise EntryError(
            f"the text holds {bad} {noun} not valid UTF-8; nothing was saved. "
            "Save it as UTF-8 (or set the terminal to UTF-8) and try again"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise EntryError(
            f"the entry is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}. "
            "Keep the insight here and link to longer notes"
        )
    return text


def check_struggle(minutes: int | None) -> int | None:
    """Struggle minutes, when given, must be a plausible whole number."""
    if minutes is None:
        return None
    if not 0 <= minutes <= MAX_STRUGGLE_MINUTES:
        raise EntryError(f"struggle minutes must be between 0 and {MAX_STRUGGLE_MINUTES}")
    return minutes


def check_commit(repo: str | None, sha: str | None) -> tuple[str | None, str | None]:
    """A commit link is a repository and a hexadecimal sha, both or neither."""
    repo = (repo or "").strip() or None
    sha = (sha or "").strip().lower() or None
    if (repo is None) != (sha is None):
        raise EntryError("a commit link needs both the repository and the sha")
    # A lone surrogate (an undecodable byte) cannot be stored as UTF-8: refuse it in words here
    # rather than let the database driver fail on it with an encoding error.
    if repo is not None and surrogate_count(repo):
        raise EntryError(
            "the commit's repository path holds bytes that are not valid UTF-8; nothing was saved"
        )
    if sha is not None and not _SHA.fullmatch(sha):
        raise EntryError(f"{sha!r} is not a commit sha")
    return repo, sha


def make_draft(
    text: str,
    *,
    kind: EntryKind | str = EntryKind.CONCEPT,
    tags: list[str] | tuple[str, ...] = (),
    day: date,
    needed_ai: bool = False,
    struggle_minutes: int | None = None,
    commit_repo: str | None = None,
    commit_sha: str | None = None,
) -> EntryDraft:
    """Validate every field of a new or edited entry."""
    repo, sha = check_commit(commit_repo, commit_sha)
    return EntryDraft(
        text=check_text(text),
        kind=kind if isinstance(kind, EntryKind) else parse_kind(kind),
        tags=normalise_tags(tags),
        day=day,
        needed_ai=needed_ai,
        struggle_minutes=check_struggle(struggle_minutes),
        commit_repo=repo,
        commit_sha=sha,
    )
