"""`craftlog status`: the log, this month's audit and the self-checks, in a line or as JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from craftlog.cli_status import status_data, status_line
from craftlog.core import audits as a
from craftlog.core.audits import Outcome, month_key
from craftlog.core.flags import WeekOutput
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths
from craftlog.services import Services, open_services, system_clock
from tests.conftest import FIXED_NOW
from tests.seed_self import REBUILD, seed_open_audit, seed_self

pytestmark = pytest.mark.e2e

NO_ENTRIES = 'craftlog: no entries yet · add one with: craftlog log "what you learned"'
KEYS = [
    "week",
    "logged_this_week",
    "entries_this_week",
    "total_entries",
    "last_entry",
    "empty_full_weeks",
    "silent",
    "streak_weeks",
    "recent_flags",
    "audit_due",
    "audit_open",
    "reviews_due",
    "reviews_new",
    "checks_due",
    "latest",
    "standing",
    "goal",
]
OPEN_KEYS = ["month", "task", "status", "started_at", "elapsed_minutes", "time_box_minutes"]


def line_and_data(services: Services, flags: list[WeekOutput] | None = None) -> tuple[str, dict]:
    board, now = services.dashboard(), services.now()
    audit, due = board.audit, board.reviews_due
    line = status_line(board.log, audit.open, audit.due, flags or [], now, reviews_due=due)
    return line, status_data(board, flags or [], now)


# --- the formatting, with a fixed clock -----------------------------------------------------


def test_an_empty_home_says_the_audit_is_due(services: Services) -> None:
    line, data = line_and_data(services)
    assert line == NO_ENTRIES + " · audit due"
    assert list(data) == KEYS
    assert data["audit_due"] is True and data["audit_open"] is None
    assert data["checks_due"] == ["symptoms", "quick-check"]
    assert data["latest"] == {} and data["goal"] is None
    assert data["standing"]["quadrant"] == "unknown"


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_an_audit_running_across_midnight_and_the_month_end(paths: Paths, berlin: None) -> None:
    # 2026-12-01 00:20 in Berlin; the timer started at 23:45 on 30 November, local time.
    now = datetime(2026, 11, 30, 23, 20, tzinfo=UTC)
    opened = open_services(paths, now=lambda: now)
    try:
        assert opened.today() == date(2026, 12, 1)
        began = datetime(2026, 11, 30, 22, 45, tzinfo=UTC)
        audit = a.start(a.plan("Write a B-tree", 3, 2, 60, date(2026, 11, 30)), began, began.date())
        opened.audits.save(audit)
        line, data = line_and_data(opened)
    finally:
        opened.close()
    assert line == NO_ENTRIES + " · audit running 35/60 min"
    assert data["audit_due"] is True  # December has no finished audit yet
    assert data["audit_open"] == {
        "month": "2026-11",
        "task": "Write a B-tree",
        "status": "running",
        "started_at": "2026-11-30T22:45:00+00:00",
        "elapsed_minutes": 35,
        "time_box_minutes": 60,
    }


def test_a_paused_audit_shows_as_paused_with_its_time_frozen(services: Services) -> None:
    began = FIXED_NOW - timedelta(hours=5)
    audit = a.start(a.plan("Hand-roll a heap", 3, 2, 45, FIXED_NOW.date()), began, began.date())
    services.audits.save(a.pause(audit, began + timedelta(minutes=20)))
    line, data = line_and_data(services)
    assert line == NO_ENTRIES + " · audit paused"
    assert data["audit_open"]["status"] == "paused"
    assert data["audit_open"]["elapsed_minutes"] == 20
    assert data["audit_open"]["time_box_minutes"] == 45


def test_an_audit_over_its_time_box_shows_the_overrun(services: Services) -> None:
    began = FIXED_NOW - timedelta(minutes=75)
    services.audits.save(a.start(a.plan("Parser", 3, 2, 60, FIXED_NOW.date()), began, began.date()))
    assert line_and_data(services)[0].endswith(" · audit running 75/60 min")


def test_a_finished_audit_this_month_leaves_the_line_quiet(services: Services) -> None:
    began = FIXED_NOW - timedelta(hours=2)
    audit = a.start(a.plan("Parser", 3, 2, 60, FIXED_NOW.date()), began, began.date())
    services.audits.save(a.finish(audit, FIXED_NOW, Outcome.UNAIDED, 50, "", ""))
    line, data = line_and_data(services)
    assert line == NO_ENTRIES
    assert data["audit_due"] is False and data["audit_open"] is None


def test_the_audit_comes_before_the_flagged_weeks(services: Services) -> None:
    flagged = WeekOutput(IsoWeek(2026, 46), commits=9, flagged=True, reason="9 commits")
    line, data = line_and_data(services, [flagged])
    assert line == NO_ENTRIES + " · audit due · flagged: 2026-W46"
    assert data["recent_flags"] == [{"week": "2026-W46", "reason": "9 commits"}]


def test_a_typical_home_in_json(services: Services) -> None:
    seed_self(services)
    seed_open_audit(services, FIXED_NOW)
    line, data = line_and_data(services)
    assert line.endswith(" · audit running 25/60 min")
    assert data["checks_due"] == ["quick-check"]
    assert data["latest"] == {
        "symptoms": {"score": 2, "maximum": 7, "band": "Early signs", "date": "2026-11-08"},
        "quick-check": {"score": 2, "maximum": 5, "band": "Holding", "date": "2026-10-19"},
        "tier": {"score": 5, "maximum": 10, "band": "In transition", "date": "2026-11-02"},
    }
    assert data["standing"]["quadrant"] == "goal"
    assert data["standing"]["verdict"].startswith("AI multiplies your output")
    assert data["goal"] == REBUILD
    assert data["audit_open"]["started_at"] == "2026-11-18T09:05:00+00:00"
    assert json.loads(json.dumps(data)) == data


# --- the real command, with the real clock -----------------------------------------------------


@pytest.fixture
def live(paths: Paths) -> Iterator[Services]:
    """Services on the command's own home, with the real clock the subprocess will use."""
    opened = open_services(paths, now=system_clock)
    yield opened
    opened.close()


