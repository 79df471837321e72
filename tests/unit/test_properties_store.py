"""Property tests of entries through the store, export and import, lone surrogates included.

Lone surrogates (U+D800-U+DFFF alone) are how Python carries bytes that were not valid UTF-8,
from a terminal or a file in another encoding. The decision, as the code makes it: an entry's
text, a tag or a commit's repository path holding one is refused with a worded EntryError (an
ImportProblem naming the entry, on import) and nothing is written; a draft keeps it as typed
(JSON escapes), so nothing typed is lost before the person fixes it. Every property also checks
that the entries already stored come back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from craftlog.core.entries import (
    MAX_STRUGGLE_MINUTES,
    Entry,
    EntryDraft,
    EntryError,
    EntryKind,
    make_draft,
)
from craftlog.core.exchange import ImportProblem
from craftlog.paths import Paths
from craftlog.services import Services, open_services
from craftlog.store.drafts import DraftStore
from tests.conftest import FIXED_NOW, fixed_clock

TODAY = date(2026, 11, 18)
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
# Any character, control characters and lone surrogates included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=120)
TAG_TEXT = st.text(st.characters(categories=("L", "N")) | st.sampled_from("#+-[]._/"),
                   min_size=1, max_size=12)  # fmt: skip
WITNESSES = [
    ("Witness: MVCC keeps old row versions\nso readers never wait", ("postgres",)),
    ("Zweiter Zeuge 🦀 [bold]markup[/] \x1b]52;c;eA==\x07", ("rust", "c#")),
]


@contextmanager
def fresh_home() -> Iterator[Services]:
    """Services on a new home with the fixed clock, closed after."""
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(Paths.under(Path(folder)), now=fixed_clock)
        try:
            yield services
        finally:
            services.close()


def with_witnesses(services: Services) -> list[Entry]:
    return [
        services.entries.add(make_draft(text, tags=list(tags), day=date(2026, 3, 2)))
        for text, tags in WITNESSES
    ]


def fields(entry: Entry | EntryDraft) -> tuple[Any, ...]:
    return (entry.text, entry.kind, tuple(entry.tags), entry.day, entry.needed_ai,
            entry.struggle_minutes, entry.commit_repo, entry.commit_sha)  # fmt: skip


@st.composite
def raw_entries(draw: st.DrawFn) -> dict[str, Any]:
    """What a person or a file might give for an entry: often valid, sometimes not."""
    link = draw(st.none() | st.tuples(ANY_TEXT, st.text("0123456789abcdefABCDEF", min_size=4,
                                                         max_size=40)))  # fmt: skip
    return {
        "text": draw(ANY_TEXT | st.sampled_from(["x", "Title\n\nBody", "  \n", "\ufeffBOM"])),
        "kind": draw(st.sampled_from([k.value for k in EntryKind])),
        "tags": draw(st.lists(TAG_TEXT, max_size=4)),
        "day": draw(st.dates(date(1970, 1, 1), TODAY)),
        "needed_ai": draw(st.booleans()),
        "struggle_minutes": draw(st.none() | st.integers(0, MAX_STRUGGLE_MINUTES)),
        "commit_repo": link[0] if link else None,
        "commit_sha": link[1] if link else None,
    }


def draft_of(raw: dict[str, Any]) -> EntryDraft:
    return make_draft(raw["text"], kind=raw["kind"], tags=raw["tags"], day=raw["day"],
                      needed_ai=raw["needed_ai"], struggle_minutes=raw["struggle_minutes"],
                      commit_repo=raw["commit_repo"], commit_sha=raw["commit_sha"])  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(raw_entries(), min_size=1, max_size=5), raw_entries())
def test_what_is_accepted_comes_back_equal_and_what_is_refused_is_worded(
    raws: list[dict[str, Any]], change: dict[str, Any]
) -> None:
    with fresh_home() as services:
        witnesses = with_witnesses(services)
        stored: list[tuple[Entry, EntryDraft]] = []
        for raw in raws:
            try:
                draft = draft_of(raw)
            except EntryError as error:
                message = str(error)
                assert message and "\n" not in message and "Traceback" not in message
                continue
            entry = services.entries.add(draft)
            stored.append((entry, draft))
            assert fields(services.entries.get(entry.id)) == fields(draft)  # type: ignore[arg-type]
            assert entry.created_at == entry.updated_at == FIXED_NOW
        if stored:  # an edit replaces every field and keeps identity and creation time
            entry, _ = stored[0]
            try:
                edited = draft_of(change)
            except EntryError:
                edited = None
            if edited is not None:
                after = services.entries.update(entry.id, edited)
                assert fields(after) == fields(edited)
                assert (after.uid, after.created_at) == (entry.uid, entry.created_at)
                stored[0] = (after, edited)
        everything = {e.id: e for e in services.entries.all()}
        assert len(everything) == len(witnesses) + len(stored)
        for witness in witnesses:
            assert everything[witness.id] == witness
        for entry, draft in stored:
            assert fields(everything[entry.id]) == fields(draft)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["text", "tag", "commit_repo"]),
    ANY_TEXT, SURROGATES, ANY_TEXT,
)  # fmt: skip
def test_a_lone_surrogate_is_refused_in_words_and_nothing_changes(
    where: str, before: str, surrogate: str, after: str
) -> None:
    bad = f"{before}{surrogate}{after}"
    raw = {"text": "Fine text", "tags": ["ok"], "commit_repo": None, "commit_sha": None}
    if where == "text":
        raw["text"] = f"Title {bad}"
    elif where == "tag":  # other characters a tag refuses would be named first
        letters = "".join(c for c in before if c.isalnum())
        raw["tags"] = ["ok", f"t{letters}{surrogate}"]
    else:
        raw |= {"commit_repo": f"/src/{bad}", "commit_sha": "abcdef1"}
    with fresh_home() as services:
        witnesses = with_witnesses(services)
        with pytest.raises(EntryError, match="not valid UTF-8"):
            make_draft(raw["text"], tags=raw["tags"], day=TODAY, commit_repo=raw["commit_repo"],
                       commit_sha=raw["commit_sha"])  # fmt: skip
        # The same through an import: one bad record among good ones stops the whole file.
        record = {"uid": "bad-1", "text": raw["text"], "kind": "concept", "tags": raw["tags"],
                  "date": "2026-11-02"}  # fmt: skip
        if raw["commit_repo"]:
            record["commit"] = {"repo": raw["commit_repo"], "sha": raw["commit_sha"]}
        good = {"uid": "good-1", "text": "A good one", "kind": "concept", "tags": [],
                "date": "2026-11-01"}  # fmt: skip
        document = json.dumps({"format": "craftlog", "version": 1, "entries": [good, record]})
        with pytest.raises(ImportProblem, match=r"entry 2: .*not valid UTF-8"):
            services.import_text(document, "hostile.json")
        assert services.entries.all() == witnesses


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["text", "tags", "date", "commit_repo"]),
                       ANY_TEXT | st.booleans() | st.integers(), min_size=1))  # fmt: skip
def test_a_draft_keeps_any_text_even_lone_surrogates(form: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = DraftStore(Path(folder) / "drafts")
        store.save("new-entry", form, FIXED_NOW)
        draft = store.load("new-entry")
        raw = (Path(folder) / "drafts" / "new-entry.json").read_bytes()
    assert draft is not None and draft.fields == form and draft.saved_at == FIXED_NOW
    raw.decode("ascii")  # escaped: a file any tool can read, whatever was typed


@settings(max_examples=30, deadline=None)
@given(st.lists(raw_entries(), min_size=1, max_size=6), st.sets(st.integers(0, 5), max_size=2))
def test_any_stored_log_survives_export_and_import(
    raws: list[dict[str, Any]], trashed: set[int]
) -> None:
    with fresh_home() as source, fresh_home() as target:
        for index, raw in enumerate(raws):
            try:
                entry = source.entries.add(draft_of(raw))
            except EntryError:
                continue
            if index in trashed:
                source.entries.trash(entry.id)
        first = source.export("json")
        target.import_text(first, "log.json")
        again = json.loads(target.export("json"))
        document = json.loads(first)
        del again["exported_at"], document["exported_at"]
        assert again == document
        assert [(e.uid, *fields(e), e.created_at, e.updated_at, e.deleted_at)
                for e in target.entries.all()] == [
               (e.uid, *fields(e), e.created_at, e.updated_at, e.deleted_at)
                for e in source.entries.all()]  # fmt: skip
        # The other formats never fail on what the store holds; CSV reads back the same text.
        source.export("markdown")
        rows = list(csv.DictReader(io.StringIO(source.export("csv"), newline="")))
        live = sorted((e for e in source.entries.all() if e.deleted_at is None),
                      key=lambda e: (e.day, e.id))  # fmt: skip
        assert [(r["uid"], r["text"], r["tags"]) for r in rows] == [
            (e.uid, e.text, " ".join(e.tags)) for e in live
        ]
