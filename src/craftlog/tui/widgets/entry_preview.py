"""The highlighted entry in full: title, facts and text, always shown literally."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from craftlog.core.entries import Entry
from craftlog.core.text import visible


def entry_facts(entry: Entry) -> str:
    """The entry's metadata in one line."""
    facts = [entry.kind.value, f"{entry.day:%a %d %b %Y}", entry.week.label]
    if entry.tags:
        facts.append(" ".join(f"#{t}" for t in entry.tags))
    if entry.needed_ai:
        facts.append("needed AI to get there")
    if entry.struggle_minutes:
        facts.append(f"{entry.struggle_minutes} min of struggle")
    if entry.commit_sha:
        facts.append(f"commit {entry.commit_sha[:12]} in {entry.commit_repo}")
    return " · ".join(facts)


class EntryPreview(Static):
    """Shows one entry, or a hint when there is none."""

    def show(self, entry: Entry | None, empty_hint: str = "") -> None:
        if entry is None:
            self.update(Content.styled(empty_hint, "$text-muted"))
            return
        title, _, body = visible(entry.text).partition("\n")
        self.update(
            Content.assemble(
                (title.strip(), "bold"),
                "\n",
                (visible(entry_facts(entry)), "$text-muted"),
                "\n\n",
                body.strip("\n"),
            )
        )
