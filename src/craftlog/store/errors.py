"""Storage failures, each worded for a person and naming the file."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The database cannot be used as it is; the message says why and what to do."""

    def __init__(self, message: str, path: Path | None = None, backup: Path | None = None):
        super().__init__(message)
        self.path = path
        self.backup = backup

    def __str__(self) -> str:
        text = super().__str__()
        if self.backup is not None:
            text += (
                f"\nThe newest backup is {self.backup}; `craftlog doctor` lists them all "
                "and says how to restore one."
            )
        return text


class DatabaseTooNew(StoreError):
    """The file was written by a newer craftlog."""


class DatabaseUnreadable(StoreError):
    """The file is corrupt, foreign, or not SQLite at all."""
