"""Regenerate screenshots/ from seeded data: `python scripts/screenshots.py`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import fixed_clock  # noqa: E402
from tests.seed import seed  # noqa: E402
from tests.seed_git import seed_git  # noqa: E402
from tests.seed_self import seed_open_audit, seed_self  # noqa: E402
from tests.tui.quiz_fakes import seed_ledger, seed_quiz  # noqa: E402

from craftlog.paths import Paths  # noqa: E402
from craftlog.services import open_services  # noqa: E402
from craftlog.tui.app import build_app  # noqa: E402

OUT = ROOT / "screenshots"
Steps = Callable[[object], Awaitable[None]]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def home(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


async def log(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("l")
    await settle(pilot)


async def search(pilot) -> None:  # type: ignore[no-untyped-def]
    await log(pilot)
    await pilot.press("slash", *"writes")
    await settle(pilot)


async def editor(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*"Futex: why an uncontended mutex is cheap", "enter")
    await pilot.press(*"The fast path is one atomic compare-and-swap in user space;")
    await pilot.press(*" the kernel is only asked to sleep when there is contention.")


async def output(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("o")
    await settle(pilot)
    await pilot.press("down", "down", "down")
    await settle(pilot)


async def week(pilot) -> None:  # type: ignore[no-untyped-def]
    await output(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def audit(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await settle(pilot)
    await pilot.press("tab", "down")
    await settle(pilot)


async def audit_plan(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


async def audit_running(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await settle(pilot)


async def checks(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await settle(pilot)


async def quiz(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("q")
    await settle(pilot)


async def quiz_revealed(pilot) -> None:  # type: ignore[no-untyped-def]
    await quiz(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press(*"A deferred transaction takes the lock late, so it cannot wait for it.")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def instrument(pilot) -> None:  # type: ignore[no-untyped-def]
    await checks(pilot)
    await pilot.press("down", "enter", "enter", "c", "u")
    await settle(pilot)


async def usage(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("u")
    await settle(pilot)


async def trash(pilot) -> None:  # type: ignore[no-untyped-def]
    await log(pilot)
    await pilot.press("down", "d")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)


async def help_keys(pilot) -> None:  # type: ignore[no-untyped-def]
    await log(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def palette(pilot) -> None:  # type: ignore[no-untyped-def]
    await output(pilot)
    await pilot.press("ctrl+p", *"scan")
    await settle(pilot)


async def light(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.theme = "textual-light"
    await output(pilot)


async def log_first_launch(pilot) -> None:  # type: ignore[no-untyped-def]
    await log(pilot)


# name -> (steps, seed): "" for no data, "log" for entries, "git" for entries and repositories,
# "self" for entries, repositories, audits and self-checks, "running" for an audit under way,
# "quiz" for entries with review cards, "usage" for those and calls to Claude.
SHOTS: dict[str, tuple[Steps, str]] = {
    "home": (home, "self"),
    "home-first-launch": (home, ""),
    "log": (log, "log"),
    "log-search": (search, "log"),
    "editor": (editor, "log"),
    "output": (output, "git"),
    "week": (week, "git"),
    "audit": (audit, "self"),
    "audit-plan": (audit_plan, "self"),
    "audit-running": (audit_running, "running"),
    "checks": (checks, "self"),
    "quiz": (quiz, "quiz"),
    "quiz-revealed": (quiz_revealed, "quiz"),
    "checks-quick": (instrument, "self"),
    "usage": (usage, "usage"),
    "trash": (trash, "log"),
    "log-first-launch": (log_first_launch, ""),
    "help": (help_keys, "log"),
    "palette": (palette, "git"),
    "theme-light": (light, "git"),
}
# Shots that show the start-up notes (what is due); the others are taken with them cleared.
WITH_NOTES = {"home"}


async def shoot(name: str, steps: Steps, seeded: str, size: tuple[int, int]) -> Path:
    with tempfile.TemporaryDirectory() as home_dir:
        os.environ["HOME"] = home_dir  # repositories show as ~/name
        services = open_services(Paths.under(Path(home_dir) / "craftlog"), now=fixed_clock)
        if seeded in ("quiz", "usage"):
            seed_quiz(services)
        elif seeded:
            seed(services)
        if seeded in ("git", "self"):
            seed_git(services, Path(home_dir))
        if seeded == "self":
            seed_self(services)
        if seeded == "running":
            seed_open_audit(services, fixed_clock())
        if seeded == "usage":
            seed_ledger(services)
        app = build_app(services)
        app.animation_level = "none"
        async with app.run_test(size=size) as pilot:
            await steps(pilot)
            if name not in WITH_NOTES:
                app.clear_notifications()
                await pilot.pause()
            target = app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        services.close()
    return Path(target)


def main() -> None:
    from textual.widgets import Input, TextArea

    os.environ["TZ"] = "UTC"
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    time.tzset()
    # A solid cursor: the same frame every time the script runs.
    Input.cursor_blink._default = False
    TextArea.cursor_blink._default = False
    OUT.mkdir(exist_ok=True)
    for name, (steps, seeded) in SHOTS.items():
        print(asyncio.run(shoot(name, steps, seeded, (110, 32))).relative_to(ROOT))


if __name__ == "__main__":
    main()
