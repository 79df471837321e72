"""The `screens` measure: every screen opens with its data in under 100 ms, ten-year data set.

Each run is one `python -P bench/screens_probe.py` process on a copy of the ten-year home: it
starts the app headless through Textual's Pilot, then switches to every mode the app has (audit,
checks, log, output, trash, quiz when there is one, and back home), twice. A screen's time is
from the switch to the frame that shows its loaded data (see screens_probe.py). The run's figure
is its slowest screen, first visits and returns alike; the median over runs is set against the
100 ms budget. The notes give each screen's median, first visit and return.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.context import BENCH_DIR, BenchError, Context
from bench.gitscan import BudgetTrial, Sides
from bench.tenyear import tenyear_fixture

BUDGET_S = 0.1
PROBE = BENCH_DIR / "screens_probe.py"
PASSES = ("first visit", "again")
# What the probe must have seen: every screen the app had when this bench was written.
EXPECTED_MODES = ("home", "log", "output", "audit", "checks", "trash")


def _slowest(result: dict[str, Any]) -> tuple[str, str, float]:
    """(mode, pass name, ms) of the slowest screen of one probe run."""
    return max(
        ((mode, PASSES[index], float(timing["ms"]))
         for index, one in enumerate(result["passes"]) for mode, timing in one.items()),
        key=lambda item: item[2],
    )  # fmt: skip


def summarize(results: list[dict[str, Any]]) -> list[str]:
    """The notes: each screen's medians per pass, and which screen was slowest how often.

    Per screen and pass: the time until drawing settled with the data (what the bar uses), and
    in brackets the time to the screen's first frame, before its data.
    """
    if not results:
        return []
    modes = results[-1]["modes"]
    parts = []
    for mode in modes:
        cells = []
        for index in range(len(results[-1]["passes"])):
            timings = [r["passes"][index][mode] for r in results]
            settled = statistics.median(t["ms"] for t in timings)
            frame = statistics.median(t.get("frame_ms", t["ms"]) for t in timings)
            cells.append(f"{settled:.0f} ({frame:.0f})")
        seen = results[-1]["passes"][0][mode]["data"]
        no_data = "" if seen else ", to its first frame: no data message"
        parts.append(f"{mode} {' / '.join(cells)}{no_data}")
    slowest = [_slowest(r) for r in results]
    worst = max(slowest, key=lambda item: item[2])
    counts = {m: sum(s[0] == m for s in slowest) for m in dict.fromkeys(s[0] for s in slowest)}
    often = ", ".join(f"{m} {n}×" for m, n in counts.items())
    return [
        f"per screen, median ms until its data is drawn (first frame in brackets), "
        f"{' / '.join(PASSES)}: {'; '.join(parts)}",
        f"slowest screen per run: {often}; worst single open {worst[0]} ({worst[1]}) "
        f"{worst[2]:.0f} ms",
    ]


@dataclass
class ScreensTrial:
    """One probe process; run() returns its slowest screen's seconds (set up not timed)."""

    label: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    expected_entries: int
    results: list[dict[str, Any]] = field(default_factory=list)
    last: dict[str, Any] | None = field(default=None, repr=False)
    _runs: int = 0

    def reset(self) -> None:
        return None  # the probe only reads; the copy made in prepare serves every run

    def run(self) -> float:
        result = subprocess.run(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            tail = result.stderr.strip().splitlines()[-3:]
            raise BenchError(f"{self.label} exited with {result.returncode}: {' / '.join(tail)}")
        parsed = json.loads(result.stdout.strip().splitlines()[-1])
        self._runs += 1
        self.last = parsed
        if self._runs > 1:  # the first run is the runner's untimed warm-up
            self.results.append(parsed)
        return _slowest(parsed)[2] / 1000

    def verify(self) -> None:
        last = self.last
        if last is None:
            raise BenchError(f"{self.label}: no probe run yet")
        missing = [m for m in EXPECTED_MODES if m not in last["modes"]]
        if missing:
            raise BenchError(f"{self.label}: the app has no {', '.join(missing)} screen")
        for one in last["passes"]:
            silent = [m for m in EXPECTED_MODES if not one[m]["data"]]
            if silent:
                raise BenchError(f"{self.label}: no data message seen on {', '.join(silent)}")
        subtitle = last["passes"][0]["home"]["subtitle"]
        if not subtitle.startswith(f"{self.expected_entries} entries"):
            raise BenchError(f"{self.label}: home's header says {subtitle!r}")

    def notes(self) -> list[str]:
        return summarize(self.results)


def screens(ctx: Context) -> Sides:
    """The probe on a copy of the ten-year home, against the 100 ms budget."""
    home = tenyear_fixture(ctx)
    live = home.live(ctx.scratch, "tenyear-screens")
    trial = ScreensTrial(
        label="craftlog screens (Pilot)",
        argv=[sys.executable, "-P", str(PROBE), str(len(PASSES))],
        env=home.env(live),
        cwd=ctx.scratch,
        expected_entries=home.sizes.entries,
    )
    title = f"slowest screen to show its data, {home.described}"
    return Sides(trial, BudgetTrial("budget", BUDGET_S), title)
