"""Past-tense messages that workers post and screens handle."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from craftlog.core.entries import Entry
from craftlog.core.streaks import LogState
from craftlog.store.drafts import Draft
from craftlog.store.entries import EntryFilter


@dataclass
class HomeLoaded(Message):
    """The home screen's figures were read."""

    state: LogState
    recent: list[Entry]


@dataclass
class EntriesLoaded(Message):
    """A page of the log was read for a filter."""

    where: EntryFilter
    entries: list[Entry]
    tags: list[tuple[str, int]]


@dataclass
class EntrySaved(Message):
    """An entry was stored (new or edited)."""

    entry: Entry
    created: bool


@dataclass
class EntryTrashChanged(Message):
    """An entry was moved to the trash, restored from it, or destroyed."""

    entry_id: int
    change: str  # "trashed", "restored" or "purged"


@dataclass
class DataChanged(Message):
    """Another process (or connection) changed the database; screens reload what they show."""


@dataclass
class DraftsFound(Message):
    """Unsaved drafts that a crash or a killed terminal left behind were found at start."""

    drafts: list[Draft]
