"""The learning log's storage (store/entries.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from craftlog.core.entries import EntryKind, make_draft
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from craftlog.store.entries import EntryFilter, EntryRepository, fts_query
from tests.conftest import FIXED_NOW

DAY = date(2026, 11, 16)


class SteppingClock:
    """A clock that moves one minute forward each time it is read."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture
def stepping(paths: Paths) -> Iterator[tuple[Services, SteppingClock]]:
    clock = SteppingClock(FIXED_NOW)
    opened = open_services(paths, now=clock)
    yield opened, clock
    opened.close()


def add(repo: EntryRepository, text: str, day: date = DAY, **fields: object):
    return repo.add(make_draft(text, day=day, **fields))  # type: ignore[arg-type]


def test_add_and_get_return_every_field(services: Services) -> None:
    entry = add(
        services.entries,
        "Postgres MVCC\nreaders never block writers",
        kind="behavior",
        tags=["postgres", "mvcc"],
        needed_ai=True,
        struggle_minutes=40,
        commit_repo="/src/app",
        commit_sha="abcdef12",
    )
    assert entry.id > 0
    assert len(entry.uid) == 36
    assert entry.title == "Postgres MVCC"
    assert entry.kind is EntryKind.BEHAVIOR
    assert entry.tags == ("postgres", "mvcc")
    assert entry.day == DAY
    assert entry.week == IsoWeek(2026, 47)
    assert entry.needed_ai is True
    assert entry.struggle_minutes == 40
    assert (entry.commit_repo, entry.commit_sha) == ("/src/app", "abcdef12")
    assert entry.created_at == FIXED_NOW == entry.updated_at
    assert entry.created_at.tzinfo is not None
    assert entry.deleted_at is None
    assert services.entries.get(entry.id) == entry
    assert services.entries.get(entry.id + 100) is None


def test_tags_keep_their_written_order(services: Services) -> None:
    entry = add(services.entries, "order", tags=["zeta", "alpha", "mid"])
    assert services.entries.get(entry.id).tags == ("zeta", "alpha", "mid")


def test_update_keeps_uid_and_created_at_and_bumps_updated_at(
    stepping: tuple[Services, SteppingClock],
) -> None:
    services, _ = stepping
    entry = add(services.entries, "first version", tags=["a", "b"])
    changed = services.entries.update(
        entry.id,
        make_draft("second version", kind="problem", tags=["c"], day=date(2026, 11, 2)),
    )
    assert changed.id == entry.id
    assert changed.uid == entry.uid
    assert changed.created_at == entry.created_at
    assert changed.updated_at > entry.updated_at
    assert changed.text == "second version"
    assert changed.kind is EntryKind.PROBLEM
    assert changed.tags == ("c",)
    assert changed.day == date(2026, 11, 2)
    # The search index follows the edit.
    assert services.entries.find(EntryFilter(search="first")) == []
    assert [e.id for e in services.entries.find(EntryFilter(search="second"))] == [entry.id]
    assert services.entries.find(EntryFilter(tag="a")) == []


def test_update_of_a_missing_entry_raises(services: Services) -> None:
    with pytest.raises(LookupError):
        services.entries.update(999, make_draft("x", day=DAY))


def test_find_lists_newest_day_first(services: Services) -> None:
    old = add(services.entries, "old", day=date(2026, 10, 1))
    new = add(services.entries, "new", day=date(2026, 11, 17))
    mid = add(services.entries, "mid", day=date(2026, 11, 2))
    same_day_later = add(services.entries, "mid two", day=date(2026, 11, 2))
    ids = [e.id for e in services.entries.find()]
    assert ids == [new.id, same_day_later.id, mid.id, old.id]
    assert [e.id for e in services.entries.find(limit=2, offset=1)] == [same_day_later.id, mid.id]


def test_search_matches_every_word_as_a_prefix(services: Services) -> None:
    mvcc = add(services.entries, "Postgres MVCC: readers never block writers")
    locks = add(services.entries, "Postgres advisory locks are session scoped")
    add(services.entries, "Rust lifetimes")
    found = lambda q: {e.id for e in services.entries.find(EntryFilter(search=q))}  # noqa: E731
    assert found("postgres") == {mvcc.id, locks.id}
    assert found("post") == {mvcc.id, locks.id}
    assert found("POST writ") == {mvcc.id}
    assert found("lock sess") == {locks.id}
    assert found("postgres rust") == set()
    assert found("nothing-like-it") == set()


