"""ISO weeks (core/weeks.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from craftlog.core.weeks import IsoWeek, parse_week, weeks_in_year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2020, 12, 31), "2020-W53"),
        (date(2021, 1, 1), "2020-W53"),
        (date(2021, 1, 3), "2020-W53"),
        (date(2021, 1, 4), "2021-W01"),
        (date(2024, 12, 29), "2024-W52"),
        (date(2024, 12, 30), "2025-W01"),
        (date(2026, 11, 16), "2026-W47"),
        (date(2026, 11, 18), "2026-W47"),
        (date(2026, 11, 22), "2026-W47"),
        (date(2026, 11, 23), "2026-W48"),
    ],
)
def test_week_of_a_day_across_year_boundaries(day: date, label: str) -> None:
    assert IsoWeek.of(day).label == label
    assert str(IsoWeek.of(day)) == label


def test_monday_and_sunday() -> None:
    week = IsoWeek(2020, 53)
    assert week.monday == date(2020, 12, 28)
    assert week.sunday == date(2021, 1, 3)
    assert IsoWeek(2025, 1).monday == date(2024, 12, 30)
    assert week.monday.weekday() == 0 and week.sunday.weekday() == 6


def test_every_day_of_a_week_maps_back_to_it() -> None:
    week = IsoWeek(2026, 1)
    for offset in range(7):
        assert IsoWeek.of(week.monday + timedelta(days=offset)) == week
    assert IsoWeek.of(week.monday - timedelta(days=1)) == IsoWeek(2025, 52)


def test_weeks_are_ordered_in_time_and_shift_across_years() -> None:
    assert IsoWeek(2020, 53) < IsoWeek(2021, 1) < IsoWeek(2021, 2)
    assert IsoWeek(2020, 53).shifted(1) == IsoWeek(2021, 1)
    assert IsoWeek(2021, 1).shifted(-1) == IsoWeek(2020, 53)
    assert IsoWeek(2026, 47).shifted(-3) == IsoWeek(2026, 44)
    assert IsoWeek(2026, 44).weeks_until(IsoWeek(2026, 47)) == 3
    assert IsoWeek(2026, 47).weeks_until(IsoWeek(2026, 44)) == -3
    assert IsoWeek(2020, 52).weeks_until(IsoWeek(2021, 1)) == 2


def test_weeks_in_year() -> None:
    assert weeks_in_year(2020) == 53
    assert weeks_in_year(2021) == 52
    assert weeks_in_year(2026) == 53


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2026-W47", IsoWeek(2026, 47)),
        (" 2026-W01 ", IsoWeek(2026, 1)),
        ("2020-W53", IsoWeek(2020, 53)),
        ("2026-W53", IsoWeek(2026, 53)),
    ],
)
def test_parse_week_accepts_real_weeks(text: str, week: IsoWeek) -> None:
    assert parse_week(text) == week


@pytest.mark.parametrize("text", ["2026-47", "2026W47", "2026-w47", "26-W47", "2026-W7", "", "W47"])
def test_parse_week_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-Www"):
        parse_week(text)


@pytest.mark.parametrize(("text", "last"), [("2026-W54", 53), ("2021-W53", 52), ("2026-W00", 53)])
def test_parse_week_refuses_weeks_the_year_does_not_have(text: str, last: int) -> None:
    with pytest.raises(ValueError, match=f"does not exist: .* has weeks 01 to {last}"):
        parse_week(text)


def test_a_week_across_new_year_names_both_years() -> None:
    assert IsoWeek(2025, 1).span == "30 Dec 2024 – 05 Jan 2025"
    assert IsoWeek(2026, 47).span == "16 Nov – 22 Nov 2026"
