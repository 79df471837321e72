"""Seeded, realistic log data for Pilot tests, snapshots and the screenshot script."""

from __future__ import annotations

from datetime import date, timedelta

from craftlog.core.entries import make_draft
from craftlog.services import Services

# (days before the fixed "today" 2026-11-18, kind, tags, text, needed_ai, struggle minutes)
SEED_ENTRIES = [
    (0, "concept", ["postgres", "databases"],
     "Postgres MVCC: readers never block writers\nEach row version carries xmin/xmax; a snapshot "
     "decides visibility, so a long transaction keeps old versions alive and VACUUM cannot "
     "reclaim them.", False, 90),
    (1, "problem", ["rust", "async"],
     "Cancellation safety in tokio::select!\nThe losing branches are dropped, so a partial read "
     "inside them is lost. Use cancel-safe methods or keep the future outside the loop.",
     True, 45),
    (8, "behavior", ["networking"],
     "Nagle + delayed ACK adds 40 ms to small writes\nTwo small writes then a read stall until "
     "the peer's delayed ACK fires. TCP_NODELAY or one coalesced write fixes it.", False, 120),
    (9, "no-ai-build", ["python", "cli"],
     "Built a tiny argparse CLI for rotating backups without AI\nHad to look up "
     "Path.glob ordering and os.replace atomicity; wrote the tests first.", False, 75),
    (16, "explanation", ["sqlite"],
     "Why our writes begin with BEGIN IMMEDIATE\nA deferred transaction that reads then writes "
     "cannot wait for the lock: SQLite returns busy at once to avoid deadlock.", False, None),
    (30, "concept", ["git"],
     "git log --numstat shows nothing for merges\nSo line counts come from the commits "
     "themselves and merges are not counted twice.", False, 20),
]  # fmt: skip


def seed(services: Services, today: date = date(2026, 11, 18)) -> None:
    """Fill a fresh store with the seed entries, dated relative to `today`."""
    for days_ago, kind, tags, text, needed_ai, minutes in SEED_ENTRIES:
        services.entries.add(
            make_draft(
                text,
                kind=kind,
                tags=tags,
                day=today - timedelta(days=days_ago),
                needed_ai=needed_ai,
                struggle_minutes=minutes,
            )
        )
