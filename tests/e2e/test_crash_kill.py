"""kill -9 at random moments: writes, upgrades and backups leave a whole file and lose no ACK."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from craftlog.paths import Paths
from craftlog.services import open_services
from craftlog.store.backup import list_backups, newest_backup
from craftlog.store.engine import connect
from craftlog.store.migrations import SCHEMA_VERSION
from tests.e2e.conftest import TIMEOUT, craftlog_command
from tests.e2e.killable_writer import TAG, entry_tags, entry_text
from tests.fixtures.damage import is_hot, journal_of
from tests.fixtures.released import TABLES_OF, released_database, rows_of, schema_of

pytestmark = pytest.mark.e2e

DRIVER = Path(__file__).with_name("killable_writer.py")
KILLS = 40


class Driver:
    """One killable_writer.py process, read line by line."""

    def __init__(self, home: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "CRAFTLOG_HOME": str(home)},
            cwd=home.parent,
        )
        self.lines: list[str] = []

    def wait_for(self, prefix: str, count: int = 1) -> None:
        """Read lines until `count` of them start with `prefix`."""
        assert self.process.stdout is not None
        seen = 0
        while seen < count:
            raw = self.process.stdout.readline()
            assert raw.endswith(b"\n"), (raw, self.process.stderr and self.process.stderr.read())
            self.lines.append(raw.decode().rstrip("\n"))
            seen += self.lines[-1].startswith(prefix)

    def kill(self) -> list[str]:
        """SIGKILL it; every whole line it printed before dying, ACKs after the save included."""
        self.process.send_signal(signal.SIGKILL)
        rest, _ = self.process.communicate(timeout=TIMEOUT)
        # A line cut off by the kill was never acknowledged.
        self.lines += [line for line in rest.decode().split("\n")[:-1]]
        return self.lines

    def acks(self) -> list[list[str]]:
        return [line.split()[1:] for line in self.lines if line.startswith("ACK ")]


def journal_state(database: Path) -> str:
    """What the kill left: a journal to roll back ("hot"), one not yet valid ("begun"), or none.

    With synchronous=FULL, SQLite writes a journal's magic number only once the journal is on
    disk, and changes the database only after that: a journal without it is ignored.
    """
    journal = journal_of(database)
    if not journal.exists() or journal.stat().st_size == 0:
        return "none"
    return "hot" if is_hot(database) else "begun"


def assert_whole(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def stored_entries(database: Path) -> dict[int, tuple[str, str]]:
    """Entry id to (text, tags), read through craftlog's own opening (it rolls back a crash)."""
    conn = connect(database)
    try:
        assert_whole(conn)
        # The full-text index must agree with the table after every kill, too.
        conn.execute("INSERT INTO entry_fts (entry_fts) VALUES ('integrity-check')")
        rows = conn.execute(
            "SELECT e.id, e.text, (SELECT group_concat(tag, ',') FROM"
            " (SELECT tag FROM entry_tag WHERE entry_id = e.id ORDER BY position))"
            " FROM entry e"
        ).fetchall()
    finally:
        conn.close()
    return {entry_id: (text, tags or "") for entry_id, text, tags in rows}


def assert_no_half_entry(stored: dict[int, tuple[str, str]]) -> None:
    """An entry saved but not acknowledged before the kill may be there, but only whole."""
    for text, tags in stored.values():
        prefix, _, rest = text.partition(" #")
        n = int(rest.split("\n", 1)[0])
        assert text == entry_text(prefix, n)
        assert tags == ",".join(entry_tags(n))


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_entry(paths: Paths) -> None:
    rng = random.Random(6)
    acknowledged: dict[int, tuple[str, int]] = {}
    states = {"none": 0, "begun": 0, "hot": 0}
    # At least KILLS kills, and more (up to three times as many) until some landed inside a
    # transaction: without those this test would prove nothing about rolling back.
    for run in range(3 * KILLS):
        if run >= KILLS and states["hot"] >= 1 and states["begun"] + states["hot"] >= 5:
            break
        writer = Driver(paths.data_dir, "entries", f"run{run}")
        writer.wait_for("ACK", rng.randint(1, 12))
        time.sleep(rng.uniform(0, 0.004))  # lands in a save as often as between two
        writer.kill()
        for n, entry_id in writer.acks():
            acknowledged[int(entry_id)] = (f"run{run}", int(n))
        states[journal_state(paths.database)] += 1
        stored = stored_entries(paths.database)
        for entry_id, (prefix, n) in acknowledged.items():
            assert stored.get(entry_id) == (entry_text(prefix, n), ",".join(entry_tags(n)))
        assert_no_half_entry(stored)
        assert not is_hot(paths.database)  # rolled back and gone (an empty one is not hot)
    assert states["hot"] >= 1 and states["begun"] + states["hot"] >= 5, states


def test_craftlog_log_commands_killed_at_random_lose_no_acknowledged_entry(
    tmp_path: Path, paths: Paths
) -> None:
    rng = random.Random(9)
    acknowledged: set[str] = set()
    started: dict[str, list[str]] = {}
    for round_ in range(8):
        writers = {}
        for n in range(6):
            text = f"shell r{round_} w{n}\nsecond line"
            tags = [f"r{round_}", f"w{n}", TAG]
            started[text] = tags
            args = ["log", text, *(a for tag in tags for a in ("--tag", tag))]
            writers[text] = subprocess.Popen(
                craftlog_command(*args),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=os.environ.copy(),
                cwd=tmp_path,
            )
        doomed = rng.sample(sorted(writers), 3)
        time.sleep(rng.uniform(0.03, 0.2))
        for text in doomed:
            writers[text].send_signal(signal.SIGKILL)
        for text, writer in writers.items():
            out, err = writer.communicate(timeout=TIMEOUT)
            if writer.returncode == 0 and out.startswith(b"Logged"):
                acknowledged.add(text)
            else:  # only a kill may stop a writer, and nothing else may go wrong
                assert text in doomed and writer.returncode == -signal.SIGKILL, (text, err)
        stored = stored_entries(paths.database)
        texts = [text for text, _ in stored.values()]
        assert acknowledged <= set(texts)
        assert len(texts) == len(set(texts))  # nothing stored twice
        for text, tags in stored.values():
            assert tags == ",".join(started[text])
    assert 24 <= len(acknowledged) < 48  # the survivors, and some killed ones got no ACK