def test_no_data(craftlog) -> None:
    result = craftlog("status")
    assert result.code == 0, result.err
    assert result.out == NO_ENTRIES + " · audit due\n"
    data = json.loads(craftlog("status", "--json").stdout)
    assert list(data) == KEYS
    assert data["audit_due"] is True
    assert data["audit_open"] is None
    assert data["checks_due"] == ["symptoms", "quick-check"]
    assert data["latest"] == {}
    assert list(data["standing"]) == ["quadrant", "verdict"]
    assert data["goal"] is None


def test_a_running_audit_that_began_last_month(craftlog, live: Services) -> None:
    # Started 40 days ago, so across midnights and a month end; paused all but 34 minutes.
    now = live.now()
    began = now - timedelta(days=40)
    day = began.astimezone().date()
    audit = a.start(a.plan("Write a B-tree", 3, 2, 60, day), began, day)
    live.audits.save(replace(audit, paused_seconds=40 * 86400 - 34 * 60))
    assert craftlog("log", "something").code == 0
    result = craftlog("status")
    assert result.code == 0, result.err
    assert result.out.endswith(" · audit running 34/60 min\n"), result.out
    data = json.loads(craftlog("status", "--json").stdout)
    assert list(data) == KEYS
    assert list(data["audit_open"]) == OPEN_KEYS
    assert data["audit_open"]["month"] == month_key(day) != month_key(live.today())
    assert data["audit_open"]["elapsed_minutes"] == 34
    assert data["audit_open"]["status"] == "running"
    assert datetime.fromisoformat(data["audit_open"]["started_at"]) == began.replace(microsecond=0)
    assert data["audit_due"] is True


def test_a_paused_audit(craftlog, live: Services) -> None:
    began = live.now() - timedelta(minutes=50)
    day = began.astimezone().date()
    audit = a.start(a.plan("Hand-roll a heap", 3, 2, 60, day), began, day)
    live.audits.save(a.pause(audit, began + timedelta(minutes=10)))
    assert craftlog("status").out.endswith(" · audit paused\n")
    assert json.loads(craftlog("status", "--json").stdout)["audit_open"]["elapsed_minutes"] == 10


def test_the_audit_is_due_until_this_month_has_a_finished_one(craftlog, live: Services) -> None:
    today = live.today()
    last_month = today.replace(day=1) - timedelta(days=1)
    began = datetime.combine(last_month, datetime.min.time()).astimezone() + timedelta(hours=12)
    audit = a.start(a.plan("Old task", 3, 2, 60, last_month), began, last_month)
    live.audits.save(a.finish(audit, began + timedelta(minutes=30), Outcome.PARTLY, 30, "", ""))
    assert craftlog("status").out.endswith(" · audit due\n")
    began = live.now() - timedelta(minutes=30)
    audit = a.start(a.plan("This month's", 3, 2, 60, today), began, began.astimezone().date())
    live.audits.save(a.finish(audit, live.now(), Outcome.UNAIDED, 30, "", ""))
    assert craftlog("status").out == NO_ENTRIES + "\n"
    assert json.loads(craftlog("status", "--json").stdout)["audit_due"] is False


def test_json_of_a_seeded_home(craftlog, live: Services) -> None:
    today = live.today()
    seed_self(live, today=today)
    data = json.loads(craftlog("status", "--json").stdout)
    assert list(data) == KEYS
    assert data["audit_due"] is True and data["audit_open"] is None
    assert data["goal"] == REBUILD
    assert set(data["latest"]) == {"symptoms", "quick-check", "tier"}
    for value in data["latest"].values():
        assert list(value) == ["score", "maximum", "band", "date"]
    assert data["latest"]["tier"] == {
        "score": 5,
        "maximum": 10,
        "band": "In transition",
        "date": (today - timedelta(days=16)).isoformat(),
    }
    assert data["checks_due"] == ["quick-check"]
    assert data["standing"]["quadrant"] == "goal"


