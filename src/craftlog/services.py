"""The one injection point: paths, config, clock and storage, opened together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from craftlog.config import Config, load_config
from craftlog.core import exchange
from craftlog.core.streaks import LogState, log_state
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths, resolve_paths
from craftlog.store.backup import write_backup
from craftlog.store.engine import Database
from craftlog.store.entries import EntryFilter, EntryRepository, StoredMeta
from craftlog.store.migrations import migrate

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware UTC time."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    skipped: int
    source_format: str


@dataclass
class Services:
    """Everything the app and the shell commands work with."""

    paths: Paths
    config: Config
    db: Database
    entries: EntryRepository
    now: Clock

    def today(self) -> date:
        """Today in the local time zone (`TZ` is honoured)."""
        return self.now().astimezone().date()

    def log_state(self) -> LogState:
        counts, last = self.entries.counts_by_week()
        return log_state(counts, last, self.today())

    def backup(self, reason: str = "manual") -> Path:
        return write_backup(self.db.connection(), self.paths.backup_dir, reason, self.now())

    def export(self, fmt: str, week: IsoWeek | None = None) -> str:
        """The log in one of the export formats, whole or for one week."""
        if fmt == "json" and week is None:
            return exchange.to_json(self.entries.all(), self.now().astimezone())
        live = self.entries.find(EntryFilter())
        if week is not None:
            live = [e for e in live if e.week == week]
        if fmt == "json":
            return exchange.to_json(live, self.now().astimezone())
        if fmt == "markdown":
            return exchange.to_markdown(live, week)
        return exchange.to_csv(sorted(live, key=lambda e: (e.day, e.id)))

    def import_text(self, raw: str, source: str, fmt: str | None = None) -> ImportResult:
        """Import a craftlog or jrnl export; entries already present are skipped, never doubled."""
        document = exchange.parse_document(raw, source)
        detected = fmt or exchange.detect_format(document)
        if detected == "craftlog":
            items = exchange.read_craftlog(document, source)
        elif detected == "jrnl":
            items = exchange.read_jrnl(document, source)
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
            prints.add(key)
            if item.uid:
                uids.add(item.uid)
            meta = StoredMeta(item.uid, item.created_at, item.updated_at, item.deleted_at)
            fresh.append((item.draft, meta))
        added = self.entries.add_many(fresh) if fresh else 0
        return ImportResult(added=added, skipped=len(items) - added, source_format=detected)

    def close(self) -> None:
        self.db.close()


def open_services(paths: Paths | None = None, now: Clock = system_clock) -> Services:
    """Open (and if needed create or upgrade) the database and read the config."""
    paths = paths or resolve_paths()
    config = load_config(paths.config_file)
    db = Database(paths.database)
    try:
        migrate(db.connection(), paths.database, paths.backup_dir, now())
    except BaseException:
        db.close()
        raise
    return Services(paths=paths, config=config, db=db, entries=EntryRepository(db, now), now=now)
