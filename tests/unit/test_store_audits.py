"""The audits' storage (store/audits.py) and the dashboard built from it through services."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from craftlog.core import audits as a
from craftlog.core.audits import MAX_GAPS, MAX_LOOKED_UP_CHARS, Audit, AuditStatus, Outcome
from craftlog.core.standing import Quadrant
from craftlog.services import Services
from craftlog.store.errors import StoreError
from tests.conftest import FIXED_NOW
from tests.seed import seed
from tests.seed_self import PARSER, REBUILD, WINDOWS, seed_open_audit, seed_self

TODAY = FIXED_NOW.date()
START = FIXED_NOW - timedelta(minutes=40)


def planned(task: str = "Write a tokenizer by hand") -> Audit:
    return a.plan(task, 4, 2, 45, TODAY)


def running(task: str = "Write a tokenizer by hand") -> Audit:
    return a.start(planned(task), START, TODAY)


def finished(gaps: str = "lexing numbers\nerror recovery", looked_up: str = "re docs") -> Audit:
    return a.finish(running(), FIXED_NOW, Outcome.WITH_DOCS, 38, gaps, looked_up)


def count(services: Services) -> int:
    return services.db.connection().execute("SELECT count(*) FROM audit").fetchone()[0]


# --- round trips ------------------------------------------------------------------------------


def test_a_planned_audit_round_trips_with_its_defaults(services: Services) -> None:
    stored = services.audits.save(planned())
    assert stored.id is not None and stored.id > 0
    assert re.fullmatch(r"[0-9a-f]{32}", stored.uid or "")
    assert stored == replace(planned(), id=stored.id, uid=stored.uid)
    assert stored.status is AuditStatus.PLANNED
    assert services.audits.get(stored.id) == stored


def test_a_finished_audit_round_trips_every_field(services: Services) -> None:
    audit = a.choose_rebuild(finished(), "error recovery")
    stored = services.audits.save(audit)
    assert stored == replace(audit, id=stored.id, uid=stored.uid)
    assert stored.month == "2026-11"
    assert stored.task == "Write a tokenizer by hand"
    assert (stored.confidence_before, stored.confidence_now, stored.time_box_minutes) == (4, 2, 45)
    assert stored.started_at == START and stored.started_at.tzinfo is not None
    assert stored.finished_at == FIXED_NOW
    assert stored.outcome is Outcome.WITH_DOCS
    assert stored.minutes == 38
    assert stored.gaps == ("lexing numbers", "error recovery")
    assert stored.looked_up == "re docs"
    assert stored.rebuild_gap == "error recovery"
    assert stored.status is AuditStatus.FINISHED


def test_a_paused_audit_keeps_its_pause_and_paused_seconds(services: Services) -> None:
    audit = a.pause(running(), START + timedelta(minutes=5))
    audit = a.resume(audit, START + timedelta(minutes=12, seconds=30))  # 450 s paused
    audit = a.pause(audit, FIXED_NOW)
    stored = services.audits.save(audit)
    assert stored.status is AuditStatus.PAUSED
    assert stored.paused_at == FIXED_NOW
    assert stored.paused_seconds == 450
    assert a.elapsed(stored, FIXED_NOW + timedelta(hours=3)) == timedelta(minutes=32, seconds=30)


def test_an_abandoned_audit_stays_abandoned(services: Services) -> None:
    stored = services.audits.save(a.abandon(running(), FIXED_NOW))
    assert stored.abandoned is True
    assert stored.status is AuditStatus.ABANDONED
    assert stored.paused_at == FIXED_NOW
    assert stored.outcome is None and stored.minutes is None and stored.finished_at is None


def test_thirty_unicode_gaps_and_a_long_look_up_list_round_trip(services: Services) -> None:
    gaps = [
        f"gap {n}: naïve “quotes” 🦀 עברית \\ \" ' {{}} [] " + "x" * 100 for n in range(MAX_GAPS)
    ]
    looked_up = ("Line one ⟨docs⟩\n" + "é" * 2000 + "\n\ttabbed 🎉 ").ljust(
        MAX_LOOKED_UP_CHARS, "z"
    )
    audit = a.finish(running(), FIXED_NOW, Outcome.PARTLY, 60, "\n".join(gaps), looked_up)
    assert len(audit.gaps) == MAX_GAPS
    stored = services.audits.save(audit)
    assert stored.gaps == tuple(audit.gaps)
    assert stored.looked_up == audit.looked_up
    assert len(stored.looked_up) == MAX_LOOKED_UP_CHARS
    raw = services.db.connection().execute("SELECT gaps FROM audit").fetchone()[0]
    assert "🦀" in raw  # kept as text, readable in the file and in a backup


def test_instants_in_another_zone_are_stored_as_utc(services: Services) -> None:
    berlin = timezone(timedelta(hours=1))
    stored = services.audits.save(replace(running(), started_at=START.astimezone(berlin)))
    row = services.db.connection().execute("SELECT started_at FROM audit").fetchone()[0]
    assert row.endswith("+00:00")
    assert stored.started_at == START
    assert stored.started_at.utcoffset() == timedelta(0)


def test_a_given_uid_is_kept_on_insert(services: Services) -> None:
    stored = services.audits.save(replace(planned(), uid="from-another-machine"))
    assert stored.uid == "from-another-machine"


# --- updates ----------------------------------------------------------------------------------


def test_save_updates_the_same_row_through_the_audits_life(services: Services) -> None:
    first = services.audits.save(planned())
    started = services.audits.save(a.start(first, START, TODAY))
    paused = services.audits.save(a.pause(started, START + timedelta(minutes=10)))
    done = services.audits.save(
        a.finish(paused, FIXED_NOW, Outcome.UNAIDED, 30, "- one\n- two", "")
    )
    chosen = services.audits.save(a.choose_rebuild(done, "TWO"))
    assert {first.id, started.id, paused.id, done.id, chosen.id} == {first.id}
    assert {first.uid, chosen.uid} == {first.uid}
    assert count(services) == 1
    assert services.audits.all() == [chosen]
    assert chosen.rebuild_gap == "two"
    assert chosen.paused_seconds == 30 * 60
    assert chosen.status is AuditStatus.FINISHED


def test_an_update_keeps_the_stored_uid(services: Services) -> None:
    first = services.audits.save(planned())
    again = services.audits.save(replace(first, uid=None, task="Renamed"))
    assert again.uid == first.uid and again.task == "Renamed"


def test_saving_an_unknown_id_is_a_plain_store_error_and_writes_nothing(
    services: Services,
) -> None:
    services.audits.save(planned())
    with pytest.raises(StoreError) as caught:
        services.audits.save(replace(planned(), id=999))
    assert "audit 999" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert count(services) == 1
    assert services.db.connection().in_transaction is False


def test_get_of_an_unknown_id_is_none(services: Services) -> None:
    assert services.audits.get(12345) is None


def test_all_is_in_id_order(services: Services) -> None:
    ids = [services.audits.save(planned(f"task {n}")).id for n in range(5)]
    services.audits.save(replace(services.audits.get(ids[0]), task="edited last"))  # type: ignore[arg-type]
    assert [x.id for x in services.audits.all()] == ids
    assert services.audits.all()[0].task == "edited last"


# --- import -----------------------------------------------------------------------------------


def test_add_many_keeps_uids_in_one_transaction(services: Services) -> None:
    audits = [replace(finished(), uid=f"uid-{n}", task=f"task {n}") for n in range(3)]
    assert services.audits.add_many(audits) == 3
    assert services.audits.known_uids() == {"uid-0", "uid-1", "uid-2"}
    stored = services.audits.all()
    assert [x.uid for x in stored] == ["uid-0", "uid-1", "uid-2"]
    assert [replace(x, id=None) for x in stored] == audits


def test_add_many_is_all_or_nothing(services: Services) -> None:
    services.audits.save(replace(planned(), uid="taken"))
    batch = [replace(planned(), uid="new"), replace(planned(), uid="taken")]
    with pytest.raises(sqlite3.IntegrityError):
        services.audits.add_many(batch)
    assert services.audits.known_uids() == {"taken"}


def test_add_many_of_nothing_stores_nothing(services: Services) -> None:
    assert services.audits.add_many([]) == 0
    assert services.audits.known_uids() == set()


# --- the table refuses what no audit can hold ----------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"confidence_before": 0},
        {"confidence_now": 6},
        {"time_box_minutes": 0},
        {"paused_seconds": -1},
    ],
    ids=lambda c: next(iter(c)),
)
def test_impossible_values_are_refused_by_the_table(services: Services, change: dict) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        services.audits.save(replace(planned(), **change))
    assert count(services) == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit SET outcome = 'nearly'",
        "UPDATE audit SET minutes = -5",
        "UPDATE audit SET abandoned = 2",
        "UPDATE audit SET finished_at = '2026-11-18T09:30:00+00:00'",  # with no outcome
    ],
)
def test_the_table_checks_what_core_checks(services: Services, sql: str) -> None:
    services.audits.save(planned())
    with pytest.raises(sqlite3.IntegrityError):
        services.db.connection().execute(sql)


def test_every_outcome_fits_the_table(services: Services) -> None:
    for outcome in Outcome:
        stored = services.audits.save(a.finish(running(), FIXED_NOW, outcome, 10, "", ""))
        assert stored.outcome is outcome


def test_services_keep_one_repository(services: Services) -> None:
    assert services.audits is services.audits
    assert services.assessments is services.assessments


# --- the dashboard through services -------------------------------------------------------------


def test_the_dashboard_of_an_empty_home(services: Services) -> None:
    board = services.dashboard()
    assert board.log.total_entries == 0
    assert board.audit.due is True
    assert board.audit.open is None and board.audit.last_finished is None
    assert board.audit.goal is None and board.audit.count == 0
    assert board.latest == {}
    assert board.checks_due == ["symptoms", "quick-check"]
    assert board.standing.quadrant is Quadrant.UNKNOWN


def test_the_dashboard_of_a_typical_home(services: Services) -> None:
    seed(services)
    seed_self(services)
    board = services.dashboard()
    assert board.log.logged_this_week is True
    assert board.audit.due is True  # nothing finished in 2026-11
    assert board.audit.open is None
    assert board.audit.count == 4
    assert board.audit.last_finished is not None
    assert board.audit.last_finished.month == "2026-10"
    assert board.audit.goal is not None and board.audit.goal.gap == REBUILD == WINDOWS
    assert {k: v.score for k, v in board.latest.items()} == {
        "symptoms": 2,
        "quick-check": 2,
        "tier": 5,
    }
    assert board.checks_due == ["quick-check"]  # the symptom list was taken this month
    assert board.standing.quadrant is Quadrant.GOAL


def test_seeded_history_has_recurring_gaps_and_every_outcome(services: Services) -> None:
    from craftlog.core.audit_history import history, recurring_gaps

    seed_self(services)
    rows = history(services.audits.all())
    assert [r.month for r in rows] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert [r.outcome for r in rows] == [
        Outcome.GAVE_UP,
        Outcome.PARTLY,
        Outcome.WITH_DOCS,
        Outcome.UNAIDED,
    ]
    assert {g.text for g in recurring_gaps(services.audits.all())} >= {PARSER, WINDOWS}
    assert [s.score for s in services.assessments.all("symptoms")] == [4, 3, 2]
    assert [s.score for s in services.assessments.all("quick-check")] == [4, 3, 2]
    assert [s.score for s in services.assessments.all("tier")] == [3, 5]


def test_the_dashboard_offers_back_an_open_audit(services: Services) -> None:
    seed_self(services)
    opened = seed_open_audit(services, FIXED_NOW)
    board = services.dashboard()
    assert board.audit.open == opened
    assert board.audit.due is True
    assert a.elapsed_minutes(opened, FIXED_NOW) == 25


def test_a_finished_audit_this_month_makes_it_not_due(services: Services) -> None:
    services.audits.save(finished())
    board = services.dashboard()
    assert board.audit.due is False
    assert board.audit.this_month is not None and board.audit.this_month.month == "2026-11"


def test_the_seed_is_relative_to_today(services: Services) -> None:
    seed_self(services, today=date(2027, 3, 2))
    months = sorted({x.month for x in services.audits.all() if x.finished})
    assert months == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert max(x.day for x in services.assessments.all()) == date(2027, 2, 20)
    assert all(x.taken_at.tzinfo == UTC for x in services.assessments.all())
    assert isinstance(services.assessments.all()[0].taken_at, datetime)
