"""A canary API key, used by the real client through the app, never reaches the screen."""

from __future__ import annotations

import pytest

from craftlog.quiz.anthropic_client import AnthropicClient, key_from_env
from craftlog.services import Services
from craftlog.tui.app import build_app
from craftlog.tui.screens.consent_modal import consent_path
from craftlog.tui.screens.review_screen import ReviewScreen
from tests.quizserver import (
    MODEL,
    QuizServer,
    json_message,
    json_pieces,
    status_error,
    stream,
)
from tests.tui.driving import settle
from tests.tui.quiz_fakes import seed_quiz, text_of

CANARY = "sk-ant-api03-CANARY-screen-5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e5b"
GRADE = {
    "right": ["You said a deferred transaction cannot wait."],
    "missing": ["Say that waiting could deadlock."],
    "comment": "Close.",
    "cannot_judge": False,
    "score": 70,
}


async def test_the_canary_key_never_reaches_the_screen(
    server: QuizServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", CANARY)
    seed_quiz(services)

    def client() -> AnthropicClient:
        key = key_from_env()
        assert key == CANARY
        return AnthropicClient(
            MODEL, 512, key, services.ledger.record, {MODEL: (1.0, 5.0)},
            base_url=server.base_url, timeout=2.0,
        )  # fmt: skip

    question = {"quote": "cannot wait for the lock", "question": "Why start with IMMEDIATE?"}
    server.add(
        json_message(question),
        stream(json_pieces(GRADE)),
        # The next card's question: a hostile reply that echoes the key back.
        status_error(401, "authentication_error", f"invalid x-api-key: {CANARY}"),
    )
    app = build_app(services, quiz_client=client)
    app.animation_level = "none"
    frames: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("e")  # the consent screen comes first
        await settle(pilot)
        frames.append(app.export_screenshot())
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        frames.append(app.export_screenshot())
        await pilot.press(*"a deferred transaction would deadlock", "ctrl+s")
        await settle(pilot)
        frames.append(app.export_screenshot())
        graded = text_of(app, "#review-feedback")
        await pilot.press("enter")  # accept the grade
        await settle(pilot)
        frames.append(app.export_screenshot())
        await pilot.press("enter")  # the next card: its question fails with a 401
        await settle(pilot)
        frames.append(app.export_screenshot())
        notes = [f"{n.title} {n.message}" for n in app._notifications]
    assert len(server.requests) == 3
    assert "Score 70/100" in graded
    consent = consent_path(services.paths.data_dir).read_text("utf-8")
    for where in (*frames, graded, *notes, consent):
        assert CANARY not in where
        assert "CANARY" not in where
