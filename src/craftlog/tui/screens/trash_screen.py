"""The trash: entries moved out of the log, to restore or, after a second step, destroy."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from craftlog.core.entries import Entry
from craftlog.core.text import one_line
from craftlog.store.entries import EntryFilter
from craftlog.tui.messages import EntriesLoaded, EntryTrashChanged
from craftlog.tui.screens.confirm_modal import ConfirmModal
from craftlog.tui.screens.craftlog_screen import CraftlogScreen
from craftlog.tui.widgets.empty_state import EmptyState
from craftlog.tui.widgets.entry_list import EntryList
from craftlog.tui.widgets.entry_preview import EntryPreview
from craftlog.tui.widgets.key_bar import KeyBar

TRASHED = EntryFilter(trashed=True)
EMPTY_TRASH = (
    "The trash is empty.",
    "Entries you delete from the log (d) wait here, to be restored (r) or deleted forever (x).",
    "Press l to go back to your log.",
)


class TrashScreen(CraftlogScreen):
    """Restore an entry, or destroy it for good once you confirm."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "restore",
            "Restore",
            tooltip="Put the selected entry back in the log",
            id="trash-restore",
        ),
        Binding(
            "x",
            "purge",
            "Delete forever",
            tooltip="Delete the selected entry for good",
            id="trash-purge",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield EmptyState(id="trash-empty")
        yield EntryList(id="trashed")
        yield EntryPreview(id="trash-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Trash"
        self.query_one("#trash-empty").display = False
        self.query_one(EntryList).focus()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="trash-load")
    def _load(self) -> None:
        entries = self.services.entries.find(TRASHED)
        self.post_message(EntriesLoaded(TRASHED, entries, []))

    @on(EntriesLoaded)
    def _show(self, event: EntriesLoaded) -> None:
        listing = self.query_one(EntryList)
        current = listing.current
        listing.show(
            event.entries, keep=current.id if current else None, near=listing.highlighted or 0
        )
        self.sub_title = f"Trash · {len(event.entries)}"
        self._preview()
        empty = not event.entries
        notice = self.query_one("#trash-empty", EmptyState)
        notice.display = empty
        listing.display = self.query_one(EntryPreview).display = not empty
        if empty:
            notice.say(*EMPTY_TRASH)
        elif self.focused is None:  # the list was hidden while it had the focus
            listing.focus()

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        listing = self.query_one(EntryList)
        self.query_one(EntryPreview).show(
            listing.current,
            listing.more_hint or " ".join(EMPTY_TRASH[:2]),
        )

    def action_restore(self) -> None:
        entry = self.query_one(EntryList).current
        if entry is not None:
            self._change(entry, "restored")

    def action_purge(self) -> None:
        entry = self.query_one(EntryList).current
        if entry is None:
            return

        def answered(sure: bool | None) -> None:
            if sure:
                self._change(entry, "purged")

        self.app.push_screen(
            ConfirmModal(
                f"Delete “{one_line(entry.title, 50)}” forever?",
                "It will be gone from the log and from every future export.",
                "Delete forever",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="trash-change")
    def _change(self, entry: Entry, change: str) -> None:
        if change == "restored":
            self.services.entries.restore(entry.id)
        else:
            self.services.entries.purge(entry.id)
        self.post_message(EntryTrashChanged(entry.id, change))

    @on(EntryTrashChanged)
    def _changed(self, event: EntryTrashChanged) -> None:
        words = {"restored": "Restored to the log.", "purged": "Deleted forever."}
        self.notify(words[event.change])
        self.refresh_data()
