"""The dashboard's figures in one value: the log, the audit, the instruments and the standing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from craftlog.core.assessments import Assessment, due_keys, latest_by_key
from craftlog.core.audit_history import Goal, current_goal, finished_in_order
from craftlog.core.audits import Audit, audit_due, in_progress, month_key
from craftlog.core.instruments import SUGGESTED_MONTHLY
from craftlog.core.standing import Standing, standing
from craftlog.core.streaks import LogState


@dataclass(frozen=True)
class AuditState:
    """Where this month's audit stands, and the gap being rebuilt."""

    due: bool
    open: Audit | None  # running or paused: offered back on start
    this_month: Audit | None  # the latest finished this month
    last_finished: Audit | None
    goal: Goal | None
    count: int  # finished audits in all


def audit_state(audits: Iterable[Audit], today: date) -> AuditState:
    """The audit panel's facts for the local day `today`."""
    audits = list(audits)
    finished = finished_in_order(audits)
    month = month_key(today)
    return AuditState(
        due=audit_due(audits, today),
        open=in_progress(audits),
        this_month=next((a for a in reversed(finished) if a.month == month), None),
        last_finished=finished[-1] if finished else None,
        goal=current_goal(audits),
        count=len(finished),
    )


@dataclass(frozen=True)
class Dashboard:
    """Everything the home screen and `craftlog status` report."""

    log: LogState
    audit: AuditState
    latest: dict[str, Assessment]
    checks_due: list[str]
    standing: Standing
    reviews_due: int = 0  # quiz cards due now
    reviews_new: int = 0  # live entries never reviewed

    @property
    def anything_recorded(self) -> bool:
        """Whether any entry, audit or self-check exists: before that, it is a first launch."""
        return bool(self.log.total_entries or self.audit.count or self.audit.open or self.latest)


def dashboard(
    log: LogState,
    audits: Iterable[Audit],
    assessments: Iterable[Assessment],
    today: date,
    *,
    reviews_due: int = 0,
    reviews_new: int = 0,
) -> Dashboard:
    """Combine the log state, the audits, the instrument results and the quiz as of `today`."""
    audit = audit_state(audits, today)
    latest = latest_by_key(assessments)

    def score(key: str) -> int | None:
        return latest[key].score if key in latest else None

    last = audit.last_finished
    place = standing(
        score("tier"),
        symptoms=score("symptoms"),
        quick_check=score("quick-check"),
        last_audit=last.outcome if last else None,
        log_silent=log.silent,
    )
    checks_due = due_keys(latest, today, SUGGESTED_MONTHLY)
    return Dashboard(log, audit, latest, checks_due, place, reviews_due, reviews_new)
