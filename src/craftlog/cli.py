"""The `craftlog` command: opens the app, or runs one shell command without loading the UI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from craftlog import __version__, cli_git
from craftlog.core.text import one_line, visible

if TYPE_CHECKING:
    from datetime import datetime

    from craftlog.core.audits import Audit
    from craftlog.core.dashboard import Dashboard
    from craftlog.core.flags import WeekOutput
    from craftlog.core.streaks import LogState
    from craftlog.services import Services


class Failure(Exception):
    """A command failed for a reason its message explains; exit code 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="craftlog",
        description="Keep the evidence that your own craft is still growing. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"craftlog {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    log = sub.add_parser("log", help="add a learning entry from the shell")
    log.add_argument("text", nargs="+", metavar="TEXT", help="the entry; '-' reads standard input")
    log.add_argument("--kind", "-k", default="concept", help="concept, problem, behavior, "
                     "explanation, no-ai-build or other (default: concept)")  # fmt: skip
    log.add_argument("--tag", "-t", action="append", default=[], help="a tag (repeatable)")
    log.add_argument("--date", "-d", help="YYYY-MM-DD, today or yesterday (default: today)")
    log.add_argument("--ai", action="store_true", help="you needed AI to get there")
    log.add_argument("--minutes", "-m", type=int, help="minutes of struggle it took")

    status = sub.add_parser(
        "status",
        help="this week, silence, streak, the month's audit, reviews due and flagged weeks",
        description="One line for a shell prompt or cron: this week's log, silence, streak, "
        "whether this month's no-AI audit is due or running, quiz reviews due, and recently "
        "flagged weeks. --json adds the entries never reviewed, the self-checks due, their "
        "latest results and where you stand.",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")

    paths = sub.add_parser("paths", help="where craftlog keeps its files")
    paths.add_argument("--json", action="store_true", help="print JSON")

    export = sub.add_parser("export", help="write the log as JSON, Markdown or CSV")
    export.add_argument(
        "--format", "-f", choices=["json", "markdown", "csv"], default="json",
        help="json (everything, lossless; the default), markdown (a post) or csv",
    )  # fmt: skip
    export.add_argument("--week", "-w", help="one ISO week, as YYYY-Www")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")

    imp = sub.add_parser("import", help="import a craftlog or jrnl JSON export")
    imp.add_argument("file", help="the export file; '-' reads standard input")
    imp.add_argument("--format", "-f", choices=["craftlog", "jrnl"], help="default: detected")

    cli_git.add_parsers(sub)
    sub.add_parser("doctor", help="check the database and show backups and paths")
    sub.add_parser("backup", help="write a backup of the database now")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            return _run_app()
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("craftlog: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except Failure as error:
        _fail(str(error))
    except Exception as error:  # every failure is worded, never a traceback
        _fail(_describe(error))
    return 1


def _fail(message: str) -> None:
    for line in message.splitlines()[:2] or [""]:
        print(f"craftlog: {visible(line)}", file=sys.stderr)


def _describe(error: Exception) -> str:
    from craftlog.core.entries import EntryError
    from craftlog.core.exchange import ImportProblem
    from craftlog.store.errors import StoreError

    if isinstance(error, EntryError | StoreError | ImportProblem):
        return str(error)
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"cannot use{where}: {(error.strerror or str(error)).lower()}"
    return f"unexpected error ({type(error).__name__}: {error}); please report it"


def _services() -> Services:
    from craftlog.services import open_services

    services = open_services()
    for warning in services.config.warnings:
        print(f"craftlog: {visible(warning)}", file=sys.stderr)
    return services


def _read_stdin() -> str:
    if sys.stdin.isatty():
        print("Type the entry; end with ctrl+d on a line of its own.", file=sys.stderr)
    return sys.stdin.buffer.read().decode("utf-8", "surrogateescape")


def _cmd_log(args: argparse.Namespace) -> int:
    from craftlog.core.entries import make_draft, parse_day, parse_kind
    from craftlog.core.weeks import IsoWeek

    text = _read_stdin() if args.text == ["-"] else " ".join(args.text)
    kind = parse_kind(args.kind)  # checked before the database is opened
    services = _services()
    try:
        today = services.today()
        day = parse_day(args.date, today) if args.date else today
        draft = make_draft(
            text, kind=kind, tags=args.tag, day=day, needed_ai=args.ai,
            struggle_minutes=args.minutes,
        )  # fmt: skip
        entry = services.entries.add(draft)
        this_week = IsoWeek.of(today)
        count = services.entries.count_between(this_week.monday, this_week.sunday)
    finally:
        services.close()
    note = f" ({count} this week)" if entry.week == this_week else ""
    print(f"Logged “{one_line(entry.title, 60)}” · {entry.kind} · {entry.week.label}{note}")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from craftlog.core.audits import audit_due, in_progress

    services = _services()
    try:
        now, flags = services.now(), services.recent_flags()
        if args.json:
            import json

            text = json.dumps(status_data(services.dashboard(), flags, now))
        else:
            # A shell prompt runs this before every command. The line needs the log and the
            # audits only; the full dashboard would also build the instruments and the standing,
            # which cost this command about a fifth of its time.
            audits, today = services.audits.all(), services.today()
            due, _ = services.reviews_due()
            text = status_line(
                services.log_state(),
                in_progress(audits),
                audit_due(audits, today),
                flags,
                now,
                reviews_due=due,
            )
    finally:
        services.close()
    print(text)
    return 0


def status_data(board: Dashboard, flags: Sequence[WeekOutput], now: datetime) -> dict[str, Any]:
    """`craftlog status --json`: the log's keys first, then the audit, checks and standing."""
    from craftlog.core.audits import elapsed_minutes

    state, audit = board.log, board.audit
    running = audit.open
    return {
        "week": state.this_week.label,
        "logged_this_week": state.logged_this_week,
        "entries_this_week": state.entries_this_week,
        "total_entries": state.total_entries,
        "last_entry": state.last_entry_day.isoformat() if state.last_entry_day else None,
        "empty_full_weeks": state.empty_full_weeks,
        "silent": state.silent,
        "streak_weeks": state.streak_weeks,
        "recent_flags": [{"week": w.week.label, "reason": w.reason} for w in flags],
        "audit_due": audit.due,
        "audit_open": None
        if running is None or running.started_at is None
        else {
            "month": running.month,
            "task": running.task,
            "status": running.status.value,
            "started_at": running.started_at.isoformat(timespec="seconds"),
            "elapsed_minutes": elapsed_minutes(running, now),
            "time_box_minutes": running.time_box_minutes,
        },
        "reviews_due": board.reviews_due,
        "reviews_new": board.reviews_new,
        "checks_due": list(board.checks_due),
        "latest": {
            key: {
                "score": item.score,
                "maximum": item.instrument.maximum,
                "band": item.band.name,
                "date": item.day.isoformat(),
            }
            for key, item in board.latest.items()
        },
        "standing": {"quadrant": board.standing.quadrant.value, "verdict": board.standing.verdict},
        "goal": audit.goal.gap if audit.goal else None,
    }


def status_line(
    log: LogState,
    running: Audit | None,
    due: bool,
    flags: Sequence[WeekOutput],
    now: datetime,
    *,
    reviews_due: int = 0,
) -> str:
    """`craftlog status`: one short line for a shell prompt or a cron mail."""
    from craftlog.core.audits import AuditStatus, elapsed_minutes
    from craftlog.core.streaks import describe

    line = describe(log)
    # No task text here: a prompt stays short, and `--json` carries the task for scripts.
    if running is not None and running.status is AuditStatus.PAUSED:
        line += " · audit paused"
    elif running is not None:
        spent = elapsed_minutes(running, now)
        line += f" · audit running {spent}/{running.time_box_minutes} min"
    elif due:
        line += " · audit due"
    # Only cards already due: entries never reviewed wait for you, they are not overdue.
    if reviews_due:
        line += f" · {reviews_due} review{'' if reviews_due == 1 else 's'} due"
    if flags:
        line += " · flagged: " + ", ".join(w.week.label for w in flags)
    return "craftlog: " + line


def _cmd_paths(args: argparse.Namespace) -> int:
    from craftlog.paths import resolve_paths

    locations = resolve_paths().as_dict()
    if args.json:
        import json

        print(json.dumps(locations))
    else:
        width = max(map(len, locations))
        for name, where in locations.items():
            print(f"{name:<{width}}  {visible(where)}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from craftlog.core.weeks import parse_week

    try:
        week = parse_week(args.week) if args.week else None
    except ValueError as error:
        raise Failure(str(error)) from None
    services = _services()
    try:
        text = services.export(args.format, week)
    finally:
        services.close()
    if args.output:
        from craftlog.store.files import write_private

        try:
            write_private(args.output, text)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise Failure(f"cannot write {args.output}: {reason}") from None
        print(f"Wrote {args.format} export to {visible(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    if args.file == "-":
        raw, source = _read_stdin(), "standard input"
    else:
        try:
            with open(args.file, "rb") as handle:
                raw = handle.read().decode("utf-8", "surrogateescape")
        except OSError as error:
            raise Failure(f"cannot read {args.file}: {(error.strerror or '').lower()}") from None
        source = args.file
    services = _services()
    try:
        result = services.import_text(raw, source, args.format)
    finally:
        services.close()
    parts = []
    for kind, one, many in (
        ("entries", "entry", "entries"),
        ("audits", "audit", "audits"),
        ("checks", "self-check", "self-checks"),
        ("tier_tests", "tier test", "tier tests"),
        ("reviews", "review", "reviews"),
    ):
        count = result.added_by_kind.get(kind, 0)
        # Entries are always named; the other kinds only when the file held any of them.
        if kind == "entries" or count or result.skipped_by_kind.get(kind, 0):
            parts.append(f"{count} {one if count == 1 else many}")
    added = f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else parts[0]
    skipped = f"{result.skipped} already present {'was' if result.skipped == 1 else 'were'}"
    print(
        f"Imported {added} from a {result.source_format} export ({one_line(source)}); "
        f"{skipped} skipped."
    )
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from craftlog.paths import resolve_paths
    from craftlog.store.doctor import run_doctor, unusable_report
    from craftlog.store.errors import StoreError

    try:
        services = _services()
    except StoreError as error:  # the file cannot be opened: still show backups and the way back
        report = unusable_report(resolve_paths(), error)
    else:
        try:
            report = run_doctor(services.db, services.paths)
        finally:
            services.close()
    for line in report.lines:
        print(visible(line))
    return 0 if report.healthy else 1


def _cmd_backup(args: argparse.Namespace) -> int:
    services = _services()
    try:
        target = services.backup()
    finally:
        services.close()
    print(f"Backup written to {visible(str(target))}")
    return 0


def _run_app() -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure("the app needs a terminal; from scripts use a command (craftlog --help)")
    from craftlog.tui.app import run_app

    return run_app()


_COMMANDS = {
    "log": _cmd_log,
    "status": _cmd_status,
    "paths": _cmd_paths,
    "export": _cmd_export,
    "import": _cmd_import,
    "doctor": _cmd_doctor,
    "backup": _cmd_backup,
    "repos": cli_git.cmd_repos,
    "scan": cli_git.cmd_scan,
    "weeks": cli_git.cmd_weeks,
}
