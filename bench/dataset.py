"""A deterministic log of N weekly entries, written as a craftlog export and as a jrnl file."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

SEED = 20_260_000
YEARS = 20
KINDS = ("concept", "problem", "behavior", "explanation", "no-ai-build", "other")
TOPICS = (
    "Postgres MVCC", "Python GIL", "TCP slow start", "Rust borrow checker", "Git rebase",
    "Kubernetes probes", "SQLite WAL", "CSS grid", "asyncio cancellation", "B-tree splits",
    "DNS TTLs", "Linux page cache", "HTTP/2 streams", "React reconciliation", "Go channels",
    "Bloom filters", "TLS handshakes", "Kafka partitions", "JIT warm-up", "Unicode normalisation",
)  # fmt: skip
INSIGHTS = (
    "readers never block writers because each transaction sees a snapshot",
    "the cost is paid at write time, not at read time",
    "the slow path only runs when the cache is cold",
    "ordering is guaranteed per key, never across keys",
    "the timeout fires before the retry budget is spent",
    "a lock held across an await point starves the other tasks",
    "the planner picks a sequential scan once the table is small enough",
    "backpressure has to reach the producer or the queue grows without bound",
)  # fmt: skip
DETAILS = (
    "I reproduced it with a twenty-line script before reading the docs.",
    "The bug we shipped last month was exactly this, seen from the other side.",
    "Measured it: the difference was an order of magnitude on a warm machine.",
    "Wrote a test that fails without the fix and passes with it.",
    "Explained it to a colleague on a whiteboard, which showed the gap in my picture.",
    "The manual says so in one sentence that I had skipped twice.",
)  # fmt: skip
TAGS = (
    "databases", "python", "networking", "rust", "git", "k8s", "sqlite", "css", "async",
    "algorithms", "dns", "linux", "http", "frontend", "go", "security", "streaming", "perf",
)  # fmt: skip


@dataclass(frozen=True)
class SampleEntry:
    """One generated entry, the same in both formats."""

    uid: str
    day: date
    minute: int
    kind: str
    title: str
    body: str
    tags: tuple[str, ...]
    needed_ai: bool
    struggle_minutes: int | None


def generate(count: int, today: date, seed: int = SEED) -> list[SampleEntry]:
    """`count` entries in distinct ISO weeks over the last ~20 years, oldest first."""
    rng = random.Random(seed)
    last_monday = today - timedelta(days=today.weekday() + 7)
    span = max(YEARS * 52, count)
    weeks = sorted(rng.sample(range(span), count), reverse=True)
    entries = []
    for week_back in weeks:
        day = last_monday - timedelta(weeks=week_back) + timedelta(days=rng.randrange(7))
        topic = rng.choice(TOPICS)
        body = " ".join(rng.sample(DETAILS, rng.randint(1, 3)))
        minutes = rng.choice((None, None, 15, 30, 45, 90, 120))
        entries.append(
            SampleEntry(
                uid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                day=day,
                minute=rng.randrange(24 * 60),
                kind=rng.choice(KINDS),
                title=f"{topic}: {rng.choice(INSIGHTS)}",
                body=body,
                tags=tuple(rng.sample(TAGS, rng.randint(1, 3))),
                needed_ai=rng.random() < 0.2,
                struggle_minutes=minutes,
            )
        )
    return entries


def _created(entry: SampleEntry) -> str:
    moment = datetime.combine(entry.day, time(), tzinfo=UTC) + timedelta(minutes=entry.minute)
    return moment.isoformat(timespec="microseconds")


def craftlog_export(entries: list[SampleEntry], exported_at: datetime) -> dict[str, object]:
    """The entries as a craftlog JSON export (see craftlog.core.exchange), version 1."""
    records = [
        {
            "uid": e.uid,
            "text": f"{e.title}\n{e.body}",
            "kind": e.kind,
            "tags": list(e.tags),
            "date": e.day.isoformat(),
            "needed_ai": e.needed_ai,
            "struggle_minutes": e.struggle_minutes,
            "commit": None,
            "created_at": _created(e),
            "updated_at": _created(e),
            "deleted_at": None,
        }
        for e in entries
    ]
    document: dict[str, object] = {
        "format": "craftlog",
        "version": 1,
        "exported_at": exported_at.isoformat(timespec="seconds"),
    }
    for name in ("entries", "audits", "checks", "tier_tests", "repositories", "reviews"):
        document[name] = []
    document["entries"] = records
    return document


def write_craftlog_export(entries: list[SampleEntry], path: Path) -> Path:
    """Write the craftlog JSON export file and return its path."""
    document = craftlog_export(entries, datetime.now(UTC))
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


JRNL_TIMEFORMAT = "%Y-%m-%d %H:%M"


def jrnl_text(entries: list[SampleEntry]) -> str:
    """The entries in jrnl's plain-text format: `[date] title`, body with @tags, blank line."""
    blocks = []
    for e in entries:
        stamp = datetime.combine(e.day, time(e.minute // 60, e.minute % 60))
        tags = " ".join(f"@{t}" for t in e.tags)
        blocks.append(f"[{stamp.strftime(JRNL_TIMEFORMAT)}] {e.title}\n{e.body} {tags}\n")
    return "\n".join(blocks)
