"""The reference of the app-start measures: the smallest Textual app that draws a word."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    """One Static saying "ready": what any Textual app pays before its first frame."""

    def compose(self) -> ComposeResult:
        yield Static("ready")


if __name__ == "__main__":
    MinimalApp().run()
