"""What the output screen shows: its notes, one table row per week, the chosen week's line."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.content import Content

from craftlog.core.flags import WeekOutput
from craftlog.core.sources import ScanOutcome, ScanReport
from craftlog.core.text import one_line, sentence, short_path, visible
from craftlog.tui.cells import cell

NO_REPOS = Content.assemble(
    ("What did you ship, and what did you learn while shipping it?", "bold"),
    "\n\nRegister the git repositories you work in, and craftlog puts your commits next to "
    "your log, week by week. A week with plenty of commits and nothing learned is flagged: "
    "that is the gap worth noticing.\n\n",
    ("Press r to add a repository", "bold $primary"),
    ", or from a shell: ",
    ("craftlog repos add PATH", "$secondary"),
)
NOT_SCANNED = Content.assemble(
    "Your repositories are registered but not read yet. ",
    ("Press s to scan them.", "bold $primary"),
)


def week_row(week: WeekOutput, app: App[object]) -> tuple[Text, ...]:
    """One table row; a flagged week carries its reason in the error colour."""
    # Only the mark: the reason is long, and the line above the table says it for the chosen week.
    flag = cell("⚑", app, "error") if week.flagged else cell("")
    if week.entries:
        learned = cell(f"● {week.entries}", app, "success")
    else:
        learned = cell("·", app, "text-muted")
    return (
        cell(week.week.label, app, bold=True),
        cell(f"{week.week.monday:%d %b %Y}", app, "text-muted"),
        cell(f"{week.commits:,}", app, "error" if week.flagged else ""),
        cell(f"+{week.lines_added:,}"),
        cell(f"−{week.lines_removed:,}"),
        cell(f"{week.ai_assisted_commits:,}"),
        learned,
        flag,
    )


def week_detail(week: WeekOutput | None) -> Content:
    """The chosen week in one line: its days and why it is or is not flagged."""
    if week is None:
        return Content("")
    reason = (
        Content.styled(f"⚑ {week.reason}", "bold $error")
        if week.flagged
        else Content.styled(week.reason, "$foreground-muted")
    )
    return Content.assemble(
        (f"{week.week.label} · {week.week.span} · ", "bold"),
        reason,
        (" · enter opens its commits", "$foreground-muted"),
    )


def more_row(older: int | None, page: int, app: App[object]) -> tuple[Text, ...]:
    """The table's last row while older weeks are left out (None: not counted yet)."""
    if older is None:
        text = f"▾ older weeks: enter shows up to {page:,} more"
    else:
        shown = min(older, page)
        text = f"▾ {older:,} older week{'s' if older != 1 else ''}: enter shows {shown:,} more"
    return (cell(text, app, "text-muted"), *(cell("") for _ in range(7)))


def _count(number: int, noun: str, many: str) -> str:
    return f"{number:,} {noun if number == 1 else many}"


def scan_note(reports: list[ScanReport], cancelled: bool) -> str:
    """What a scan found, in words: the new commits and how many repositories were read."""
    read = [r for r in reports if r.outcome is not ScanOutcome.FAILED]
    new = sum(r.new_commits for r in reports)
    failed = len(reports) - len(read)
    if cancelled:
        return f"Scan stopped; the {_count(new, 'new commit', 'new commits')} read so far are kept."
    repos = _count(len(read), "repository", "repositories")
    if not read:
        text = "No repository could be read."
    elif new:
        text = f"Scanned {repos}: {_count(new, 'new commit', 'new commits')}."
    else:
        text = f"Nothing new in {repos}."
    if failed:
        text += f" {_count(failed, 'repository', 'repositories')} failed: press r to see why."
    return text


def scan_failure(report: ScanReport) -> str:
    """One repository's failed scan: which one, and what went wrong, in plain words."""
    where = short_path(report.path)
    # The reader names the full path in its message; the short one is easier to read.
    message = visible(report.message).replace(report.path, where)
    if where not in message:
        message = f"{where}: {message}"
    return one_line(sentence(message), 300)
