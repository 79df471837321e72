"""The `craftlog` command: opens the app, or runs one shell command without loading the UI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from craftlog import __version__, cli_git, cli_status
from craftlog.core.text import one_line, visible

if TYPE_CHECKING:
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

    cli_status.add_parser(sub)

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

    error = _name_the_database(error)
    if isinstance(error, EntryError | StoreError | ImportProblem):
        return str(error)
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"cannot use{where}: {(error.strerror or str(error)).lower()}"
    return f"unexpected error ({type(error).__name__}: {error}); please report it"


def _name_the_database(error: Exception) -> Exception:
    """A storage failure worded with the database's name and, when damaged, the newest backup."""
    import sqlite3

    from craftlog.paths import resolve_paths
    from craftlog.store.backup import newest_backup
    from craftlog.store.engine import is_damage
    from craftlog.store.errors import DatabaseUnreadable, StoreError

    if not isinstance(error, sqlite3.Error | DatabaseUnreadable):
        return error
    paths = resolve_paths()
    if isinstance(error, sqlite3.Error) and is_damage(error):
        # Found while reading: nothing was written, and the way back is a backup.
        error = DatabaseUnreadable(f"{paths.database} is damaged ({error}).", paths.database)
    elif isinstance(error, sqlite3.OperationalError):
        return StoreError(f"could not use the database {paths.database}: {error}")
    if isinstance(error, DatabaseUnreadable) and error.backup is None:
        error.backup = newest_backup(paths.backup_dir)
    return error


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
    "status": cli_status.cmd_status,
    "paths": _cmd_paths,
    "export": _cmd_export,
    "import": _cmd_import,
    "doctor": _cmd_doctor,
    "backup": _cmd_backup,
    "repos": cli_git.cmd_repos,
    "scan": cli_git.cmd_scan,
    "weeks": cli_git.cmd_weeks,
}
