"""The records of the ten-year data set, as craftlog's own values: pure and deterministic.

Everything follows from the sizes, `today` and a fixed seed: weekly entries ending the current
ISO week (with a few missed weeks, a few doubled ones and some entries in the trash), one
no-AI audit a month through the current month, the two gap checks every month, a tier test
every quarter, and a few quiz reviews per entry. The store and the git history are bench
/tenyear.py's business; this module only says what goes in.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bench.dataset import DETAILS, INSIGHTS, TAGS, TOPICS
from craftlog.core import audits as audit_rules
from craftlog.core.assessments import Assessment, from_result
from craftlog.core.audits import Audit, Outcome
from craftlog.core.entries import EntryDraft, EntryKind, make_draft
from craftlog.core.instruments import INSTRUMENTS, score

SEED = 20_261_000
MORE_TOPICS = (
    "Postgres query planner", "Python descriptors", "Linux cgroups", "OAuth refresh tokens",
    "Raft leader election", "Vim text objects", "Docker layer caching", "Rust lifetimes",
    "Prometheus histograms", "Terraform state", "WebSockets", "Consistent hashing",
)  # fmt: skip
TASKS = (
    "Write a small HTTP server with routing, from the standard library only",
    "Fix a failing test in the payments module without any AI help",
    "Add pagination to the ledger API endpoint, tests included",
    "Write a SQL migration that splits the address column, with a rollback",
    "Build a CLI that parses a CSV of invoices and prints monthly totals",
    "Refactor the retry helper to use exponential backoff with jitter",
    "Debug the flaky integration test in the export job",
    "Implement an LRU cache with a dictionary and a linked list",
    "Write the Dockerfile and compose file for the worker service",
    "Add structured logging to the importer and a test that reads it",
)  # fmt: skip
GAPS = (
    "asyncio task cancellation", "SQL window functions", "git rebase --onto", "regex lookbehind",
    "pytest fixtures with scope", "TypeScript generics", "CSS grid areas", "Docker networking",
    "reading a flame graph", "writing a Makefile", "the datetime module and time zones",
    "argparse subcommands", "bash traps and set -e", "HTTP caching headers",
    "Python packaging entry points", "SQLite transactions", "unittest.mock.patch targets",
)  # fmt: skip
LOOKED_UP = (
    "The docs for the standard library module.", "Two Stack Overflow answers and the RFC.",
    "The project's own README and an old pull request.", "Nothing: it came back slowly.",
)  # fmt: skip
ANSWERS = (
    "Readers see a snapshot, so they never wait on writers; the cost is old row versions.",
    "It only matters when the cache is cold, which is why the first request was slow.",
    "Ordering holds per key but not across keys, so the consumer must not assume it.",
    "I remember the shape but not the detail; I had to reread the last paragraph.",
)  # fmt: skip


@dataclass(frozen=True)
class Sizes:
    """How much history the data set holds; `label` goes into its cache key."""

    label: str
    entries: int  # live entries, one an ISO week on average, the newest this week
    months: int  # audits (one a month) and gap checks (both, every month)
    repos: int
    commits: int  # across all repositories
    trashed: int  # entries in the trash, on top of the live ones
    reviews_per_entry: int = 3

    @property
    def commits_per_repo(self) -> int:
        return self.commits // self.repos

    @property
    def tier_tests(self) -> int:
        return (self.months + 2) // 3


FULL = Sizes("full", entries=520, months=120, repos=5, commits=100_000, trashed=12)
QUICK = Sizes("quick", entries=52, months=12, repos=2, commits=1_000, trashed=3)


@dataclass(frozen=True)
class PlannedEntry:
    """An entry to store, with its identity and timestamps."""

    draft: EntryDraft
    uid: str
    created_at: datetime
    deleted_at: datetime | None = None


def _moment(day: date, rng: random.Random, today: date) -> datetime:
    """A waking-hours instant of `day` in UTC; just after midnight when `day` is today."""
    if day >= today:
        return datetime.combine(today, time(0, rng.randrange(20)), tzinfo=UTC)
    return datetime.combine(day, time(rng.randint(7, 22), rng.randrange(60)), tzinfo=UTC)


def _day_in(first: date, today: date, rng: random.Random) -> date:
    """A day of the month starting `first`; before today when it is this month."""
    this_month = (first.year, first.month) == (today.year, today.month)
    last = max(1, today.day - 1) if this_month else 28
    return first + timedelta(days=rng.randint(0, last - 1))


def first_monday(sizes: Sizes, today: date) -> date:
    """The Monday of the oldest week the data set covers (entries and commits alike)."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=max(sizes.entries, sizes.months * 52 // 12) - 1)


