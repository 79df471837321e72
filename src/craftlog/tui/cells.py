"""Table cells: DataTable parses plain strings as markup, so every cell is built as Rich Text."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App


def cell(text: str, app: App[object] | None = None, colour: str = "", bold: bool = False) -> Text:
    """`text` shown literally, in a theme colour (a variable name such as "error") if given."""
    style = Style(bold=bold or None)
    if colour == "text-muted":  # a blend ("auto 60%"), which Rich cannot parse: dim instead
        style += Style(dim=True)
    elif colour and app is not None:
        value = app.theme_variables.get(colour, "")
        if value.startswith("#"):
            style += Style(color=value[:7])  # without the alpha a theme may add
    return Text(text, style=style, no_wrap=True, end="")
