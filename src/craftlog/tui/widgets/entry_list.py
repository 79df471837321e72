"""A list of entries grouped under ISO-week headings, newest week first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from craftlog.core.entries import Entry
from craftlog.core.text import one_line
from craftlog.core.weeks import IsoWeek


def week_heading(week: IsoWeek, count: int) -> Content:
    """A week's heading line: label, its days, and how many entries it holds."""
    noun = "entry" if count == 1 else "entries"
    return Content.assemble(
        (week.label, "bold $primary"),
        ("  " + week.span, "$foreground-muted"),
        (f"  · {count} {noun}", ""),
    )


def entry_line(entry: Entry, width: int = 70, day_format: str = "%a %d") -> Content:
    """One entry as a list row: day, kind, title, tags and the AI mark."""
    parts: list[tuple[str, str] | str] = [
        (f"  {entry.day:{day_format}}  ", "$foreground-muted"),
        (f"{entry.kind.value:<11} ", "$secondary"),
        one_line(entry.title, width),
    ]
    if entry.tags:
        parts.append(("  " + " ".join(f"#{t}" for t in entry.tags), "$foreground-muted"))
    if entry.needed_ai:
        parts.append(("  needed AI", "$warning"))
    return Content.assemble(*parts)


class EntryList(OptionList):
    """Entries under week headings; an option's id is the entry id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._entries: dict[int, Entry] = {}

    def show(self, entries: Sequence[Entry], keep: int | None = None, near: int = 0) -> None:
        """Replace the list; highlight entry `keep` if listed, else the entry nearest row `near`."""
        self._entries = {e.id: e for e in entries}
        counts: dict[IsoWeek, int] = {}
        for entry in entries:
            counts[entry.week] = counts.get(entry.week, 0) + 1
        options: list[Option] = []
        week: IsoWeek | None = None
        for entry in entries:
            if entry.week != week:
                week = entry.week
                options.append(Option(week_heading(week, counts[week]), disabled=True))
            options.append(Option(entry_line(entry), id=str(entry.id)))
        self.set_options(options)
        if keep in self._entries:
            self.highlighted = self.get_option_index(str(keep))
        elif entries:
            rows = [i for i, option in enumerate(options) if option.id is not None]
            self.highlighted = min(rows, key=lambda row: (abs(row - near), row))

    @property
    def current(self) -> Entry | None:
        """The highlighted entry, if any."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._entries.get(int(option.id)) if option.id else None
