"""The highlighted entry in full: title, facts and text, always shown literally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from craftlog.core.entries import Entry
from craftlog.core.text import visible


class EntryPreview(VerticalScroll):
    """Shows one entry, or a hint when there is none; a long entry scrolls."""

    DEFAULT_CSS = """
    EntryPreview > Static {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Static()

    def compose(self) -> ComposeResult:
        yield self._text

    @property
    def content(self) -> VisualType:
        """What the preview shows now."""
        return self._text.content

    def show(self, entry: Entry | None, empty_hint: str = "") -> None:
        # Each entry is read from its first line, not from where the last one was scrolled to.
        self.scroll_home(animate=False)
        if entry is None:
            self._text.update(Content.styled(empty_hint, "$foreground-muted"))
            return
        title, _, body = visible(entry.text).partition("\n")
        facts = [entry.kind.value, f"{entry.day:%a %d %b %Y}", entry.week.label, *entry.facts()]
        if entry.deleted_at is not None:
            facts.append(f"in the trash since {entry.deleted_at.astimezone():%d %b %Y %H:%M}")
        self._text.update(
            Content.assemble(
                (title.strip(), "bold"),
                "\n",
                (visible(" · ".join(facts)), "$foreground-muted"),
                "\n\n",
                body.strip("\n"),
            )
        )
