"""The self-assessments' storage (store/assessments.py)."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import date, timedelta, timezone

import pytest

from craftlog.core.assessments import Assessment, from_result
from craftlog.core.instruments import INSTRUMENTS, QUICK_CHECK, SYMPTOMS, TIER, score
from craftlog.services import Services
from tests.conftest import FIXED_NOW
from tests.seed_self import checked

TODAY = FIXED_NOW.date()


def tier(points: int, hours_ago: float = 0) -> Assessment:
    counting = tuple(q.id for q in TIER.questions[:points])
    return checked("tier", counting, FIXED_NOW - timedelta(hours=hours_ago), TODAY)


def test_add_round_trips_every_field(services: Services) -> None:
    answers = {q.id: "yes" if n % 2 else "no" for n, q in enumerate(SYMPTOMS.questions)}
    item = from_result(score(SYMPTOMS, answers), FIXED_NOW, TODAY)
    stored = services.assessments.add(item)
    assert stored.id is not None and stored.id > 0
    assert re.fullmatch(r"[0-9a-f]{32}", stored.uid or "")
    assert stored == replace(item, id=stored.id, uid=stored.uid)
    assert stored.key == "symptoms"
    assert stored.taken_at == FIXED_NOW and stored.day == TODAY
    assert stored.score == 3
    assert stored.band.name == "In the gap"
    assert stored.answers == tuple((q.id, answers[q.id]) for q in SYMPTOMS.questions)


def test_answers_keep_question_order_not_alphabetical_order(services: Services) -> None:
    ids = [q.id for q in QUICK_CHECK.questions]
    assert ids != sorted(ids)
    stored = services.assessments.add(checked("quick-check", ("old-bug",), FIXED_NOW, TODAY))
    assert [qid for qid, _ in stored.answers] == ids
    raw = services.db.connection().execute("SELECT answers FROM assessment").fetchone()[0]
    assert list(json.loads(raw)) == ids


def test_the_tier_tests_next_steps_survive_the_round_trip(services: Services) -> None:
    stored = services.assessments.add(tier(7))
    assert stored.score == 7
    assert [s.question_id for s in stored.next_steps] == [q.id for q in TIER.questions[7:]]


def test_each_instrument_fits_the_table(services: Services) -> None:
    for key, instrument in INSTRUMENTS.items():
        top = tuple(q.id for q in instrument.questions)
        stored = services.assessments.add(checked(key, top, FIXED_NOW, TODAY))
        assert stored.score == instrument.maximum


def test_all_is_oldest_first_then_in_the_order_added(services: Services) -> None:
    late = services.assessments.add(tier(5, hours_ago=1))
    early = services.assessments.add(tier(3, hours_ago=48))
    same_a = services.assessments.add(tier(1, hours_ago=5))
    same_b = services.assessments.add(tier(2, hours_ago=5))
    assert [x.id for x in services.assessments.all()] == [early.id, same_a.id, same_b.id, late.id]


def test_order_follows_the_instant_whatever_zone_it_was_taken_in(services: Services) -> None:
    tokyo = timezone(timedelta(hours=9))
    utc_one = services.assessments.add(tier(1, hours_ago=2))  # 07:30 UTC
    # 06:30 UTC reads 15:30 in Tokyo: as local text it would sort after 07:30, wrongly.
    earlier = replace(tier(2), taken_at=(FIXED_NOW - timedelta(hours=3)).astimezone(tokyo))
    tokyo_one = services.assessments.add(earlier)
    assert [x.id for x in services.assessments.all()] == [tokyo_one.id, utc_one.id]
    assert tokyo_one.taken_at == earlier.taken_at
    assert tokyo_one.taken_at.utcoffset() == timedelta(0)


def test_all_filters_by_instrument(services: Services) -> None:
    services.assessments.add(tier(4))
    services.assessments.add(checked("symptoms", ("reread",), FIXED_NOW, TODAY))
    services.assessments.add(checked("quick-check", (), FIXED_NOW, TODAY))
    assert [x.key for x in services.assessments.all("symptoms")] == ["symptoms"]
    assert [x.key for x in services.assessments.all("tier")] == ["tier"]
    assert services.assessments.all("nope") == []
    assert len(services.assessments.all()) == 3


def test_add_many_keeps_uids_and_known_uids_lists_them(services: Services) -> None:
    items = [replace(tier(n, hours_ago=10 - n), uid=f"imported-{n}") for n in range(4)]
    assert services.assessments.add_many(items) == 4
    assert services.assessments.known_uids() == {f"imported-{n}" for n in range(4)}
    assert [replace(x, id=None) for x in services.assessments.all()] == items


def test_add_many_is_all_or_nothing(services: Services) -> None:
    batch = [replace(tier(1), uid="same"), replace(tier(2), uid="same")]
    with pytest.raises(sqlite3.IntegrityError):
        services.assessments.add_many(batch)
    assert services.assessments.all() == []


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE assessment SET instrument = 'horoscope'",
        "UPDATE assessment SET score = -1",
        "UPDATE assessment SET answers = NULL",
    ],
)
def test_the_table_refuses_what_no_instrument_gives(services: Services, sql: str) -> None:
    services.assessments.add(tier(2))
    with pytest.raises(sqlite3.IntegrityError):
        services.db.connection().execute(sql)


def test_an_unknown_instrument_is_refused_and_nothing_is_stored(services: Services) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        services.assessments.add(replace(tier(2), key="horoscope"))
    assert services.assessments.all() == []


def test_the_day_is_the_local_day_given_not_the_utc_one(services: Services) -> None:
    stored = services.assessments.add(replace(tier(2), day=date(2026, 11, 19)))
    assert stored.day == date(2026, 11, 19)
    assert stored.taken_at.date() == date(2026, 11, 18)
