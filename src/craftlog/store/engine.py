"""Opening SQLite safely: busy timeout, rollback journal, synchronous=FULL, immediate writes."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from craftlog.store.errors import DatabaseUnreadable, StoreError

BUSY_TIMEOUT_MS = 15_000
# 'CRFT': marks a file as ours, so another program's SQLite file is never taken over.
APPLICATION_ID = 0x43524654


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (the base class cannot)."""


def _create_private(path: Path) -> None:
    """Make the directory and an empty owner-only file before SQLite opens it."""
    for folder in (path.parent, *path.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a directory", str(folder))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def connect(path: Path) -> sqlite3.Connection:
    """One connection with the pragmas every craftlog connection needs."""
    try:
        _create_private(path)
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
            factory=_Connection,
        )
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the database {path}: {_reason(error)}", path) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL needs SQLite 3.51.3+ to be safe from the WAL-reset bug; the rollback journal does
        # not. `migrate` sets journal_mode = DELETE once it knows the file is ours.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise DatabaseUnreadable(
            f"{path} is damaged or is not a database ({_reason(error)}). It was left untouched.",
            path,
        ) from None
    return conn


def is_damage(error: BaseException) -> bool:
    """Whether SQLite found the file corrupt, or not a database at all."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def write_failure(path: Path, error: sqlite3.Error) -> StoreError:
    """A failed write as a person reads it; SQLite rolled the transaction back."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if is_damage(error):
        return DatabaseUnreadable(f"{path} is damaged ({error}); it was left as it was.", path)
    if name.startswith("SQLITE_READONLY"):
        reason = "it is read-only (check the permissions of the file and of its folder)"
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        reason = "another process kept it locked too long, so try again"
    else:
        reason = str(error)
    return StoreError(f"could not write to {path}: {reason}. Nothing was changed.", path)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock up front, so the busy timeout applies."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may have rolled back already (a full disk, an I/O error): a second ROLLBACK
        # would fail and hide the error that says what went wrong.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class Database:
    """The database file and one connection per thread (workers run on their own threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        # Weak: Textual runs each thread worker on a new thread; a finished thread's connection
        # is closed when the garbage collector takes it, not kept open until the app exits.
        self._all: weakref.WeakSet[sqlite3.Connection] = weakref.WeakSet()
        self._watch: sqlite3.Connection | None = None

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.add(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on this thread's connection, with a plain message on failure."""
        conn = self.connection()
        try:
            with writing(conn) as tx:
                yield tx
        except sqlite3.OperationalError as error:
            raise write_failure(self.path, error) from None
        except sqlite3.DatabaseError as error:
            if is_damage(error):  # a constraint failing is the caller's to handle, not damage
                raise write_failure(self.path, error) from None
            raise

    def data_version(self) -> int:
        """A number that changes whenever another connection (or process) commits to the file."""
        with self._lock:
            # One dedicated connection: the value only means something compared on the same one.
            if self._watch is None:
                self._watch = connect(self.path)
                self._all.add(self._watch)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._watch = None
            for conn in list(self._all):
                conn.close()
            self._all.clear()
        self._local = threading.local()
