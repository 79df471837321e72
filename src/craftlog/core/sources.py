"""Registered repositories and what a scan of each did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ScanOutcome(StrEnum):
    """How a repository's scan ended."""

    NEW = "new"
    OK = "ok"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Source:
    """A registered repository, its last scan and how many of its commits are stored."""

    id: int
    path: str
    git_dir: str
    added_at: datetime
    scanned_at: datetime | None
    status: ScanOutcome
    message: str
    commits: int = 0

    @property
    def state(self) -> str:
        """One phrase on how it stands, for lists."""
        if self.status is ScanOutcome.NEW:
            return "not scanned yet"
        if self.status is ScanOutcome.FAILED:
            return f"last scan failed: {self.message}"
        if self.status is ScanOutcome.CANCELLED:
            return "last scan was stopped before it finished"
        return self.message or "up to date"


@dataclass(frozen=True)
class ScanReport:
    """What one repository's scan did, in figures and words."""

    path: str
    outcome: ScanOutcome
    new_commits: int = 0
    removed_commits: int = 0
    read_commits: int = 0
    seconds: float = 0.0
    message: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> str:
        """One line for the shell and for notifications."""
        if self.outcome is ScanOutcome.FAILED:
            return f"{self.path}: {self.message}"
        if self.outcome is ScanOutcome.CANCELLED:
            return f"{self.path}: stopped; {self.new_commits:,} new commits kept so far"
        parts = [f"{self.new_commits:,} new commit" + ("" if self.new_commits == 1 else "s")]
        if self.removed_commits:
            parts.append(f"{self.removed_commits:,} dropped after a history rewrite")
        text = f"{self.path}: " + ", ".join(parts)
        return "; ".join([text, *self.notes])

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "outcome": str(self.outcome),
            "new_commits": self.new_commits,
            "removed_commits": self.removed_commits,
            "read_commits": self.read_commits,
            "seconds": round(self.seconds, 3),
            "message": self.message,
            "notes": list(self.notes),
        }