def test_search_ignores_diacritics(services: Services) -> None:
    entry = add(services.entries, "Naïve Bayes für Anfänger")
    assert [e.id for e in services.entries.find(EntryFilter(search="naive fur"))] == [entry.id]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "OR",
        "NOT",
        "*",
        "NEAR(",
        "NEAR(a b",
        "-",
        "a -b",
        "(",
        ")",
        "^",
        ":",
        "a:b",
        "col:x",
        "'",
        "\\",
        "\x00",
        "{a b}",
        '"unterminated',
        "a AND OR b",
        "🦀",
        "\udce9",
    ],
)
def test_hostile_search_queries_never_raise(services: Services, query: str) -> None:
    add(services.entries, "AND OR NOT near words")
    result = services.entries.find(EntryFilter(search=query))
    assert isinstance(result, list)


def test_search_words_that_are_fts_operators_are_searched_as_words(services: Services) -> None:
    entry = add(services.entries, "AND gates and NEAR misses")
    other = add(services.entries, "something else")
    assert [e.id for e in services.entries.find(EntryFilter(search="AND"))] == [entry.id]
    assert [e.id for e in services.entries.find(EntryFilter(search="NEAR("))] == [entry.id]
    # A query with no words is no filter at all.
    ids = {e.id for e in services.entries.find(EntryFilter(search="-"))}
    assert ids == {entry.id, other.id}


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('NEAR( "x" AND y*') == '"NEAR"* "x"* "AND"* "y"*'
    assert fts_query(" - * ") == ""


def test_tag_filter(services: Services) -> None:
    a = add(services.entries, "one", tags=["sql", "perf"])
    b = add(services.entries, "two", tags=["sql"])
    add(services.entries, "three", tags=["rust"])
    assert {e.id for e in services.entries.find(EntryFilter(tag="sql"))} == {a.id, b.id}
    assert [e.id for e in services.entries.find(EntryFilter(tag="perf"))] == [a.id]
    assert services.entries.find(EntryFilter(tag="none")) == []
    combined = services.entries.find(EntryFilter(search="two", tag="sql"))
    assert [e.id for e in combined] == [b.id]


def test_trash_restore_and_purge(services: Services) -> None:
    keep = add(services.entries, "keep me")
    gone = add(services.entries, "throw me away")
    services.entries.trash(gone.id)

    assert [e.id for e in services.entries.find()] == [keep.id]
    trashed = services.entries.find(EntryFilter(trashed=True))
    assert [e.id for e in trashed] == [gone.id]
    assert trashed[0].deleted_at == FIXED_NOW
    assert services.entries.find(EntryFilter(search="throw")) == []
    assert [e.id for e in services.entries.find(EntryFilter(search="throw", trashed=True))] == [
        gone.id
    ]

    services.entries.restore(gone.id)
    assert services.entries.get(gone.id).deleted_at is None
    assert {e.id for e in services.entries.find()} == {keep.id, gone.id}


def test_purge_refuses_a_live_entry_and_destroys_a_trashed_one(services: Services) -> None:
    live = add(services.entries, "live", tags=["t"])
    assert services.entries.purge(live.id) is False
    assert services.entries.get(live.id) == live

    services.entries.trash(live.id)
    assert services.entries.purge(live.id) is True
    assert services.entries.get(live.id) is None
    conn = services.db.connection()
    assert conn.execute("SELECT count(*) FROM entry_tag").fetchone()[0] == 0
    assert services.entries.find(EntryFilter(search="live", trashed=True)) == []
    assert services.entries.purge(live.id) is False


def test_counts_by_week_counts_live_entries_only(services: Services) -> None:
    add(services.entries, "a", day=date(2026, 11, 16))
    add(services.entries, "b", day=date(2026, 11, 18))
    add(services.entries, "c", day=date(2026, 11, 2))
    late = add(services.entries, "d", day=date(2026, 11, 18))
    trashed = add(services.entries, "e", day=date(2026, 10, 5))
    services.entries.trash(trashed.id)
    counts, last = services.entries.counts_by_week()
    assert counts == {IsoWeek(2026, 47): 3, IsoWeek(2026, 45): 1}
    assert last == late.day


