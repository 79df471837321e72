"""`python -m bench`: run the registered measures and print the results table."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.context import BenchError, Context, log
from bench.measures import REGISTRY
from bench.report import format_facts, format_notes, format_table, machine_facts, write_json
from bench.runner import MeasureResult, run_measure

DEFAULT_RUNS = 15
QUICK_RUNS = 3
EXIT_BAR_FAILED = 1
EXIT_BENCH_BROKEN = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time craftlog against reference programs side by side and check the "
        "ratio bars of SPEC §5. Exit 1 when a bar fails (not with --quick), 3 when the bench "
        "itself cannot run.",
    )
    parser.add_argument(
        "--runs", type=int, help=f"timed runs per side (default {DEFAULT_RUNS}, {QUICK_RUNS} "
        "with --quick)",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true",
        help="few runs, to check that the bench works; a failed bar does not fail the exit code",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write results as JSON")
    parser.add_argument(
        "--measure", action="append", choices=list(REGISTRY), metavar="KEY",
        help=f"run only this measure (repeatable): {', '.join(REGISTRY)}",
    )  # fmt: skip
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch directory and print where it is"
    )
    parser.add_argument(
        "--git-commits",
        type=int,
        metavar="N",
        help="commits in the generated repository of the git full scan and one-repository "
        "rescan (default 20,000; 2,000 with --quick); generated once into bench/.cache",
    )
    parser.add_argument(
        "--git-repo", type=Path, metavar="PATH",
        help="time the git full scan on this existing repository instead (every author's "
        "commits counted, so every commit is stored)",
    )  # fmt: skip
    return parser


def _run_all(ctx: Context, keys: Sequence[str], runs: int, explicit: bool) -> list[MeasureResult]:
    return [run_measure(ctx, REGISTRY[key], runs, explicit=explicit) for key in keys]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None else (QUICK_RUNS if args.quick else DEFAULT_RUNS)
    if runs < 1:
        parser.error("--runs must be at least 1")
    if args.git_commits is not None and args.git_commits < 10:
        parser.error("--git-commits must be at least 10")
    keys = args.measure or list(REGISTRY)
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="craftlog-bench-"))
    try:
        git_repo = args.git_repo.expanduser().resolve() if args.git_repo else None
        ctx = Context(scratch, quick=args.quick, git_commits=args.git_commits, git_repo=git_repo)
        results = _run_all(ctx, keys, runs, explicit=args.runs is not None)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return EXIT_BENCH_BROKEN
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            log(f"scratch directory kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(format_table(results))
    print()
    notes = format_notes(results)
    if notes:
        print(notes)
        print()
    print(format_facts(machine_facts(), ctx.versions, runs, seconds, results))
    if args.json:
        try:
            write_json(
                args.json, results, runs=runs, quick=args.quick, seconds=seconds,
                versions=ctx.versions,
            )  # fmt: skip
        except OSError as error:
            print(f"bench: cannot write {args.json}: {error.strerror}", file=sys.stderr)
            return EXIT_BENCH_BROKEN
        log(f"results written to {args.json}")
    failed = [r.key for r in results if not r.passed]
    if failed and not args.quick:
        log(f"bar failed: {', '.join(failed)}")
        return EXIT_BAR_FAILED
    if failed:
        log(f"bar failed: {', '.join(failed)} (ignored with --quick)")
    return 0
