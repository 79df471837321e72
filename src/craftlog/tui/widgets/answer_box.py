"""A text area for a quiz answer whose text is kept on disk as a draft while it is typed."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.timer import Timer
from textual.widgets import TextArea

from craftlog.tui.widgets.literal_text_area import LiteralTextArea

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp

DRAFT_DELAY = 0.4  # seconds after the last keystroke


class AnswerBox(LiteralTextArea):
    """The answer being typed; a blank answer leaves no draft behind."""

    def __init__(self, *, id: str, placeholder: str = "") -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder=placeholder,
        )
        self.key: str | None = None
        self.extra: dict[str, Any] = {}  # kept with the answer: the question it answers
        self._lock = threading.Lock()  # held while written or discarded: no late revival
        self._draft_closed = True
        self._sequence = 0
        self._written = 0
        self._timer: Timer | None = None
        self._loading = False

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def start(self, key: str, text: str, extra: dict[str, Any] | None = None) -> None:
        """Answer afresh under the draft `key`, starting from `text`."""
        self._stop_timer()
        with self._lock:
            self.key, self._draft_closed = key, False
        self.extra = dict(extra or {})
        self._loading = True
        self.read_only = False
        self.load_text(text)
        self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self._loading or self._draft_closed or self.read_only:
            return
        self._stop_timer()
        self._timer = self.set_timer(DRAFT_DELAY, lambda: self.keep(now=False))

    def fields(self) -> dict[str, Any]:
        """What the draft holds: the answer and whatever was kept with it."""
        return {"answer": self.text, **self.extra}

    def keep(self, now: bool = True) -> None:
        """Write the answer to disk: at once (before an AI call or when leaving), or in a thread."""
        self._stop_timer()
        self._sequence += 1
        if now:
            self._write(self._sequence, self.fields())
        else:
            self._write_later(self._sequence, self.fields())

    # Not exclusive: nothing is cancelled, and the sequence keeps an older write from landing last.
    @work(thread=True, exit_on_error=False, group="answer-draft")
    def _write_later(self, sequence: int, fields: dict[str, Any]) -> None:
        self._write(sequence, fields)

    def _write(self, sequence: int, fields: dict[str, Any]) -> None:
        with self._lock:
            if self._draft_closed or self.key is None or sequence <= self._written:
                return
            self._written = sequence
            if str(fields.get("answer", "")).strip():
                self.services.drafts.save(self.key, fields, self.services.now())
            else:
                self.services.drafts.discard(self.key)

    def close(self, discard: bool) -> None:
        """Stop keeping the answer; `discard` removes the draft (the review was stored)."""
        self._stop_timer()
        with self._lock:
            self._draft_closed = True
            self._written = self._sequence
            if discard and self.key is not None:
                self.services.drafts.discard(self.key)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
