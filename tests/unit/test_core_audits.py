"""The monthly no-AI audit: validation, timer, due rule and history (core/audits.py)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from craftlog.core.audit_history import (
    COMMITS_FROM_MONTHS_AGO,
    COMMITS_UNTIL_MONTHS_AGO,
    changes,
    current_goal,
    history,
    months_before,
    recurring_gaps,
    suggest_tasks,
)
from craftlog.core.audits import (
    DEFAULT_TIME_BOX_MINUTES,
    MAX_GAP_CHARS,
    MAX_GAPS,
    MAX_MINUTES,
    STEPS,
    Audit,
    AuditError,
    AuditStatus,
    Outcome,
    abandon,
    audit_due,
    check_confidence,
    check_minutes,
    check_rebuild_gap,
    check_task,
    check_time_box,
    choose_rebuild,
    elapsed,
    elapsed_minutes,
    finish,
    in_progress,
    month_key,
    over_time_box,
    parse_gaps,
    pause,
    plan,
    resume,
    start,
)

T0 = datetime(2026, 3, 10, 19, 0, tzinfo=UTC)


def started(at: datetime = T0, box: int = 60, today: date | None = None) -> Audit:
    return start(plan("Write a CSV parser", 4, 2, box, at.date()), at, today or at.date())


def done(
    at: datetime,
    minutes: int = 45,
    outcome: Outcome = Outcome.WITH_DOCS,
    gaps: str = "",
    rebuild: str | None = None,
    today: date | None = None,
) -> Audit:
    """An audit started at `at` and finished `minutes` later."""
    end = at + timedelta(minutes=minutes)
    audit = finish(started(at, today=today), end, outcome, minutes, gaps, "")
    return choose_rebuild(audit, rebuild) if rebuild else audit


# --- outcomes and steps -------------------------------------------------------------------------


def test_outcomes_have_labels_and_a_rank_for_charts() -> None:
    assert [o.label for o in Outcome] == [
        "done unaided",
        "done with docs only",
        "partly done",
        "gave up",
    ]
    assert [o.rank for o in Outcome] == [3, 2, 1, 0]
    assert Outcome("gave-up") is Outcome.GAVE_UP


def test_six_steps_in_order_with_the_preparation_checklist() -> None:
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]
    assert [s.key for s in STEPS] == ["task", "confidence", "prepare", "timer", "finish", "rebuild"]
    prepare = STEPS[2]
    assert len(prepare.checklist) == 3
    assert f"{DEFAULT_TIME_BOX_MINUTES} minutes" in prepare.checklist[2]
    assert "search" in prepare.body
    assert all(s.title and s.body for s in STEPS)


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "number"), [(1, 1), ("3", 3), (" 5 ", 5), ("+2", 2)])
def test_confidence_accepts_one_to_five(value: int | str, number: int) -> None:
    assert check_confidence(value) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "confidence must be at least 1"),
        (6, "confidence can be at most 5"),
        ("-1", "confidence cannot be negative"),
        ("abc", "confidence must be a whole number, not 'abc'"),
        ("", "confidence must be a whole number, not ''"),
        ("2.5", "must be a whole number"),
        (True, "must be a whole number"),
        ("٣", "must be a whole number"),  # a non-ASCII digit
    ],
)
def test_confidence_refusals(value: int | str, message: str) -> None:
    with pytest.raises(AuditError, match=message):
        check_confidence(value)


def test_minutes_taken() -> None:
    assert check_minutes("0") == 0
    assert check_minutes(MAX_MINUTES) == MAX_MINUTES == 10_080
    with pytest.raises(AuditError, match="minutes taken can be at most 10,080 \\(a whole week\\)"):
        check_minutes(MAX_MINUTES + 1)
    with pytest.raises(AuditError, match="minutes taken cannot be negative"):
        check_minutes("-5")
    with pytest.raises(AuditError, match="minutes taken must be a whole number, not 'ten'"):
        check_minutes("ten")
    with pytest.raises(AuditError, match="at most"):
        check_minutes("9" * 5000)  # beyond int()'s digit limit: still a plain message
    with pytest.raises(AuditError, match="not '11111111111111111111…'"):
        check_minutes("1" * 30 + "x")
    assert check_minutes("-0") == 0
    assert check_minutes("0" * 40 + "45") == 45  # leading zeros are not a huge number


def test_time_box() -> None:
    assert check_time_box(1) == 1
    assert check_time_box("600") == 600
    with pytest.raises(AuditError, match="the time box must be at least 1"):
        check_time_box(0)
    with pytest.raises(AuditError, match="the time box can be at most 600 minutes"):
        check_time_box(601)


def test_task_is_one_trimmed_line() -> None:
    assert check_task("  Write a\n  CSV parser ") == "Write a CSV parser"
    with pytest.raises(AuditError, match="the task is empty"):
        check_task("  \n ")
    with pytest.raises(AuditError, match="keep it under 200"):
        check_task("x" * 201)


def test_gaps_are_trimmed_deduplicated_and_keep_the_first_spelling() -> None:
    text = "  SQL window functions \r\n\n- regex lookbehind\n* sql   WINDOW functions\n"
    text += "• Bash traps\n\t"
    assert parse_gaps(text) == ("SQL window functions", "regex lookbehind", "Bash traps")
    assert parse_gaps("") == ()
    assert parse_gaps("\n \n-\n  *  \n") == ()  # blank lines and bare bullets
    assert parse_gaps("a - b\n--onto flag\n-5 offsets") == ("a - b", "--onto flag", "-5 offsets")


def test_ten_thousand_repeated_lines_make_one_gap() -> None:
    began = time.perf_counter()
    assert parse_gaps("git rebase --onto\n" * 10_000) == ("git rebase --onto",)
    assert time.perf_counter() - began < 2  # linear, not quadratic


def test_ten_thousand_distinct_gaps_are_refused_plainly() -> None:
    text = "\n".join(f"gap number {n}" for n in range(10_000))
    with pytest.raises(AuditError, match="10,000 gaps listed; keep the 30 that matter most"):
        parse_gaps(text)


def test_gap_count_limit_is_inclusive() -> None:
    text = "\n".join(f"gap {n}" for n in range(MAX_GAPS))
    assert len(parse_gaps(text)) == MAX_GAPS
    with pytest.raises(AuditError):
        parse_gaps(text + "\none more")


def test_an_overlong_gap_names_its_line() -> None:
    assert parse_gaps("y" * MAX_GAP_CHARS) == ("y" * MAX_GAP_CHARS,)
    with pytest.raises(AuditError, match="gap on line 3 is longer than 200 characters"):
        parse_gaps("ok\n\n" + "x" * (MAX_GAP_CHARS + 1))


@given(st.text())
def test_parse_gaps_never_breaks(text: str) -> None:
    try:
        gaps = parse_gaps(text)
    except AuditError:
        return
    assert len({g.casefold() for g in gaps}) == len(gaps)
    assert all(g == g.strip() and g and "\n" not in g for g in gaps)


def test_the_gap_to_rebuild_must_be_one_of_the_gaps() -> None:
    gaps = ("SQL window functions", "regex lookbehind")
    assert check_rebuild_gap("  sql  window FUNCTIONS", gaps) == "SQL window functions"
    with pytest.raises(AuditError, match="'threads' is not one of this audit's gaps"):
        check_rebuild_gap("threads", gaps)
    with pytest.raises(AuditError, match="listed no gaps"):
        check_rebuild_gap("anything", ())


# --- the audit's life ---------------------------------------------------------------------------


def test_a_full_audit() -> None:
    audit = plan("Write a CSV parser", "5", "2", "45", date(2026, 3, 10))
    assert audit.status is AuditStatus.PLANNED and audit.month == "2026-03"
    assert (audit.confidence_before, audit.confidence_now, audit.time_box_minutes) == (5, 2, 45)
    audit = start(audit, T0, date(2026, 3, 10))
    assert audit.status is AuditStatus.RUNNING and audit.started_at == T0
    end = T0 + timedelta(minutes=50)
    audit = finish(audit, end, Outcome.PARTLY, "50", "quoting\nescapes", "  csv module docs  ")
    assert audit.status is AuditStatus.FINISHED and audit.finished
    assert (audit.outcome, audit.minutes, audit.gaps) == (
        Outcome.PARTLY,
        50,
        ("quoting", "escapes"),
    )
    assert audit.looked_up == "csv module docs"
    audit = choose_rebuild(audit, "Quoting")
    assert audit.rebuild_gap == "quoting"


def test_instants_are_stored_in_utc() -> None:
    berlin = timezone(timedelta(hours=1))
    audit = started(datetime(2026, 3, 10, 20, 0, tzinfo=berlin))
    assert audit.started_at == T0 and audit.started_at.tzinfo is UTC


def test_naive_times_are_refused() -> None:
    with pytest.raises(AuditError, match="must carry a time zone"):
        started(datetime(2026, 3, 10, 19, 0))


def test_out_of_order_steps_are_refused() -> None:
    planned = plan("t", 3, 3, 60, T0.date())
    with pytest.raises(AuditError, match="only a running audit can be paused; this one is planned"):
        pause(planned, T0)
    with pytest.raises(AuditError, match="only a paused audit can be resumed"):
        resume(started(), T0)
    with pytest.raises(AuditError, match="only a started audit can be finished"):
        finish(planned, T0, Outcome.UNAIDED, 1, "", "")
    with pytest.raises(AuditError, match="already running"):
        start(started(), T0, T0.date())
    with pytest.raises(AuditError, match="finish the audit before"):
        choose_rebuild(started(), "x")
    finished = done(T0)
    with pytest.raises(AuditError, match="already finished"):
        abandon(finished, T0)
    with pytest.raises(AuditError, match="only a started audit can be finished"):
        finish(finished, T0, Outcome.UNAIDED, 1, "", "")


def test_finish_refuses_an_unknown_outcome_and_bad_minutes() -> None:
    end = T0 + timedelta(minutes=5)
    with pytest.raises(AuditError, match="outcome 'nailed-it' is not one of: unaided, with-docs"):
        finish(started(), end, "nailed-it", 5, "", "")  # type: ignore[arg-type]
    with pytest.raises(AuditError, match="minutes taken cannot be negative"):
        finish(started(), end, Outcome.UNAIDED, "-3", "", "")
    assert finish(started(), end, "gave-up", 5, "", "").outcome is Outcome.GAVE_UP  # type: ignore[arg-type]


def test_a_finished_audit_needs_an_outcome_and_minutes() -> None:
    with pytest.raises(AuditError, match="needs an outcome"):
        replace(started(), finished_at=T0)


def test_finishing_a_paused_audit_leaves_out_the_pause() -> None:
    audit = pause(started(), T0 + timedelta(minutes=20))
    audit = finish(audit, T0 + timedelta(minutes=80), Outcome.UNAIDED, 20, "", "")
    assert elapsed(audit, T0 + timedelta(days=9)) == timedelta(minutes=20)


def test_abandoning_stops_the_clock_and_never_counts_as_done() -> None:
    audit = abandon(started(), T0 + timedelta(minutes=15))
    assert audit.status is AuditStatus.ABANDONED and not audit.finished
    assert elapsed(audit, T0 + timedelta(days=2)) == timedelta(minutes=15)
    with pytest.raises(AuditError, match="already abandoned"):
        abandon(audit, T0)
    assert abandon(plan("t", 3, 3, 60, T0.date()), T0).status is AuditStatus.ABANDONED


# --- the timer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("begin", "now", "expected"),
    [
        (datetime(2026, 3, 10, 23, 30, tzinfo=UTC), datetime(2026, 3, 11, 0, 45, tzinfo=UTC), 75),
        (datetime(2026, 1, 31, 23, 50, tzinfo=UTC), datetime(2026, 2, 1, 0, 20, tzinfo=UTC), 30),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), datetime(2027, 1, 1, 1, 0, tzinfo=UTC), 120),
        (T0, T0 + timedelta(days=3, minutes=5), 3 * 24 * 60 + 5),
        (T0, T0, 0),
    ],
    ids=["midnight", "month-end", "new-year", "three-days", "zero"],
)
def test_elapsed_across_boundaries(begin: datetime, now: datetime, expected: int) -> None:
    assert elapsed(started(begin), now) == timedelta(minutes=expected)


def test_a_daylight_saving_change_does_not_bend_the_timer() -> None:
    # 01:30 at UTC+1 to 03:30 at UTC+2 the same night is one real hour.
    begin = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    now = datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    assert elapsed(started(begin), now) == timedelta(hours=1)


def test_pauses_are_left_out() -> None:
    audit = pause(started(), T0 + timedelta(minutes=10))
    assert elapsed(audit, T0 + timedelta(hours=5)) == timedelta(minutes=10)  # frozen while paused
    audit = resume(audit, T0 + timedelta(minutes=40))
    assert audit.paused_seconds == 30 * 60
    audit = pause(audit, T0 + timedelta(minutes=50))
    audit = resume(audit, T0 + timedelta(days=1, minutes=50))  # paused overnight
    assert elapsed(audit, T0 + timedelta(days=1, minutes=55)) == timedelta(minutes=25)


def test_a_clock_set_back_never_gives_negative_time() -> None:
    audit = started()
    assert elapsed(audit, T0 - timedelta(hours=2)) == timedelta(0)
    assert elapsed_minutes(audit, T0 - timedelta(hours=2)) == 0
    paused = pause(audit, T0 + timedelta(minutes=10))
    resumed = resume(paused, T0 + timedelta(minutes=5))  # clock went back while paused
    assert resumed.paused_seconds == 0
    assert elapsed(resumed, T0 + timedelta(minutes=12)) == timedelta(minutes=12)
    early_end = finish(audit, T0 - timedelta(minutes=1), Outcome.UNAIDED, 0, "", "")
    assert elapsed(early_end, T0) == timedelta(0)


def test_elapsed_before_the_start_is_zero() -> None:
    assert elapsed(plan("t", 3, 3, 60, T0.date()), T0) == timedelta(0)


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 0), (29, 0), (30, 1), (89, 1), (3599, 60)])
def test_elapsed_minutes_round_to_the_nearest(seconds: int, minutes: int) -> None:
    assert elapsed_minutes(started(), T0 + timedelta(seconds=seconds)) == minutes


def test_over_the_time_box() -> None:
    audit = started(box=60)
    assert not over_time_box(audit, T0 + timedelta(minutes=59, seconds=59))
    assert over_time_box(audit, T0 + timedelta(minutes=60))
    paused = resume(pause(audit, T0 + timedelta(minutes=30)), T0 + timedelta(minutes=50))
    assert not over_time_box(paused, T0 + timedelta(minutes=79))
    assert over_time_box(paused, T0 + timedelta(minutes=80))


# --- due rule -----------------------------------------------------------------------------------


def test_due_with_no_audits_and_after_month_end() -> None:
    assert audit_due([], date(2026, 3, 1))
    march = done(datetime(2026, 3, 31, 10, 0, tzinfo=UTC))
    assert not audit_due([march], date(2026, 3, 31))
    assert audit_due([march], date(2026, 4, 1))


def test_only_a_finished_audit_satisfies_the_month() -> None:
    running = started(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    paused = pause(running, datetime(2026, 3, 5, 9, 5, tzinfo=UTC))
    gone = abandon(running, datetime(2026, 3, 5, 9, 5, tzinfo=UTC))
    planned = plan("t", 3, 3, 60, date(2026, 3, 5))
    assert audit_due([running, paused, gone, planned], date(2026, 3, 20))
    assert not audit_due([gone, done(datetime(2026, 3, 6, 9, 0, tzinfo=UTC))], date(2026, 3, 20))


def test_an_audit_spanning_months_counts_for_the_month_it_started() -> None:
    # Started late on 31 January (local day), finished after midnight.
    audit = done(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), minutes=70)
    assert audit.finished_at is not None and audit.finished_at.month == 2
    assert audit.month == "2026-01"
    assert not audit_due([audit], date(2026, 1, 31))
    assert audit_due([audit], date(2026, 2, 1))


def test_the_month_comes_from_the_local_day_the_caller_passes() -> None:
    # 23:30 UTC on 31 March is already 1 April in Tokyo.
    audit = done(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), today=date(2026, 4, 1))
    assert audit.month == "2026-04"
    assert month_key(date(987, 7, 4)) == "0987-07"


def test_two_audits_in_one_month_are_both_kept() -> None:
    first = done(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), minutes=90, outcome=Outcome.GAVE_UP)
    second = done(datetime(2026, 3, 20, 9, 0, tzinfo=UTC), minutes=40, outcome=Outcome.UNAIDED)
    rows = history([second, first])
    assert len(rows) == 1
    assert (rows[0].audits, rows[0].outcome, rows[0].minutes) == (2, Outcome.UNAIDED, 40)
    assert rows[0].latest == second


def test_in_progress_offers_back_the_latest_open_audit() -> None:
    older = started(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    begin = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    newer = pause(started(begin), begin + timedelta(minutes=1))
    assert in_progress([older, newer, done(T0)]) == newer
    assert in_progress([done(T0), abandon(older, T0)]) is None


# --- history, trend, recurring gaps -------------------------------------------------------------


def test_history_has_one_row_per_month_oldest_first() -> None:
    audits = [
        done(datetime(2026, 3, 3, 9, 0, tzinfo=UTC), 50, Outcome.PARTLY),
        done(datetime(2026, 1, 3, 9, 0, tzinfo=UTC), 80, Outcome.GAVE_UP),
        abandon(started(datetime(2026, 2, 3, 9, 0, tzinfo=UTC)), T0),
    ]
    rows = history(audits)
    assert [(r.month, r.outcome, r.minutes) for r in rows] == [
        ("2026-01", Outcome.GAVE_UP, 80),
        ("2026-03", Outcome.PARTLY, 50),
    ]
    assert changes(rows) == (1, -30)
    assert changes(rows[:1]) == (None, None)
    assert history([]) == []


def test_recurring_gaps_need_two_different_audits() -> None:
    audits = [
        done(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), gaps="SQL joins\nregex"),
        done(datetime(2026, 2, 5, 9, 0, tzinfo=UTC), gaps="Bash traps\nregex"),
        done(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), gaps="sql   joins\nbash traps\nRegex"),
        done(datetime(2026, 4, 5, 9, 0, tzinfo=UTC), gaps="only once"),
    ]
    found = recurring_gaps(reversed(audits))
    assert [(g.text, g.count, g.last_month) for g in found] == [
        ("Regex", 3, "2026-03"),  # the latest spelling is shown
        ("sql joins", 2, "2026-03"),
        ("bash traps", 2, "2026-03"),
    ]
    assert len(recurring_gaps(audits, at_least=1)) == 4


def test_a_gap_repeated_inside_one_audit_counts_once() -> None:
    one = replace(done(T0), gaps=("Regex", "regex ", " REGEX"))
    assert recurring_gaps([one]) == []
    two = done(T0 + timedelta(days=30), gaps="regex")
    assert [(g.text, g.count) for g in recurring_gaps([one, two])] == [("regex", 2)]


def test_unfinished_audits_bring_no_gaps() -> None:
    gone = replace(abandon(started(), T0), gaps=("regex",))
    assert recurring_gaps([gone, done(T0, gaps="regex")]) == []


def test_recurring_gaps_order_by_count_then_recency() -> None:
    audits = [
        done(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), gaps="a\nb"),
        done(datetime(2026, 2, 5, 9, 0, tzinfo=UTC), gaps="a\nb"),
        done(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), gaps="c"),
        done(datetime(2026, 4, 5, 9, 0, tzinfo=UTC), gaps="c\nB"),
    ]
    assert [(g.text, g.count) for g in recurring_gaps(audits)] == [("B", 3), ("c", 2), ("a", 2)]


# --- suggestions and the rebuild goal -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 5, 10), 12, date(2025, 5, 10)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_suggestions_put_repeat_gaps_first_then_recent_gaps_then_old_commits() -> None:
    today = date(2026, 6, 15)
    audits = [
        done(datetime(2026, 4, 5, 9, 0, tzinfo=UTC), gaps="regex\ncron syntax"),
        done(datetime(2026, 5, 5, 9, 0, tzinfo=UTC), gaps="Regex\nawk"),
    ]
    commits = [
        (date(2026, 3, 15), "Add retry with backoff"),  # exactly three months ago: in
        (date(2026, 3, 16), "Too recent to have faded"),
        (date(2025, 6, 15), "Parse RFC 3339 dates"),  # exactly twelve months ago: in
        (date(2025, 6, 14), "Too old to remember"),
        (date(2025, 9, 1), "add retry with BACKOFF"),  # same summary again
        (date(2025, 10, 1), "  \t "),  # a blank summary is skipped
    ]
    got = suggest_tasks(audits, commits, today=today, limit=10)
    assert got == [
        "Something that needs Regex (a repeat gap)",
        "Something that needs awk",
        "Something that needs cron syntax",
        "Redo your change “Add retry with backoff” from Mar 2026",
        "Redo your change “Parse RFC 3339 dates” from Jun 2025",
    ]
    assert (COMMITS_FROM_MONTHS_AGO, COMMITS_UNTIL_MONTHS_AGO) == (3, 12)
    assert suggest_tasks(audits, commits, today=today, limit=2) == got[:2]
    assert suggest_tasks([], [], today=today) == []


def test_commit_summaries_are_made_safe_to_show() -> None:
    summary = "Fix\x1b]52;c;evil\x07 " + "x" * 200
    got = suggest_tasks([], [(date(2026, 1, 1), summary)], today=date(2026, 6, 1))
    assert len(got) == 1
    assert "\x1b" not in got[0] and "\x07" not in got[0]
    assert len(got[0]) < 120


def test_the_goal_comes_from_the_latest_audit_that_chose_one() -> None:
    assert current_goal([]) is None
    jan = done(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), gaps="regex\nawk", rebuild="awk")
    feb = done(datetime(2026, 2, 5, 9, 0, tzinfo=UTC), gaps="cron", rebuild="cron")
    mar = done(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), gaps="make")  # chose nothing yet
    goal = current_goal([mar, jan, feb])
    assert goal is not None and (goal.gap, goal.month) == ("cron", "2026-02")
    assert "“cron”" in goal.prompt and goal.prompt.endswith("this week?")
    assert current_goal([mar]) is None
