"""The silence rule and the streak (core/streaks.py)."""

from __future__ import annotations

from datetime import date

from craftlog.core.streaks import describe, log_state, streak
from craftlog.core.weeks import IsoWeek

W44_WED = date(2026, 10, 28)
W47_WED = date(2026, 11, 18)
W46_WED = date(2026, 11, 11)


def test_two_empty_full_weeks_make_the_log_silent() -> None:
    state = log_state({IsoWeek(2026, 44): 3}, W44_WED, W47_WED)
    assert state.this_week == IsoWeek(2026, 47)
    assert state.empty_full_weeks == 2
    assert state.silent is True
    assert state.logged_this_week is False
    assert state.total_entries == 3
    assert state.last_entry_day == W44_WED


def test_one_empty_full_week_is_not_silence() -> None:
    state = log_state({IsoWeek(2026, 44): 1}, W44_WED, W46_WED)
    assert state.empty_full_weeks == 1
    assert state.silent is False


def test_last_week_logged_means_no_empty_full_weeks() -> None:
    state = log_state({IsoWeek(2026, 46): 1}, W46_WED, W47_WED)
    assert state.empty_full_weeks == 0
    assert state.silent is False


def test_an_entry_this_week_is_never_silence() -> None:
    # Even with a long gap before it.
    counts = {IsoWeek(2025, 1): 4, IsoWeek(2026, 47): 1}
    state = log_state(counts, W47_WED, W47_WED)
    assert state.entries_this_week == 1
    assert state.logged_this_week is True
    assert state.empty_full_weeks == 0
    assert state.silent is False


def test_an_empty_log_is_not_silent() -> None:
    state = log_state({}, None, W47_WED)
    assert state.total_entries == 0
    assert state.empty_full_weeks == 0
    assert state.silent is False
    assert state.streak_weeks == 0


def test_future_dated_entries_do_not_hide_silence() -> None:
    counts = {IsoWeek(2026, 44): 1, IsoWeek(2026, 50): 1}
    state = log_state(counts, date(2026, 12, 9), W47_WED)
    assert state.empty_full_weeks == 2
    assert state.silent is True


def test_silence_counts_across_a_year_boundary() -> None:
    # Last entry in 2020-W52; today in 2021-W02: 2020-W53 and 2021-W01 were empty.
    state = log_state({IsoWeek(2020, 52): 1}, date(2020, 12, 23), date(2021, 1, 13))
    assert state.empty_full_weeks == 2
    assert state.silent is True


def test_streak_not_broken_by_the_open_current_week() -> None:
    weeks = [IsoWeek(2026, 44), IsoWeek(2026, 45), IsoWeek(2026, 46)]
    assert streak(weeks, IsoWeek(2026, 47)) == 3


def test_streak_includes_the_current_week_when_logged() -> None:
    weeks = [IsoWeek(2026, 45), IsoWeek(2026, 46), IsoWeek(2026, 47)]
    assert streak(weeks, IsoWeek(2026, 47)) == 3


def test_a_gap_breaks_the_streak() -> None:
    weeks = [IsoWeek(2026, 40), IsoWeek(2026, 41), IsoWeek(2026, 43), IsoWeek(2026, 44)]
    assert streak(weeks, IsoWeek(2026, 45)) == 2
    # Last week empty and this week empty: no streak at all.
    assert streak(weeks, IsoWeek(2026, 46)) == 0


def test_streak_runs_across_a_year_boundary() -> None:
    weeks = [IsoWeek(2020, 52), IsoWeek(2020, 53), IsoWeek(2021, 1)]
    assert streak(weeks, IsoWeek(2021, 1)) == 3


def test_log_state_streak_ignores_weeks_with_zero_entries() -> None:
    counts = {IsoWeek(2026, 45): 2, IsoWeek(2026, 46): 0}
    state = log_state(counts, W46_WED, W47_WED)
    assert state.streak_weeks == 0
    assert state.empty_full_weeks == 1


def test_describe_an_empty_log_suggests_the_command() -> None:
    assert "craftlog log" in describe(log_state({}, None, W47_WED))


def test_describe_a_silent_log() -> None:
    line = describe(log_state({IsoWeek(2026, 44): 1}, W44_WED, W47_WED))
    assert "2026-W47 not logged yet" in line
    assert "silent for 2 full weeks" in line
    assert "streak 0 weeks" in line


def test_describe_a_logged_week_with_a_streak() -> None:
    counts = {IsoWeek(2026, 46): 1, IsoWeek(2026, 47): 2}
    line = describe(log_state(counts, W47_WED, W47_WED))
    assert "2026-W47 logged (2)" in line
    assert "silent" not in line
    assert "streak 2 weeks" in line


def test_describe_singular_streak_and_no_silence_warning_after_one_week() -> None:
    line = describe(log_state({IsoWeek(2026, 46): 1}, W46_WED, W47_WED))
    assert "not logged yet" in line
    assert "silent" not in line
    assert line.endswith("streak 1 week")
