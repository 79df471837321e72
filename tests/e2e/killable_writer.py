"""A craftlog process for the kill tests: it saves and says so, until it is killed.

Run as `python killable_writer.py MODE [PREFIX]` with CRAFTLOG_HOME set. Each line it prints is
flushed at once, and "ACK ..." is printed only after the save it names has returned:
- `entries PREFIX`: adds entries forever; "ACK <n> <id>" for entry number n.
- `open`: opens (and so upgrades) the database once; "PHASE backup" before the backup taken
  ahead of the upgrade, "PHASE migrate" once it is written, "ACK open" when all is done.
- `backups`: writes backups forever; "PHASE backup" before each, "ACK <path>" after.
"""

from __future__ import annotations

import sys
from datetime import date

TAG = "kill"


def entry_text(prefix: str, n: int) -> str:
    """Entry n's text: some span several pages, so one save writes many pages at once."""
    return f"{prefix} #{n}\nünïcode 🦀 line two" + " payload" * (n % 7 * 150)


def entry_tags(n: int) -> list[str]:
    return [f"n{n}", TAG]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _entries(prefix: str) -> None:
    from craftlog.core.entries import make_draft
    from craftlog.services import open_services

    services = open_services()
    n = 0
    while True:
        draft = make_draft(entry_text(prefix, n), tags=entry_tags(n), day=date(2026, 11, 2))
        entry = services.entries.add(draft)
        say(f"ACK {n} {entry.id}")
        n += 1


def _open() -> None:
    from craftlog.services import open_services
    from craftlog.store import migrations

    write_backup = migrations.write_backup

    def announced(*args: object, **kwargs: object) -> object:
        say("PHASE backup")
        written = write_backup(*args, **kwargs)  # type: ignore[arg-type]
        say("PHASE migrate")
        return written

    migrations.write_backup = announced  # type: ignore[assignment]
    open_services().close()
    say("ACK open")


def _backups() -> None:
    from craftlog.services import open_services

    services = open_services()
    while True:
        say("PHASE backup")
        say(f"ACK {services.backup()}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "entries":
        _entries(sys.argv[2])
    elif mode == "open":
        _open()
    elif mode == "backups":
        _backups()
    else:
        raise SystemExit(f"unknown mode {mode}")
