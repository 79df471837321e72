"""Drafts: what is being typed in an editor, kept on disk so a crash loses none of it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from craftlog.store.files import write_private


@dataclass(frozen=True)
class Draft:
    """An unsaved form: its fields as typed, and when it was last written."""

    key: str
    fields: dict[str, Any]
    saved_at: datetime


class DraftStore:
    """One JSON file per open form, under the data directory, owner-only."""

    def __init__(self, directory: Path) -> None:
        self._dir = directory

    def _file(self, key: str) -> Path:
        return self._dir / f"{re.sub(r'[^a-z0-9-]', '_', key.lower())}.json"

    def save(self, key: str, fields: dict[str, Any], now: datetime) -> None:
        self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        # ASCII escapes keep even lone surrogates a broken terminal typed; nothing is dropped.
        payload = json.dumps({"saved_at": now.isoformat(), "fields": fields}, ensure_ascii=True)
        write_private(self._file(key), payload)

    def load(self, key: str) -> Draft | None:
        """The draft for `key`, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            return Draft(key, dict(data["fields"]), datetime.fromisoformat(data["saved_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def discard(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)

    def version(self) -> int:
        """A number that changes whenever a draft is saved or discarded (the folder's mtime)."""
        try:
            return self._dir.stat().st_mtime_ns
        except OSError:
            return 0

    def pending(self) -> list[str]:
        """The keys of every draft on disk."""
        if not self._dir.is_dir():
            return []
        return sorted(p.stem for p in self._dir.glob("*.json"))
