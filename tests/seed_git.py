"""Seeded git repositories with fixed dates, for Pilot tests, snapshots and screenshots."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from craftlog.services import Services

ME = "me@example.com"
# Commits per week, oldest first, ending with the week of 2026-11-16 (2026-W47).
WEEKLY = {
    "api-server": [4, 7, 2, 9, 12, 0, 6, 3, 11, 8, 1, 5, 10, 6, 2, 7, 3],
    "infra": [0, 2, 0, 1, 0, 3, 0, 0, 2, 1, 0, 0, 4, 0, 1, 0, 1],
}
LAST_MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
SUBJECTS = [
    "Add retry with jitter to the webhook sender",
    "Fix N+1 query in the orders endpoint",
    "Refactor session cache behind an interface",
    "Bump dependencies and regenerate lock file",
    "Handle [red]markup[/red] in user names literally",
    "Add index on events(created_at)",
    "Split the billing worker into two queues",
    "Remove dead feature flag for the old checkout",
]


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def build_repo(path: Path, weekly: list[int], seed: int = 0) -> None:
    """A repository whose commits follow `weekly`, made in one `git fast-import` run."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "config", "user.email", ME], check=True)
    stream = bytearray()
    mark = 0
    first_week = LAST_MONDAY - timedelta(weeks=len(weekly) - 1)
    for week_index, count in enumerate(weekly):
        for n in range(count):
            mark += 1
            when = first_week + timedelta(weeks=week_index, hours=n * 7 + 1)
            subject = SUBJECTS[(mark + seed) % len(SUBJECTS)]
            message = subject
            if mark % 4 == 0:
                message += "\n\nCo-authored-by: Claude <noreply@anthropic.com>"
            author = ME if mark % 13 else "colleague@example.com"
            stamp = f"{int(when.timestamp())} +0000"
            stream += b"commit refs/heads/main\nmark :%d\n" % mark
            stream += f"author Dev <{author}> {stamp}\ncommitter Dev <{author}> {stamp}\n".encode()
            stream += _data(message)
            if mark > 1:
                stream += b"from :%d\n" % (mark - 1)
            lines = "".join(f"line {i} of change {mark}\n" for i in range((mark * 7) % 40 + 3))
            stream += f"M 100644 inline src/module_{mark % 9}.py\n".encode() + _data(lines)
            if mark % 5 == 0:
                stream += b"M 100644 inline package-lock.json\n" + _data("{}\n" * 50)
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input=bytes(stream),
                   check=True)  # fmt: skip
    subprocess.run(["git", "-C", str(path), "reset", "-q", "--hard", "main"], check=True)


def seed_git(services: Services, root: Path, scan: bool = True) -> list[Path]:
    """Build the seeded repositories under `root`, register them, and scan unless told not to."""
    made = []
    for index, (name, weekly) in enumerate(WEEKLY.items()):
        path = root / name
        build_repo(path, weekly, seed=index)
        services.add_repository(str(path))
        made.append(path)
    if scan:
        services.scan()
    return made
