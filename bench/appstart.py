"""App start in a real terminal (SPEC §5): time to the first frame and to the dashboard's data.

Each run gets a fresh tmux server on its own socket (`-f /dev/null`, so no user config) with one
detached 120x40 session, and a control-mode client (`tmux -C`) attached with output
notifications off and without a say in the window's size. Untimed, the pane waits in `sleep`.
The timed part: `respawn-pane -k` starts the program (`env TERM=xterm-256color PROGRAM`), then
`capture-pane -p` is asked over the same control connection every POLL_S until the screen shows
the expected text; the time is from the respawn command to the capture that showed it. The
control connection is used rather than one `tmux capture-pane` process per poll because forking
a client every few milliseconds takes a CPU from the program being timed (on a 2-CPU machine it
added about 40% to the minimal app's start). Afterwards the server is killed and the program's
exit awaited, so no run overlaps the next.

- app-first-frame: `craftlog` on a copy of the ten-year home until the footer's "Home" shows,
  against bench/minimal_app.py (one Static("ready")) until "ready" shows; bar 1.25.
- app-dashboard: the same `craftlog` until the header says "520 entries in the log" and the
  streak panel says "Streak:", both written only once the dashboard's data is in (the header
  is drawn a frame or two before the panels, so it alone would be early), against the same
  minimal first frame; bar 2.0.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.context import BENCH_DIR, BenchError, Context, MeasureSkipped, clean_environment
from bench.gitscan import Sides
from bench.tenyear import TenYearFixture, tenyear_fixture

SIZE = (120, 40)
TERM = "xterm-256color"
POLL_S = 0.002  # between captures; each capture itself takes a fraction of a millisecond
TIMEOUT_S = 60.0
SESSION = "bench"
FIRST_FRAME = ("Home",)  # the footer's binding for h: drawn with the first frame
MINIMAL = ("ready",)
MINIMAL_APP = BENCH_DIR / "minimal_app.py"


def tmux_path() -> str:
    """The tmux executable, or MeasureSkipped saying why the app-start measures cannot run."""
    found = shutil.which("tmux")
    if found is None:
        raise MeasureSkipped("tmux is not installed; app start is timed in a real terminal")
    return found


def read_block(readline: Callable[[], bytes]) -> list[str]:
    """The output of one control-mode command: the lines between %begin and %end.

    Notifications (lines starting with % outside a block) are skipped; %error raises.
    """
    inside, lines = False, []
    while True:
        raw = readline()
        if not raw:
            raise BenchError("tmux control client ended unexpectedly")
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not inside:
            inside = line.startswith("%begin")
        elif line.startswith(("%end ", "%error ")) or line in ("%end", "%error"):
            if line.startswith("%error"):
                raise BenchError(f"tmux: {' / '.join(lines) or 'command failed'}")
            return lines
        else:
            lines.append(line)


def shows(screen: Sequence[str], expect: Sequence[str]) -> bool:
    """Whether every expected text is on the screen (each within one line)."""
    return all(any(text in line for line in screen) for text in expect)


def pane_command(argv: Sequence[str]) -> str:
    """`respawn-pane` for argv in tmux's command syntax; `env` sets TERM like a terminal."""
    words = ["env", f"TERM={TERM}", *argv]
    return f"respawn-pane -k -t {SESSION} " + " ".join(shlex.quote(str(w)) for w in words)


class Terminal:
    """One tmux server with a detached session and a control-mode client attached to it."""

    def __init__(self, tmux: str, socket: Path, env: dict[str, str]) -> None:
        self.base = [tmux, "-S", str(socket), "-f", os.devnull]
        self.env = env
        self.client: subprocess.Popen[bytes] | None = None

    def open(self) -> None:
        width, height = SIZE
        self._tmux("new-session", "-d", "-s", SESSION, "-x", str(width), "-y", str(height),
                   "sleep", "86400")  # fmt: skip
        self._tmux("set-option", "-g", "remain-on-exit", "on")  # a crash stays readable
        self.client = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", SESSION, "-f", "no-output,ignore-size"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        read_block(self._readline)  # the attach command's own (empty) block

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [*self.base, *args], env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BenchError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def _readline(self) -> bytes:
        assert self.client is not None and self.client.stdout is not None
        return self.client.stdout.readline()

    def command(self, line: str) -> list[str]:
        """Send one tmux command over the control connection and return its output lines."""
        assert self.client is not None and self.client.stdin is not None
        try:
            self.client.stdin.write(line.encode() + b"\n")
            self.client.stdin.flush()
        except OSError as error:
            raise BenchError(f"tmux control client is gone ({error.strerror})") from None
        return read_block(self._readline)

    def launch(
        self, argv: Sequence[str], expect: Sequence[str], timeout: float = TIMEOUT_S
    ) -> tuple[float, list[str]]:
        """Start argv in the pane; seconds until the screen shows every text of `expect`."""
        respawn = pane_command(argv)
        capture = f"capture-pane -p -t {SESSION}"
        started = time.perf_counter()
        self.command(respawn)
        polls = 0
        while True:
            screen = self.command(capture)
            seen = time.perf_counter()
            if shows(screen, expect):
                return seen - started, screen
            polls += 1
            if seen - started > timeout or (polls % 25 == 0 and self._dead()):
                shown = " / ".join(line.strip() for line in screen if line.strip())[-600:]
                raise BenchError(
                    f"{' '.join(map(str, argv))} did not show {' and '.join(expect)} within "
                    f"{seen - started:.1f} s; the screen: {shown or 'empty'}"
                )
            time.sleep(POLL_S)

    def _dead(self) -> bool:
        return self.command(f"display-message -p -t {SESSION} '#{{pane_dead}}'") == ["1"]

    def close(self) -> None:
        """Kill the server (the program gets SIGHUP) and wait until the program has exited."""
        pid = None
        if self.client is not None and self.client.poll() is None:
            try:
                pid = int(self.command(f"display-message -p -t {SESSION} '#{{pane_pid}}'")[0])
            except (BenchError, ValueError, IndexError, OSError):
                pid = None
        subprocess.run([*self.base, "kill-server"], env=self.env, capture_output=True)
        if self.client is not None:
            try:
                self.client.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.client.kill()
                self.client.wait()
            self.client = None
        _wait_gone(pid)


