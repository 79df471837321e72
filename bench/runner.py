"""Runs measures: one untimed warm-up and check per side, then interleaved timed runs."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.context import Context, log
from bench.measures import Measure
from bench.trials import Trial


@dataclass
class MeasureResult:
    """The timings of one measure and whether its bar holds."""

    key: str
    title: str
    reference: str
    bar: float
    stretch: float | None
    craftlog_s: list[float] = field(default_factory=list)
    reference_s: list[float] = field(default_factory=list)

    @property
    def craftlog_ms(self) -> float:
        return statistics.median(self.craftlog_s) * 1000

    @property
    def reference_ms(self) -> float:
        return statistics.median(self.reference_s) * 1000

    @property
    def ratio(self) -> float:
        return self.craftlog_ms / self.reference_ms

    @property
    def passed(self) -> bool:
        return self.ratio <= self.bar

    @property
    def stretch_met(self) -> bool | None:
        return None if self.stretch is None else self.ratio <= self.stretch


def _once(trial: Trial) -> float:
    trial.reset()
    return trial.run()


def run_measure(ctx: Context, measure: Measure, runs: int, warmups: int = 1) -> MeasureResult:
    """Time both sides `runs` times, alternating which goes first, after checked warm-ups."""
    pair = measure.prepare(ctx)
    sides = (pair.craftlog, pair.reference)
    for side in sides:
        for _ in range(warmups):
            _once(side)
        side.verify()  # the warm-up did the work it claims; checked outside the timings
    result = MeasureResult(
        measure.key, measure.title, measure.reference, measure.bar, measure.stretch
    )
    for index in range(runs):
        # Alternate the order so drift and noise fall on both sides equally.
        craftlog_first = index % 2 == 0
        for side in sides if craftlog_first else reversed(sides):
            elapsed = _once(side)
            target = result.craftlog_s if side is pair.craftlog else result.reference_s
            target.append(elapsed)
    for side in sides:
        side.verify()  # and the last timed run did too
    log(
        f"{measure.key}: craftlog {result.craftlog_ms:.1f} ms, reference "
        f"{result.reference_ms:.1f} ms, ratio {result.ratio:.2f} over {runs} runs"
    )
    return result
