"""craftlog's own theme; every colour the app uses lives here."""

from __future__ import annotations

from textual.theme import Theme

CRAFTLOG_THEME = Theme(
    name="craftlog",
    primary="#D9A441",
    secondary="#6FA8A0",
    accent="#E07A5F",
    foreground="#E8E2D6",
    background="#1C1B19",
    surface="#26241F",
    panel="#312E27",
    success="#8DB580",
    warning="#E0B34F",
    error="#D9544D",
    dark=True,
    variables={
        "footer-key-foreground": "#D9A441",
        "block-cursor-background": "#D9A441",
        "block-cursor-foreground": "#1C1B19",
        "input-selection-background": "#D9A441 35%",
    },
)

THEMES = (CRAFTLOG_THEME,)
DEFAULT_THEME = CRAFTLOG_THEME.name