def _week_days(sizes: Sizes, today: date, rng: random.Random) -> list[date]:
    """One day per entry: every week of the span, a few missed and as many doubled."""
    monday = today - timedelta(days=today.weekday())
    weeks = list(range(sizes.entries))  # weeks back from this one
    old = weeks[12:]  # the last twelve weeks are all logged, so there is a current streak
    missed = set(rng.sample(old, len(old) // 25))
    doubled = rng.sample([w for w in old if w not in missed], len(missed))
    days = []
    for back in sorted([*(w for w in weeks if w not in missed), *doubled], reverse=True):
        start = monday - timedelta(weeks=back)
        last = min(6, (today - start).days)
        days.append(start + timedelta(days=rng.randint(0, last)))
    return days


def _entry_text(rng: random.Random) -> str:
    topic = rng.choice(TOPICS + MORE_TOPICS)
    body = " ".join(rng.sample(DETAILS, rng.randint(1, 3)))
    return f"{topic}: {rng.choice(INSIGHTS)}\n\n{body}"


def entries(sizes: Sizes, today: date, seed: int = SEED) -> list[PlannedEntry]:
    """The live entries oldest first, then the trashed ones (deleted a week after writing)."""
    rng = random.Random(seed)
    days = _week_days(sizes, today, rng)
    trashed_days = [rng.choice(days[:-2]) for _ in range(sizes.trashed)]
    planned = []
    for index, day in enumerate([*days, *trashed_days]):
        minutes = rng.choice((None, None, None, 10, 20, 30, 45, 60, 90, 150))
        draft = make_draft(
            _entry_text(rng),
            kind=rng.choice(list(EntryKind)),
            tags=rng.sample(TAGS, rng.randint(1, 3)),
            day=day,
            needed_ai=rng.random() < 0.2,
            struggle_minutes=minutes,
        )
        created = _moment(day, rng, today)
        deleted = created + timedelta(days=7) if index >= len(days) else None
        if deleted is not None:
            deleted = min(deleted, datetime.combine(today, time(), tzinfo=UTC))
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        planned.append(PlannedEntry(draft, uid, created, deleted))
    return planned


def months(sizes: Sizes, today: date) -> list[date]:
    """The first day of each month covered, oldest first, the current month last."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(sizes.months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _outcome(progress: float, rng: random.Random) -> Outcome:
    """Early audits go worse than late ones: the log is meant to help."""
    weights = (0.15 + 0.5 * progress, 0.35, 0.3 - 0.15 * progress, 0.2 - 0.15 * progress)
    return rng.choices(list(Outcome), weights)[0]


def audits(sizes: Sizes, today: date, seed: int = SEED) -> list[Audit]:
    """One audit a month through this month, planned, timed and finished (a few abandoned)."""
    rng = random.Random(seed + 1)
    firsts = months(sizes, today)
    made = []
    for index, first in enumerate(firsts):
        day = _day_in(first, today, rng)
        planned = audit_rules.plan(
            rng.choice(TASKS), rng.randint(2, 5), rng.randint(1, 4), rng.choice((45, 60, 90)), day
        )
        started_at = _moment(day, rng, today) - timedelta(hours=2)
        audit = audit_rules.start(planned, started_at, day)
        if rng.random() < 0.03 and index < len(firsts) - 1:
            made.append(audit_rules.abandon(audit, started_at + timedelta(minutes=20)))
            continue
        minutes = rng.randint(25, 110)
        gaps = rng.sample(GAPS, rng.randint(0, 4))
        audit = audit_rules.finish(
            audit,
            started_at + timedelta(minutes=minutes),
            _outcome(index / max(1, len(firsts) - 1), rng),
            minutes,
            "\n".join(f"- {gap}" for gap in gaps),
            rng.choice(LOOKED_UP),
        )
        if audit.gaps and rng.random() < 0.7:
            audit = audit_rules.choose_rebuild(audit, rng.choice(audit.gaps))
        made.append(audit)
    return made


def _answers(key: str, strength: float, rng: random.Random) -> dict[str, str]:
    """Answers whose score drifts with `strength` (0 struggling to 1 doing well)."""
    instrument = INSTRUMENTS[key]
    good = next(c for c in instrument.choices if c.counts == instrument.higher_is_better)
    bad = next(c for c in instrument.choices if c is not good)
    return {
        q.id: (good if rng.random() < 0.25 + 0.6 * strength else bad).value
        for q in instrument.questions
    }


def assessments(sizes: Sizes, today: date, seed: int = SEED) -> list[Assessment]:
    """Both gap checks every month and a tier test every quarter, oldest first."""
    rng = random.Random(seed + 2)
    firsts = months(sizes, today)
    taken = []
    for index, first in enumerate(firsts):
        strength = index / max(1, len(firsts) - 1)
        keys = ["symptoms", "quick-check"] + (["tier"] if index % 3 == 0 else [])
        for key in keys:
            day = _day_in(first, today, rng)
            result = score(INSTRUMENTS[key], _answers(key, strength, rng))
            taken.append(from_result(result, _moment(day, rng, today), day))
    return sorted(taken, key=lambda a: a.taken_at)


@dataclass(frozen=True)
class PlannedReview:
    """One quiz review: when, of which entry (by uid), rated how, with what answer."""

    at: datetime
    entry_uid: str
    rating: int  # craftlog.core.reviews.Rating's value: 1 Again to 4 Easy
    ai: bool  # graded by Claude rather than by hand
    answer: str


def reviews(
    planned: list[PlannedEntry], sizes: Sizes, today: date, seed: int = SEED
) -> list[PlannedReview]:
    """A few reviews per live entry at growing intervals, none after today, oldest first."""
    rng = random.Random(seed + 3)
    end = datetime.combine(today, time(), tzinfo=UTC)
    made = []
    for item in planned:
        if item.deleted_at is not None:
            continue
        at, gap = item.created_at, 1.0
        for _ in range(sizes.reviews_per_entry):
            at += timedelta(days=gap * rng.uniform(0.8, 1.6))
            if at >= end:
                break
            rating = rng.choices((1, 2, 3, 4), (0.12, 0.2, 0.5, 0.18))[0]
            ai = rng.random() < 0.3
            made.append(PlannedReview(at, item.uid, rating, ai, rng.choice(ANSWERS)))
            gap *= 4 if rating > 1 else 1
    return sorted(made, key=lambda r: r.at)
