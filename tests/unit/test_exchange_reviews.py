"""Quiz cards and reviews in the JSON export: written whole, read checked, imported once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from craftlog.core.entries import make_draft
from craftlog.core.exchange import EXPORT_VERSION, ImportProblem
from craftlog.core.reviews import Rating, ReviewMode
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from tests.conftest import FIXED_NOW, fixed_clock


def clock_at(moment: datetime):
    return lambda: moment


@pytest.fixture
def other_home(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(Paths.under(tmp_path / "second-home"), now=fixed_clock)
    yield opened
    opened.close()


def review_history(services: Services) -> None:
    """Four entries: reviewed offline and by the AI, one lapsed, one trashed, one never."""
    entries = [
        services.entries.add(make_draft(text, day=date(2026, 10, day)))
        for day, text in enumerate(
            ["MVCC keeps row versions", "Nagle waits for the ACK", "in the trash", "never"], 1
        )
    ]
    start = FIXED_NOW - timedelta(days=40)
    ratings = {
        0: [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.HARD],
        1: [Rating.EASY, Rating.GOOD],
        2: [Rating.AGAIN],
    }
    for index, sequence in ratings.items():
        moment = start + timedelta(hours=index)
        for rating in sequence:
            at = open_services(services.paths, now=clock_at(moment))
            try:
                mode = ReviewMode.AI if rating is Rating.HARD else ReviewMode.OFFLINE
                score = 52 if mode is ReviewMode.AI else None
                question = "Why do readers not block?" if score else ""
                _, card = at.rate(entries[index], rating, mode, f"answer {moment:%d %H}",
                                  question, score)  # fmt: skip
            finally:
                at.close()
            moment = card.due + timedelta(hours=1)
    services.entries.trash(entries[2].id)


def document_of(services: Services) -> dict[str, Any]:
    document = json.loads(services.export("json"))
    del document["exported_at"]
    return document


def test_the_reviews_list_holds_each_reviewed_entrys_card_and_log(services: Services) -> None:
    review_history(services)
    document = document_of(services)
    assert document["version"] == EXPORT_VERSION == 3
    uids = [e["uid"] for e in document["entries"]]
    reviews = document["reviews"]
    assert [r["entry_uid"] for r in reviews] == uids[:3]  # the unreviewed entry has none
    first = reviews[0]
    assert list(first) == ["entry_uid", "card", "log"]
    assert list(first["card"]) == [
        "due", "phase", "step", "stability", "difficulty", "last_review", "reviews", "lapses",
    ]  # fmt: skip
    assert (first["card"]["reviews"], first["card"]["lapses"]) == (4, 1)
    assert first["card"]["phase"] == "relearning"
    assert [r["rating"] for r in first["log"]] == [3, 3, 1, 2]
    assert list(first["log"][0]) == [
        "uid", "reviewed_at", "rating", "mode", "question", "answer", "score", "due_after",
    ]  # fmt: skip
    graded = first["log"][3]
    assert (graded["mode"], graded["score"], graded["question"]) == (
        "ai",
        52,
        "Why do readers not block?",
    )
    assert all(r["reviewed_at"].endswith("+00:00") for r in first["log"])
    assert first["log"][-1]["due_after"] == first["card"]["due"]


def test_import_into_an_empty_home_then_export_gives_the_same_records(
    services: Services, other_home: Services
) -> None:
    review_history(services)
    first = services.export("json")
    result = other_home.import_text(first, "all.json")
    assert result.added_by_kind["reviews"] == result.reviews_added == 7
    assert result.skipped_by_kind["reviews"] == 0
    assert document_of(other_home) == document_of(services)
    assert other_home.reviews_due() == services.reviews_due()

    again = other_home.import_text(first, "all.json")
    assert (again.added, again.skipped_by_kind["reviews"]) == (0, 7)
    assert len(other_home.reviews.all_reviews()) == 7
    assert document_of(other_home) == document_of(services)


def test_an_older_export_never_winds_back_a_schedule_reviewed_since(
    services: Services, other_home: Services
) -> None:
    review_history(services)
    old = services.export("json")
    other_home.import_text(old, "old.json")
    entry = other_home.entries.find()[-1]  # the oldest live entry: MVCC
    later = open_services(other_home.paths, now=clock_at(FIXED_NOW + timedelta(days=60)))
    try:
        _, card = later.rate(entry, Rating.EASY, ReviewMode.OFFLINE, "since the export")
    finally:
        later.close()
    result = other_home.import_text(old, "old.json")
    assert result.added == 0
    assert other_home.reviews.card(entry.id) == card
    assert len(other_home.reviews.history(entry.id)) == 5


def test_reviews_of_an_entry_that_is_nowhere_are_skipped(
    services: Services, other_home: Services
) -> None:
    review_history(services)
    document = json.loads(services.export("json"))
    document["entries"] = document["entries"][1:]  # drop MVCC, keep its reviews
    result = other_home.import_text(json.dumps(document), "partial.json")
    assert (result.reviews_added, result.skipped_by_kind["reviews"]) == (3, 4)
    assert len(other_home.reviews.all_cards()) == 2


def test_reviews_without_uids_are_recognised_by_content(services: Services) -> None:
    review_history(services)
    document = json.loads(services.export("json"))
    for item in document["reviews"]:
        for review in item["log"]:
            review["uid"] = None
    result = services.import_text(json.dumps(document), "no-ids.json")
    assert result.added == 0 and result.skipped_by_kind["reviews"] == 7


def test_a_version_2_file_without_reviews_still_imports(other_home: Services) -> None:
    document = {
        "format": "craftlog",
        "version": 2,
        "entries": [{"text": "from an older craftlog", "kind": "concept", "date": "2026-10-01"}],
    }
    result = other_home.import_text(json.dumps(document), "v2.json")
    assert (result.entries_added, result.reviews_added) == (1, 0)


LOG = {"uid": "r-1", "reviewed_at": "2026-11-01T10:00:00.000000+00:00", "rating": 3,
       "mode": "offline", "question": "", "answer": "a", "score": None,
       "due_after": "2026-11-03T10:00:00.000000+00:00"}  # fmt: skip
CARD = {"due": "2026-11-03T10:00:00.000000+00:00", "phase": "review", "step": None,
        "stability": 2.3, "difficulty": 4.1, "last_review": "2026-11-01T10:00:00.000000+00:00",
        "reviews": 1, "lapses": 0}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"entry_uid": 7}, "reviews item 1: entry_uid must be text"),
        ({"entry_uid": " "}, "reviews item 1: entry_uid is empty"),
        ({"log": {}}, "reviews item 1: log must be a list"),
        ({"card": []}, "reviews item 1: card must be an object or null"),
        ({"card": CARD | {"phase": "graduated"}}, "phase 'graduated' is not one of"),
        ({"card": CARD | {"due": None}}, "due must be a timestamp"),
        ({"card": CARD | {"due": "2026-11-03T10:00:00"}}, "has no time zone"),
        ({"card": CARD | {"step": -1}}, "step must be 0 or more"),
        ({"card": CARD | {"stability": "high"}}, "stability must be a number or null"),
        ({"card": CARD | {"difficulty": 0}}, "difficulty must be a positive number"),
        ({"card": CARD | {"reviews": 1.5}}, "reviews must be a whole number"),
        ({"log": [LOG | {"rating": 5}]}, "review 1: rating must be between 1 and 4"),
        ({"log": [LOG | {"rating": True}]}, "review 1: rating must be a whole number"),
        ({"log": [LOG | {"mode": "psychic"}]}, "mode 'psychic' is not one of: offline, ai"),
        ({"log": [LOG | {"score": 101}]}, "score must be between 0 and 100"),
        ({"log": [LOG | {"answer": None}]}, "answer must be text"),
        ({"log": [LOG | {"answer": "bad \udcff byte"}]}, "answer holds bytes that are not"),
        ({"log": [LOG | {"reviewed_at": "yesterday"}]}, "'yesterday' is not a timestamp"),
        ({"log": [LOG, LOG]}, "review 2 has the same uid as review 1 of item 1"),
        ({"log": ["r-1"]}, "review 1 is not an object"),
    ],
)
def test_a_bad_review_fails_the_import_and_stores_nothing(
    other_home: Services, change: dict[str, Any], words: str
) -> None:
    item = {"entry_uid": "e-1", "card": CARD, "log": [LOG]} | change
    entry = {"uid": "e-1", "text": "an entry", "kind": "concept", "date": "2026-11-01"}
    document = {"format": "craftlog", "version": 3, "entries": [entry], "reviews": [item]}
    with pytest.raises(ImportProblem) as caught:
        other_home.import_text(json.dumps(document), "f.json")
    assert str(caught.value).startswith("f.json: reviews item 1")
    assert words in str(caught.value)
    assert other_home.entries.all() == [] and other_home.reviews.all_reviews() == []


def test_two_items_for_one_entry_are_refused(other_home: Services) -> None:
    item = {"entry_uid": "e-1", "card": None, "log": []}
    document = {"format": "craftlog", "version": 3, "entries": [], "reviews": [item, item]}
    with pytest.raises(
        ImportProblem, match="reviews item 2 names the same entry as reviews item 1"
    ):
        other_home.import_text(json.dumps(document), "f.json")


def test_reviews_that_are_not_a_list_are_refused(other_home: Services) -> None:
    document = {"format": "craftlog", "version": 3, "entries": [], "reviews": {}}
    with pytest.raises(ImportProblem, match='"reviews" must be a list'):
        other_home.import_text(json.dumps(document), "f.json")
