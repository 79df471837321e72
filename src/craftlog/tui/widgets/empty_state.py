"""A screen with nothing to show yet: what it is for and the one thing to do next."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def empty_content(heading: str, purpose: str, step: str) -> Content:
    """The empty-state words: a bold heading, what the screen is for, then the step and its key."""
    # Content, never markup: the words are shown exactly as written.
    return Content.assemble(
        (heading, "bold"), " ", purpose, "\n\n", (step, "bold $primary")
    )  # fmt: skip


class EmptyState(Static):
    """Shown in place of a screen's empty list or table, until there is something to list."""

    DEFAULT_CSS = """
    EmptyState {
        height: auto;
        border: round $primary;
        padding: 1 2;
        margin: 0 1;
    }
    """

    def say(self, heading: str, purpose: str, step: str) -> None:
        """Show what the screen is for and the one thing to do next."""
        self.update(empty_content(heading, purpose, step))
