"""The editor for a new or existing entry, with a draft kept on disk while you type."""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from craftlog.core.entries import Entry, EntryError, EntryKind, make_draft, parse_day
from craftlog.core.text import sentence, visible
from craftlog.tui.messages import EntrySaved, GoalFound
from craftlog.tui.screens.confirm_modal import ConfirmModal
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.widgets.literal_input import LiteralInput
from craftlog.tui.widgets.literal_text_area import LiteralTextArea

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp

DRAFT_DELAY = 0.4
KIND_OPTIONS = [(k.value, k.value) for k in EntryKind]


def fields_of(entry: Entry | None, today: str) -> dict[str, Any]:
    """The form's starting values: an entry's, or a blank entry dated today."""
    if entry is None:
        return {"text": "", "kind": EntryKind.CONCEPT.value, "tags": "", "date": today,
                "minutes": "", "needed_ai": False, "commit_repo": "", "commit_sha": ""}  # fmt: skip
    return {
        "text": entry.text,
        "kind": entry.kind.value,
        "tags": ", ".join(entry.tags),
        "date": entry.day.isoformat(),
        "minutes": "" if entry.struggle_minutes is None else str(entry.struggle_minutes),
        "needed_ai": entry.needed_ai,
        "commit_repo": entry.commit_repo or "",
        "commit_sha": entry.commit_sha or "",
    }


def draft_key(entry: Entry | None, preset: dict[str, Any]) -> str:
    """Where the form's draft is kept: one per entry, per explained commit, or one for new."""
    if entry is not None:
        return f"entry-{entry.id}"
    sha = "".join(c for c in str(preset.get("commit_sha", "")) if c.isalnum())[:40]
    return f"explain-{sha}" if sha else "new-entry"


