"""The registry of measures: each pairs a craftlog trial with its reference and a ratio bar."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bench.context import BenchError, Context
from bench.craftlog_home import CraftlogFixture, build_craftlog_fixture
from bench.jrnl_reference import JrnlFixture, build_jrnl_fixture
from bench.trials import CommandTrial, Snapshot, Trial


@dataclass(frozen=True)
class Pair:
    """The two sides a measure times against each other."""

    craftlog: Trial
    reference: Trial


@dataclass(frozen=True)
class Measure:
    """A named comparison: craftlog median over reference median must stay at or under `bar`."""

    key: str
    title: str
    reference: str
    bar: float
    prepare: Callable[[Context], Pair]
    stretch: float | None = None


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
