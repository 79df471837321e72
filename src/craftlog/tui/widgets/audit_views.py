"""The audit in words: the timer panel, one audit's record, and the history's recurring gaps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from textual.content import Content

from craftlog.core.audit_history import Goal, MonthRow, RecurringGap
from craftlog.core.audits import STEPS, Audit, AuditStatus, elapsed, month_key, over_time_box
from craftlog.core.dashboard import AuditState
from craftlog.core.text import one_line, visible

BAR_CELLS = 30
TREND_MONTHS = 6


def month_name(month: str) -> str:
    """ "2026-11" as "Nov 2026"."""
    year, number = month.split("-")
    return f"{date(int(year), int(number), 1):%b %Y}"


def clock(span: timedelta) -> str:
    """A duration as H:MM:SS, days included as hours, for a timer that may run for days."""
    seconds = int(span.total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def time_bar(spent: timedelta, box_minutes: int) -> Content:
    """A bar filling up to the time box, in the warning colour once the box is used up."""
    share = min(spent / timedelta(minutes=box_minutes), 1.0)
    filled = round(share * BAR_CELLS)
    style = "$warning" if share >= 1.0 else "$primary"
    return Content.assemble(
        ("█" * filled, style), ("░" * (BAR_CELLS - filled), "$foreground-muted")
    )


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def open_panel(audit: Audit, now: datetime) -> Content:
    """A running or paused audit: its task, its clock and what to press."""
    spent = elapsed(audit, now)
    assert audit.started_at is not None
    started = _local(audit.started_at)
    days = (now.astimezone().date() - started.date()).days
    since = f"{started:%a %d %b %H:%M}" + (f" ({days} days ago)" if days > 1 else "")
    paused = audit.status is AuditStatus.PAUSED
    heading = "Audit paused" if paused else "Audit under way"
    lines = [
        Content.assemble(
            (heading, "bold $warning" if paused else "bold $primary"),
            (f" · started {since}", "$foreground-muted"),
        ),
        Content.assemble(("Task: ", "bold"), Content(visible(audit.task))),
        Content.assemble(
            ("Time: ", "bold"),
            (clock(spent), "bold"),
            f" of {audit.time_box_minutes} min  ",
            time_bar(spent, audit.time_box_minutes),
        ),
    ]
    if audit.started_at > now:  # the clock was set back since the start
        lines.append(
            Content.styled(
                "This computer's clock reads earlier than the audit's start, so the timer "
                "stays at zero until the clock passes it.",
                "$warning",
            )
        )
    elif paused and audit.paused_at is not None:
        lines.append(Content(f"Paused since {_local(audit.paused_at):%a %d %b %H:%M}."))
    elif over_time_box(audit, now):
        lines.append(
            Content.styled(
                "The time box is used up. Stop at the next natural point and record how it went.",
                "$warning",
            )
        )
    else:
        lines.append(Content("No AI until you stop the clock. Docs and search are fine."))
    keys = "p resume" if paused else "p pause"
    lines.append(Content.styled(f"{keys} · f finish and record · x abandon", "$foreground-muted"))
    return Content("\n").join(lines)


def status_panel(state: AuditState, now: datetime, today: date, also_open: int = 0) -> Content:
    """This month's audit: under way, due, or done, with the key that moves it on.

    `also_open` counts other running or paused audits (an import can bring one in): only one is
    shown at a time, so the panel says the others are there.
    """
    if state.open is not None:
        panel = open_panel(state.open, now)
        if also_open:
            more = "1 more audit is" if also_open == 1 else f"{also_open} more audits are"
            panel = Content.assemble(
                panel,
                "\n",
                Content.styled(
                    f"{more} open too; finish or abandon this one to come to the next.",
                    "$warning",
                ),
            )
        return panel
    month = month_name(month_key(today))
    if state.this_month is not None and state.this_month.outcome is not None:
        done = state.this_month
        head = Content.styled(
            f"✓ {month}: audit done, {done.outcome.label} in {done.minutes} min.", "bold $success"
        )
        body = Content("A second audit this month is welcome too: press s to start one.")
    else:
        head = Content.styled(f"{month}: this month's no-AI audit is due.", "bold $warning")
        steps = " · ".join(f"{s.number} {s.title.lower()}" for s in STEPS)
        body = Content.assemble(
            "Once a month, do a task you used to do with confidence, without any AI help, "
            "and note where you got stuck.\n",
            (steps, "$foreground-muted"),
            "\n\n",
            ("Press s to start this month's audit.", "bold $primary"),
        )
    parts = [head, body]
    last = state.last_finished
    if last is not None and last.gaps and not last.rebuild_gap:
        count = len(last.gaps)
        parts.append(
            Content.styled(
                f"Your last audit found {count} gap{'s' if count != 1 else ''} and no goal yet: "
                "press g to choose one to rebuild.",
                "$primary",
            )
        )
    return Content("\n\n").join(parts)


def gaps_panel(
    gaps: Sequence[RecurringGap], goal: Goal | None, rows: Sequence[MonthRow]
) -> Content:
    """The goal being rebuilt, the month-by-month trend and the gaps that keep coming back."""
    parts: list[Content] = []
    if goal is not None:
        parts.append(
            Content.assemble(
                ("Rebuilding: ", "bold"),
                (one_line(visible(goal.gap), 80), "$primary"),
                (f" (chosen in {month_name(goal.month)})", "$foreground-muted"),
            )
        )
    if rows:
        steps = [
            Content.assemble(
                (f"{month_name(r.month)[:3]} ", "bold"),
                (r.outcome.label, "$success" if r.outcome.rank >= 2 else "$warning"),
                f" {r.minutes}m",
            )
            for r in rows[-TREND_MONTHS:]
        ]
        parts.append(Content.assemble(("Trend: ", "bold"), Content(" → ").join(steps)))
    if gaps:
        lines = [
            Content.assemble(
                ("  ↻ ", "$warning"),
                Content(one_line(visible(g.text), 70)),
                (f"  {g.count} audits, last {month_name(g.last_month)}", "$foreground-muted"),
            )
            for g in gaps[:8]
        ]
        parts.append(Content.assemble(("Gaps that recur", "bold"), "\n", Content("\n").join(lines)))
    elif rows:
        parts.append(Content.styled("No gap has come up twice yet.", "$foreground-muted"))
    else:
        parts.append(
            Content.styled(
                "Each finished audit adds a month here: how the outcome and the minutes move "
                "over time, and the gaps that keep coming back.",
                "$foreground-muted",
            )
        )
    return Content("\n").join(parts)


def audit_detail(audit: Audit) -> Content:
    """Everything one audit recorded, shown literally."""
    rows: list[tuple[str, Content]] = [
        ("Task", Content(visible(audit.task))),
        (
            "Confidence",
            Content(f"{audit.confidence_before} before AI → {audit.confidence_now} now, of 5"),
        ),
    ]
    if audit.status is AuditStatus.ABANDONED:
        rows.append(("Outcome", Content.styled("abandoned", "$foreground-muted")))
    elif audit.outcome is not None:
        spent = f"{audit.outcome.label} in {audit.minutes} min (time box {audit.time_box_minutes})"
        rows.append(("Outcome", Content(spent)))
    gaps = "\n".join(f"• {visible(g)}" for g in audit.gaps) or "none"
    rows.append(("Gaps", Content(gaps)))
    if audit.looked_up:
        rows.append(("Looked up", Content(visible(audit.looked_up))))
    if audit.rebuild_gap:
        rows.append(("Rebuild", Content.styled(visible(audit.rebuild_gap), "$primary")))
    indent = "\n" + " " * 11  # later lines of a value line up under its first
    lines = [
        Content.assemble((f"{label:<11}", "bold"), Content(indent).join(value.split("\n")))
        for label, value in rows
    ]
    return Content.assemble(
        (f"{month_name(audit.month)} audit", "bold"), "\n", Content("\n").join(lines)
    )