class EntryEditorScreen(ModalScreen[Entry | None]):
    """Write or change an entry; dismisses with the stored entry, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the entry to this week",
            id="editor-save",
            priority=True,
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close; unsaved text is kept as a draft",
            id="editor-cancel",
        ),
        # Priority: text fields would otherwise take ctrl+e as "end of line".
        Binding(
            "ctrl+e",
            "external_editor",
            "Open in $EDITOR",
            tooltip="Write the text in your own editor ($EDITOR)",
            id="editor-external",
            priority=True,
        ),
    ]

    def __init__(self, entry: Entry | None = None, preset: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.entry = entry
        self._preset = preset or {}
        self.draft_key = draft_key(entry, self._preset)
        self._initial: dict[str, Any] = {}
        self._loading = True
        # Held while a draft is written or discarded, so a late write never revives a draft.
        self._draft_lock = threading.Lock()
        self._draft_closed = False
        self._draft_timer: Timer | None = None

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Static("Edit entry" if self.entry else "New entry", id="editor-title")
            yield Static(id="editor-goal")
            yield LiteralTextArea(
                id="text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                placeholder="One thing you understand now that you did not a month ago.\n"
                "The first line is the title; the lines after it say why.",
            )
            with Horizontal(classes="editor-row"):
                yield Select(KIND_OPTIONS, allow_blank=False, id="kind")
                yield Static(id="kind-hint")
            with Horizontal(classes="editor-row"):
                yield LiteralInput(placeholder="tags, comma separated", id="tags")
                yield LiteralInput(placeholder="YYYY-MM-DD", id="date")
                yield LiteralInput(placeholder="minutes", id="minutes")
            with Horizontal(classes="editor-row"):
                yield Checkbox("Needed AI to get there", id="needed_ai")
                yield LiteralInput(placeholder="commit repo", id="commit_repo")
                yield LiteralInput(placeholder="commit sha", id="commit_sha")
            yield Static(id="editor-error")
            yield Static(
                "ctrl+s save · esc cancel · ctrl+e write in $EDITOR · tab next field",
                id="editor-help",
            )

    def on_mount(self) -> None:
        self._initial = fields_of(self.entry, self.services.today().isoformat()) | self._preset
        draft = self.services.drafts.load(self.draft_key)
        self._fill(draft.fields if draft else self._initial)
        if draft is not None and draft.fields != self._initial:
            when = draft.saved_at.astimezone().strftime("%d %b %H:%M")
            self.notify(f"Restored the unsaved text you were writing ({when}).", title="Draft")
        self.query_one("#text", TextArea).focus()
        self.query_one("#editor-goal").display = False
        if self.entry is None and not self._preset:
            self._find_goal()
        self.call_after_refresh(self._loaded)

    @work(thread=True, exclusive=True, exit_on_error=False, group="goal")
    def _find_goal(self) -> None:
        """The audit's rebuild goal, which a new entry is asked about."""
        from craftlog.core.audit_history import current_goal

        goal = current_goal(self.services.audits.all())
        if goal is not None:
            self.post_message(GoalFound(goal))

    @on(GoalFound)
    def _goal_found(self, event: GoalFound) -> None:
        hint = self.query_one("#editor-goal", Static)
        hint.update(
            Content.assemble(("Goal: ", "bold $primary"), Content(visible(event.goal.prompt)))
        )
        hint.display = True

    def _loaded(self) -> None:
        self._loading = False

    def _fill(self, fields: dict[str, Any]) -> None:
        self.query_one("#text", TextArea).load_text(str(fields.get("text", "")))
        kind = str(fields.get("kind", EntryKind.CONCEPT.value))
        self.query_one("#kind", Select).value = (
            kind if kind in {k.value for k in EntryKind} else EntryKind.CONCEPT.value
        )
        for name in ("tags", "date", "minutes", "commit_repo", "commit_sha"):
            self.query_one(f"#{name}", Input).value = str(fields.get(name, ""))
        self.query_one("#needed_ai", Checkbox).value = bool(fields.get("needed_ai", False))

    def form(self) -> dict[str, Any]:
        """The form's values as typed."""
        values: dict[str, Any] = {
            name: self.query_one(f"#{name}", Input).value
            for name in ("tags", "date", "minutes", "commit_repo", "commit_sha")
        }
        values["text"] = self.query_one("#text", TextArea).text
        values["kind"] = str(self.query_one("#kind", Select).value)
        values["needed_ai"] = self.query_one("#needed_ai", Checkbox).value
        return values

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = EntryKind(str(event.value))
        self.query_one("#kind-hint", Static).update(
            Content.styled(kind.description, "$foreground-muted")
        )

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self._loading:
            return
        self.query_one("#editor-error", Static).update("")
        # Written a moment after the last keystroke, not on every one.
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, lambda: self._save_draft(self.form()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def _save_draft(self, fields: dict[str, Any]) -> None:
        """Write the form to disk, unless the editor has closed meanwhile."""
        with self._draft_lock:
            if not self._draft_closed:
                self.services.drafts.save(self.draft_key, fields, self.services.now())

    def action_save(self) -> None:
        values = self.form()
        try:
            minutes = int(values["minutes"]) if values["minutes"].strip() else None
        except ValueError:
            self._error("Minutes of struggle must be a whole number, such as 45.")
            return
        try:
            today = self.services.today()
            day = parse_day(values["date"], today) if values["date"].strip() else today
            draft = make_draft(
                values["text"],
                kind=values["kind"],
                tags=[values["tags"]],
                day=day,
                needed_ai=values["needed_ai"],
                struggle_minutes=minutes,
                commit_repo=values["commit_repo"],
                commit_sha=values["commit_sha"],
            )
        except EntryError as error:
            self._error(sentence(str(error)))
            return
        self._store(draft)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _store(self, draft: Any) -> None:
        repo = self.services.entries
        if self.entry is None:
            self.post_message(EntrySaved(repo.add(draft), created=True))
        else:
            self.post_message(EntrySaved(repo.update(self.entry.id, draft), created=False))

    @on(EntrySaved)
    def _saved(self, event: EntrySaved) -> None:
        self._close_draft()
        self.dismiss(event.entry)

    def _close_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        with self._draft_lock:
            self._draft_closed = True
            self.services.drafts.discard(self.draft_key)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "save":
            self._error(f"Not saved: {describe_failure(event.worker.error)} Your text is kept.")

    def _error(self, text: str) -> None:
        self.query_one("#editor-error", Static).update(Content.styled(text, "$error"))

    def action_cancel(self) -> None:
        if self.form() == self._initial:
            self._discard()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._discard()

        self.app.push_screen(
            ConfirmModal("Discard what you typed?", "It cannot be brought back.", "Discard"),
            answered,
        )

    def _discard(self) -> None:
        self._close_draft()
        self.dismiss(None)

    def action_external_editor(self) -> None:
        """Write the text in $VISUAL or $EDITOR, then bring it back here."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
        if not command.strip():
            self._error("Set $EDITOR (for example: export EDITOR=vim) to write in your editor.")
            return
        drafts = self.services.paths.draft_dir
        drafts.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = drafts / f"{self.draft_key}.md"
        # Editors expect a final newline; without one an appended line joins the last.
        path.write_text(self.query_one("#text", TextArea).text.rstrip("\n") + "\n", "utf-8")
        os.chmod(path, 0o600)
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(path)], check=False)
        except Exception as error:  # editor missing, or no terminal to hand over
            self._error(f"Could not run {command!r}: {describe_failure(error)}")
            return
        self.query_one("#text", TextArea).load_text(path.read_text(encoding="utf-8").rstrip())
        path.unlink(missing_ok=True)
