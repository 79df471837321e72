"""ISO weeks (Monday start), the unit every craftlog figure is counted in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK_FORM = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """One ISO week, ordered in time."""

    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def span(self) -> str:
        """Its Monday to its Sunday, naming the year once, or twice across New Year."""
        first, last = self.monday, self.sunday
        if first.year != last.year:
            return f"{first:%d %b %Y} – {last:%d %b %Y}"
        return f"{first:%d %b} – {last:%d %b %Y}"

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def weeks_until(self, other: IsoWeek) -> int:
        """Whole weeks from this week to `other` (negative when `other` is earlier)."""
        return (other.monday - self.monday).days // 7

    def __str__(self) -> str:
        return self.label


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always falls in the year's last ISO week."""
    return date(year, 12, 28).isocalendar().week


def parse_week(text: str) -> IsoWeek:
    """A week written as YYYY-Www; anything else raises ValueError with a plain reason."""
    match = _WEEK_FORM.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a week in YYYY-Www form, such as 2026-W07")
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1 or not 1 <= week <= weeks_in_year(year):
        raise ValueError(f"{text!r} does not exist: {year} has weeks 01 to {weeks_in_year(year)}")
    return IsoWeek(year, week)
