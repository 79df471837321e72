"""The registry of measures: each pairs a craftlog trial with its reference and a ratio bar."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bench import appstart, gitscan, screens
from bench.context import BenchError, Context
from bench.craftlog_home import CraftlogFixture, build_craftlog_fixture
from bench.jrnl_reference import JrnlFixture, build_jrnl_fixture
from bench.trials import CommandTrial, Snapshot, Trial


@dataclass(frozen=True)
class Pair:
    """The two sides a measure times against each other; titles that depend on the run's sizes."""

    craftlog: Trial
    reference: Trial
    title: str | None = None
    reference_text: str | None = None


@dataclass(frozen=True)
class Measure:
    """A named comparison: craftlog median over reference median must stay at or under `bar`.

    `kind` says what the reference is: "command" (a program run side by side), "app" (a
    reference program named in words, like the minimal Textual app), "budget" (a fixed
    allowance, like 0.2 s) or "growth" (craftlog itself on a smaller input). `unit` is
    "ms" (trials return seconds) or "MiB" (trials return bytes). `max_runs` caps the default
    number of runs for slow measures; an explicit --runs overrides it.
    """

    key: str
    title: str
    reference: str
    bar: float
    prepare: Callable[[Context], Pair]
    stretch: float | None = None
    unit: str = "ms"
    kind: str = "command"
    max_runs: int | None = None


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Add a measure to the registry under its key; the table keeps registration order."""
    if measure.key in REGISTRY:
        raise ValueError(f"measure {measure.key!r} is registered twice")
    REGISTRY[measure.key] = measure
    return measure


def craftlog_fixture(ctx: Context) -> CraftlogFixture:
    """The shared N-entry craftlog home."""
    return ctx.fixture("craftlog-home", build_craftlog_fixture)


def jrnl_fixture(ctx: Context) -> JrnlFixture:
    """The shared N-entry jrnl journal."""
    return ctx.fixture("jrnl-journal", build_jrnl_fixture)


def _expect(what: str, actual: object, expected: object) -> None:
    if actual != expected:
        raise BenchError(f"{what}: expected {expected!r}, found {actual!r}")


QUICK_TEXT = "Postgres MVCC: readers never block writers because each transaction reads a snapshot"
QUICK_TAG = "x"


def _quick_add(ctx: Context) -> Pair:
    craft, jrnl = craftlog_fixture(ctx), jrnl_fixture(ctx)
    grown = ctx.entries + 1
    craftlog = CommandTrial(
        label="craftlog log",
        argv=craft.argv("log", QUICK_TEXT, "--tag", QUICK_TAG),
        env=craft.env(),
        cwd=ctx.scratch,
        snapshots=[Snapshot(craft.template, craft.live)],
        checks=[lambda: _expect("craftlog entries after a quick add", craft.entry_count(), grown)],
    )
    reference = CommandTrial(
        label="jrnl add",
        argv=jrnl.argv(f"{QUICK_TEXT} @{QUICK_TAG}"),
        env=jrnl.env(),
        cwd=ctx.scratch,
        snapshots=[Snapshot(jrnl.template, jrnl.live)],
        checks=[
            lambda: _expect("jrnl entries after a quick add", jrnl.entry_count(), grown),
            lambda: _expect("jrnl left its config unchanged", jrnl.config_unchanged(), True),
        ],
    )
    return Pair(craftlog=craftlog, reference=reference)


_JRNL_LISTED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} ", re.MULTILINE)


def _status(ctx: Context) -> Pair:
    craft, jrnl = craftlog_fixture(ctx), jrnl_fixture(ctx)
    craftlog = CommandTrial(
        label="craftlog status",
        argv=craft.argv("status"),
        env=craft.env(),
        cwd=ctx.scratch,
        snapshots=[Snapshot(craft.template, craft.live)],
    )
    craftlog.checks = [
        lambda: _expect("craftlog status shows a streak", "streak" in craftlog.output(), True)
    ]
    reference = CommandTrial(
        label="jrnl -n 5",
        argv=jrnl.argv("-n", "5"),
        env=jrnl.env(),
        cwd=ctx.scratch,
        snapshots=[Snapshot(jrnl.template, jrnl.live)],
    )
    reference.checks = [
        lambda: _expect(
            "entries jrnl -n 5 lists", len(_JRNL_LISTED.findall(reference.output())), 5
        ),
        lambda: _expect("jrnl left its config unchanged", jrnl.config_unchanged(), True),
    ]
    return Pair(craftlog=craftlog, reference=reference)


register(
    Measure(
        key="quick-add",
        title="quick add, 1,000 entries",
        reference='jrnl "TEXT @x"',
        bar=1.0,
        stretch=0.5,
        prepare=_quick_add,
    )
)
register(
    Measure(
        key="status",
        title="status, 1,000 entries",
        reference="jrnl -n 5",
        bar=0.5,
        prepare=_status,
    )
)


def _pair(build: Callable[[Context], gitscan.Sides]) -> Callable[[Context], Pair]:
    def prepare(ctx: Context) -> Pair:
        sides = build(ctx)
        return Pair(sides.craftlog, sides.reference, sides.title, sides.reference_text)

    return prepare


# Git scan (SPEC §5). The titles here are for full mode; the table shows the sizes actually
# used (gitscan.QUICK with --quick, --git-commits for the scanned repository).
register(
    Measure(
        key="git-full-scan",
        title="git full scan, 20,000 commits",
        reference="git log --numstat --branches HEAD",
        bar=1.15,
        max_runs=9,
        prepare=_pair(gitscan.full_scan),
    )
)
register(
    Measure(
        key="git-rescan",
        title="git rescan, nothing new, 1 repository of 20,000 commits, whole command",
        reference="0.2 s",
        kind="budget",
        bar=1.0,
        prepare=_pair(gitscan.noop_rescan),
    )
)
register(
    Measure(
        key="git-rescan-per-repo",
        title="git rescan, nothing new, per extra repository ((11 − 1 repositories) / 10)",
        reference="0.2 s",
        kind="budget",
        bar=1.0,
        max_runs=9,
        prepare=_pair(gitscan.noop_per_repo),
    )
)
register(
    Measure(
        key="git-peak-memory",
        title="git scan peak memory, 40,000 commits",
        reference="10,000 commits",
        kind="growth",
        unit="MiB",
        bar=1.25,
        max_runs=3,
        prepare=_pair(gitscan.peak_memory),
    )
)


# App start in a real terminal (tmux) and the screens, with the ten-year data set (SPEC §5);
# titles name the sizes used (a one-year home with --quick).
register(
    Measure(
        key="app-first-frame",
        title="app start to first frame, ten-year data set",
        reference="minimal Textual app",
        kind="app",
        bar=1.25,
        max_runs=11,
        prepare=_pair(appstart.first_frame),
    )
)
register(
    Measure(
        key="app-dashboard",
        title="app start to dashboard data, ten-year data set",
        reference="minimal Textual app, first frame",
        kind="app",
        bar=2.0,
        max_runs=11,
        prepare=_pair(appstart.dashboard),
    )
)
register(
    Measure(
        key="screens",
        title="slowest screen to show its data, ten-year data set",
        reference="100 ms",
        kind="budget",
        bar=1.0,
        max_runs=7,
        prepare=_pair(screens.screens),
    )
)
