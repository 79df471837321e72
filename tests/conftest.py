"""Shared fixtures: every test gets its own home, no API keys, a fixed zone and a fixed clock."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from craftlog.paths import Paths
from craftlog.services import Services, open_services

if TYPE_CHECKING:
    from tests.quizserver import QuizServer

# Wednesday of ISO week 2026-W47, mid-morning: text that depends on "today" stays fixed.
FIXED_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Send every craftlog and platform directory into tmp_path and drop any API key."""
    home = tmp_path / "home"
    monkeypatch.setenv("CRAFTLOG_HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in list(os.environ):
        if name.startswith("ANTHROPIC_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TZ", "UTC")
    # git reads the person's own config from HOME; tests must see none of it.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def paths(home: Path) -> Paths:
    return Paths.under(home)


@pytest.fixture
def services(paths: Paths) -> Iterator[Services]:
    """Services on a fresh database with the fixed clock."""
    opened = open_services(paths, now=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[QuizServer]:
    """A loopback Messages API for the real Anthropic SDK; anything else leaving loopback fails."""
    from tests.quizserver import serving

    with serving(monkeypatch) as started:
        yield started
