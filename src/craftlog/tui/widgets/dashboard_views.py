"""The dashboard's panels in words: the week, the streak, the audit, the checks, the standing."""

from __future__ import annotations

from datetime import date, datetime

from textual.content import Content

from craftlog.core.assessments import Assessment
from craftlog.core.audit_history import Goal
from craftlog.core.audits import AuditStatus, elapsed, month_key
from craftlog.core.dashboard import AuditState
from craftlog.core.flags import WeekOutput
from craftlog.core.instruments import INSTRUMENTS
from craftlog.core.standing import Quadrant, Standing
from craftlog.core.streaks import LogState
from craftlog.core.text import one_line, visible
from craftlog.tui.widgets.audit_views import clock, month_name


def week_panel(state: LogState, goal: Goal | None) -> Content:
    """This week: logged or not, and the audit's rebuild goal as a question."""
    week = state.this_week
    heading = Content.styled(f"{week.label} · {week.span}", "bold")
    if state.logged_this_week:
        noun = "entry" if state.entries_this_week == 1 else "entries"
        line = Content.styled(f"✓ Logged: {state.entries_this_week} {noun} so far.", "$success")
    else:
        line = Content.styled(
            "Nothing logged yet this week. What do you understand now that you did not "
            "a month ago?",
            "$warning",
        )
    parts = [heading, line]
    if goal is not None:
        parts.append(Content.assemble(("Goal: ", "bold $primary"), Content(visible(goal.prompt))))
    return Content("\n\n").join(parts)


def streak_panel(state: LogState) -> Content:
    """The streak and the time since the last entry."""
    weeks = state.streak_weeks
    streak = Content.assemble(
        ("Streak: ", "bold"), (f"{weeks}", "bold $primary"), f" week{'s' if weeks != 1 else ''}"
    )
    if state.last_entry_day is None:
        last = "No entry yet."
    else:
        last = f"Last entry: {state.last_entry_day:%a %d %b}"
    return Content.assemble(streak, "\n\n", last)


def silence_text(state: LogState) -> Content:
    """The silence warning, stated plainly."""
    return Content.assemble(
        (f"Your log has been silent for {state.empty_full_weeks} full weeks.", "bold $error"),
        "\nOutput without learning is the gap this log exists to show. "
        "Write down one thing you understood recently, however small.",
    )


def audit_panel(state: AuditState, now: datetime, today: date) -> Content:
    """This month's audit: under way, due or done, and how the last one went."""
    month = month_name(month_key(today))
    if state.open is not None:
        audit = state.open
        paused = audit.status is AuditStatus.PAUSED
        head = Content.styled(
            "Paused" if paused else "Under way", "bold $warning" if paused else "bold $primary"
        )
        spent = f" · {clock(elapsed(audit, now))} of {audit.time_box_minutes} min"
        lines = [Content.assemble(head, spent), Content(one_line(audit.task, 60))]
    elif state.this_month is not None and state.this_month.outcome is not None:
        done = state.this_month
        lines = [
            Content.styled(f"✓ {month}: done", "bold $success"),
            Content(f"{done.outcome.label}, {done.minutes} min"),
        ]
    else:
        lines = [Content.styled(f"Due for {month}", "bold $warning")]
        last = state.last_finished
        if last is not None and last.outcome is not None:
            lines.append(Content(f"Last: {month_name(last.month)}, {last.outcome.label}"))
        else:
            lines.append(Content("About an hour, once a month, with no AI."))
    return Content("\n").join(lines)


SHORT_NAMES = {"symptoms": "Symptoms", "quick-check": "Quick check", "tier": "Tier test"}


