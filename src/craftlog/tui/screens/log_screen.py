"""The log: every entry grouped by ISO week, with search, tag filter, editing and the trash."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, OptionList, Select

from craftlog.core.entries import Entry
from craftlog.core.text import one_line
from craftlog.store.entries import EntryFilter
from craftlog.tui.messages import EntriesLoaded, EntryTrashChanged
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.empty_state import EmptyState
from craftlog.tui.widgets.entry_list import EntryList
from craftlog.tui.widgets.entry_preview import EntryPreview
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.literal_input import LiteralInput

EMPTY_LOG = (
    "Your log is empty.",
    "Each entry is one thing you understand now that you did not a month ago; here you "
    "read, search and edit them, week by week.",
    "Press n to write your first entry.",
)
NO_MATCH = (
    "Nothing matches.",
    "No entry matches the search and tag filter above.",
    "Press escape to clear the search and the tag filter.",
)


class LogScreen(CraftlogScreen):
    """Browse, search, filter and edit the learning log."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", tooltip="Change the selected entry", id="log-edit"),
        Binding(
            "d,delete",
            "trash",
            "Delete",
            tooltip="Move the selected entry to the trash",
            id="log-trash",
        ),
        Binding(
            "slash", "search", "Search", tooltip="Search titles, text and tags", id="log-search"
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Clear the search; with none, back to the screen before",
            id="log-back",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._keep: int | None = None  # the entry to highlight after the next load

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-filters"):
            yield LiteralInput(placeholder="Search: every word must match (/)", id="search")
            yield Select[str]([], prompt="All tags", id="tag-filter")
        yield EmptyState(id="log-empty")
        with Horizontal(id="log-body"):
            yield EntryList(id="entries")
            yield EntryPreview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#log-empty").display = False
        self.query_one(EntryList).focus()

    @property
    def where(self) -> EntryFilter:
        tag = self.query_one("#tag-filter", Select).value
        return EntryFilter(
            search=self.query_one("#search", Input).value,
            tag=tag if isinstance(tag, str) else None,
        )

    def refresh_data(self) -> None:
        self._load(self.where)

    def show_entry(self, entry_id: int) -> None:
        self._keep = entry_id
        self.refresh_data()

    @work(thread=True, exclusive=True, exit_on_error=False, group="log")
    def _load(self, where: EntryFilter) -> None:
        entries = self.services.entries.find(where)
        self.post_message(EntriesLoaded(where, entries, self.services.entries.tags()))

    @on(EntriesLoaded)
    def _show(self, event: EntriesLoaded) -> None:
        if event.where != self.where:
            return  # typed on since this load began; a newer load is on its way
        entries = self.query_one(EntryList)
        current = entries.current
        keep = self._keep or (current.id if current else None)
        self._keep = None
        entries.show(event.entries, keep=keep, near=entries.highlighted or 0)
        self._update_tags(event.tags)
        total = len(event.entries)
        self.sub_title = f"{total} entr{'y' if total == 1 else 'ies'}" + (
            " matching" if event.where.search or event.where.tag else ""
        )
        self._preview(entries.current)
        self._show_empty(not event.entries, bool(event.where.search or event.where.tag))

    def _show_empty(self, empty: bool, filtered: bool) -> None:
        """An empty log, or a search that matched nothing, says so in place of the list."""
        notice = self.query_one("#log-empty", EmptyState)
        notice.display = empty
        self.query_one("#log-body").display = not empty
        if empty:
            notice.say(*(NO_MATCH if filtered else EMPTY_LOG))
        elif self.focused is None:  # the list was hidden while it had the focus
            self.query_one(EntryList).focus()

    def _update_tags(self, tags: list[tuple[str, int]]) -> None:
        select = self.query_one("#tag-filter", Select)
        options = [(f"#{tag} ({count})", tag) for tag, count in tags]
        value = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            if isinstance(value, str) and value in {tag for tag, _ in tags}:
                select.value = value

    def _preview(self, entry: Entry | None) -> None:
        where = self.where
        hint = " ".join(NO_MATCH[::2] if where.search or where.tag else EMPTY_LOG[::2])
        self.query_one(EntryPreview).show(entry, self.query_one(EntryList).more_hint or hint)

    @on(OptionList.OptionHighlighted, "#entries")
    def _highlighted(self) -> None:
        self._preview(self.query_one(EntryList).current)

    @on(OptionList.OptionSelected, "#entries")
    def _selected(self) -> None:
        self.action_edit()

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#tag-filter")
    def _filter_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(EntryList).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        select = self.query_one("#tag-filter", Select)
        if search.value or select.value != Select.NULL:
            search.value = ""
            select.clear()
            self.query_one(EntryList).focus()
            return
        self.app.action_back()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        from craftlog.tui.screens.entry_editor_screen import EntryEditorScreen

        entry = self.query_one(EntryList).current
        if entry is not None:
            self.app.push_screen(EntryEditorScreen(entry), self._edited)

    def _edited(self, entry: Entry | None) -> None:
        if entry is not None:
            self.notify(f"Saved “{one_line(entry.title, 50)}”.")

    def action_trash(self) -> None:
        entry = self.query_one(EntryList).current
        if entry is not None:
            self._trash(entry)

    @work(thread=True, exclusive=True, exit_on_error=False, group="trash")
    def _trash(self, entry: Entry) -> None:
        self.services.entries.trash(entry.id)
        self.post_message(EntryTrashChanged(entry.id, "trashed"))

    @on(EntryTrashChanged)
    def _trashed(self, event: EntryTrashChanged) -> None:
        self.notify("Moved to the trash. Press t to open the trash, where it can be restored.")
        self.refresh_data()
