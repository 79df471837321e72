"""Run in a subprocess by the `screens` measure: how long each craftlog screen takes to show
its data, with whatever home CRAFTLOG_HOME names, through Textual's Pilot (`App.run_test`).

Every craftlog screen reads its data in a worker and hands it over in a message whose class name
ends in "Loaded" (HomeLoaded, EntriesLoaded, OutputLoaded...). A screen's time runs from the
`switch_mode` call to the last frame of the burst that follows its handler of that message:
showing data often takes a few frames (a header's text first, then panels that appear need a
new layout), and the burst ends once QUIET_S passes with no frame. The data is then on screen,
not just read. A return to a screen whose data has not changed reads nothing again
(`reloaded_on_resume` is False): its first frame already shows the data, so that is its time.
A home screen's once-a-second clock tick lands well outside the burst. Frames are
seen by wrapping the app's `_display`, which every screen refresh goes through (headless too:
the compositor still renders, only the write to a terminal is left out). The hooks are set on
this process's classes only.

Two passes over every mode, home last (the app starts on home, so its first entry in the pass
is a return to it): the first opens each other mode for the first time (compose and mount
included), the second switches to each again. Prints one JSON object on stdout. This file
imports nothing from bench/, so it runs with `python -P` like any script.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

SIZE = (120, 40)
WAIT_S = 10.0  # the longest a screen may take before the probe gives up on it
NO_DATA_WAIT_S = 3.0  # a screen that posts no *Loaded message is timed to its first frame
QUIET_S = 0.1  # no frame for this long after the data arrived: the screen is done drawing it
BURST_CAP_S = 1.0  # an animation never goes quiet: stop waiting after this much drawing
TICK_S = 0.005


class Watch:
    """Timestamps of the current switch: the first frame, and the last frame showing the data."""

    def __init__(self) -> None:
        self.expect("")

    def expect(self, mode: str) -> None:
        self.mode = mode
        self.screen: Any = None
        self.first_frame: float | None = None
        self.loaded = False
        self.first_data_frame: float | None = None
        self.data_shown: float | None = None
        self.frames = 0

    def on_loaded(self, app: Any, screen: Any) -> None:
        if self.mode and app.current_mode == self.mode and screen is app.screen:
            self.loaded, self.screen = True, screen

    def on_display(self, app: Any, screen: Any) -> None:
        if not self.mode or app.current_mode != self.mode or screen is not app.screen:
            return
        now = time.perf_counter()
        if self.first_frame is None:
            self.first_frame = now
        if self.loaded and screen is self.screen:
            self.first_data_frame = self.first_data_frame or now
            self.data_shown = now
            self.frames += 1

    def on_reused(self, app: Any, screen: Any) -> None:
        """The screen came back without reading its data again: its frames show it already."""
        self.on_loaded(app, screen)
        if self.loaded and self.first_frame is not None:
            self.first_data_frame = self.first_data_frame or self.first_frame
            self.data_shown = self.data_shown or self.first_frame

    def quiet(self) -> bool:
        """The burst of frames after the data arrived is over (or has gone on too long)."""
        if self.data_shown is None or self.first_data_frame is None:
            return False
        now = time.perf_counter()
        return now - self.data_shown >= QUIET_S or now - self.first_data_frame >= BURST_CAP_S


def _install(app: Any, watch: Watch) -> None:
    from craftlog.tui.screens.craftlog_screen import CraftlogScreen

    handle = CraftlogScreen._on_message

    async def on_message(screen: Any, message: Any) -> None:
        await handle(screen, message)
        if type(message).__name__.endswith("Loaded"):
            watch.on_loaded(app, screen)

    CraftlogScreen._on_message = on_message  # type: ignore[method-assign]
    resume = CraftlogScreen.on_screen_resume

    def on_screen_resume(screen: Any) -> None:
        resume(screen)
        if not screen.reloaded_on_resume:
            watch.on_reused(app, screen)

    CraftlogScreen.on_screen_resume = on_screen_resume  # type: ignore[method-assign]
    display = app._display

    def shown(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            watch.on_display(app, screen)

    app._display = shown


async def _until(condition: Any, seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(TICK_S)
    return True


async def _open(app: Any, watch: Watch, mode: str, switch: bool = True) -> dict[str, Any]:
    """Switch to `mode` and time it; without `switch`, wait for the app's start on it."""
    started = time.perf_counter()
    if switch:
        watch.expect(mode)
        await app.switch_mode(mode)
    drawn = await _until(watch.quiet, NO_DATA_WAIT_S)
    # Drawn but no data message yet: a screen without one is timed to its first frame.
    if not drawn and (watch.first_frame is None or watch.loaded):
        drawn = await _until(watch.quiet, WAIT_S - NO_DATA_WAIT_S)
        if not drawn:
            raise SystemExit(f"screen {mode!r} showed no data within {WAIT_S:.0f} s")
    end = watch.data_shown or watch.first_frame
    assert end is not None
    frame = watch.first_frame or end
    first_data = watch.first_data_frame or end
    return {
        "ms": round((end - started) * 1000, 2),  # the last frame of the burst: settled
        "frame_ms": round((frame - started) * 1000, 2),  # the screen's first frame
        "data_ms": round((first_data - started) * 1000, 2),  # the first frame after the data
        "data": watch.data_shown is not None,
        "frames": watch.frames,
        "subtitle": str(app.screen.sub_title),
    }


async def probe(passes: int) -> dict[str, Any]:
    from craftlog.services import open_services
    from craftlog.tui.app import build_app

    services = open_services()
    app = build_app(services)
    watch = Watch()
    _install(app, watch)
    modes = [m for m in app.MODES if m != app.DEFAULT_MODE] + [app.DEFAULT_MODE]
    results: dict[str, Any] = {"modes": modes, "passes": []}
    try:
        watch.expect(app.DEFAULT_MODE)
        async with app.run_test(size=SIZE) as pilot:
            results["start"] = await _open(app, watch, app.DEFAULT_MODE, switch=False)
            for _ in range(passes):
                results["passes"].append({m: await _open(app, watch, m) for m in modes})
            await pilot.pause()
            app.exit()
    finally:
        services.close()
    return results


def main() -> int:
    passes = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    print(json.dumps(asyncio.run(probe(passes))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
