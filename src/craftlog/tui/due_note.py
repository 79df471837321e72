"""The start-up note on what is due: reviews, this month's audit, the monthly self-checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from craftlog.core.dashboard import Dashboard


def due_note(reviews: int, audit: bool, checks: list[str]) -> str | None:
    """What is due in one short line with each screen's key; None when nothing is."""
    from craftlog.core.instruments import INSTRUMENTS

    parts = []
    if reviews:
        parts.append(f"{reviews:,} review{'s' if reviews != 1 else ''} (q)")
    if audit:
        parts.append("this month's audit (a)")
    if len(checks) == 1:
        parts.append(f"the {INSTRUMENTS[checks[0]].title.lower()} (c)")
    elif checks:
        parts.append("this month's self-checks (c)")
    return "Due: " + " · ".join(parts) if parts else None


def board_note(board: Dashboard) -> str | None:
    """What the dashboard shows as due, in one line; an audit under way is not one to start."""
    return due_note(
        board.reviews_due, board.audit.due and board.audit.open is None, board.checks_due
    )
