"""What the AI quiz sends to Anthropic, shown once before the first call, and the consent kept."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from craftlog.core.text import one_line, visible
from craftlog.store.files import write_private

CONSENT_FILE = "ai-consent.json"
SAMPLE_LINES = 6


def consent_path(data_dir: Path) -> Path:
    """Where the consent is kept: a small owner-only file in the data directory."""
    return data_dir / CONSENT_FILE


def has_consent(data_dir: Path) -> bool:
    """Whether the user agreed to the AI quiz sending text to Anthropic."""
    try:
        data = json.loads(consent_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and bool(data.get("agreed_at"))


def give_consent(data_dir: Path, model: str, now: datetime) -> None:
    """Keep the consent, with the model shown and the day it was given."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    payload = {"model": model, "agreed_at": now.date().isoformat()}
    write_private(consent_path(data_dir), json.dumps(payload) + "\n")


def sample_of(text: str) -> str:
    """The first lines of an entry, as the modal shows what the first call carries."""
    lines = visible(text).strip().splitlines()
    shown = "\n".join(lines[:SAMPLE_LINES])
    return shown + ("\n…" if len(lines) > SAMPLE_LINES else "")


class ConsentModal(ModalScreen[bool]):
    """Asks once whether the quiz may send text to Claude; dismisses True only on a yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "answer(True)",
            "Agree",
            tooltip="Agree to send entries to Claude, and go on",
            id="consent-yes",
        ),
        Binding(
            "n,escape",
            "answer(False)",
            "Not now",
            tooltip="Send nothing; offline review stays open",
            id="consent-no",
        ),
    ]

    def __init__(self, model: str, sample: str | None = None) -> None:
        super().__init__()
        self._model = model
        self._sample = sample

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="consent"):
            yield Static(
                Content.styled("Before the first call to Claude", "bold $primary"),
                id="consent-title",
            )
            yield Static(self._explained(), id="consent-text")
            if self._sample is not None:
                sample = Static(Content(sample_of(self._sample)), id="consent-sample")
                sample.border_title = "The first call carries this entry"
                yield sample
            with Horizontal(id="consent-buttons"):
                yield Button("Agree (y)", variant="primary", id="consent-agree")
                yield Button("Not now (n)", id="consent-decline")

    def _explained(self) -> Content:
        bullet = ("  • ", "$primary")
        model = one_line(self._model, 80)  # from config.toml: shown, never interpreted
        return Content.assemble(
            "AI mode sends text to Anthropic's API, model ", (model, "bold"), ":\n",
            bullet, "to ask: the text of the entry under review;\n",
            bullet, "to grade: that entry, the question and your answer;\n",
            bullet, "for a topic quiz: the topic you name and your answers.\n\n",
            ("Nothing else leaves this computer: ", "bold"),
            "not your other entries, tags, commits, audits or self-checks. The key is read from "
            "ANTHROPIC_API_KEY and never stored. Every call is recorded, with its tokens and "
            "estimated cost, in the usage view (u). Offline mode never sends anything.",
        )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#consent-agree", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "consent-agree")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
