"""Property tests of the week and flag rules: ISO weeks, 53-week years, time zones, daylight saving.

Weeks are ISO weeks in the local time zone (TZ is honoured). An entry takes the local date it
was made on; a commit is counted in the local week of its author date, by SQLite's `localtime`
in store/commits.py, and listed by that week's local-midnight bounds. Every property is checked
against Python's own calendar and zoneinfo, in zones with odd offsets and daylight saving:
Lord Howe moves by 30 minutes, Chatham is at +12:45/+13:45, São Paulo once started daylight
saving at midnight (so some days had no 00:00), London and St John's are the ordinary cases.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from craftlog.core.entries import make_draft
from craftlog.core.flags import CommitCounts, judge, week_table
from craftlog.core.output import CommitFact
from craftlog.core.weeks import IsoWeek, parse_week, weeks_in_year
from craftlog.paths import Paths
from craftlog.services import open_services

ZONES = [
    "UTC",
    "Europe/London",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
]
# Commit and entry times the store must place: 1971 to the end of 2037 (SQLite's localtime
# range; later dates would be mapped into it and back).
FIRST = datetime(1971, 1, 1, tzinfo=UTC)
LAST = datetime(2037, 12, 31, tzinfo=UTC)

days = st.dates(date(1970, 1, 1), date(2400, 12, 31))
zones = st.sampled_from(ZONES)


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Run with TZ set to `name`, as a person in that zone would; restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def local_week(instant: datetime, zone: str) -> IsoWeek:
    return IsoWeek.of(instant.astimezone(ZoneInfo(zone)).date())


# --- ISO weeks ---------------------------------------------------------------------------------


@given(days)
def test_a_day_lies_in_its_week_and_the_label_reads_back(day: date) -> None:
    week = IsoWeek.of(day)
    assert (week.year, week.week) == day.isocalendar()[:2]
    assert week.monday <= day <= week.sunday
    assert week.monday.weekday() == 0 and (week.sunday - week.monday).days == 6
    assert 1 <= week.week <= weeks_in_year(week.year)
    assert parse_week(week.label) == week


@given(days, st.integers(-600, 600))
def test_shifting_by_weeks_is_arithmetic_on_mondays(day: date, weeks: int) -> None:
    week = IsoWeek.of(day)
    moved = week.shifted(weeks)
    assert moved.monday == week.monday + timedelta(weeks=weeks)
    assert week.weeks_until(moved) == weeks
    assert (moved > week) == (weeks > 0) and (moved == week) == (weeks == 0)


@given(st.integers(1971, 2399))
def test_a_year_has_53_weeks_exactly_when_the_iso_rule_says(year: int) -> None:
    jan1 = date(year, 1, 1).weekday()
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    long_year = jan1 == 3 or (leap and jan1 == 2)  # starts on a Thursday, or a leap Wednesday
    assert (weeks_in_year(year) == 53) == long_year
    last = IsoWeek(year, weeks_in_year(year))
    assert last.shifted(1) == IsoWeek(year + 1, 1)
    assert IsoWeek.of(last.sunday) == last and IsoWeek.of(last.sunday + timedelta(1)).week == 1
    with pytest.raises(ValueError, match="does not exist"):
        parse_week(f"{year}-W{weeks_in_year(year) + 1:02d}")


@pytest.mark.parametrize("year", [2015, 2020, 2026, 2032, 2037])
def test_week_53_years_have_a_week_53(year: int) -> None:
    assert weeks_in_year(year) == 53
    assert parse_week(f"{year}-W53").sunday.year in (year, year + 1)


# --- an entry belongs to the local week it was written in --------------------------------------


@st.composite
def late_on_a_sunday(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone and an instant that is Sunday 23:00-23:59 there, often near a week-53 year end."""
    zone = draw(zones)
    sunday = IsoWeek.of(draw(st.dates(date(1971, 1, 10), date(2037, 12, 20)))).sunday
    if draw(st.booleans()):
        year = draw(st.sampled_from([2015, 2020, 2026, 2032]))
        sunday = IsoWeek(year, draw(st.sampled_from([52, 53]))).sunday
    local = datetime(sunday.year, sunday.month, sunday.day, 23, draw(st.integers(0, 59)))
    return zone, local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


@settings(max_examples=60, deadline=None)
@given(st.one_of(late_on_a_sunday(), st.tuples(zones, st.datetimes(FIRST.replace(tzinfo=None),
    LAST.replace(tzinfo=None), timezones=st.just(UTC)))))  # fmt: skip
def test_an_entry_counts_in_the_local_week_it_was_written_in(
    moment: tuple[str, datetime],
) -> None:
    zone, instant = moment
    expected = instant.astimezone(ZoneInfo(zone)).date()
    with local_zone(zone), tempfile.TemporaryDirectory() as folder:
        services = open_services(Paths.under(Path(folder)), now=lambda: instant)
        try:
            assert services.today() == expected
            entry = services.entries.add(make_draft("Written late", day=services.today()))
            assert entry.day == expected and entry.week == IsoWeek.of(expected)
            state = services.log_state()
            assert state.this_week == IsoWeek.of(expected) and state.entries_this_week == 1
            (row,) = services.weeks()
            assert row.week == IsoWeek.of(expected) and row.entries == 1 and not row.flagged
        finally:
            services.close()


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "sunday",
    [date(2021, 1, 3), date(2027, 1, 3), date(2026, 3, 29), date(2026, 10, 25), date(2026, 4, 5)],
)
def test_sunday_at_half_past_eleven_is_still_that_week(zone: str, sunday: date) -> None:
    """2021-01-03 and 2027-01-03 end the long years 2020 and 2026; the rest are DST Sundays."""
    instant = datetime(sunday.year, sunday.month, sunday.day, 23, 30, tzinfo=ZoneInfo(zone))
    with local_zone(zone), tempfile.TemporaryDirectory() as folder:
        services = open_services(Paths.under(Path(folder)), now=lambda: instant.astimezone(UTC))
        try:
            entry = services.entries.add(make_draft("Late Sunday", day=services.today()))
        finally:
            services.close()
    assert entry.day == sunday and entry.week == IsoWeek.of(sunday)
    if sunday.month == 1:
        assert entry.week.week == 53