def test_counts_by_week_of_an_empty_log(services: Services) -> None:
    assert services.entries.counts_by_week() == ({}, None)


def test_tags_lists_live_usage_most_used_first(services: Services) -> None:
    add(services.entries, "1", tags=["sql", "perf"])
    add(services.entries, "2", tags=["sql"])
    add(services.entries, "3", tags=["b-tag", "a-tag"])
    hidden = add(services.entries, "4", tags=["sql", "secret"])
    services.entries.trash(hidden.id)
    assert services.entries.tags() == [("sql", 2), ("a-tag", 1), ("b-tag", 1), ("perf", 1)]


def test_all_includes_trashed_entries_oldest_first(services: Services) -> None:
    newer = add(services.entries, "newer", day=date(2026, 11, 17))
    older = add(services.entries, "older", day=date(2026, 1, 5))
    services.entries.trash(older.id)
    assert [e.id for e in services.entries.all()] == [older.id, newer.id]


@pytest.mark.parametrize(
    "text",
    [
        "[bold]x[/]",
        "[@click=app.quit]quit[/]",
        "[link=file:///etc/passwd]x[/link]",
        "osc52 \x1b]52;c;Y3VybCBldmlsLnNo\x07 end",
        "csi \x1b[2J\x1b[H clear",
        "c1 \x9b31m",
        "nul\x00inside",
        "emoji 🦀👩🏽‍💻 rtl שלום عربي combining e\u0301",
        "  leading space and\ttab",
    ],
)
def test_text_is_stored_exactly(services: Services, text: str) -> None:
    entry = add(services.entries, text)
    assert entry.text == text
    assert services.entries.get(entry.id).text.encode("utf-8") == text.encode("utf-8")
    raw = services.db.connection().execute("SELECT text FROM entry WHERE id=?", (entry.id,))
    assert raw.fetchone()[0] == text


def test_add_many_is_all_or_nothing(services: Services) -> None:
    from craftlog.store.entries import StoredMeta

    add(services.entries, "existing")
    items = [
        (make_draft("one", day=DAY), StoredMeta(uid="uid-1")),
        (make_draft("two", day=DAY), StoredMeta(uid="uid-1")),  # duplicate uid: fails
    ]
    with pytest.raises(Exception, match="UNIQUE"):
        services.entries.add_many(items)
    assert [e.text for e in services.entries.all()] == ["existing"]


def test_add_many_keeps_imported_identity(services: Services) -> None:
    from craftlog.store.entries import StoredMeta

    created = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    updated = datetime(2025, 3, 2, 8, 0, tzinfo=UTC)
    deleted = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    services.entries.add_many(
        [
            (
                make_draft("kept", day=date(2025, 3, 1)),
                StoredMeta("my-uid", created, updated, deleted),
            )
        ]
    )
    (entry,) = services.entries.all()
    assert (entry.uid, entry.created_at, entry.updated_at, entry.deleted_at) == (
        "my-uid",
        created,
        updated,
        deleted,
    )


def test_the_database_check_constraints_hold(services: Services) -> None:
    conn = services.db.connection()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO entry (uid, text, kind, day, created_at, updated_at)"
            " VALUES ('u', 't', 'bogus', '2026-01-01', 'x', 'x')"
        )


def test_count_between_counts_live_entries_in_the_range_inclusive(services: Services) -> None:
    add(services.entries, "before", day=date(2026, 11, 15))
    add(services.entries, "monday", day=date(2026, 11, 16))
    add(services.entries, "wednesday", day=date(2026, 11, 18))
    gone = add(services.entries, "trashed", day=date(2026, 11, 17))
    services.entries.trash(gone.id)
    week = IsoWeek(2026, 47)
    assert services.entries.count_between(week.monday, week.sunday) == 2
    assert services.entries.count_between(date(2026, 11, 15), date(2026, 11, 15)) == 1
    assert services.entries.count_between(date(2026, 12, 1), date(2026, 12, 31)) == 0
