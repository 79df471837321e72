"""Export and import: craftlog JSON, jrnl JSON, Markdown, CSV (core/exchange.py, services.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from craftlog.core import audits
from craftlog.core.entries import EntryError, make_draft
from craftlog.core.exchange import CSV_COLUMNS, EXPORT_VERSION, RECORD_LISTS, ImportProblem
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from tests.conftest import FIXED_NOW, fixed_clock

UNICODE_TEXTS = [
    "Rust 🦀 ownership 👩🏽‍💻\nmoves are memcpy plus a static promise",
    "עברית: MVCC means readers never wait\nשורה שנייה",
    "العربية: الفهرس يسرّع القراءة",
    "Zalgo Z\u0335\u0308a\u0336l\u0337g\u0338o and cafe\u0301",
    "[bold]markup[/] [@click=app.quit]quit[/] stays text",
    "escape \x1b]52;c;Y3VybA==\x07 kept \x1b[31m as stored",
]


@pytest.fixture
def other_home(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(Paths.under(tmp_path / "second-home"), now=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture
def third_home(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(Paths.under(tmp_path / "third-home"), now=fixed_clock)
    yield opened
    opened.close()


def fill(services: Services) -> None:
    add = services.entries.add
    add(make_draft("Plain concept", day=date(2026, 1, 5)))
    add(
        make_draft(
            "Explained a commit\nwhy the retry needs jitter",
            kind="explanation",
            tags=["zeta", "alpha", "retries"],
            day=date(2026, 3, 9),
            needed_ai=True,
            struggle_minutes=75,
            commit_repo="/home/me/src/api",
            commit_sha="0123456789abcdef0123456789abcdef01234567",
        )
    )
    add(
        make_draft(
            "Struggled zero minutes", kind="problem", day=date(2026, 3, 9), struggle_minutes=0
        )
    )
    for offset, text in enumerate(UNICODE_TEXTS):
        add(
            make_draft(
                text, kind="behavior", tags=["unicode", "🦀"], day=date(2026, 11, 2 + offset)
            )
        )
    trashed = add(make_draft("Trashed but restorable", kind="other", day=date(2026, 6, 1)))
    services.entries.trash(trashed.id)
    # Two entries with the same day and text are still two entries.
    add(make_draft("Same words twice", day=date(2026, 7, 7)))
    add(make_draft("Same words twice", day=date(2026, 7, 7)))


def without_exported_at(text: str) -> dict:
    document = json.loads(text)
    assert "exported_at" in document
    del document["exported_at"]
    return document


def test_json_export_has_the_documented_shape(services: Services) -> None:
    fill(services)
    document = json.loads(services.export("json"))
    assert document["format"] == "craftlog"
    assert document["version"] == EXPORT_VERSION
    for name in RECORD_LISTS:
        assert isinstance(document[name], list)
    assert len(document["entries"]) == 12
    entry = next(e for e in document["entries"] if e["kind"] == "explanation")
    assert entry["text"] == "Explained a commit\nwhy the retry needs jitter"
    assert entry["tags"] == ["zeta", "alpha", "retries"]
    assert entry["date"] == "2026-03-09"
    assert entry["needed_ai"] is True
    assert entry["struggle_minutes"] == 75
    assert entry["commit"] == {
        "repo": "/home/me/src/api",
        "sha": "0123456789abcdef0123456789abcdef01234567",
    }
    assert entry["created_at"].startswith("2026-11-18T09:30:00")
    assert entry["deleted_at"] is None
    trashed = next(e for e in document["entries"] if e["text"].startswith("Trashed"))
    assert trashed["deleted_at"] is not None


def test_json_round_trip_is_lossless(services: Services, other_home: Services) -> None:
    fill(services)
    first = services.export("json")

    result = other_home.import_text(first, "export.json")
    assert (result.added, result.skipped, result.source_format) == (12, 0, "craftlog")
    second = other_home.export("json")

    assert without_exported_at(second) == without_exported_at(first)
    # The trash came along as trash.
    assert [e.text for e in other_home.entries.find()] != []
    assert {e.text for e in other_home.entries.all() if e.deleted_at} == {"Trashed but restorable"}


def test_json_round_trip_through_a_third_home_is_stable(
    services: Services, other_home: Services, third_home: Services
) -> None:
    fill(services)
    first = services.export("json")
    other_home.import_text(first, "a.json")
    third_home.import_text(other_home.export("json"), "b.json")
    assert without_exported_at(third_home.export("json")) == without_exported_at(first)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    services: Services, other_home: Services
) -> None:
    fill(services)
    exported = services.export("json")
    assert other_home.import_text(exported, "x.json").added == 12
    again = other_home.import_text(exported, "x.json")
    assert (again.added, again.skipped) == (0, 12)
    assert len(other_home.entries.all()) == 12


def test_importing_into_the_home_it_came_from_adds_nothing(services: Services) -> None:
    fill(services)
    before = services.export("json")
    result = services.import_text(before, "self.json")
    assert result.added == 0
    assert without_exported_at(services.export("json")) == without_exported_at(before)


JRNL_EXPORT = {
    "tags": {"@postgres": 2, "@work": 1},
    "entries": [
        {
            "title": "Postgres MVCC clicked.",
            "body": "Readers never block writers because each row version carries xmin/xmax.\n",
            "date": "2024-01-02",
            "time": "09:00",
            "tags": ["@postgres", "@work"],
            "starred": False,
        },
        {
            "title": "VACUUM reclaims dead tuples.",
            "body": "",
            "date": "2024-01-09",
            "time": "18:30",
            "tags": ["@postgres"],
            "starred": True,
        },
    ],
}


def test_jrnl_import_maps_title_body_and_tags(services: Services) -> None:
    result = services.import_text(json.dumps(JRNL_EXPORT), "journal.json")
    assert (result.added, result.skipped, result.source_format) == (2, 0, "jrnl")
    first, second = services.entries.all()
    assert first.text == (
        "Postgres MVCC clicked.\n"
        "Readers never block writers because each row version carries xmin/xmax."
    )
    assert first.title == "Postgres MVCC clicked."
    assert first.tags == ("postgres", "work")
    assert first.day == date(2024, 1, 2)
    assert second.text == "VACUUM reclaims dead tuples."
    assert second.tags == ("postgres",)
    assert second.day == date(2024, 1, 9)


def test_jrnl_import_twice_adds_nothing(services: Services) -> None:
    services.import_text(json.dumps(JRNL_EXPORT), "journal.json")
    again = services.import_text(json.dumps(JRNL_EXPORT), "journal.json", "jrnl")
    assert (again.added, again.skipped) == (0, 2)
    assert len(services.entries.all()) == 2


def test_jrnl_entries_then_re_exported_are_not_doubled(
    services: Services, other_home: Services
) -> None:
    services.import_text(json.dumps(JRNL_EXPORT), "journal.json")
    other_home.import_text(json.dumps(JRNL_EXPORT), "journal.json")
    # The same jrnl entries, now carrying the first home's ids, are recognised by content.
    result = other_home.import_text(services.export("json"), "craftlog.json")
    assert result.added == 0
    assert len(other_home.entries.all()) == 2


def test_markdown_export_of_one_week(services: Services) -> None:
    services.entries.add(
        make_draft(
            "Monday insight\nwith a body", tags=["sql"], day=date(2026, 11, 16), needed_ai=True
        )
    )
    services.entries.add(
        make_draft("Wednesday insight", kind="problem", day=date(2026, 11, 18), struggle_minutes=30)
    )
    services.entries.add(make_draft("Last week", day=date(2026, 11, 13)))
    trashed = services.entries.add(make_draft("Trashed this week", day=date(2026, 11, 17)))
    services.entries.trash(trashed.id)

    text = services.export("markdown", IsoWeek(2026, 47))

    assert text.startswith("# What I learned in week 2026-W47\n")
    assert "16 Nov – 22 Nov 2026" in text
    assert "## Monday insight" in text
    assert "with a body" in text
    assert "#sql" in text and "needed AI" in text
    assert "## Wednesday insight" in text and "30 min of struggle" in text
    assert text.index("Monday insight") < text.index("Wednesday insight")
    assert "Last week" not in text
    assert "Trashed" not in text


def test_markdown_export_of_an_empty_week_says_so(services: Services) -> None:
    text = services.export("markdown", IsoWeek(2026, 40))
    assert "Nothing was logged this week." in text


def test_markdown_export_of_everything_groups_weeks_newest_first(services: Services) -> None:
    services.entries.add(make_draft("Older", day=date(2026, 11, 3)))
    services.entries.add(make_draft("Newer", day=date(2026, 11, 17)))
    text = services.export("markdown")
    assert text.index("## Week 2026-W47") < text.index("## Week 2026-W45")
    assert "### Newer" in text and "### Older" in text


def test_csv_export_parses_back(services: Services) -> None:
    fill(services)
    rows = list(csv.DictReader(io.StringIO(services.export("csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 11  # live entries only
    by_text = {row["text"]: row for row in rows}
    for text in UNICODE_TEXTS:
        assert by_text[text]["title"] == text.splitlines()[0]
        assert by_text[text]["tags"] == "unicode 🦀"
    commit = by_text["Explained a commit\nwhy the retry needs jitter"]
    assert commit["week"] == "2026-W11"
    assert commit["needed_ai"] == "1"
    assert commit["struggle_minutes"] == "75"
    assert commit["commit_sha"].startswith("0123456789abcdef")
    assert by_text["Plain concept"]["struggle_minutes"] == ""
    assert by_text["Struggled zero minutes"]["struggle_minutes"] == "0"
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)


def test_a_carriage_return_in_a_field_stays_inside_its_csv_row(services: Services) -> None:
    services.entries.add(
        make_draft("Odd path", day=date(2026, 11, 3), commit_repo="repo\rname", commit_sha="0000")
    )
    rows = list(csv.DictReader(io.StringIO(services.export("csv"), newline="")))
    assert [(row["title"], row["commit_repo"]) for row in rows] == [("Odd path", "repo\rname")]


def test_json_export_of_one_week_holds_only_that_weeks_live_entries(services: Services) -> None:
    fill(services)
    document = json.loads(services.export("json", IsoWeek(2026, 11)))
    assert {e["text"].splitlines()[0] for e in document["entries"]} == {
        "Explained a commit",
        "Struggled zero minutes",
    }


# --- bad import files: a clear problem, and nothing imported -----------------------------------


def _valid_record(text: str, day: str = "2026-01-01") -> dict:
    return {"text": text, "kind": "concept", "tags": [], "date": day}


def _craftlog(*records: dict) -> str:
    return json.dumps({"format": "craftlog", "version": 1, "entries": list(records)})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("this is not json", ["file.json", "not JSON"]),
        ("", ["file.json", "not JSON"]),
        ('{"format": "craftlog", ', ["file.json", "not JSON"]),
        ("[1, 2, 3]", ["file.json", "no object at the top"]),
        ('"just a string"', ["file.json", "no object at the top"]),
        ('{"name": "a package.json", "version": "1.0.0"}', ["file.json", "neither"]),
        ('{"format": "craftlog", "version": 99, "entries": []}', ["file.json", "version 99"]),
        ('{"format": "craftlog", "version": 1, "entries": {}}', ["file.json", "entries"]),
        (
            _craftlog(_valid_record("fine"), _valid_record("bad day", "2026-02-30")),
            ["file.json: entry 2", "2026-02-30"],
        ),
        (
            _craftlog(_valid_record("fine"), {**_valid_record("bad"), "kind": "insight"}),
            ["file.json: entry 2", "unknown kind 'insight'"],
        ),
        (_craftlog(_valid_record("fine"), _valid_record("   ")), ["entry 2", "empty"]),
        (_craftlog(_valid_record("fine"), "not an object"), ["entry 2", "not an object"]),
        (_craftlog({**_valid_record("x"), "tags": "a,b"}), ["entry 1", "tags"]),
        (_craftlog({**_valid_record("x"), "struggle_minutes": "5"}), ["entry 1", "whole number"]),
        (_craftlog({**_valid_record("x"), "created_at": "yesterday"}), ["entry 1", "created_at"]),
        (
            _craftlog({**_valid_record("x"), "created_at": "2026-01-01T10:00:00"}),
            ["entry 1", "no time zone"],
        ),
        (_craftlog(_valid_record("caf\udce9")), ["entry 1", "UTF-8"]),
        (
            json.dumps(
                {
                    "tags": {},
                    "entries": [
                        {"title": "ok", "date": "2024-01-01"},
                        {"title": "bad", "date": "01/02/2024"},
                    ],
                }
            ),
            ["file.json: entry 2", "01/02/2024"],
        ),
        (
            json.dumps({"tags": {}, "entries": [{"title": "", "body": "", "date": "2024-01-01"}]}),
            ["file.json: entry 1", "empty"],
        ),
    ],
)
def test_a_bad_import_names_the_problem_and_imports_nothing(
    services: Services, raw: str, expected: list[str]
) -> None:
    services.entries.add(make_draft("already here", day=date(2026, 11, 1)))
    before = services.export("json")
    with pytest.raises(ImportProblem) as caught:
        services.import_text(raw, "file.json")
    for fragment in expected:
        assert fragment in str(caught.value)
    assert services.export("json") == before


def test_a_document_of_another_shape_is_refused_even_when_the_format_is_forced(
    services: Services,
) -> None:
    with pytest.raises(ImportProblem, match="not a craftlog export"):
        services.import_text('{"entries": []}', "f.json", "craftlog")
    with pytest.raises(ImportProblem, match="not a jrnl JSON export"):
        services.import_text('{"items": []}', "f.json", "jrnl")
    assert services.entries.all() == []


def test_import_keeps_identity_and_timestamps(services: Services) -> None:
    record = {
        **_valid_record("with identity"),
        "uid": "0b7c1e8e-0000-4000-8000-000000000001",
        "created_at": "2025-12-31T23:00:00+00:00",
        "updated_at": "2026-01-02T08:00:00.123456+00:00",
    }
    services.import_text(_craftlog(record), "f.json")
    (entry,) = services.entries.all()
    assert entry.uid == record["uid"]
    assert entry.created_at.isoformat() == "2025-12-31T23:00:00+00:00"
    assert entry.updated_at.isoformat() == "2026-01-02T08:00:00.123456+00:00"
    assert entry.created_at != FIXED_NOW


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=4))
def test_any_accepted_text_survives_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    source = open_services(Paths.under(tmp_path_factory.mktemp("src")), now=fixed_clock)
    target = open_services(Paths.under(tmp_path_factory.mktemp("dst")), now=fixed_clock)
    try:
        for text in texts:
            try:
                source.entries.add(make_draft(text, day=date(2026, 1, 1)))
            except EntryError:
                continue
        first = source.export("json")
        target.import_text(first, "h.json")
        assert without_exported_at(target.export("json")) == without_exported_at(first)
    finally:
        source.close()
        target.close()


@pytest.mark.parametrize(
    "change, words",
    [
        ({"date": "2099-01-01"}, "future"),
        ({"date": None}, "has no date"),
        ({"text": 123}, "text must be a string"),
        ({"commit": "abc"}, "commit must be"),
    ],
)
def test_import_refuses_what_log_would_refuse(services, change, words) -> None:
    record = {"uid": "u-1", "text": "x", "kind": "concept", "tags": [], "date": "2026-11-02"}
    document = {"format": "craftlog", "version": 1, "entries": [record | change]}
    with pytest.raises(ImportProblem, match=words):
        services.import_text(json.dumps(document), "f.json")
    assert services.entries.all() == []


def test_import_refuses_one_uid_twice_in_one_file(services) -> None:
    record = {"uid": "u-1", "text": "x", "kind": "concept", "tags": [], "date": "2026-11-02"}
    document = {"format": "craftlog", "version": 1, "entries": [record, record | {"text": "y"}]}
    with pytest.raises(ImportProblem, match="entry 2 has the same uid as entry 1"):
        services.import_text(json.dumps(document), "f.json")


def test_forcing_the_wrong_format_names_the_right_one(services) -> None:
    document = {"format": "craftlog", "version": 1, "entries": []}
    with pytest.raises(ImportProblem, match="is a craftlog export, not jrnl"):
        services.import_text(json.dumps(document), "f.json", "jrnl")


def test_jrnl_time_becomes_the_creation_time_and_a_bom_is_ignored(services) -> None:
    document = {"tags": {}, "entries": [
        {"title": "T", "body": "", "date": "2024-01-02", "time": "09:15", "tags": []}
    ]}  # fmt: skip
    services.import_text("\ufeff" + json.dumps(document), "f.json")
    (entry,) = services.entries.all()
    assert entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2024-01-02 09:15"


# --- audits, gap checks and tier tests travel too ----------------------------------------------


def fill_self(services: Services) -> None:
    """Audits and all three instruments' results, as the app would have stored them."""
    from tests.seed_self import seed_open_audit, seed_self

    seed_self(services)
    paused = seed_open_audit(services, FIXED_NOW)
    services.audits.save(audits.pause(paused, FIXED_NOW))


