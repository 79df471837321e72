"""Readable feedback from a grade's JSON as it streams in, and for a finished grade."""

from __future__ import annotations

from typing import Any

from craftlog.core.reviews import Grade
from craftlog.quiz import prompts

# --- feedback prose from streaming JSON ---------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "", "f": "", "n": "\n", "r": "", "t": "\t"}
_SHOWN = ("right", "missing")


class FeedbackProse:
    """Turns a grade's JSON, fed in arbitrary pieces, into the feedback a person reads.

    Only finished characters of the "right" and "missing" items and of the "comment" are shown,
    under headings, as they arrive; keys, brackets, the score and the flag never are. Feeding
    the pieces of one JSON text gives the same prose however the text was cut.
    """

    def __init__(self) -> None:
        self._stack: list[list[Any]] = []  # ["obj", key, expect_key] or ["arr", None, None]
        self._in_string = False
        self._is_key = False
        self._key: list[str] = []
        self._escape: str | None = None  # None, "" after a backslash, or "u" + hex digits
        self._high: str | None = None  # a high surrogate waiting for its pair
        self._section: str | None = None  # the shown field whose string is open
        self._prefix = ""  # what to show before the open string's first character
        self._started = False  # whether the open string has shown anything yet
        self._headed: set[str] = set()
        self._shown_any = False

    def feed(self, piece: str) -> str:
        """The prose the piece completes (often empty)."""
        out: list[str] = []
        for char in piece:
            if self._in_string:
                self._string_char(char, out)
            else:
                self._structure_char(char)
        return "".join(out)

    def _structure_char(self, char: str) -> None:
        stack = self._stack
        if char == "{":
            stack.append(["obj", None, True])
        elif char == "[":
            stack.append(["arr", None, None])
        elif char in "}]":
            if stack:
                stack.pop()
        elif char == ":":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = False
        elif char == ",":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = True
        elif char == '"':
            self._open_string()

    def _open_string(self) -> None:
        self._in_string = True
        top = self._stack[-1] if self._stack else None
        self._is_key = bool(top and top[0] == "obj" and top[2])
        self._key = []
        self._section = None
        self._started = False
        if self._is_key:
            return
        stack = self._stack
        if len(stack) == 1 and stack[0][0] == "obj" and stack[0][1] == "comment":
            self._section = "comment"
            self._prefix = "\n\n" if self._shown_any else ""
        elif (
            len(stack) == 2
            and stack[0][0] == "obj"
            and stack[0][1] in _SHOWN
            and stack[1][0] == "arr"
        ):
            section = stack[0][1]
            self._section = section
            if section in self._headed:
                self._prefix = "\n" + prompts.BULLET
            else:
                heading = prompts.RIGHT_HEADING if section == "right" else prompts.MISSING_HEADING
                gap = "\n\n" if self._shown_any else ""
                self._prefix = f"{gap}{heading}:\n{prompts.BULLET}"

    def _string_char(self, char: str, out: list[str]) -> None:
        if self._escape is not None:
            self._escaped_char(char, out)
            return
        if char == "\\":
            self._escape = ""
        elif char == '"':
            self._close_string(out)
        else:
            self._emit(char, out)

    def _escaped_char(self, char: str, out: list[str]) -> None:
        if self._escape == "":
            if char == "u":
                self._escape = "u"
                return
            self._escape = None
            self._emit(_ESCAPES.get(char, ""), out)
            return
        self._escape = (self._escape or "") + char
        if len(self._escape) < 5:
            return
        digits, self._escape = self._escape[1:], None
        try:
            code = int(digits, 16)
        except ValueError:
            return
        if 0xD800 <= code <= 0xDBFF:
            self._flush_high(out)
            self._high = chr(code)
            return
        if 0xDC00 <= code <= 0xDFFF and self._high is not None:
            pair = (self._high + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16")
            self._high = None
            self._emit(pair, out)
            return
        self._emit(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd", out)

    def _flush_high(self, out: list[str]) -> None:
        if self._high is not None:
            self._high = None
            self._emit("\ufffd", out, flushing=True)

    def _emit(self, text: str, out: list[str], flushing: bool = False) -> None:
        if not flushing:
            self._flush_high(out)
        if self._is_key:
            self._key.append(text)
            return
        if self._section is None or not text:
            return
        text = "".join(c for c in text if c in "\n\t" or c >= " ")
        if not text:
            return
        if not self._started:
            out.append(self._prefix)
            self._started = True
            self._shown_any = True
            if self._section in _SHOWN:
                self._headed.add(self._section)
        out.append(text)

    def _close_string(self, out: list[str]) -> None:
        self._flush_high(out)
        self._in_string = False
        if self._is_key and self._stack and self._stack[-1][0] == "obj":
            self._stack[-1][1] = "".join(self._key)
        self._section = None
        self._prefix = ""


def feedback_text(grade: Grade) -> str:
    """The feedback prose for a whole grade, as `FeedbackProse` shows it while streaming."""
    parts: list[str] = []
    for heading, points in (
        (prompts.RIGHT_HEADING, grade.right),
        (prompts.MISSING_HEADING, grade.missing),
    ):
        if points:
            parts.append(f"{heading}:\n" + "\n".join(prompts.BULLET + p for p in points))
    if grade.comment:
        parts.append(grade.comment)
    return "\n\n".join(parts)
