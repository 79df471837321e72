"""Step 6 of the audit: pick the one gap to rebuild, which the weekly log then asks about."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from craftlog.core.audits import STEPS, Audit
from craftlog.core.text import one_line


class RebuildModal(ModalScreen[str | None]):
    """Choose one of an audit's gaps; dismisses with its text, or None to decide later."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "later",
            "Decide later",
            tooltip="Close without choosing; the gap can be chosen later (g)",
            id="rebuild-later",
        ),
    ]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit

    def compose(self) -> ComposeResult:
        step = STEPS[5]
        with Vertical(id="rebuild"):
            yield Static(
                Content.assemble(
                    (f"Step {step.number} of {len(STEPS)} · {step.title}", "bold $primary"),
                    "\n",
                    (step.body, "$foreground-muted"),
                ),
                id="rebuild-title",
            )
            gaps = enumerate(self.audit.gaps)
            yield OptionList(
                *[Option(Content(one_line(gap, 100)), id=str(i)) for i, gap in gaps],
                id="rebuild-gaps",
            )
            yield Static(
                Content.styled("enter choose · esc decide later (press g on the audit screen)",
                               "$foreground-muted"),
                id="rebuild-help",
            )  # fmt: skip

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        current = self.audit.rebuild_gap
        options.highlighted = self.audit.gaps.index(current) if current in self.audit.gaps else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.audit.gaps[int(event.option.id or 0)])

    def action_later(self) -> None:
        self.dismiss(None)