# --- a commit counts in the local week of its author date --------------------------------------


@st.composite
def commit_times(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A zone and author times, many of them within an hour of a local Monday midnight."""
    zone = draw(zones)
    tz = ZoneInfo(zone)
    times = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            monday = IsoWeek.of(draw(st.dates(date(1971, 1, 10), date(2037, 12, 20)))).monday
            midnight = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
            offset = timedelta(seconds=draw(st.integers(-3600, 3600)))
            times.append(int((midnight.astimezone(UTC) + offset).timestamp()))
        else:
            times.append(draw(st.integers(int(FIRST.timestamp()), int(LAST.timestamp()))))
    return zone, times


@settings(max_examples=60, deadline=None)
@given(commit_times())
def test_commits_count_in_the_local_week_of_their_author_date(
    zoned: tuple[str, list[int]],
) -> None:
    zone, times = zoned
    facts = [
        CommitFact(f"{n:040x}", at, "me@example.com", f"commit {n}", n, 1, 1, False, False)
        for n, at in enumerate(times, start=1)
    ]
    expected = Counter(local_week(datetime.fromtimestamp(at, UTC), zone) for at in times)
    with local_zone(zone), tempfile.TemporaryDirectory() as folder:
        services = open_services(Paths.under(Path(folder)))
        try:
            source = services.commits.add_source("/nowhere/repo", "/nowhere/repo/.git")
            services.commits.store(source, facts)
            counts = services.commits.week_counts()
            listed = {w: {c.sha for c in services.commits.commits_in(w)} for w in expected}
        finally:
            services.close()
    assert {w: c.commits for w, c in counts.items()} == dict(expected)
    for fact in facts:  # the week's list, bounded by local midnights, agrees with the count
        week = local_week(datetime.fromtimestamp(fact.authored_at, UTC), zone)
        assert fact.sha in listed[week]
        assert counts[week].lines_added >= fact.lines_added


# --- the flag rule and the week table ----------------------------------------------------------


@given(
    st.integers(0, 50), st.integers(0, 5000), st.integers(0, 3), st.integers(1, 20),
    st.integers(0, 3000),
)  # fmt: skip
def test_a_week_is_flagged_exactly_when_the_rule_says(
    commits: int, lines: int, entries: int, min_commits: int, min_lines: int
) -> None:
    counts = CommitCounts(commits, lines // 2, lines - lines // 2, 0)
    flagged, reason = judge(counts, entries, min_commits, min_lines)
    assert flagged == (entries == 0 and commits >= min_commits and lines >= min_lines)
    assert reason and reason == reason.strip()
    if entries:
        assert reason.endswith("logged") and "learning entr" in reason
    if flagged:
        assert reason.startswith(f"{commits:,} commit") and reason.endswith("no learning logged")
    elif entries == 0 and commits:
        assert "that would flag the week" in reason


week_counts = st.dictionaries(
    st.dates(date(2014, 1, 1), date(2033, 12, 31)).map(IsoWeek.of),
    st.builds(CommitCounts, st.integers(0, 30), st.integers(0, 900), st.integers(0, 900)),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(
    week_counts,
    st.dictionaries(st.dates(date(2014, 1, 1), date(2033, 12, 31)).map(IsoWeek.of),
                    st.integers(1, 4), max_size=10),
    st.dates(date(2015, 1, 1), date(2034, 6, 30)),
    st.integers(1, 12),
    st.integers(0, 400),
)  # fmt: skip
def test_the_week_table_lists_every_week_once_and_flags_by_the_rule(
    commits: dict[IsoWeek, CommitCounts],
    entries: dict[IsoWeek, int],
    today: date,
    min_commits: int,
    min_lines: int,
) -> None:
    table = week_table(commits, entries, today, min_commits, min_lines)
    current = IsoWeek.of(today)
    known = [w for w in (*commits, *entries) if w <= current]
    if not known:
        assert table == []
        return
    weeks = [row.week for row in table]
    assert weeks[0] == min(known) and weeks[-1] == current
    assert len(weeks) == weeks[0].weeks_until(current) + 1  # no week missing, 53rd ones too
    assert all(b == a.shifted(1) for a, b in pairwise(weeks))
    for row in table:
        counts = commits.get(row.week, CommitCounts())
        assert (row.commits, row.lines_added, row.lines_removed) == (
            counts.commits, counts.lines_added, counts.lines_removed)  # fmt: skip
        assert row.entries == entries.get(row.week, 0)
        assert (row.flagged, row.reason) == judge(counts, row.entries, min_commits, min_lines)
    listed = set(weeks)
    assert sum(c.commits for w, c in commits.items() if w in listed) == sum(
        row.commits for row in table
    )
