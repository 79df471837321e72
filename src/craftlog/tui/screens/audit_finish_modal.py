"""Step 5 of the audit: how it went, the minutes, the gaps hit and what had to be looked up."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from craftlog.core.audits import (
    MAX_MINUTES,
    STEPS,
    Audit,
    AuditError,
    Outcome,
    elapsed_minutes,
    finish,
)
from craftlog.core.text import one_line, sentence
from craftlog.tui.messages import AuditSaved
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.widgets.literal_input import LiteralInput
from craftlog.tui.widgets.literal_text_area import LiteralTextArea

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp

OUTCOMES = [(o.label.capitalize(), o.value) for o in Outcome]


def finish_draft_key(audit: Audit) -> str:
    """Where what is typed about an audit's result is kept until it is saved."""
    return f"audit-finish-{audit.uid or audit.id}"


class AuditFinishModal(ModalScreen[Audit | None]):
    """Record the result of a running or paused audit; dismisses with the finished audit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "save", "Save", tooltip="Record the audit", id="finish-save", priority=True
        ),
        Binding(
            "escape",
            "cancel",
            "Not yet",
            tooltip="Close; what you wrote is kept",
            id="finish-cancel",
        ),
    ]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit
        self.draft_key = finish_draft_key(audit)
        self._loading = True
        self._saving = False  # a finished audit is on its way to the store
        self._lock = threading.Lock()
        self._form_closed = False

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def compose(self) -> ComposeResult:
        step = STEPS[4]
        with Vertical(id="finish"):
            yield Static(
                Content.assemble(
                    (f"Step {step.number} of {len(STEPS)} · {step.title}", "bold $primary"),
                    "\n",
                    (one_line(self.audit.task, 90), "bold"),
                    "\n",
                    (step.body, "$foreground-muted"),
                ),
                id="finish-title",
            )
            with Horizontal(classes="finish-row"):
                yield Select(OUTCOMES, prompt="How far did you get?", id="finish-outcome")
                yield Static("Minutes taken", classes="finish-label")
                yield LiteralInput(id="finish-minutes", restrict=r"[0-9]*", max_length=6)
            yield Static("Gaps you hit, one per line", classes="finish-label")
            yield LiteralTextArea(id="finish-gaps", tab_behavior="focus", show_line_numbers=False)
            yield Static("What you had to look up", classes="finish-label")
            yield LiteralTextArea(id="finish-looked-up", tab_behavior="focus", soft_wrap=True)
            yield Static(id="finish-error")
            yield Static(
                Content.styled("ctrl+s save · esc not yet (what you typed is kept) · tab next",
                               "$foreground-muted"),
                id="finish-help",
            )  # fmt: skip

    def on_mount(self) -> None:
        minutes = elapsed_minutes(self.audit, self.services.now())
        # A clock left running for over a week measured forgetting, not work: ask instead.
        shown = str(minutes) if minutes <= MAX_MINUTES else ""
        blank = {"outcome": "", "minutes": shown, "gaps": "", "looked_up": ""}
        draft = self.services.drafts.load(self.draft_key)
        fields = blank | (draft.fields if draft else {})
        outcome = str(fields.get("outcome", ""))
        if outcome in {o.value for o in Outcome}:
            self.query_one("#finish-outcome", Select).value = outcome
        self.query_one("#finish-minutes", Input).value = str(fields.get("minutes", ""))
        self.query_one("#finish-gaps", TextArea).load_text(str(fields.get("gaps", "")))
        self.query_one("#finish-looked-up", TextArea).load_text(str(fields.get("looked_up", "")))
        if draft is not None:
            self.notify("Restored what you had written about this audit.", title="Draft")
        if not shown:
            hours = minutes // 60
            self._error(f"The clock ran for {hours:,} hours; type the minutes you really worked.")
        self.query_one("#finish-outcome", Select).focus()
        self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False

    def form(self) -> dict[str, Any]:
        """The fields as typed."""
        outcome = self.query_one("#finish-outcome", Select).value
        return {
            "outcome": "" if outcome is Select.NULL else str(outcome),
            "minutes": self.query_one("#finish-minutes", Input).value,
            "gaps": self.query_one("#finish-gaps", TextArea).text,
            "looked_up": self.query_one("#finish-looked-up", TextArea).text,
        }

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self._loading:
            return
        self.query_one("#finish-error", Static).update("")
        self._save_draft(self.form())

    @work(thread=True, exclusive=True, exit_on_error=False, group="finish-draft")
    def _save_draft(self, fields: dict[str, Any]) -> None:
        with self._lock:
            if not self._form_closed:
                self.services.drafts.save(self.draft_key, fields, self.services.now())

    def action_save(self) -> None:
        if self._saving:  # a second ctrl+s while the first save is on its way
            return
        values = self.form()
        if not values["outcome"]:
            self._error("Choose how far you got.")
            self.query_one("#finish-outcome").focus()
            return
        if not values["minutes"].strip():
            self._error("Say how many minutes it took.")
            return
        try:
            done = finish(
                self.audit,
                self.services.now(),
                Outcome(values["outcome"]),
                values["minutes"],
                values["gaps"],
                values["looked_up"],
            )
        except AuditError as error:
            self._error(sentence(str(error)))
            return
        self._saving = True
        self._store(done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="finish-save")
    def _store(self, audit: Audit) -> None:
        try:
            saved = self.services.audits.save(audit, expected=self.audit)
            self.post_message(AuditSaved(saved, "finished"))
        except Exception as error:
            self.app.call_from_thread(self._failed, error)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self._error(f"Not saved: {sentence(describe_failure(error))} What you typed is kept.")

    @on(AuditSaved)
    def _saved(self, event: AuditSaved) -> None:
        with self._lock:
            self._form_closed = True
            self.services.drafts.discard(self.draft_key)
        self.dismiss(event.audit)

    def action_cancel(self) -> None:
        if any(self.form()[k].strip() for k in ("outcome", "gaps", "looked_up")):
            self.notify("Kept what you wrote; press f again to finish.")
        else:
            with self._lock:
                self._form_closed = True
                self.services.drafts.discard(self.draft_key)
        self.dismiss(None)

    def _error(self, text: str) -> None:
        self.query_one("#finish-error", Static).update(Content.styled(text, "$error"))
