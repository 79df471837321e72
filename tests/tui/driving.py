"""Driving the app in Pilot and snapshot tests: wait for workers, press keys and settle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from textual.worker import WorkerCancelled


async def settle(pilot: Any) -> None:
    """Let every worker finish and the screen redraw, twice over."""
    for _ in range(2):
        # The first switch to a mode resumes its screen twice; the second load replaces the first.
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def keys(*pressed: str) -> Callable[[Any], Awaitable[None]]:
    """A run_before that settles, then presses each key and settles after it."""

    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run
