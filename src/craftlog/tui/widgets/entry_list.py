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


# Entries listed at a time: an option costs the list a layout of its text, and ten years of a
# weekly log took a fifth of a second to list. The last option offers the next page.
PAGE_ENTRIES = 150
MORE = "more"


def more_line(older: int) -> Content:
    """The list's last line while older entries are left out."""
    noun = "entry" if older == 1 else "entries"
    shown = min(older, PAGE_ENTRIES)
    return Content.styled(f"▾ {older:,} older {noun}: enter lists {shown:,} more", "$primary")


class EntryList(OptionList):
    """Entries under week headings, a page at a time; an option's id is the entry id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._all: Sequence[Entry] = ()
        self._entries: dict[int, Entry] = {}
        self._limit = PAGE_ENTRIES

    def show(self, entries: Sequence[Entry], keep: int | None = None, near: int = 0) -> None:
        """Replace the list; highlight entry `keep` if listed, else the entry nearest row `near`."""
        self._all = entries
        ids = [e.id for e in entries]
        if keep in ids:  # an entry just saved or chosen is listed even if it is pages down
            self._limit = max(self._limit, ids.index(keep) + 1)
        self._list(keep, near)

    def _list(self, keep: int | None, near: int) -> None:
        entries = self._all[: self._limit]
        self._entries = {e.id: e for e in entries}
        counts: dict[IsoWeek, int] = {}
        for entry in self._all:
            counts[entry.week] = counts.get(entry.week, 0) + 1
        options: list[Option] = []
        week: IsoWeek | None = None
        for entry in entries:
            if entry.week != week:
                week = entry.week
                options.append(Option(week_heading(week, counts[week]), disabled=True))
            options.append(Option(entry_line(entry), id=str(entry.id)))
        if len(self._all) > len(entries):
            options.append(Option(more_line(len(self._all) - len(entries)), id=MORE))
        self.set_options(options)
        if keep in self._entries:
            self.highlighted = self.get_option_index(str(keep))
        elif entries:
            rows = [i for i, option in enumerate(options) if option.id not in (None, MORE)]
            self.highlighted = min(rows, key=lambda row: (abs(row - near), row))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id != MORE:
            return
        # The next page is this list's own business: the screen never sees "more" chosen.
        event.stop()
        first_new = self._all[self._limit].id
        self._limit += PAGE_ENTRIES
        self._list(first_new, 0)

    @property
    def more_hint(self) -> str | None:
        """What the preview says while the "older entries" line is highlighted."""
        if self.highlighted is None or self.get_option_at_index(self.highlighted).id != MORE:
            return None
        return "Older entries are not listed yet: press enter to list the next page."

    @property
    def current(self) -> Entry | None:
        """The highlighted entry, if any."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._entries.get(int(option.id)) if option.id not in (None, MORE) else None