def test_json_export_holds_audits_checks_and_tier_tests(services: Services) -> None:
    fill(services)
    fill_self(services)
    document = json.loads(services.export("json"))
    assert document["version"] == 3
    assert len(document["audits"]) == 6
    assert {a["outcome"] for a in document["audits"]} == {
        "gave-up", "partly", None, "with-docs", "unaided"
    }  # fmt: skip
    assert sum(a["abandoned"] for a in document["audits"]) == 1
    assert [c["instrument"] for c in document["checks"]].count("symptoms") == 3
    assert {c["instrument"] for c in document["checks"]} == {"symptoms", "quick-check"}
    assert [t["instrument"] for t in document["tier_tests"]] == ["tier", "tier"]
    assert document["repositories"] == [] and document["reviews"] == []


def test_week_json_markdown_and_csv_stay_entries_only(services: Services) -> None:
    fill(services)
    fill_self(services)
    week = json.loads(services.export("json", IsoWeek(2026, 11)))
    assert week["audits"] == week["checks"] == week["tier_tests"] == []
    assert "parser" not in services.export("markdown")
    assert "parser" not in services.export("csv")


def test_everything_round_trips_and_a_second_import_adds_nothing(
    services: Services, other_home: Services
) -> None:
    fill(services)
    fill_self(services)
    first = services.export("json")

    result = other_home.import_text(first, "all.json")
    assert result.added_by_kind == {
        "entries": 12, "audits": 6, "checks": 6, "tier_tests": 2, "reviews": 0,
    }  # fmt: skip
    assert (result.entries_added, result.audits_added, result.assessments_added) == (12, 6, 8)
    assert (result.added, result.skipped) == (26, 0)
    assert without_exported_at(other_home.export("json")) == without_exported_at(first)
    assert other_home.audits.all() == [replace(a, id=b.id) for a, b in zip(
        services.audits.all(), other_home.audits.all(), strict=True)]  # fmt: skip

    again = other_home.import_text(first, "all.json")
    assert (again.added, again.skipped) == (0, 26)
    assert again.skipped_by_kind == {
        "entries": 12, "audits": 6, "checks": 6, "tier_tests": 2, "reviews": 0,
    }  # fmt: skip
    assert len(other_home.audits.all()) == 6
    assert len(other_home.assessments.all()) == 8


