"""The highlighted entry in full: title, facts and text, always shown literally."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from craftlog.core.entries import Entry
from craftlog.core.text import visible


class EntryPreview(Static):
    """Shows one entry, or a hint when there is none."""

    def show(self, entry: Entry | None, empty_hint: str = "") -> None:
        if entry is None:
            self.update(Content.styled(empty_hint, "$foreground-muted"))
            return
        title, _, body = visible(entry.text).partition("\n")
        facts = [entry.kind.value, f"{entry.day:%a %d %b %Y}", entry.week.label, *entry.facts()]
        if entry.deleted_at is not None:
            facts.append(f"in the trash since {entry.deleted_at.astimezone():%d %b %Y %H:%M}")
        self.update(
            Content.assemble(
                (title.strip(), "bold"),
                "\n",
                (visible(" · ".join(facts)), "$foreground-muted"),
                "\n\n",
                body.strip("\n"),
            )
        )
