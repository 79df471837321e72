"""Export and import formats: craftlog JSON (lossless), jrnl JSON, a Markdown post, CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from craftlog.core.entries import Entry, EntryDraft, EntryError, check_day, make_draft
from craftlog.core.weeks import IsoWeek

if TYPE_CHECKING:
    from craftlog.core.assessments import Assessment
    from craftlog.core.audits import Audit
    from craftlog.core.exchange_reviews import EntryReviews

# Version 2 added audits, gap checks and tier tests, version 3 quiz cards and reviews; an older
# craftlog refuses such a file rather than import it in part. Older files still import.
EXPORT_VERSION = 3
RECORD_LISTS = ("entries", "audits", "checks", "tier_tests", "repositories", "reviews")


class ImportProblem(ValueError):
    """An import file that cannot be taken as it is; nothing was imported."""


@dataclass(frozen=True)
class ImportedEntry:
    """One entry read from a file, with the identity it had there (if any)."""

    draft: EntryDraft
    uid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


def entry_record(entry: Entry) -> dict[str, Any]:
    """An entry as a JSON object; every field, so an import restores it exactly."""
    return {
        "uid": entry.uid,
        "text": entry.text,
        "kind": entry.kind.value,
        "tags": list(entry.tags),
        "date": entry.day.isoformat(),
        "needed_ai": entry.needed_ai,
        "struggle_minutes": entry.struggle_minutes,
        "commit": (
            {"repo": entry.commit_repo, "sha": entry.commit_sha} if entry.commit_sha else None
        ),
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "updated_at": entry.updated_at.isoformat(timespec="microseconds"),
        "deleted_at": entry.deleted_at.isoformat(timespec="microseconds")
        if entry.deleted_at
        else None,
    }


def to_json(
    entries: Iterable[Entry],
    exported_at: datetime,
    *,
    audits: Iterable[Audit] = (),
    assessments: Iterable[Assessment] = (),
    reviews: Iterable[EntryReviews] = (),
) -> str:
    """The log, audits, gap checks, tier tests and reviews as one craftlog JSON document."""
    # Imported here: the records module takes ImportProblem from this one.
    from craftlog.core.exchange_records import LIST_OF_KEY, assessment_record, audit_record

    document: dict[str, Any] = {
        "format": "craftlog",
        "version": EXPORT_VERSION,
        "exported_at": exported_at.isoformat(timespec="seconds"),
    }
    for name in RECORD_LISTS:
        document[name] = []
    document["entries"] = [entry_record(e) for e in entries]
    document["audits"] = [audit_record(a) for a in audits]
    for item in assessments:
        document[LIST_OF_KEY[item.key]].append(assessment_record(item))
    if reviews:
        from craftlog.core.exchange_reviews import reviews_record

        document["reviews"] = [reviews_record(item) for item in reviews]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_markdown(entries: list[Entry], week: IsoWeek | None) -> str:
    """A readable "what I learned" post: one week, or every week newest first."""
    weeks: dict[IsoWeek, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.day, e.id)):
        weeks.setdefault(entry.week, []).append(entry)
    lines: list[str] = []
    if week is not None:
        lines.append(f"# What I learned in week {week.label}")
        lines.append(f"_{week.span}_")
        lines.append("")
        if not weeks:
            lines.append("Nothing was logged this week.")
    else:
        lines += ["# What I learned", ""]
    for each in sorted(weeks, reverse=True):
        if week is None:
            lines += [f"## Week {each.label} ({each.monday:%d %b %Y})", ""]
        for entry in weeks[each]:
            lines += _markdown_entry(entry, "###" if week is None else "##")
    return "\n".join(lines).rstrip() + "\n"


def _markdown_entry(entry: Entry, heading: str) -> list[str]:
    title, _, body = entry.text.partition("\n")
    facts = [entry.kind.value, *entry.facts()]
    lines = [f"{heading} {title.strip()}", "", f"_{' · '.join(facts)}_", ""]
    if body.strip():
        lines += [body.strip(), ""]
    return lines


CSV_COLUMNS = (
    "uid", "date", "week", "kind", "tags", "title", "text", "needed_ai", "struggle_minutes",
    "commit_repo", "commit_sha", "created_at", "updated_at",
)  # fmt: skip


def to_csv(entries: Iterable[Entry]) -> str:
    """One row per entry, for spreadsheets."""
    out = io.StringIO()
    # CRLF rows (RFC 4180): the writer quotes a field only when it holds a character of the line
    # ending, so with "\n" alone a carriage return in a repository path split the row in two.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([
            e.uid, e.day.isoformat(), e.week.label, e.kind.value, " ".join(e.tags), e.title,
            e.text, int(e.needed_ai), "" if e.struggle_minutes is None else e.struggle_minutes,
            e.commit_repo or "", e.commit_sha or "", e.created_at.isoformat(),
            e.updated_at.isoformat(),
        ])  # fmt: skip
    return out.getvalue()


def parse_document(raw: str, source: str) -> dict[str, Any]:
    """The file's JSON object, or an ImportProblem saying where it is not JSON."""
    try:
        document = json.loads(raw.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"{source} is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(document, dict):
        raise ImportProblem(f"{source} is JSON, but not an export: it holds no object at the top")
    return document


def detect_format(document: dict[str, Any]) -> str:
    if document.get("format") == "craftlog":
        return "craftlog"
    if isinstance(document.get("entries"), list) and "tags" in document:
        return "jrnl"
    return "unknown"


def _when(value: Any, field: str, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(f"{where}: {field} {value!r} is not a timestamp") from None
    if moment.tzinfo is None:
        raise ImportProblem(f"{where}: {field} {value!r} has no time zone")
    return moment


def _day(value: Any, where: str, today: date) -> date:
    if value is None:
        raise ImportProblem(f"{where} has no date")
    try:
        return check_day(date.fromisoformat(str(value)), today)
    except ValueError as error:
        reason = error if isinstance(error, EntryError) else f"{value!r} is not a YYYY-MM-DD date"
        raise ImportProblem(f"{where}: {reason}") from None


def _commit(value: Any, where: str) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) for k in ("repo", "sha")
    ):
        raise ImportProblem(f'{where}: commit must be {{"repo": ..., "sha": ...}} or null')
    return value["repo"], value["sha"]


