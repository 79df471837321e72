"""Shared state of one bench run: locations, executables, subprocess environments, fixtures."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"

T = TypeVar("T")


class BenchError(Exception):
    """The bench itself could not run (setup failed, a command failed); exit code 3."""


class MeasureSkipped(Exception):
    """A measure cannot run on this machine (a tool is missing); its row says why."""


def log(message: str) -> None:
    """Print a progress line on stderr, so stdout holds only the results table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def craftlog_executable() -> Path:
    """The `craftlog` console script installed next to the interpreter running the bench."""
    script = Path(sys.executable).parent / "craftlog"
    if not script.exists():
        raise BenchError(
            f"no craftlog console script at {script}; install the project into this "
            "environment first (pip install -e .)"
        )
    return script


def clean_environment(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment with Python tuning variables removed and every home in `home`."""
    # Python tuning variables, and git variables that would point git at another repository
    # or config (GIT_DIR, GIT_CONFIG_GLOBAL...), are the caller's, not the user's.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GIT_"))}
    for name in ("CRAFTLOG_HOME", "VISUAL", "EDITOR"):
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        COLUMNS="100",
        LINES="40",
    )
    env.update(extra)
    return env


class Context:
    """What every measure of one run shares: a scratch directory and lazily built fixtures."""

    def __init__(
        self,
        scratch: Path,
        cache: Path = CACHE_DIR,
        entries: int = 1000,
        *,
        quick: bool = False,
        git_commits: int | None = None,
        git_repo: Path | None = None,
    ) -> None:
        self.scratch = scratch
        self.cache = cache
        self.entries = entries
        self.quick = quick  # small fixtures, to check that every measure runs end to end
        self.git_commits = git_commits  # history length of the full-scan repository
        self.git_repo = git_repo  # a real repository for the full scan instead of a generated one
        self.today = date.today()
        self.craftlog = craftlog_executable()
        self.versions: dict[str, str] = {}
        self._fixtures: dict[str, Any] = {}

    def fixture(self, name: str, build: Callable[[Context], T]) -> T:
        """The fixture called `name`, built on first use and shared by later measures."""
        if name not in self._fixtures:
            self._fixtures[name] = build(self)
        return self._fixtures[name]

    def directory(self, *parts: str) -> Path:
        """A directory inside the scratch space, created when missing."""
        path = self.scratch.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path
