"""An Input that never writes a control character to the terminal (see literal.py)."""

from __future__ import annotations

from textual.strip import Strip
from textual.widgets import Input

from craftlog.tui.widgets.literal import literal_strip


class LiteralInput(Input):
    """An Input that draws its value without control characters."""

    def render_line(self, y: int) -> Strip:
        return literal_strip(super().render_line(y))
