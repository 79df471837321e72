"""A TextArea that never writes a control character to the terminal (see literal.py)."""

from __future__ import annotations

from textual.strip import Strip
from textual.widgets import TextArea

from craftlog.tui.widgets.literal import literal_strip


class LiteralTextArea(TextArea):
    """A TextArea that draws its text without control characters."""

    def render_line(self, y: int) -> Strip:
        return literal_strip(super().render_line(y))
