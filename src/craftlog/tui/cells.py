"""Table cells: DataTable parses plain strings as markup, so every cell is built as Rich Text.

Rich keeps ESC and the C1 controls in a Text, and Textual writes them to the terminal as they
are, so a cell also makes every control character visible: a commit summary or a ledger row
holding an OSC 52 clipboard write or a title change then shows as text and does nothing.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App

from craftlog.core.text import visible


def cell(text: str, app: App[object] | None = None, colour: str = "", bold: bool = False) -> Text:
    """`text` shown literally and visibly, in a theme colour (a variable such as "error")."""
    style = Style(bold=bold or None)
    if colour == "text-muted":  # a blend ("auto 60%"), which Rich cannot parse: dim instead
        style += Style(dim=True)
    elif colour and app is not None:
        value = app.theme_variables.get(colour, "")
        if value.startswith("#"):
            style += Style(color=value[:7])  # without the alpha a theme may add
    return Text(visible(text), style=style, no_wrap=True, end="")