def test_a_task_with_escape_sequences_never_reaches_the_terminal(craftlog, live: Services) -> None:
    task = "evil \x1b]52;c;Y3VybA==\x07 \x1b[2J task"
    began = live.now() - timedelta(minutes=5)
    day = began.astimezone().date()
    live.audits.save(a.start(replace(a.plan("x", 3, 2, 60, day), task=task), began, day))
    for args in (["status"], ["status", "--json"]):
        result = craftlog(*args)
        assert result.code == 0, result.err
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert json.loads(craftlog("status", "--json").stdout)["audit_open"]["task"] == task


def test_status_help_names_the_audit(craftlog) -> None:
    assert "audit" in craftlog("status", "--help").out
    assert "audit" in craftlog("--help").out


def test_the_prompts_short_path_agrees_with_the_dashboard(services: Services) -> None:
    """The line reads the log and audits without building the dashboard: same answers."""
    from craftlog.core.audits import audit_due, in_progress

    def both() -> tuple[str, str]:
        audits, now = services.audits.all(), services.now()
        short = status_line(
            services.log_state(),
            in_progress(audits),
            audit_due(audits, services.today()),
            [],
            now,
            reviews_due=services.reviews_due()[0],
        )
        return short, line_and_data(services)[0]

    states = [both()]
    seed_self(services)
    states.append(both())
    opened = seed_open_audit(services, FIXED_NOW)
    states.append(both())
    services.audits.save(a.finish(opened, FIXED_NOW, Outcome.PARTLY, 25, "", ""))
    states.append(both())
    review_due(services, "an entry to review", 2)
    states.append(both())
    assert [short == full for short, full in states] == [True] * 5
    assert [full.rsplit(" · ", 1)[-1] for _, full in states] == [
        "audit due",
        "audit due",
        "audit running 25/60 min",
        NO_ENTRIES.rsplit(" · ", 1)[-1],
        "1 review due",
    ]


# --- quiz reviews -------------------------------------------------------------------------------


def review_due(services: Services, text: str, days_ago: int) -> None:
    """An entry reviewed `days_ago` days before the services' now, due ten minutes after."""
    from craftlog.core.entries import make_draft
    from craftlog.core.reviews import Rating, ReviewMode

    then = services.now() - timedelta(days=days_ago)
    past = open_services(services.paths, now=lambda: then)
    try:
        entry = past.entries.add(make_draft(text, day=then.astimezone().date()))
        past.rate(entry, Rating.GOOD, ReviewMode.OFFLINE, "from memory")
    finally:
        past.close()


def test_reviews_due_join_the_line_after_the_audit(services: Services) -> None:
    from craftlog.core.entries import make_draft

    review_due(services, "MVCC keeps row versions", 3)
    review_due(services, "Nagle waits for the ACK", 1)
    services.entries.add(make_draft("never reviewed yet", day=FIXED_NOW.date()))
    line, data = line_and_data(services)
    assert line.endswith(" · audit due · 2 reviews due")
    assert (data["reviews_due"], data["reviews_new"]) == (2, 1)
    flagged = WeekOutput(IsoWeek(2026, 46), commits=9, flagged=True, reason="9 commits")
    assert line_and_data(services, [flagged])[0].endswith(
        " · audit due · 2 reviews due · flagged: 2026-W46"
    )


def test_one_review_due_is_worded_singly(services: Services) -> None:
    review_due(services, "B-tree nodes split at the median", 2)
    assert line_and_data(services)[0].endswith(" · audit due · 1 review due")


def test_entries_never_reviewed_are_not_due_in_the_line(services: Services) -> None:
    from craftlog.core.entries import make_draft

    services.entries.add(make_draft("fresh entry", day=FIXED_NOW.date()))
    line, data = line_and_data(services)
    assert "review" not in line
    assert (data["reviews_due"], data["reviews_new"]) == (0, 1)


def test_a_trashed_entrys_review_is_not_due(services: Services) -> None:
    review_due(services, "going to the trash", 2)
    (entry,) = services.entries.all()
    services.entries.trash(entry.id)
    line, data = line_and_data(services)
    assert "review" not in line and (data["reviews_due"], data["reviews_new"]) == (0, 0)


def test_the_command_shows_reviews_due(craftlog, live: Services) -> None:
    review_due(live, "Postgres vacuum reclaims dead tuples", 2)
    review_due(live, "TCP slow start doubles the window", 5)
    assert craftlog("log", "not reviewed yet").code == 0
    result = craftlog("status")
    assert result.code == 0, result.err
    assert result.out.endswith(" · audit due · 2 reviews due\n"), result.out
    data = json.loads(craftlog("status", "--json").stdout)
    assert list(data) == KEYS
    assert (data["reviews_due"], data["reviews_new"]) == (2, 1)
    assert "reviews due" in craftlog("status", "--help").out
