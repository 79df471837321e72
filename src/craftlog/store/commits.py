"""Registered repositories, the commits read from them, and the week figures made from both."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from craftlog.core.flags import CommitCounts
from craftlog.core.sources import ScanOutcome, Source
from craftlog.core.weeks import IsoWeek
from craftlog.store.engine import Database
from craftlog.store.entries import timestamp

if TYPE_CHECKING:
    from craftlog.core.output import CommitFact

_SOURCE = (
    "SELECT r.id, r.path, r.git_dir, r.added_at, r.scanned_at, r.status, r.message,"
    " (SELECT count(*) FROM git_commit c WHERE c.repo_id = r.id) FROM repo r"
)
# The ISO week's Monday in local time (SQLite 3.40 has no %G/%V): back six days, then forward
# to the next Monday, which is the same day when it already is one.
_MONDAY = "date(authored_at, 'unixepoch', 'localtime', '-6 days', 'weekday 1')"


@dataclass(frozen=True)
class StoredCommit:
    """A stored commit with the repository it was read from, for the week view."""

    repo: str
    sha: str
    authored_at: datetime
    summary: str
    lines_added: int
    lines_removed: int
    files_changed: int
    is_merge: bool
    ai_assisted: bool
    explained: bool


class DuplicateSource(ValueError):
    """The repository is registered already, perhaps under another path."""

    def __init__(self, existing: Source) -> None:
        super().__init__(existing.path)
        self.existing = existing


def _source(row: Sequence) -> Source:
    return Source(
        id=row[0],
        path=row[1],
        git_dir=row[2],
        added_at=datetime.fromisoformat(row[3]),
        scanned_at=datetime.fromisoformat(row[4]) if row[4] else None,
        status=ScanOutcome(row[5]),
        message=row[6],
        commits=row[7],
    )


def local_midnight(day: date) -> int:
    """The Unix time at which `day` begins in the local time zone."""
    return int(datetime.combine(day, time()).astimezone().timestamp())


class CommitRepository:
    """Reads and writes repositories and commits; returns core values only."""

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def sources(self) -> list[Source]:
        rows = self._db.connection().execute(_SOURCE + " ORDER BY r.path").fetchall()
        return [_source(row) for row in rows]

    def source_at(self, path: str) -> Source | None:
        row = self._db.connection().execute(_SOURCE + " WHERE r.path = ?", (path,)).fetchone()
        return _source(row) if row else None

    def add_source(self, path: str, git_dir: str) -> Source:
        """Register a repository; DuplicateSource when its path or git folder is known."""
        with self._db.write() as conn:
            row = conn.execute(
                _SOURCE + " WHERE r.path = ? OR r.git_dir = ?", (path, git_dir)
            ).fetchone()
            if row:
                raise DuplicateSource(_source(row))
            conn.execute(
                "INSERT INTO repo (path, git_dir, added_at) VALUES (?, ?, ?)",
                (path, git_dir, timestamp(self._now())),
            )
        found = self.source_at(path)
        assert found is not None
        return found

    def remove_source(self, source: Source) -> None:
        with self._db.write() as conn:
            conn.execute("DELETE FROM repo WHERE id = ?", (source.id,))

    def scan_state(self, source: Source) -> tuple[tuple[str, ...], str]:
        """The tips the last complete scan read up to, and the rules it used."""
        row = (
            self._db.connection()
            .execute("SELECT tips, rules FROM repo WHERE id = ?", (source.id,))
            .fetchone()
        )
        return (tuple(row[0].split()), row[1]) if row else ((), "")

    def reset(self, source: Source) -> int:
        """Drop every stored commit of a repository, so the next read starts from scratch."""
        with self._db.write() as conn:
            gone = conn.execute("DELETE FROM git_commit WHERE repo_id = ?", (source.id,))
            conn.execute("UPDATE repo SET tips = '', rules = '' WHERE id = ?", (source.id,))
        return gone.rowcount

    def forget(self, source: Source, shas: Iterable[str]) -> int:
        """Drop commits a rewritten history no longer reaches."""
        removed = 0
        with self._db.write() as conn:
            for sha in shas:
                cursor = conn.execute(
                    "DELETE FROM git_commit WHERE repo_id = ? AND sha = ?", (source.id, sha)
                )
                removed += cursor.rowcount
        return removed

    def store(self, source: Source, facts: Sequence[CommitFact]) -> int:
        """Insert a batch in one transaction; a commit already stored is left as it is."""
        rows = [
            (
                source.id,
                f.sha,
                f.authored_at,
                f.email,
                f.summary,
                f.lines_added,
                f.lines_removed,
                f.files_changed,
                int(f.is_merge),
                int(f.ai_assisted),
            )
            for f in facts
        ]
        with self._db.write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO git_commit (repo_id, sha, authored_at, author_email,"
                " summary, lines_added, lines_removed, files_changed, is_merge, ai_assisted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def finish(
        self,
        source: Source,
        outcome: ScanOutcome,
        message: str = "",
        tips: Sequence[str] | None = None,
        rules: str | None = None,
    ) -> None:
        """Record how a scan ended; tips and rules only when it read everything."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE repo SET scanned_at = ?, status = ?, message = ? WHERE id = ?",
                (timestamp(self._now()), str(outcome), message, source.id),
            )
            if tips is not None and rules is not None:
                conn.execute(
                    "UPDATE repo SET tips = ?, rules = ? WHERE id = ?",
                    (" ".join(tips), rules, source.id),
                )

    def any_before(self, day: date) -> bool:
        """Whether a commit was made before `day` (local midnight), merges included."""
        row = (
            self._db.connection()
            .execute(
                "SELECT EXISTS (SELECT 1 FROM git_commit WHERE authored_at < ?)",
                (local_midnight(day),),
            )
            .fetchone()
        )
        return bool(row[0])

    def week_counts(self, since: date | None = None) -> dict[IsoWeek, CommitCounts]:
        """Per ISO week: commits (merges left out, a sha counted once), lines, AI-assisted."""
        start = local_midnight(IsoWeek.of(since).monday) if since else 0
        rows = self._db.connection().execute(
            f"SELECT {_MONDAY} AS monday, count(*), sum(lines_added), sum(lines_removed),"
            " sum(ai_assisted) FROM (SELECT sha, min(authored_at) AS authored_at,"
            " max(lines_added) AS lines_added, max(lines_removed) AS lines_removed,"
            " max(ai_assisted) AS ai_assisted FROM git_commit"
            " WHERE is_merge = 0 AND authored_at >= ? GROUP BY sha)"
            " GROUP BY monday",
            (start,),
        )
        return {
            IsoWeek.of(date.fromisoformat(monday)): CommitCounts(n, added, removed, ai)
            for monday, n, added, removed, ai in rows
        }

    def commits_in(self, week: IsoWeek) -> list[StoredCommit]:
        """The week's commits, newest first, each sha once, merges included but marked."""
        start, end = local_midnight(week.monday), local_midnight(week.shifted(1).monday)
        rows = self._db.connection().execute(
            "SELECT r.path, c.sha, min(c.authored_at), c.summary, c.lines_added,"
            " c.lines_removed, c.files_changed, c.is_merge, c.ai_assisted,"
            " EXISTS (SELECT 1 FROM entry e WHERE e.commit_sha = c.sha AND e.deleted_at IS NULL)"
            " FROM git_commit c JOIN repo r ON r.id = c.repo_id"
            " WHERE c.authored_at >= ? AND c.authored_at < ?"
            " GROUP BY c.sha ORDER BY min(c.authored_at) DESC, c.sha",
            (start, end),
        )
        return [
            StoredCommit(
                repo=row[0],
                sha=row[1],
                authored_at=datetime.fromtimestamp(row[2]).astimezone(),
                summary=row[3],
                lines_added=row[4],
                lines_removed=row[5],
                files_changed=row[6],
                is_merge=bool(row[7]),
                ai_assisted=bool(row[8]),
                explained=bool(row[9]),
            )
            for row in rows
        ]

    def largest_between(self, first: date, last: date, limit: int = 20) -> list[tuple[date, str]]:
        """The biggest non-merge commits authored from `first` to `last` (local days), by lines."""
        rows = self._db.connection().execute(
            "SELECT min(authored_at), summary FROM git_commit"
            " WHERE is_merge = 0 AND authored_at >= ? AND authored_at < ?"
            " GROUP BY sha ORDER BY max(lines_added + lines_removed) DESC, sha LIMIT ?",
            (local_midnight(first), local_midnight(last + timedelta(days=1)), limit),
        )
        return [(datetime.fromtimestamp(at).astimezone().date(), summary) for at, summary in rows]

    def total(self) -> int:
        """Distinct commits stored, merges included."""
        return (
            self._db.connection()
            .execute("SELECT count(DISTINCT sha) FROM git_commit")
            .fetchone()[0]
        )
