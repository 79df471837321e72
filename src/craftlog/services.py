"""The one injection point: paths, config, clock and storage, opened together."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from craftlog.config import Config, ensure_config_file, load_config
from craftlog.core.streaks import LogState, log_state
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths, resolve_paths
from craftlog.store.backup import newest_backup, write_backup
from craftlog.store.engine import Database
from craftlog.store.entries import EntryFilter, EntryRepository, StoredMeta
from craftlog.store.errors import DatabaseUnreadable
from craftlog.store.migrations import migrate

if TYPE_CHECKING:
    from craftlog.core.dashboard import Dashboard
    from craftlog.core.flags import WeekOutput
    from craftlog.core.output import ScanRules
    from craftlog.core.sources import ScanReport, Source
    from craftlog.gitsource.scanner import Progress
    from craftlog.store.assessments import AssessmentRepository
    from craftlog.store.audits import AuditRepository
    from craftlog.store.commits import CommitRepository
    from craftlog.store.drafts import DraftStore

# The shell's quick commands import this module: what only the app or an export needs is
# imported where it is used, to keep `craftlog log` and `status` fast.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware UTC time."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: `added` and `skipped` count records of every kind together."""

    added: int
    skipped: int
    source_format: str
    # Keyed by the export's list names: "entries", "audits", "checks", "tier_tests".
    added_by_kind: dict[str, int] = field(default_factory=dict)
    skipped_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def entries_added(self) -> int:
        return self.added_by_kind.get("entries", 0)

    @property
    def audits_added(self) -> int:
        return self.added_by_kind.get("audits", 0)

    @property
    def assessments_added(self) -> int:
        """Gap checks and tier tests together."""
        return self.added_by_kind.get("checks", 0) + self.added_by_kind.get("tier_tests", 0)


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

        return dashboard(self.log_state(), self.audits.all(), self.assessments.all(), self.today())

    def audit_task_ideas(self) -> list[str]:
        """Task ideas for an audit: earlier gaps, then your bigger commits of 3–12 months ago."""
        from craftlog.core import audit_history as past

        today = self.today()
        commits = self.commits.largest_between(
            past.months_before(today, past.COMMITS_UNTIL_MONTHS_AGO),
            past.months_before(today, past.COMMITS_FROM_MONTHS_AGO),
        )
        return past.suggest_tasks(self.audits.all(), commits, today=today)

    def backup(self, reason: str = "manual") -> Path:
        return write_backup(self.db.connection(), self.paths.backup_dir, reason, self.now())

    def export(self, fmt: str, week: IsoWeek | None = None) -> str:
        """The log in one of the export formats, whole or for one week."""
        from craftlog.core import exchange

        if fmt == "json" and week is None:
            return exchange.to_json(
                self.entries.all(),
                self.now().astimezone(),
                audits=self.audits.all(),
                assessments=self.assessments.all(),
            )
        live = self.entries.find(EntryFilter())
        if week is not None:
            live = [e for e in live if e.week == week]
        if fmt == "json":
            return exchange.to_json(live, self.now().astimezone())
        if fmt == "markdown":
            return exchange.to_markdown(live, week)
        return exchange.to_csv(sorted(live, key=lambda e: (e.day, e.id)))

    def import_text(self, raw: str, source: str, fmt: str | None = None) -> ImportResult:
        """Import a craftlog or jrnl export; records already present are skipped, never doubled."""
        from craftlog.core import exchange
        from craftlog.core import exchange_records as records

        document = exchange.parse_document(raw, source)
        detected = exchange.detect_format(document)
        if fmt and detected not in (fmt, "unknown"):
            raise exchange.ImportProblem(
                f"{source} is a {detected} export, not {fmt}; leave out --format"
            )
        detected = fmt or detected
        audits, assessments = [], []
        if detected == "craftlog":
            items = exchange.read_craftlog(document, source, self.today())
            # Every record of every kind is checked before anything is stored.
            audits, assessments = records.read_records(document, source)
        elif detected == "jrnl":
            items = exchange.read_jrnl(document, source, self.today())
        else:
            raise exchange.ImportProblem(
                f"{source} is JSON but neither a craftlog nor a jrnl export; "
                "name the format with --format if you are sure"
            )
        uids = self.entries.known_uids()
        prints = self.entries.known_fingerprints()
        fresh = []
        for item in items:
            key = (item.draft.day.isoformat() if item.draft.day else "", item.draft.text)
            if (item.uid and item.uid in uids) or key in prints:
                continue
            if item.uid:
                # Two entries of one file with their own ids are two entries, even when
                # their day and text agree: only id-less entries are told apart by content.
                uids.add(item.uid)
            else:
                prints.add(key)
            meta = StoredMeta(item.uid, item.created_at, item.updated_at, item.deleted_at)
            fresh.append((item.draft, meta))
        new_audits, new_assessments = [], []
        if audits:
            known = self.audits.known_uids()
            new_audits = records.fresh_records(audits, known, self.audits.all(), records.audit_key)
        if assessments:
            known = self.assessments.known_uids()
            stored = self.assessments.all()
            new_assessments = records.fresh_records(
                assessments, known, stored, records.assessment_key
            )
        # One transaction per kind: should one fail, importing the file again adds only the rest.
        added = {
            "entries": self.entries.add_many(fresh) if fresh else 0,
            "audits": self.audits.add_many(new_audits) if new_audits else 0,
            "checks": 0,
            "tier_tests": 0,
        }
        if new_assessments:
            self.assessments.add_many(new_assessments)
        in_file = {"entries": len(items), "audits": len(audits), "checks": 0, "tier_tests": 0}
        for item in assessments:
            in_file[records.LIST_OF_KEY[item.key]] += 1
        for item in new_assessments:
            added[records.LIST_OF_KEY[item.key]] += 1
        return ImportResult(
            added=sum(added.values()),
            skipped=sum(in_file.values()) - sum(added.values()),
            source_format=detected,
            added_by_kind=added,
            skipped_by_kind={kind: in_file[kind] - added[kind] for kind in in_file},
        )

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
