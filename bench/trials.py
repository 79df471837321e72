"""One side of a measure: how to reset its data, run it once timed, and check it did the work."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.context import BenchError

Check = Callable[[], None]


class Trial(Protocol):
    """Anything the runner can time: reset the state, run once, verify the effect."""

    label: str

    def reset(self) -> None:
        """Put the data back exactly as it was before the first run (not timed)."""

    def run(self) -> float:
        """Do the work once and return the wall-clock seconds it took."""

    def verify(self) -> None:
        """Raise BenchError when the last run did not do what the measure claims (not timed)."""


@dataclass
class Snapshot:
    """A pristine directory copied over a live one before each run, so every run starts equal."""

    template: Path
    live: Path

    def restore(self) -> None:
        """Replace the live directory with a fresh copy of the template, flushed to disk."""
        if self.live.exists():
            shutil.rmtree(self.live)
        shutil.copytree(self.template, self.live, symlinks=True)
        _flush(self.live)


def _flush(root: Path) -> None:
    """fsync every file and directory under `root`, so the copy is at rest like a user's data."""
    # Otherwise the first fsync a timed command makes (SQLite's commit) would also pay for
    # writing out the whole freshly copied file, which a real user's database never has to.
    for directory, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class CommandTrial:
    """A console command run as a subprocess, timed with perf_counter around subprocess.run."""

    label: str
    argv: Sequence[str]
    env: dict[str, str]
    cwd: Path
    snapshots: Sequence[Snapshot] = ()
    checks: Sequence[Check] = ()
    # A reference like `git log` whose output nobody reads: send it to /dev/null, not a pipe.
    discard_output: bool = False
    last: subprocess.CompletedProcess[bytes] | None = field(default=None, repr=False)

    def reset(self) -> None:
        for snapshot in self.snapshots:
            snapshot.restore()

    def run(self) -> float:
        start = time.perf_counter()
        result = subprocess.run(
            list(self.argv),
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if self.discard_output else subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
        self.last = result
        if result.returncode != 0:
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise BenchError(
                f"{self.label}: {' '.join(map(str, self.argv))} exited with "
                f"{result.returncode}: {' / '.join(tail) or 'no message'}"
            )
        return elapsed

    def output(self) -> str:
        """Standard output of the last run, decoded."""
        return self.last.stdout.decode("utf-8", "replace") if self.last and self.last.stdout else ""

    def verify(self) -> None:
        for check in self.checks:
            check()
