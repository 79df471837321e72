"""Running the real app on a pseudo-terminal: start it, type keys, read every byte it writes.

`PtyApp` starts `python -m craftlog` under `pty.fork()` with a fixed window size, keeps every
byte the app writes, and feeds them to `Terminal`, a small emulator that knows just enough
(cursor moves, erases, printing, wide characters) to say what text is on the screen and where.
Escape sequences are parsed, never acted on, and each OSC string is kept for assertions.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from rich.cells import get_character_cell_size

# What a key sends in a terminal with no keyboard protocol of its own (plain xterm).
KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "question_mark": b"?",
}
_CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
_STRING = re.compile(r"\x1b([\]PX^_])(.*?)(\x07|\x1b\\)", re.DOTALL)


def key_bytes(key: str) -> bytes:
    """The bytes a key sends: a named key, ctrl+letter, or the characters themselves."""
    if key in KEYS:
        return KEYS[key]
    if key.startswith("ctrl+") and len(key) == 6:
        return bytes([ord(key[5].lower()) & 0x1F])
    return key.encode("utf-8")


class Terminal:
    """A screen of cells written by escape sequences: enough of xterm to read a Textual app."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.x = 0
        self.y = 0
        self.osc: list[str] = []  # every OSC, DCS, SOS, PM and APC string, as written
        self.text = ""  # everything decoded, escape sequences included
        self._pending = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode

    def feed(self, data: bytes) -> None:
        """Take more of the output; a sequence cut between two reads waits for its end."""
        decoded = self._decode(data)
        self.text += decoded
        self._pending += decoded
        self._run()

    def _run(self) -> None:
        text, at = self._pending, 0
        while at < len(text):
            char = text[at]
            if char != "\x1b":
                self._char(char)
                at += 1
                continue
            if at + 1 >= len(text):
                break  # an escape sequence whose rest has not arrived yet
            if text[at + 1] == "[":
                match = _CSI.match(text, at)
                if match is None:
                    if not _could_grow(text[at:]):
                        at += 1  # not a sequence after all: drop the escape
                        continue
                    break
                self._csi(match.group(1), match.group(3))
                at = match.end()
            elif text[at + 1] in "]PX^_":
                match = _STRING.match(text, at)
                if match is None:
                    break
                self.osc.append(match.group(1) + match.group(2))
                at = match.end()
            else:
                at += 2  # a two-character escape (keypad modes, charset choices)
        self._pending = text[at:]

    def _csi(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        first = numbers[0] if numbers else 0
        if params.startswith(("?", ">", "<", "=")):
            return  # modes and queries: nothing to draw
        if final in "Hf":
            row = numbers[0] if numbers else 1
            column = numbers[1] if len(numbers) > 1 else 1
            self.y = min(max(row, 1), self.rows) - 1
            self.x = min(max(column, 1), self.columns) - 1
        elif final == "A":
            self.y = max(self.y - max(first, 1), 0)
        elif final == "B":
            self.y = min(self.y + max(first, 1), self.rows - 1)
        elif final == "C":
            self.x = min(self.x + max(first, 1), self.columns - 1)
        elif final == "D":
            self.x = max(self.x - max(first, 1), 0)
        elif final == "G":
            self.x = min(max(first, 1), self.columns) - 1
        elif final == "d":
            self.y = min(max(first, 1), self.rows) - 1
        elif final == "K":
            line = self.cells[self.y]
            span = {0: range(self.x, self.columns), 1: range(self.x + 1), 2: range(self.columns)}
            for column in span.get(first, ()):
                line[column] = " "
        elif final == "J" and first in (2, 3):
            self.cells = [[" "] * self.columns for _ in range(self.rows)]

    def _char(self, char: str) -> None:
        if char == "\r":
            self.x = 0
        elif char == "\n":
            self.y = min(self.y + 1, self.rows - 1)
        elif char == "\b":
            self.x = max(self.x - 1, 0)
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            return  # other controls draw nothing
        else:
            width = get_character_cell_size(char)
            if width == 0:
                return
            if self.x + width <= self.columns:
                self.cells[self.y][self.x] = char
                if width == 2:
                    self.cells[self.y][self.x + 1] = ""
            self.x = min(self.x + width, self.columns - 1)

    def lines(self) -> list[str]:
        """The screen as it reads now, one string per row."""
        return ["".join(row) for row in self.cells]

    def screen(self) -> str:
        """The screen as one string."""
        return "\n".join(self.lines())

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where `text` starts on the screen, as (column, row) cells, top to bottom."""
        found = []
        for row, line in enumerate(self.cells):
            joined = "".join(line)
            index = joined.find(text)
            while index >= 0:
                found.append((_column(line, index), row))
                index = joined.find(text, index + 1)
        return found


def _column(line: list[str], index: int) -> int:
    """The cell of the `index`-th character: a wide character leaves an empty cell after it."""
    seen = 0
    for column, cell in enumerate(line):
        if cell and seen == index:
            return column
        seen += len(cell)
    return len(line)


def _could_grow(text: str) -> bool:
    """Whether `text` (starting with ESC [) may still become a complete control sequence."""
    return re.fullmatch(r"\x1b\[[0-?]*[ -/]*", text) is not None


class PtyApp:
    """The craftlog app on a pseudo-terminal of a fixed size."""

    def __init__(
        self,
        env: dict[str, str],
        cwd: Path,
        columns: int = 120,
        rows: int = 40,
        args: tuple[str, ...] = (),
        python_args: tuple[str, ...] = ("-m", "craftlog"),
    ) -> None:
        self.env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        self.cwd = cwd
        self.args = args
        self.python_args = python_args  # ("-c", SCRIPT) runs the app with a test's changes
        self.size = (columns, rows)
        self.output = bytearray()
        self.terminal = Terminal(columns, rows)
        self.pid = 0
        self.fd = -1
        self.status: int | None = None

    def start(self) -> PtyApp:
        """Fork the app onto a new pseudo-terminal of this size."""
        columns, rows = self.size
        argv = [sys.executable, *self.python_args, *self.args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal before the app can ask, then become the app
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.chdir(self.cwd)
                os.execve(sys.executable, argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        return self

    def pump(self, seconds: float = 0.05) -> bool:
        """Read what the app wrote within `seconds`; False once the terminal is closed."""
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the terminal has gone
            return False
        if not data:
            return False
        self.output += data
        self.terminal.feed(data)
        return True

    def wait_until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        """Read output until `done()` holds; fail naming `what` and showing the screen if not."""
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}:\n{self.terminal.screen()}")
            if not self.pump(0.05) and not done():
                raise AssertionError(f"the app closed before {what}:\n{self.terminal.screen()}")

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Read output until `text` is on the screen."""
        self.wait_until(lambda: text in self.terminal.screen(), timeout, repr(text))

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Read output until the app has written nothing for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            before = len(self.output)
            if not self.pump(quiet) or len(self.output) == before:
                return

    def press(self, *keys: str) -> None:
        """Type each key, reading output between them so the app's writes never block."""
        for key in keys:
            os.write(self.fd, key_bytes(key))
            self.pump(0.02)

    def after_exit(self) -> str:
        """What the app printed once it had left the alternate screen (a crash report)."""
        text = bytes(self.output).decode("utf-8", "replace")
        return text.rpartition("\x1b[?1049l")[2]

    def type(self, text: str) -> None:
        """Type `text` a character at a time."""
        self.press(*text)

    def click(self, column: int, row: int) -> None:
        """A left click at a cell (0-based), as an SGR mouse report."""
        os.write(self.fd, f"\x1b[<0;{column + 1};{row + 1}M".encode())
        os.write(self.fd, f"\x1b[<0;{column + 1};{row + 1}m".encode())
        self.pump(0.02)

    def running(self) -> bool:
        """Whether the app has not exited yet (its exit status is kept once it has)."""
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
        return self.status is None

    def kill(self) -> None:
        """SIGKILL: no clean-up runs, as when the machine loses power or the OOM killer strikes."""
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
        self.wait(10.0)

    def wait(self, timeout: float = 30.0) -> int:
        """Read output until the app exits; its exit code (negative: the signal that ended it)."""
        end = time.monotonic() + timeout
        while self.running():
            if time.monotonic() > end:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise AssertionError(f"the app did not exit:\n{self.terminal.screen()}")
            self.pump(0.05)
        while self.pump(0.05):  # what was written just before the exit
            pass
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status)

    def close(self) -> None:
        """Make sure the app is gone and the terminal closed, whatever the test did."""
        if self.pid and self.running():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
