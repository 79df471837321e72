"""The start-up note on what is due: reviews, this month's audit, the monthly self-checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp


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


def read_due(services: Services) -> str | None:
    """Read what is due as the dashboard counts it; None on a first launch or when nothing is."""
    from craftlog.core.assessments import due_keys, latest_by_key
    from craftlog.core.dashboard import audit_state
    from craftlog.core.instruments import SUGGESTED_MONTHLY
    from craftlog.store.entries import EntryFilter

    today = services.today()
    audit = audit_state(services.audits.all(), today)
    latest = latest_by_key(services.assessments.all())
    # A first launch has its welcome on the home screen: nothing is "due" before anything started.
    started = bool(audit.count or audit.open or latest) or bool(
        services.entries.find(EntryFilter(), limit=1) or services.commits.sources()
    )
    if not started:
        return None
    reviews, _new = services.reviews_due()
    # An audit under way is shown on the home screen; it is not one more thing to start.
    return due_note(
        reviews, audit.due and audit.open is None, due_keys(latest, today, SUGGESTED_MONTHLY)
    )


@work(thread=True, exclusive=True, exit_on_error=False, group="due")
def announce_due(app: CraftlogApp) -> None:
    """At start, read what is due off the UI thread and say it in one notification."""
    note = read_due(app.services)
    if note is not None:
        # notify only posts a message to the app, which is safe from this thread.
        app.notify(note, timeout=12)