def test_records_without_uids_are_recognised_by_content(services: Services) -> None:
    fill_self(services)
    document = json.loads(services.export("json"))
    for name in ("audits", "checks", "tier_tests"):
        for record in document[name]:
            record["uid"] = None
    text = json.dumps(document)
    result = services.import_text(text, "no-ids.json")
    assert result.added == 0 and result.skipped == 14


def test_a_version_1_file_still_imports(services: Services) -> None:
    document = {"format": "craftlog", "version": 1, "entries": [_valid_record("old file")]}
    document |= {name: [] for name in ("audits", "checks", "tier_tests", "repositories", "reviews")}
    result = services.import_text(json.dumps(document), "v1.json")
    assert result.added_by_kind == {
        "entries": 1, "audits": 0, "checks": 0, "tier_tests": 0, "reviews": 0,
    }  # fmt: skip


def test_a_file_from_a_newer_craftlog_is_refused(services: Services) -> None:
    document = {"format": "craftlog", "version": EXPORT_VERSION + 1, "entries": []}
    with pytest.raises(ImportProblem, match=f"reads up to {EXPORT_VERSION}, so update craftlog"):
        services.import_text(json.dumps(document), "new.json")


@pytest.mark.parametrize(
    ("name", "change", "words"),
    [
        ("audits", {"confidence_before": 0},
         "f.json: audit 2: confidence_before must be at least 1"),
        ("checks", {"score": 7}, "f.json: checks item 2: score 7 does not match its answers"),
        ("tier_tests", {"instrument": "symptoms"}, "tier_tests item 2: a 'symptoms' result"),
    ],
)  # fmt: skip
def test_one_bad_record_of_any_kind_imports_nothing_at_all(
    services: Services, other_home: Services, name: str, change: dict, words: str
) -> None:
    fill(services)
    fill_self(services)
    document = json.loads(services.export("json"))
    document[name][1] |= change
    with pytest.raises(ImportProblem) as caught:
        other_home.import_text(json.dumps(document), "f.json")
    assert words in str(caught.value)
    assert other_home.entries.all() == []
    assert other_home.audits.all() == [] and other_home.assessments.all() == []
