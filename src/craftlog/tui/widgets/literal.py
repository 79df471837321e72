"""Text fields that never write a control character to the terminal, whatever they hold.

An entry, a draft or a commit's repository path may hold ESC or a C1 control (pasted coloured
output, a hostile commit); Textual would write them to the terminal as they are, so editing
such an entry could set the clipboard (OSC 52) or the window title. These fields keep the text
exactly as stored, so saving changes nothing the person did not type, and drop the controls
only from what is drawn: Rich counts them zero cells wide, so no column or cursor moves.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.strip import Strip

# C0 controls (tab and newline never reach a drawn line), DEL and the C1 block with CSI and OSC.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def literal_strip(strip: Strip) -> Strip:
    """The line with every control character left out of its text (they are zero cells wide)."""
    if not any(_CONTROL.search(segment.text) for segment in strip if not segment.control):
        return strip
    segments = [
        segment
        if segment.control
        else Segment(_CONTROL.sub("", segment.text), segment.style, segment.control)
        for segment in strip
    ]
    return Strip(segments, strip.cell_length)
