"""Writing files the user owns alone (exports, ledgers), atomically."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def write_private(path: str | Path, text: str) -> None:
    """Write text to `path` readable by the owner only, replacing it whole or not at all."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    partial = target.with_name(f".{target.name}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    # The mode above applies only to a new file: a leftover one keeps whatever mode it had.
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(target)
