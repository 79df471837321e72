"""The shell commands about git: `repos`, `scan` and `weeks`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from craftlog.core.text import visible

if TYPE_CHECKING:
    from craftlog.core.flags import WeekOutput
    from craftlog.core.sources import Source


def add_parsers(sub: Any) -> None:
    """Register the git commands on the main parser's subcommands."""
    repos = sub.add_parser("repos", help="register the git repositories whose output counts")
    actions = repos.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register repositories (then run craftlog scan)")
    add.add_argument("paths", nargs="+", metavar="PATH", help="a repository folder")
    listing = actions.add_parser("list", help="registered repositories and their last scan")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("remove", help="stop counting a repository's commits")
    remove.add_argument("path", metavar="PATH", help="the repository's folder")

    scan = sub.add_parser("scan", help="read new commits from every registered repository")
    scan.add_argument("--json", action="store_true", help="print JSON")

    weeks = sub.add_parser("weeks", help="output against learning, week by week")
    weeks.add_argument("--since", metavar="D", help="start with the week holding date D")
    weeks.add_argument("--until", metavar="D", help="end with the week holding date D")
    weeks.add_argument("--json", action="store_true", help="print JSON")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def cmd_repos(args: argparse.Namespace) -> int:
    from craftlog.cli import Failure, _fail, _services

    services = _services()
    try:
        if args.action == "add":
            return _add(services, args.paths, _fail)
        if args.action == "list":
            _list(services.commits.sources(), args.json)
            return 0
        source = services.find_repository(args.path)
        if source is None:
            raise Failure(
                f"{args.path} is not registered; craftlog repos list shows the ones that are"
            )
        services.commits.remove_source(source)
        print(f"Removed {visible(source.path)}; its {_plural(source.commits, 'commit')} "
              "no longer count.")  # fmt: skip
        return 0
    finally:
        services.close()


def _add(services: Any, paths: list[str], fail: Any) -> int:
    import os

    from craftlog.gitsource.reader import SourceProblem
    from craftlog.store.commits import DuplicateSource

    failed = False
    for path in paths:
        try:
            source = services.add_repository(path)
        except SourceProblem as problem:
            fail(str(problem))
            failed = True
            continue
        except DuplicateSource as duplicate:
            where = duplicate.existing.path
            same = where == os.path.realpath(os.path.expanduser(path))
            print(f"Already registered: {visible(where)}"
                  + ("" if same else f" (the same repository as {visible(path)})"))  # fmt: skip
            continue
        given = os.path.realpath(os.path.expanduser(path))
        note = "" if given == source.path else f" (the repository holding {visible(given)})"
        print(f"Added {visible(source.path)}{note}.")
    if not failed:
        print("Run craftlog scan to read their history.", file=sys.stderr)
    return 1 if failed else 0


def _list(sources: list[Source], as_json: bool) -> None:
    if as_json:
        import json

        print(json.dumps([
            {"path": s.path, "commits": s.commits, "status": str(s.status),
             "message": s.message,
             "scanned_at": s.scanned_at.isoformat() if s.scanned_at else None}
            for s in sources
        ]))  # fmt: skip
        return
    if not sources:
        print("No repositories yet; add one with: craftlog repos add PATH")
        return
    for s in sources:
        print(f"{visible(s.path)}  ·  {_plural(s.commits, 'commit')}  ·  {visible(s.state)}")


class _Ticker:
    """A one-line progress display on a terminal's stderr, at most ten updates a second."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, source: Source, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.live or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        name = visible(source.path)[-50:]
        sys.stderr.write(f"\r\x1b[Kscanning {name}: {done:,}/{total:,}")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K")


def cmd_scan(args: argparse.Namespace) -> int:
    from craftlog.cli import Failure, _services
    from craftlog.core.sources import ScanOutcome

    services = _services()
    try:
        if not services.commits.sources():
            raise Failure("no repositories registered; add one with: craftlog repos add PATH")
        ticker = _Ticker()
        try:
            reports = services.scan(progress=ticker)
        finally:
            ticker.clear()
    finally:
        services.close()
    failed = [r for r in reports if r.outcome is ScanOutcome.FAILED]
    if args.json:
        import json

        print(json.dumps([r.as_json() for r in reports]))
    else:
        for report in reports:
            if report.outcome is not ScanOutcome.FAILED:
                print(visible(report.summary))
    # Exit code 1 is always explained on stderr, with --json too.
    for report in failed:
        print(f"craftlog: {visible(report.summary)}", file=sys.stderr)
    return 1 if failed else 0


def cmd_weeks(args: argparse.Namespace) -> int:
    from craftlog.cli import Failure, _services

    services = _services()
    try:
        today = services.today()
        since = _date(args.since, today, "--since") if args.since else None
        until = _date(args.until, today, "--until") if args.until else None
        if since and until and since > until:
            raise Failure(f"--since {since} comes after --until {until}")
        table = services.weeks(since, until)
        registered = bool(services.commits.sources())
    finally:
        services.close()
    if args.json:
        import json

        print(json.dumps([w.as_json() for w in table]))
        return 0
    _print_weeks(table)
    if not registered:
        print("No repositories registered, so there are no commits to count; "
              "add one with: craftlog repos add PATH", file=sys.stderr)  # fmt: skip
    return 0


def _date(value: str, today: date, flag: str) -> date:
    """A date for --since/--until: YYYY-MM-DD, today or yesterday; future dates are fine."""
    from craftlog.cli import Failure

    text = value.strip().lower()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        raise Failure(f"{flag} {visible(value)} is not a day that exists in the calendar") from None
    raise Failure(f"{flag} {visible(value)!r} is not a date; write it as YYYY-MM-DD")


def _print_weeks(table: list[WeekOutput]) -> None:
    if not table:
        print("No commits or entries yet.")
        return
    print(f"{'week':<9} {'commits':>7} {'added':>8} {'removed':>8} {'AI≥':>4} {'learned':>7}  flag")
    for w in table:
        mark = "FLAGGED " + w.reason if w.flagged else ""
        print(
            f"{w.week.label:<9} {w.commits:>7,} {w.lines_added:>8,} {w.lines_removed:>8,} "
            f"{w.ai_assisted_commits:>4,} {w.entries:>7,}  {mark}".rstrip()
        )
    print("AI≥: commits marked AI-assisted in their message, a lower bound.")
