"""Runs measures: one untimed warm-up and check per side, then interleaved timed runs."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.context import Context, MeasureSkipped, log
from bench.measures import Measure
from bench.trials import Trial

# What one sample a trial returns is worth in the unit the table shows.
SCALE = {"ms": 1000.0, "MiB": 1 / 2**20}


@dataclass
class MeasureResult:
    """The samples of one measure and whether its bar holds.

    Samples are what trials return: seconds for "ms" measures, bytes for "MiB" ones.
    """

    key: str
    title: str
    reference: str
    bar: float
    stretch: float | None
    unit: str = "ms"
    kind: str = "command"
    runs: int = 0
    craftlog_s: list[float] = field(default_factory=list)
    reference_s: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None  # why the measure could not run here (a tool is missing)

    @property
    def craftlog_value(self) -> float:
        """The craftlog median in the table's unit."""
        return statistics.median(self.craftlog_s) * SCALE[self.unit]

    @property
    def reference_value(self) -> float:
        """The reference median in the table's unit."""
        return statistics.median(self.reference_s) * SCALE[self.unit]

    @property
    def craftlog_ms(self) -> float:
        return self.craftlog_value

    @property
    def reference_ms(self) -> float:
        return self.reference_value

    @property
    def ratio(self) -> float:
        return self.craftlog_value / self.reference_value

    @property
    def passed(self) -> bool:
        """A skipped measure does not fail the run; its row says it was skipped."""
        return self.skipped is not None or self.ratio <= self.bar

    @property
    def stretch_met(self) -> bool | None:
        if self.stretch is None or self.skipped is not None:
            return None
        return self.ratio <= self.stretch


def _once(trial: Trial) -> float:
    trial.reset()
    return trial.run()


def runs_for(measure: Measure, runs: int, explicit: bool) -> int:
    """The runs a measure gets: `runs`, capped by its max_runs unless --runs asked for them."""
    if explicit or measure.max_runs is None:
        return runs
    return min(runs, measure.max_runs)


def run_measure(
    ctx: Context, measure: Measure, runs: int, warmups: int = 1, explicit: bool = False
) -> MeasureResult:
    """Time both sides `runs` times, alternating which goes first, after checked warm-ups."""
    runs = runs_for(measure, runs, explicit)
    try:
        pair = measure.prepare(ctx)
    except MeasureSkipped as skip:
        log(f"{measure.key}: skipped: {skip}")
        return MeasureResult(
            measure.key, measure.title, measure.reference, measure.bar, measure.stretch,
            unit=measure.unit, kind=measure.kind, skipped=str(skip),
        )  # fmt: skip
    sides = (pair.craftlog, pair.reference)
    for side in sides:
        for _ in range(warmups):
            _once(side)
        side.verify()  # the warm-up did the work it claims; checked outside the timings
    result = MeasureResult(
        measure.key,
        pair.title or measure.title,
        pair.reference_text or measure.reference,
        measure.bar,
        measure.stretch,
        unit=measure.unit,
        kind=measure.kind,
        runs=runs,
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
        notes = getattr(side, "notes", None)
        if callable(notes):
            result.notes.extend(notes())
    unit = measure.unit
    log(
        f"{measure.key}: craftlog {result.craftlog_value:.1f} {unit}, reference "
        f"{result.reference_value:.1f} {unit}, ratio {result.ratio:.2f} over {runs} runs"
    )
    for note in result.notes:
        log(f"{measure.key}: {note}")
    return result
