"""The rules every new or edited entry must pass (core/entries.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from craftlog.core.entries import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    EntryError,
    EntryKind,
    check_commit,
    check_struggle,
    check_text,
    make_draft,
    normalise_tag,
    normalise_tags,
    parse_day,
    parse_kind,
)

TODAY = date(2026, 11, 18)


# --- kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ("concept", EntryKind.CONCEPT),
        ("CONCEPT", EntryKind.CONCEPT),
        ("  Problem ", EntryKind.PROBLEM),
        ("behavior", EntryKind.BEHAVIOR),
        ("Explanation", EntryKind.EXPLANATION),
        ("no-ai-build", EntryKind.NO_AI_BUILD),
        ("no_ai_build", EntryKind.NO_AI_BUILD),
        ("NO_AI_BUILD", EntryKind.NO_AI_BUILD),
        ("other", EntryKind.OTHER),
    ],
)
def test_parse_kind_forgives_case_spaces_and_underscores(given: str, kind: EntryKind) -> None:
    assert parse_kind(given) is kind


def test_unknown_kind_names_the_value_and_lists_every_kind() -> None:
    with pytest.raises(EntryError) as caught:
        parse_kind("insight")
    message = str(caught.value)
    assert "'insight'" in message
    for kind in EntryKind:
        assert kind.value in message


def test_every_kind_has_a_description() -> None:
    descriptions = {kind.description for kind in EntryKind}
    assert len(descriptions) == len(EntryKind)
    assert all(d.strip() for d in descriptions)


# --- days -------------------------------------------------------------------------------------


def test_parse_day_reads_iso_dates() -> None:
    assert parse_day("2026-11-02", TODAY) == date(2026, 11, 2)
    assert parse_day(" 2024-02-29 ", TODAY) == date(2024, 2, 29)


def test_parse_day_today_and_yesterday_relative_to_the_given_today() -> None:
    assert parse_day("today", TODAY) == TODAY
    assert parse_day("Today", TODAY) == TODAY
    assert parse_day("yesterday", TODAY) == date(2026, 11, 17)
    assert parse_day("YESTERDAY", date(2026, 1, 1)) == date(2025, 12, 31)


def test_today_itself_is_not_in_the_future() -> None:
    assert parse_day(TODAY.isoformat(), TODAY) == TODAY


def test_a_day_missing_from_the_calendar_is_refused_by_name() -> None:
    with pytest.raises(EntryError, match="2026-02-30 is not a day that exists"):
        parse_day("2026-02-30", TODAY)
    with pytest.raises(EntryError, match="not a day that exists"):
        parse_day("2025-02-29", TODAY)  # not a leap year


@pytest.mark.parametrize("text", ["banana", "", "2026/11/02", "02-11-2026", "20261102", "2026-1-2"])
def test_things_that_are_not_dates_are_refused(text: str) -> None:
    with pytest.raises(EntryError, match="YYYY-MM-DD"):
        parse_day(text, TODAY)


def test_banana_message_quotes_the_input_and_shows_an_example() -> None:
    with pytest.raises(EntryError) as caught:
        parse_day("banana", TODAY)
    assert "'banana'" in str(caught.value)
    assert "2026-11-18" in str(caught.value)


@pytest.mark.parametrize("text", ["2026-11-19", "2027-01-01", "9999-12-31"])
def test_future_dates_are_refused(text: str) -> None:
    with pytest.raises(EntryError, match="future"):
        parse_day(text, TODAY)


# --- tags -------------------------------------------------------------------------------------


def test_tags_are_lowercased_stripped_of_hash_and_deduplicated_in_first_seen_order() -> None:
    assert normalise_tags(["Postgres", "#postgres", "  MVCC ", "postgres", "#Locks"]) == (
        "postgres",
        "mvcc",
        "locks",
    )


def test_a_comma_separates_tags() -> None:
    assert normalise_tags(["a,b", "c, ,d", ",,"]) == ("a", "b", "c", "d")


def test_inner_spaces_become_hyphens() -> None:
    assert normalise_tag("  Query  Planner ") == "query-planner"


@pytest.mark.parametrize("tag", ["", "   ", "#", "##  "])
def test_an_empty_tag_is_refused(tag: str) -> None:
    with pytest.raises(EntryError, match="empty"):
        normalise_tag(tag)


def test_tag_length_limit() -> None:
    assert normalise_tag("x" * MAX_TAG_CHARS) == "x" * MAX_TAG_CHARS
    with pytest.raises(EntryError, match=f"longer than {MAX_TAG_CHARS}"):
        normalise_tag("x" * (MAX_TAG_CHARS + 1))


@pytest.mark.parametrize("tag", ["a\x1bb", "a\x00b", "bell\x07", "c1\x9b", "del\x7f"])
def test_control_characters_in_tags_are_refused(tag: str) -> None:
    with pytest.raises(EntryError, match="may not contain"):
        normalise_tag(tag)


def test_a_lone_surrogate_in_a_tag_is_refused() -> None:
    with pytest.raises(EntryError):
        normalise_tag("caf\udce9")


def test_unicode_tags_are_kept() -> None:
    assert normalise_tags(["Ünïcode", "日本語", "🦀"]) == ("ünïcode", "日本語", "🦀")


def test_too_many_tags_are_refused_but_duplicates_do_not_count() -> None:
    assert len(normalise_tags([f"t{i}" for i in range(MAX_TAGS)] * 3)) == MAX_TAGS
    with pytest.raises(EntryError, match=f"at most {MAX_TAGS}"):
        normalise_tags([f"t{i}" for i in range(MAX_TAGS + 1)])


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\t \r\n  ", "\r"])
def test_empty_or_blank_text_is_refused(text: str) -> None:
    with pytest.raises(EntryError, match="empty"):
        check_text(text)


def test_line_endings_are_unified_and_trailing_blank_space_trimmed() -> None:
    assert check_text("Title\r\nbody line\rlast  \n\n") == "Title\nbody line\nlast"


def test_inner_blank_lines_and_leading_indentation_are_kept() -> None:
    assert check_text("\n  indented title\n\n\tcode\n") == "  indented title\n\n\tcode"


def test_text_length_limit_is_exact() -> None:
    assert check_text("a" * MAX_TEXT_CHARS) == "a" * MAX_TEXT_CHARS
    with pytest.raises(EntryError, match="100,001 characters; the limit is 100,000"):
        check_text("a" * (MAX_TEXT_CHARS + 1))


def test_lone_surrogates_from_bad_utf8_are_refused_with_an_explanation() -> None:
    with pytest.raises(EntryError) as caught:
        check_text("caf\udce9")
    message = str(caught.value)
    assert "not valid UTF-8" in message
    assert "nothing was saved" in message


@pytest.mark.parametrize(
    "text",
    [
        "Rust 🦀 borrow checker 👩🏽‍💻 finally clicked",
        "עברית: קריאה לא חוסמת כתיבה",
        "العربية: القراءة لا تمنع الكتابة",
        "cafe\u0301 with combining acute, Z\u0335\u0308a\u0336lgo",
        "[bold]not markup[/] and [@click=app.quit]",
        "escape \x1b[31mred\x1b[0m and osc \x1b]52;c;aGk=\x07 kept in storage",
        "mixed English שלום and ٣٤٥ digits",
    ],
)
def test_unusual_but_valid_text_is_accepted_unchanged(text: str) -> None:
    assert check_text(text) == text


# --- struggle minutes and commit links --------------------------------------------------------


def test_struggle_minutes_bounds() -> None:
    assert check_struggle(None) is None
    assert check_struggle(0) == 0
    assert check_struggle(90) == 90
    with pytest.raises(EntryError, match="between 0 and"):
        check_struggle(-1)
    with pytest.raises(EntryError, match="between 0 and"):
        check_struggle(60 * 24 * 14 + 1)


def test_check_commit_both_or_neither() -> None:
    assert check_commit(None, None) == (None, None)
    assert check_commit("  ", "") == (None, None)
    assert check_commit(" ~/src/app ", " ABCDEF1234 ") == ("~/src/app", "abcdef1234")
    with pytest.raises(EntryError, match="both"):
        check_commit("~/src/app", None)
    with pytest.raises(EntryError, match="both"):
        check_commit(None, "abcdef1")


@pytest.mark.parametrize("sha", ["xyz1234", "abc", "abcd efgh", "--all", "a" * 65])
def test_check_commit_refuses_what_is_not_a_sha(sha: str) -> None:
    with pytest.raises(EntryError, match="not a commit sha"):
        check_commit("repo", sha)


def test_make_draft_validates_every_field() -> None:
    draft = make_draft(
        "Title\r\nBody",
        kind="No_AI_Build",
        tags=["#Rust", "rust", "cli"],
        day=TODAY,
        needed_ai=True,
        struggle_minutes=45,
        commit_repo="/r",
        commit_sha="ABCDEF0",
    )
    assert draft.text == "Title\nBody"
    assert draft.kind is EntryKind.NO_AI_BUILD
    assert draft.tags == ("rust", "cli")
    assert draft.day == TODAY
    assert draft.needed_ai is True
    assert draft.struggle_minutes == 45
    assert (draft.commit_repo, draft.commit_sha) == ("/r", "abcdef0")
    with pytest.raises(EntryError):
        make_draft("ok", kind="bogus", day=TODAY)
    with pytest.raises(EntryError):
        make_draft("ok", tags=["bad\x1b"], day=TODAY)


@given(st.text(min_size=1, max_size=300))
def test_check_text_is_idempotent(text: str) -> None:
    # An import validates stored text again: it must come out exactly as it went in.
    try:
        once = check_text(text)
    except EntryError:
        return
    assert check_text(once) == once
    assert once.strip()


@pytest.mark.parametrize("tag, stored", [("C#", "c#"), ("#F#", "f#"), ("x[y]", "x[y]")])
def test_language_names_with_hash_or_brackets_are_tags(tag: str, stored: str) -> None:
    assert normalise_tag(tag) == stored


def test_a_refused_tag_is_quoted_as_typed() -> None:
    with pytest.raises(EntryError, match=re.escape(repr("Bad\x07Tag"))):
        normalise_tag("Bad\x07Tag")
