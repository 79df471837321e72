"""Review regressions for stored audits and results: stale writes, unreadable rows, task ideas."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from craftlog.cli import main
from craftlog.core import audits as a
from craftlog.core.audit_history import suggest_tasks
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from craftlog.store.errors import StoreError
from tests.conftest import FIXED_NOW, fixed_clock
from tests.seed_self import checked, seed_open_audit

TODAY = FIXED_NOW.date()


def done(month: int, gaps: str) -> a.Audit:
    day = date(2026, month, 5)
    began = FIXED_NOW.replace(month=month, day=5)
    audit = a.start(a.plan("a task", 3, 2, 60, day), began, day)
    return a.finish(audit, began + timedelta(minutes=30), a.Outcome.PARTLY, 30, gaps, "")


def test_task_ideas_are_never_offered_twice() -> None:
    audits = [done(8, "A\nB"), done(9, "A"), done(10, "A (a repeat gap)")]
    ideas = suggest_tasks(audits, today=TODAY)
    assert ideas == ["Something that needs A (a repeat gap)", "Something that needs B"]


def test_an_update_from_a_stale_read_is_refused(services: Services, paths: Paths) -> None:
    shown = seed_open_audit(services, FIXED_NOW)
    other = open_services(paths, now=fixed_clock)
    try:
        finished = a.finish(shown, FIXED_NOW, a.Outcome.UNAIDED, 25, "a gap", "")
        other.audits.save(finished, expected=shown)
    finally:
        other.close()
    # This window still shows the audit running and pauses it: the finish must survive.
    with pytest.raises(StoreError, match="changed in another craftlog window"):
        services.audits.save(a.pause(shown, FIXED_NOW), expected=shown)
    [stored] = services.audits.all()
    assert stored.finished and stored.gaps == ("a gap",)
    # Without `expected`, a save is as before (imports and the seeds rely on it).
    assert services.audits.save(stored).id == stored.id


def test_an_audit_row_edited_into_nonsense_is_named(services: Services) -> None:
    audit = seed_open_audit(services, FIXED_NOW)
    with services.db.write() as conn:
        conn.execute("UPDATE audit SET gaps = '{bad' WHERE id = ?", (audit.id,))
    with pytest.raises(StoreError, match=rf"audit {audit.id} in .* cannot be read .*doctor"):
        services.audits.all()


def test_a_result_row_edited_into_nonsense_is_named(services: Services) -> None:
    stored = services.assessments.add(
        checked("symptoms", ("reread",), FIXED_NOW, TODAY)  # one "yes"
    )
    with services.db.write() as conn:
        conn.execute("UPDATE assessment SET answers = '[1, 2]' WHERE id = ?", (stored.id,))
    with pytest.raises(StoreError, match=rf"self-assessment {stored.id} in .* cannot be read"):
        services.assessments.all()


def test_status_on_an_unreadable_audit_points_at_doctor(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    audit = seed_open_audit(services, FIXED_NOW)
    with services.db.write() as conn:
        conn.execute("UPDATE audit SET started_at = 'yesterday' WHERE id = ?", (audit.id,))
    assert main(["status"]) == 1
    err = capsys.readouterr().err
    assert "cannot be read" in err and "craftlog doctor" in err
    assert "please report it" not in err
