"""`craftlog status`: one line for a shell prompt or cron, or JSON for scripts."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from craftlog.core.audits import Audit
    from craftlog.core.dashboard import Dashboard
    from craftlog.core.flags import WeekOutput
    from craftlog.core.streaks import LogState


def add_parser(sub: Any) -> None:
    """The `status` subcommand and its option."""
    status = sub.add_parser(
        "status",
        help="this week, silence, streak, the month's audit, reviews due and flagged weeks",
        description="One line for a shell prompt or cron: this week's log, silence, streak, "
        "whether this month's no-AI audit is due or running, quiz reviews due, and recently "
        "flagged weeks. --json adds the entries never reviewed, the self-checks due, their "
        "latest results and where you stand.",
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")


def cmd_status(args: argparse.Namespace) -> int:
    """`craftlog status [--json]`."""
    from craftlog.cli import _services
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
