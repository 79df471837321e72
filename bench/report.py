"""The results table on stdout and the JSON results file, with the machine they ran on."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.runner import SCALE, MeasureResult

HEADER = ("measure", "craftlog", "reference", "ratio", "bar", "pass/fail")


def _bar(result: MeasureResult) -> str:
    text = f"≤ {result.bar:.2f}"
    if result.stretch is not None:
        text += f" (stretch ≤ {result.stretch:.2f})"
    return text


def _verdict(result: MeasureResult) -> str:
    if result.skipped is not None:
        return f"skipped: {result.skipped}"
    if not result.passed:
        return "FAIL"
    if result.stretch_met:
        return "pass (stretch met)"
    if result.stretch is not None:
        return "pass (stretch missed)"
    return "pass"


def _measure(result: MeasureResult) -> str:
    if result.kind == "budget":
        return f"{result.title} (budget {result.reference})"
    if result.kind in ("growth", "app"):
        return f"{result.title} (vs {result.reference})"
    return f"{result.title} (vs `{result.reference}`)"


def table_rows(results: Sequence[MeasureResult]) -> list[tuple[str, ...]]:
    """One row of cells per measure, in the header's order (dashes where one was skipped)."""
    return [
        (
            _measure(r),
            "—" if r.skipped else f"{r.craftlog_value:.1f} {r.unit}",
            "—" if r.skipped else f"{r.reference_value:.1f} {r.unit}",
            "—" if r.skipped else f"{r.ratio:.2f}",
            _bar(r),
            _verdict(r),
        )
        for r in results
    ]


def format_notes(results: Sequence[MeasureResult]) -> str:
    """What some measures add under the table (their parts, the figures left out of a ratio)."""
    return "\n".join(f"- {r.key}: {note}" for r in results for note in r.notes)


def format_table(results: Sequence[MeasureResult]) -> str:
    """A Markdown table, aligned for reading in a terminal and pasting into the README."""
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    numeric = {1, 2, 3}

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(HEADER), rule, *(line(r) for r in rows[1:])])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts() -> dict[str, Any]:
    """What the numbers depend on: CPUs, Python, operating system."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def _runs(runs: int, results: Sequence[MeasureResult]) -> str:
    fewer = [f"{r.key} {r.runs}" for r in results if r.runs and r.runs != runs]
    return f"{runs} runs per side" + (f" ({', '.join(fewer)})" if fewer else "")


def format_facts(
    facts: dict[str, Any],
    versions: dict[str, str],
    runs: int,
    seconds: float,
    results: Sequence[MeasureResult] = (),
) -> str:
    """One line of context printed under the table."""
    tools = ", ".join(f"{name} {version}" for name, version in versions.items())
    return (
        f"{_runs(runs, results)}, medians; nproc {facts['nproc']}, Python {facts['python']}, "
        f"{facts['platform']}; {tools}; bench took {seconds:.1f} s"
    )


def result_record(result: MeasureResult) -> dict[str, Any]:
    """One measure's numbers for the JSON file, every sample included.

    Values carry their unit in their key: craftlog_ms for timings, craftlog_mib for memory.
    """
    unit, scale = result.unit.lower(), SCALE[result.unit]
    if result.skipped is not None:
        return {
            "key": result.key,
            "title": result.title,
            "reference": result.reference,
            "kind": result.kind,
            "unit": result.unit,
            "bar": result.bar,
            "skipped": result.skipped,
        }
    return {
        "key": result.key,
        "title": result.title,
        "reference": result.reference,
        "kind": result.kind,
        "unit": result.unit,
        "runs": result.runs,
        f"craftlog_{unit}": round(result.craftlog_value, 3),
        f"reference_{unit}": round(result.reference_value, 3),
        "ratio": round(result.ratio, 4),
        "bar": result.bar,
        "stretch": result.stretch,
        "passed": result.passed,
        "stretch_met": result.stretch_met,
        f"craftlog_samples_{unit}": [round(s * scale, 3) for s in result.craftlog_s],
        f"reference_samples_{unit}": [round(s * scale, 3) for s in result.reference_s],
        f"craftlog_stdev_{unit}": round(statistics.pstdev(result.craftlog_s) * scale, 3),
        f"reference_stdev_{unit}": round(statistics.pstdev(result.reference_s) * scale, 3),
        "notes": result.notes,
    }


def write_json(
    path: Path,
    results: Sequence[MeasureResult],
    *,
    runs: int,
    quick: bool,
    seconds: float,
    versions: dict[str, str],
) -> None:
    """Write every result, the settings and the machine facts as one JSON document."""
    document = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "quick": quick,
        "duration_s": round(seconds, 2),
        "machine": machine_facts(),
        "versions": versions,
        "results": [result_record(r) for r in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