# --- upgrades and backups killed ------------------------------------------------------------

BULK_COMMITS = 40_000


@pytest.fixture(scope="module")
def v3_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[Any]]]:
    """A schema-3 file with enough commits that upgrading it takes a while."""
    path = tmp_path_factory.mktemp("v3") / "craftlog.db"
    return path, released_database(path, 3, bulk_commits=BULK_COMMITS)


def _phase_lengths(home: Path, v3: Path) -> dict[str, float]:
    """How long the backup and the upgrade take here, from one run left to finish."""
    home.mkdir()
    shutil.copyfile(v3, home / "craftlog.db")
    opener = Driver(home, "open")
    marks = {}
    for phase in ("PHASE backup", "PHASE migrate", "ACK open"):
        opener.wait_for(phase)
        marks[phase] = time.perf_counter()
    assert opener.process.wait(timeout=TIMEOUT) == 0
    return {
        "PHASE backup": marks["PHASE migrate"] - marks["PHASE backup"],
        "PHASE migrate": marks["ACK open"] - marks["PHASE migrate"],
    }


def test_an_upgrade_killed_at_any_moment_leaves_v3_or_v4_whole_never_half(
    tmp_path: Path, v3_file: tuple[Path, dict[str, Any]]
) -> None:
    v3, rows = v3_file
    lengths = _phase_lengths(tmp_path / "measured", v3)
    with closing(sqlite3.connect(v3)) as conn:
        v3_schema = schema_of(conn)
    with closing(sqlite3.connect(tmp_path / "measured" / "craftlog.db")) as conn:
        v4_schema = schema_of(conn)
    rng = random.Random(4)
    seen = {"left at v3 mid-upgrade": 0, "partial backup": 0}
    for run in range(36):  # twelve kills, more until both phases were hit
        if run >= 12 and all(seen.values()):
            break
        home = tmp_path / f"home{run}"
        home.mkdir()
        database = home / "craftlog.db"
        shutil.copyfile(v3, database)
        phase = ("PHASE backup", "PHASE migrate")[run % 2]
        opener = Driver(home, "open")
        opener.wait_for(phase)
        time.sleep(rng.uniform(0, 0.8 * lengths[phase]))
        opener.kill()
        mid_upgrade = journal_state(database) != "none"  # inside the upgrade's transaction
        seen["partial backup"] += any((home / "backups").glob("*.partial"))
        conn = sqlite3.connect(database)  # rolls back what the kill left half done
        try:
            assert_whole(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            assert version in (3, SCHEMA_VERSION)
            assert schema_of(conn) == (v3_schema if version == 3 else v4_schema)
            assert rows_of(conn, TABLES_OF[3]) == rows
        finally:
            conn.close()
        seen["left at v3 mid-upgrade"] += mid_upgrade and version == 3
        for backup in list_backups(home / "backups"):  # a half-written copy is never listed
            with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as copy:
                assert_whole(copy)
                assert rows_of(copy, TABLES_OF[3]) == rows
        # The next start finishes the job.
        services = open_services(Paths.under(home))
        try:
            conn = services.db.connection()
            assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
            assert rows_of(conn, TABLES_OF[3]) == rows
        finally:
            services.close()
    assert all(seen.values()), seen


def test_a_backup_killed_at_any_moment_is_never_listed_and_the_file_is_untouched(
    tmp_path: Path, paths: Paths, v3_file: tuple[Path, dict[str, Any]]
) -> None:
    paths.data_dir.mkdir(parents=True)
    shutil.copyfile(v3_file[0], paths.database)
    open_services(paths).close()  # upgraded once; from here on only backups are written
    shutil.rmtree(paths.backup_dir)
    with closing(sqlite3.connect(paths.database)) as conn:
        rows = rows_of(conn, TABLES_OF[3])
    before = paths.database.read_bytes()
    lengths = _phase_lengths(tmp_path / "measured", v3_file[0])
    rng = random.Random(8)
    checked: set[Path] = set()
    partials = 0
    for run in range(24):  # eight kills, more until one landed inside a backup
        if run >= 8 and partials:
            break
        writer = Driver(paths.data_dir, "backups")
        writer.wait_for("PHASE backup", rng.randint(1, 3))
        time.sleep(rng.uniform(0, 0.8 * lengths["PHASE backup"]))
        writer.kill()
        assert paths.database.read_bytes() == before
        partials += any(paths.backup_dir.glob("*.partial"))
        listed = list_backups(paths.backup_dir)
        assert newest_backup(paths.backup_dir) == (listed[0] if listed else None)
        assert {Path(path) for (path,) in writer.acks()} <= set(listed)
        for backup in set(listed) - checked:
            assert backup.suffix == ".db"
            with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as copy:
                assert_whole(copy)
                assert rows_of(copy, TABLES_OF[3]) == rows
            checked.add(backup)
    assert partials, "no kill landed inside a backup"