def read_craftlog(document: dict[str, Any], source: str, today: date) -> list[ImportedEntry]:
    """Entries from a craftlog export, every one checked before any is stored."""
    if document.get("format") != "craftlog":
        raise ImportProblem(f'{source} is not a craftlog export (no "format": "craftlog")')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportProblem(f"{source} has no usable export version ({str(version)[:20]!r})")
    if version > EXPORT_VERSION:
        raise ImportProblem(
            f"{source} has export version {version}; this craftlog reads up to "
            f"{EXPORT_VERSION}, so update craftlog to import it"
        )
    records = document.get("entries")
    if not isinstance(records, list):
        raise ImportProblem(f'{source} has no "entries" list')
    result = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records, start=1):
        where = f"{source}: entry {index}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object")
        if not isinstance(record.get("text"), str):
            raise ImportProblem(f"{where}: text must be a string")
        uid = record.get("uid")
        if isinstance(uid, str) and uid.strip():
            if uid in seen:
                raise ImportProblem(f"{where} has the same uid as entry {seen[uid]}")
            seen[uid] = index
        repo, sha = _commit(record.get("commit"), where)
        tags = record.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ImportProblem(f"{where}: tags must be a list of strings")
        minutes = record.get("struggle_minutes")
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)):
            raise ImportProblem(f"{where}: struggle_minutes must be a whole number")
        try:
            draft = make_draft(
                record["text"],
                kind=str(record.get("kind") or "other"),
                tags=tags,
                day=_day(record.get("date"), where, today),
                needed_ai=bool(record.get("needed_ai", False)),
                struggle_minutes=minutes,
                commit_repo=repo,
                commit_sha=sha,
            )
        except EntryError as error:
            raise ImportProblem(f"{where}: {error}") from None
        result.append(
            ImportedEntry(
                draft=draft,
                uid=uid if isinstance(uid, str) and uid.strip() else None,
                created_at=_when(record.get("created_at"), "created_at", where),
                updated_at=_when(record.get("updated_at"), "updated_at", where),
                deleted_at=_when(record.get("deleted_at"), "deleted_at", where),
            )
        )
    return result


def read_jrnl(document: dict[str, Any], source: str, today: date) -> list[ImportedEntry]:
    """Entries from `jrnl --export json`: title and body become the text, @tags become tags."""
    records = document.get("entries")
    if not isinstance(records, list):
        raise ImportProblem(f'{source} is not a jrnl JSON export (no "entries" list)')
    result = []
    for index, record in enumerate(records, start=1):
        where = f"{source}: entry {index}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object")
        title = str(record.get("title") or "").strip()
        body = str(record.get("body") or "").strip()
        tags = [str(t) for t in record.get("tags") or [] if isinstance(t, str)]
        day = _day(record.get("date"), where, today)
        try:
            draft = make_draft(
                f"{title}\n{body}" if body else title,
                kind="other",
                tags=[t.lstrip("@") for t in tags],
                day=day,
            )
        except EntryError as error:
            raise ImportProblem(f"{where}: {error}") from None
        result.append(ImportedEntry(draft=draft, created_at=_jrnl_time(day, record.get("time"))))
    return result


def _jrnl_time(day: date, value: Any) -> datetime | None:
    """jrnl's local HH:MM on the entry's day, as the entry's creation time."""
    try:
        clock = time.fromisoformat(str(value))
    except ValueError:
        return None
    return datetime.combine(day, clock).astimezone()