def checks_panel(latest: dict[str, Assessment], due: list[str], today: date) -> Content:
    """Each instrument's latest score and band, and which are suggested this month."""
    lines = []
    for key, instrument in INSTRUMENTS.items():
        name = Content.styled(f"{SHORT_NAMES[key]:<12}", "bold")
        taken = latest.get(key)
        if taken is None:
            lines.append(Content.assemble(name, ("not taken yet", "$foreground-muted")))
            continue
        score = f"{taken.score:>2}/{instrument.maximum:<3}"
        when = f"{taken.day:%d %b}" if taken.day.year == today.year else f"{taken.day:%b %Y}"
        lines.append(
            Content.assemble(
                name, (score, "bold"), f"{taken.band.name}", (f" · {when}", "$foreground-muted")
            )
        )
    if due:
        names = " and ".join(INSTRUMENTS[k].title.lower() for k in due)
        lines.append(Content.styled(f"Due this month: {names}.", "$warning"))
    return Content("\n").join(lines)


_CELLS = {
    Quadrant.GOAL: (0, 0, "the goal"),
    Quadrant.WARNING: (0, 1, "the warning"),
    Quadrant.FOUNDATION: (1, 0, "foundation"),
    Quadrant.AT_RISK: (1, 1, "at risk"),
}
_CELL_WIDTH = 16


def standing_panel(place: Standing) -> Content:
    """Leverage against craft as a two-by-two grid with your place marked, and the verdict."""
    header = Content.assemble(
        " " * 15, ("craft holding".center(_CELL_WIDTH), "$foreground-muted"),
        ("craft slipping".center(_CELL_WIDTH), "$foreground-muted"),
    )  # fmt: skip
    rows = [header]
    for row, label in enumerate(("high leverage", "low leverage")):
        cells: list[Content | str] = [Content.styled(f"{label:<15}", "$foreground-muted")]
        for column in range(2):
            quadrant = next(q for q, (r, c, _) in _CELLS.items() if (r, c) == (row, column))
            name = _CELLS[quadrant][2]
            if quadrant is place.quadrant:
                style = "bold $error" if quadrant is Quadrant.WARNING else "bold $primary"
                cells.append(Content.styled(f"▶ {name} ◀".center(_CELL_WIDTH), f"reverse {style}"))
            else:
                cells.append(Content.styled(name.center(_CELL_WIDTH), "$foreground-muted"))
        rows.append(Content.assemble(*cells))
    parts = [Content("\n").join(rows), Content(place.verdict)]
    if place.gap_signs:
        parts.append(
            Content.styled("Signs of a gap: " + "; ".join(place.gap_signs) + ".", "$warning")
        )
    return Content("\n").join(parts)


def flags_panel(flags: list[WeekOutput], has_repos: bool) -> Content:
    """Recent weeks with output and no learning, or how to start comparing the two."""
    if not has_repos:
        return Content.assemble(
            "Register a git repository to see which weeks were full of commits and empty "
            "of learning. ",
            ("Press o, then r.", "$primary"),
        )
    if not flags:
        return Content.styled(
            "✓ No flagged week in the last 8: your log keeps up with your commits.", "$success"
        )
    lines = [
        Content.assemble(("⚑ ", "$error"), (f"{w.week.label}  ", "bold"), w.reason) for w in flags
    ]
    return Content.assemble(
        (f"{len(flags)} of the last 8 weeks flagged", "$error"),
        "\n",
        Content("\n").join(lines),
        ("\nOpen a week in Output and explain what you shipped.", "$foreground-muted"),
    )


EMPTY_HOME = Content.assemble(
    ("Welcome to craftlog.", "bold"),
    "\n\nOnce a week, write down one thing you understand now that you did not a month ago. "
    "Over months, the log is the evidence that your own craft is still growing.\n\n",
    ("Press n to write your first entry.", "bold $primary"),
    "\nFrom a shell: ",
    ('craftlog log "what you learned" --tag topic', "$secondary"),
    "\n\nWhen you have a few minutes more:",
    ("\n  a ", "bold $primary"), "the monthly no-AI audit: an hour on a task you once did alone",
    ("\n  c ", "bold $primary"), "self-checks: two gap checks and the AI-usage tier test",
    ("\n  o ", "bold $primary"), "your git output set against what you logged, week by week",
    ("\n  q ", "bold $primary"), "the quiz: recall what you logged, graded by you or by Claude",
)  # fmt: skip
