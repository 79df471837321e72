"""Showing untrusted text safely (core/text.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from craftlog.core.text import one_line, surrogate_count, title_of, visible

DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07",  # OSC 52: write the clipboard
    "\x1b]0;fake title\x1b\\",
    "\x9b31m C1 CSI",
    "\x9d0;osc\x9c",
    "bell\x07",
    "del\x7f",
    "nul\x00",
    "cr\roverwrite",
    "\x1bP+q544e\x1b\\",  # DCS
    "back\x08space",
    "lone \udce9 surrogate",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_visible_leaves_no_control_character(text: str) -> None:
    shown = visible(text)
    assert not DANGEROUS.search(shown), repr(shown)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown


def test_visible_shows_escape_bel_and_del_as_pictures() -> None:
    assert visible("\x1b[1m") == "\u241b[1m"
    assert visible("\x07") == "\u2407"
    assert visible("\x7f") == "\u2421"
    assert visible("\x00") == "\u2400"
    assert visible("\x9b") == "\\x9b"
    assert visible("caf\udce9") == "caf\ufffd"


def test_visible_keeps_newline_and_tab_and_ordinary_text() -> None:
    text = "line one\n\tindented — ünïcode 🦀 שלום [bold]x[/]"
    assert visible(text) == text
    assert visible("a\r\nb") == "a\nb"


def _is_subsequence(part: list[str], whole: str) -> bool:
    rest = iter(whole)
    return all(c in rest for c in part)


@given(st.text())
def test_visible_never_lets_a_control_character_through(text: str) -> None:
    shown = visible(text)
    assert not DANGEROUS.search(shown)
    # Every harmless character survives, in order.
    assert _is_subsequence([c for c in text if not DANGEROUS.match(c)], shown)


def test_one_line_joins_lines_and_collapses_blank_space() -> None:
    assert one_line("  first\n\nsecond\tthird  ") == "first second third"


def test_one_line_truncates_with_an_ellipsis_at_the_width() -> None:
    assert one_line("abcdefghij", 5) == "abcd…"
    assert len(one_line("x" * 100, 60)) == 60
    assert one_line("short", 5) == "short"
    assert one_line("abc", 1) == "…"


def test_one_line_is_visible() -> None:
    line = one_line("title \x1b]52;c;abc\x07 end", 80)
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("title ") and line.endswith(" end")


def test_title_is_the_first_non_blank_line() -> None:
    assert title_of("\n\n  Title here  \nbody") == "Title here"
    assert title_of("only") == "only"
    assert title_of("  \n \n") == ""


def test_surrogate_count() -> None:
    assert surrogate_count("ok 🦀") == 0
    assert surrogate_count("\udce9\udcff x \ud800") == 3
