"""Text rules shared by every place that stores or shows user text."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab and newline, DEL, and the C1 block (which includes CSI and OSC).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def surrogate_count(text: str) -> int:
    """How many lone surrogates (undecodable bytes from a misconfigured terminal) the text holds."""
    return len(_SURROGATE.findall(text))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture" of that character
    if code == 0x7F:
        return "\u2421"
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """The text with every control character made visible, so none can reach a terminal."""
    text = text.replace("\r\n", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(_picture, text))


def one_line(text: str, width: int | None = None) -> str:
    """A visible single line, cut with an ellipsis at `width` characters."""
    line = " ".join(visible(text).split())
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line


def title_of(text: str) -> str:
    """The first non-blank line: an entry's title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def short_path(path: str, home: str | None = None) -> str:
    """A path for display: visible, with the home folder written as ~."""
    import os

    home = (home if home is not None else os.path.expanduser("~")).rstrip(os.sep)
    if home and (path == home or path.startswith(home + os.sep)):
        path = "~" + path[len(home) :]
    return visible(path)


def sentence(text: str) -> str:
    """A message as a sentence: first letter upper case (the rest untouched), one final stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