def _wait_gone(pid: int | None, timeout: float = 10.0) -> None:
    """Wait for a process that is not our child to go (a zombie of init's counts as gone)."""
    deadline = time.monotonic() + timeout
    while pid is not None and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                return
        except (ProcessLookupError, FileNotFoundError):
            return
        except (PermissionError, OSError, IndexError):
            pass
        time.sleep(0.01)


@dataclass
class TerminalTrial:
    """A full-screen program started in tmux, timed until its screen shows `expect`."""

    label: str
    argv: Sequence[str]
    env: dict[str, str]
    expect: Sequence[str]
    socket: Path
    tmux: str
    checks: Sequence[Callable[[str], None]] = ()
    screen: list[str] = field(default_factory=list, repr=False)
    _terminal: Terminal | None = field(default=None, repr=False)

    def reset(self) -> None:
        self.socket.unlink(missing_ok=True)
        self._terminal = Terminal(self.tmux, self.socket, self.env)
        try:
            self._terminal.open()
        except BaseException:
            self._terminal.close()
            raise

    def run(self) -> float:
        assert self._terminal is not None, "reset() opens the terminal"
        try:
            elapsed, self.screen = self._terminal.launch(self.argv, self.expect)
        finally:
            self._terminal.close()
            self._terminal = None
        return elapsed

    def verify(self) -> None:
        if not shows(self.screen, self.expect):
            raise BenchError(f"{self.label}: the last screen does not show {self.expect}")
        for check in self.checks:
            check("\n".join(self.screen))


def minimal_trial(ctx: Context, name: str) -> TerminalTrial:
    """The reference: the smallest Textual app, run by the same Python, until "ready" shows."""
    env = clean_environment(ctx.directory("minimal-user"))
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return TerminalTrial(
        label="minimal Textual app",
        argv=[sys.executable, "-P", str(MINIMAL_APP)],
        env=env,
        expect=MINIMAL,
        socket=ctx.directory("tmux") / f"{name}-minimal.sock",
        tmux=tmux_path(),
    )


def _not_empty_home(text: str) -> None:
    if "Nothing logged yet" in text or "Your log is empty" in text:
        raise BenchError("craftlog started on an empty home, not the ten-year data set")


def craftlog_trial(
    ctx: Context, name: str, expect: Sequence[str], home: TenYearFixture
) -> TerminalTrial:
    live = home.live(ctx.scratch, f"tenyear-{name}")
    return TerminalTrial(
        label=f"craftlog ({name})",
        argv=[str(home.executable)],
        env=home.env(live),
        expect=expect,
        socket=ctx.directory("tmux") / f"{name}-craftlog.sock",
        tmux=tmux_path(),
        checks=[_not_empty_home] if expect != FIRST_FRAME else [],
    )


def dashboard_texts(home: TenYearFixture) -> tuple[str, ...]:
    """What the screen says once the dashboard's data is in: the header's count and the streak."""
    return (f"{home.sizes.entries} entries in the log", "Streak:")


def record_versions(ctx: Context) -> None:
    from importlib.metadata import version

    result = subprocess.run([tmux_path(), "-V"], capture_output=True, text=True, check=False)
    ctx.versions["tmux"] = result.stdout.split()[-1] if result.returncode == 0 else "unknown"
    ctx.versions["textual"] = version("textual")


def first_frame(ctx: Context) -> Sides:
    """`craftlog` until its first frame against the minimal app's first frame."""
    tmux_path()  # skip before building anything when there is no tmux
    home = tenyear_fixture(ctx)
    record_versions(ctx)
    title = f"app start to first frame, {home.described}"
    craftlog = craftlog_trial(ctx, "first-frame", FIRST_FRAME, home)
    return Sides(craftlog, minimal_trial(ctx, "first-frame"), title, "minimal Textual app")


def dashboard(ctx: Context) -> Sides:
    """`craftlog` until the dashboard shows its data against the minimal app's first frame."""
    tmux_path()
    home = tenyear_fixture(ctx)
    record_versions(ctx)
    title = f"app start to dashboard data, {home.described}"
    craftlog = craftlog_trial(ctx, "dashboard", dashboard_texts(home), home)
    reference = minimal_trial(ctx, "dashboard")
    return Sides(craftlog, reference, title, "minimal Textual app, first frame")
