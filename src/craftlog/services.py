"""The one injection point: paths, config, clock and storage, opened together."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from craftlog.config import Config, ensure_config_file, load_config, set_config_value
from craftlog.core.streaks import LogState, log_state
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths, resolve_paths
from craftlog.store.backup import newest_backup, write_backup
from craftlog.store.engine import Database
from craftlog.store.entries import EntryRepository
from craftlog.store.errors import DatabaseUnreadable
from craftlog.store.migrations import migrate
from craftlog.transfer import ImportResult

if TYPE_CHECKING:
    from craftlog.core.dashboard import Dashboard
    from craftlog.core.entries import Entry
    from craftlog.core.flags import WeekOutput
    from craftlog.core.output import ScanRules
    from craftlog.core.reviews import CardState, Rating, Review, ReviewMode
    from craftlog.core.sources import ScanReport, Source
    from craftlog.gitsource.scanner import Progress
    from craftlog.quiz.ledger import Ledger
    from craftlog.store.assessments import AssessmentRepository
    from craftlog.store.audits import AuditRepository
    from craftlog.store.commits import CommitRepository
    from craftlog.store.drafts import DraftStore
    from craftlog.store.reviews import ReviewRepository

# The shell's quick commands import this module: what only the app or an export needs is
# imported where it is used, to keep `craftlog log` and `status` fast.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware UTC time."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Everything the app and the shell commands work with."""

    paths: Paths
    config: Config
    db: Database
    entries: EntryRepository
    now: Clock

    @cached_property
    def drafts(self) -> DraftStore:
        from craftlog.store.drafts import DraftStore

        return DraftStore(self.paths.draft_dir)

    @cached_property
    def commits(self) -> CommitRepository:
        from craftlog.store.commits import CommitRepository

        return CommitRepository(self.db, self.now)

    def scan_rules(self) -> ScanRules:
        from craftlog.core.output import ScanRules

        return ScanRules(
            emails=self.config.git_emails,
            exclude=self.config.git_exclude,
            ai_patterns=self.config.git_ai_patterns,
        )

    def add_repository(self, path: str) -> Source:
        """Register the repository at (or above) `path`; raises SourceProblem or DuplicateSource."""
        from craftlog.gitsource import reader

        with reader.opened(path) as repo:
            info = reader.describe(repo)
        return self.commits.add_source(info.path, info.git_dir)

    def find_repository(self, path: str) -> Source | None:
        """The registered repository a path names: its own folder, or one inside it."""
        import os

        where = os.path.realpath(os.path.expanduser(path))
        sources = self.commits.sources()
        exact = (s for s in sources if where in (s.path, s.git_dir))
        inside = (s for s in sources if where.startswith(s.path.rstrip(os.sep) + os.sep))
        return next(exact, None) or next(inside, None)

    def scan(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ScanReport]:
        """Scan every registered repository; one failing never stops the others."""
        from craftlog.gitsource.scanner import scan_source

        rules = self.scan_rules()
        stop = cancelled or (lambda: False)
        reports = []
        for source in self.commits.sources():
            reports.append(scan_source(source, self.commits, rules, progress, stop))
            if stop():
                break
        return reports

    def weeks(self, since: date | None = None, until: date | None = None) -> list[WeekOutput]:
        """The week table: output next to learning, flagged weeks with their reason."""
        from craftlog.core.flags import week_table

        counts, _ = self.entries.counts_by_week()
        return week_table(
            self.commits.week_counts(since),
            counts,
            self.today(),
            self.config.min_commits,
            self.config.min_lines,
            since,
            until,
        )

    def recent_flags(self, weeks: int = 8) -> list[WeekOutput]:
        """Flagged weeks among the last few, newest first; empty with no repositories."""
        # Asked directly: with no repository, status need not load the commit and flag modules.
        if not self.db.connection().execute("SELECT EXISTS (SELECT 1 FROM repo)").fetchone()[0]:
            return []
        from datetime import timedelta

        from craftlog.core.flags import recent_flags

        table = self.weeks(since=self.today() - timedelta(weeks=weeks - 1))
        return recent_flags(table, weeks)

    def today(self) -> date:
        """Today in the local time zone (`TZ` is honoured)."""
        return self.now().astimezone().date()

    def log_state(self) -> LogState:
        counts, last = self.entries.counts_by_week()
        return log_state(counts, last, self.today())

    @cached_property
    def audits(self) -> AuditRepository:
        from craftlog.store.audits import AuditRepository

        return AuditRepository(self.db, self.now)

    @cached_property
    def assessments(self) -> AssessmentRepository:
        from craftlog.store.assessments import AssessmentRepository

        return AssessmentRepository(self.db, self.now)

    def dashboard(self) -> Dashboard:
        """The home screen's and `craftlog status`'s figures as of today."""
        from craftlog.core.dashboard import dashboard

        due, new = self.reviews_due()
        return dashboard(
            self.log_state(),
            self.audits.all(),
            self.assessments.all(),
            self.today(),
            reviews_due=due,
            reviews_new=new,
        )

    def audit_task_ideas(self) -> list[str]:
        """Task ideas for an audit: earlier gaps, then your bigger commits of 3–12 months ago."""
        from craftlog.core import audit_history as past

        today = self.today()
        commits = self.commits.largest_between(
            past.months_before(today, past.COMMITS_UNTIL_MONTHS_AGO),
            past.months_before(today, past.COMMITS_FROM_MONTHS_AGO),
        )
        return past.suggest_tasks(self.audits.all(), commits, today=today)

    def remember_theme(self, name: str) -> None:
        """Keep the theme chosen in the app in config.toml, comments and all."""
        set_config_value(self.paths.config_file, "ui", "theme", name)

    def backup(self, reason: str = "manual") -> Path:
        return write_backup(self.db.connection(), self.paths.backup_dir, reason, self.now())

    def export(self, fmt: str, week: IsoWeek | None = None) -> str:
        """The log in one of the export formats, whole or for one week."""
        from craftlog.transfer import export

        return export(self, fmt, week)

    def import_text(self, raw: str, source: str, fmt: str | None = None) -> ImportResult:
        """Import a craftlog or jrnl export; records already present are skipped, never doubled."""
        from craftlog.transfer import import_text

        return import_text(self, raw, source, fmt)

    # --- the quiz -------------------------------------------------------------------------------

    @cached_property
    def reviews(self) -> ReviewRepository:
        from craftlog.store.reviews import ReviewRepository

        return ReviewRepository(self.db, self.now)

    @cached_property
    def ledger(self) -> Ledger:
        from craftlog.quiz.ledger import JSONL_NAME, Ledger

        return Ledger(self.db, self.paths.log_dir / JSONL_NAME)

    def quiz_queue(self, new_limit: int = 5) -> list[Entry]:
        """Entries to review now: due cards first, then up to `new_limit` never reviewed."""
        return self.reviews.due_entries(self.now(), new_limit)

    def reviews_due(self) -> tuple[int, int]:
        """(cards due now, entries never reviewed)."""
        return self.reviews.counts(self.now())

    def rate(
        self,
        entry: Entry,
        rating: Rating,
        mode: ReviewMode,
        answer: str,
        question: str = "",
        score: int | None = None,
    ) -> tuple[Review, CardState]:
        """Schedule the entry's card by your rating now and store the review with it."""
        from craftlog.core.reviews import Review
        from craftlog.quiz import scheduler

        now = self.now()
        card = self.reviews.card(entry.id) or scheduler.new_card(entry.id, now)
        after = scheduler.review(card, rating, now)
        review = Review(entry.id, now, rating, mode, answer, question, score, after.due)
        return self.reviews.record(review, after), after

    def close(self) -> None:
        self.db.close()


def open_services(paths: Paths | None = None, now: Clock = system_clock) -> Services:
    """Open (and if needed create or upgrade) the database and read the config."""
    paths = paths or resolve_paths()
    config = load_config(paths.config_file)
    db = Database(paths.database)
    try:
        migrate(db.connection(), paths.database, paths.backup_dir, now())
    except DatabaseUnreadable as error:
        db.close()
        # Offer the newest backup whichever check found the file unreadable.
        error.backup = error.backup or newest_backup(paths.backup_dir)
        raise
    except BaseException:
        db.close()
        raise
    # A commented file to edit, on first use; if it cannot be written the defaults serve.
    with suppress(OSError):
        ensure_config_file(paths.config_file)
    return Services(
        paths=paths,
        config=config,
        db=db,
        entries=EntryRepository(db, now),
        now=now,
    )
