"""Hostile text on a real terminal: the app, run on a pseudo-terminal, never writes it as escapes.

A home is seeded with hostile text everywhere the app shows stored text: entries (title, body,
tags, commit link), a trashed entry, a draft, commit summaries and a repository whose folder
name holds escapes, a repository that has gone (its error names the path), a running and a
finished audit, an AI ledger row, and config values (theme, model). Then `python -m craftlog`
runs on a 120x40 pseudo-terminal with TERM=xterm-256color, every screen is visited by its key,
and every byte the app wrote is checked: no OSC 52 clipboard write, no title change, no clear
screen or cursor home from the text, no C1 control at all; the markup shows as text, the
control characters as their visible pictures, and clicking "[@click=app.quit]" does nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from craftlog.core import audits as a
from craftlog.core.audit_history import months_before
from craftlog.core.entries import make_draft
from craftlog.core.weeks import IsoWeek
from craftlog.paths import Paths
from craftlog.quiz.ledger import CallRecord
from craftlog.services import Services, open_services
from tests.e2e.pty_app import PtyApp, Terminal
from tests.seed_self import local_instant

pytestmark = pytest.mark.e2e

PAYLOAD = "cHduZWQ="  # base64 of "pwned": what the clipboard would receive
CLIPBOARD = f"\x1b]52;c;{PAYLOAD}\x07"  # OSC 52: write the clipboard
TITLE = "\x1b]0;pwned\x07"  # OSC 0: set the window title
WIPE = "\x1b[2J\x1b[H"  # clear the screen, cursor home
C1 = "\x9b31mred"  # CSI as the single C1 character
MARKUP = "[b]bold[/b] [@click=app.quit]click me[/]"
HOSTILE = f"{MARKUP} {CLIPBOARD}{TITLE}{WIPE}{C1}"
# How the control characters look once made visible (core.text.visible).
SHOWN = "␛]52;c;cHduZWQ=␇␛]0;pwned␇"


def git(*args: str, cwd: Path, stdin: bytes | None = None) -> None:
    """Run git quietly, failing the test if it fails."""
    subprocess.run(["git", *args], cwd=cwd, input=stdin, check=True, capture_output=True)


def hostile_repo(path: Path, first: datetime) -> None:
    """Six commits with hostile summaries, an hour apart after `first`, in one fast-import."""
    git("init", "-q", "-b", "main", str(path), cwd=path.parent)
    stream = bytearray()
    for mark in range(1, 7):
        stamp = f"{int((first + timedelta(hours=mark)).timestamp())} +0000"
        message = f"Commit {mark} {HOSTILE}".encode()
        stream += b"commit refs/heads/main\nmark :%d\n" % mark
        who = f"Me <me@example.com> {stamp}\n"
        stream += f"author {who}committer {who}".encode()
        stream += b"data %d\n%s\n" % (len(message), message)
        if mark > 1:
            stream += b"from :%d\n" % (mark - 1)
        stream += b"M 100644 inline file.txt\ndata 2\n%d\n" % mark
    git("fast-import", "--quiet", cwd=path, stdin=bytes(stream))
    git("reset", "-q", "--hard", "main", cwd=path)


def folder(parent: Path, name: str) -> Path:
    """A folder named with escapes when the file system allows it, else a plain one."""
    try:
        (parent / name).mkdir()
        return parent / name
    except OSError:
        plain = parent / name.split()[0]
        plain.mkdir()
        return plain


def seed_hostile(services: Services, root: Path) -> None:
    """Hostile text in every kind of record the app shows, repositories under `root`."""
    today = services.today()
    now = services.now()
    add = services.entries.add
    add(make_draft(f"Title {HOSTILE}\nBody {HOSTILE}", day=today, tags=["[b]tag[/b]",
        "[@click=app.quit]"], commit_repo=f"/src/{TITLE}x", commit_sha="abcdef1"))  # fmt: skip
    add(make_draft(f"Second {HOSTILE}", day=today - timedelta(days=8)))
    services.entries.trash(add(make_draft(f"Trashed {HOSTILE}", day=today - timedelta(1))).id)
    services.drafts.save("new-entry", {"text": f"Draft {HOSTILE}", "tags": "[b]t[/b]"}, now)

    # Commits on the Monday two weeks back (a flagged week), in a folder named with escapes.
    repo = folder(root, f"repo {TITLE}{CLIPBOARD}[b]x")
    monday = IsoWeek.of(today).shifted(-2).monday
    hostile_repo(repo, datetime.combine(monday, time(12)).astimezone(UTC))
    services.add_repository(str(repo))
    gone = folder(root, f"gone {TITLE}")
    git("init", "-q", str(gone), cwd=root)
    services.add_repository(str(gone))
    shutil.rmtree(gone)  # scanning it now fails with a message naming the path
    services.scan()

    services.ledger.record(CallRecord(now, f"grade {HOSTILE}", f"model {HOSTILE}", 10, 20,
                                      None, 900, f"bad {HOSTILE}", f"said {HOSTILE}"))  # fmt: skip

    # A finished audit last month whose gap is the goal, and one running now.
    day = months_before(today, 1)
    began = local_instant(day, 19)
    done = a.finish(a.start(a.plan(f"Old {HOSTILE}", 4, 2, 60, day), began, day),
                    began + timedelta(minutes=40), a.Outcome.PARTLY, 40,
                    f"gap {HOSTILE}\nanother gap", f"looked up {HOSTILE}")  # fmt: skip
    services.audits.save(a.choose_rebuild(services.audits.save(done), f"gap {HOSTILE}"))
    services.audits.save(a.start(a.plan(f"Task {HOSTILE}", 4, 2, 60, today), now, today))


@pytest.fixture
def hostile_home(tmp_path: Path, home: Path) -> Iterator[Path]:
    """A home full of hostile text, on the real clock (the app in the terminal uses it)."""
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        '[ui]\ntheme = "t\\u001b]0;pwned\\u0007"\n'
        '[ai]\nmodel = "m\\u001b]0;pwned\\u0007 [b]x\\u009b2J"\n'
        '[git]\nemails = ["me@example.com", "e\\u001b]0;pwned\\u0007"]\n',
        encoding="utf-8",
    )
    services = open_services(Paths.under(home))
    try:
        seed_hostile(services, tmp_path)
    finally:
        services.close()
    yield home


def assert_no_hostile_escapes(raw: bytes, osc: list[str]) -> None:
    """Nothing written is a hostile escape sequence or a C1 control; `osc` lists every OSC."""
    text = raw.decode("utf-8", "replace")
    assert b"\x1b]52;" not in raw  # nothing in this run copies: no clipboard write at all
    assert b"\x1b]0;pwned" not in raw and b"\x1b]2;" not in raw
    assert WIPE not in text
    assert not re.search("[\x80-\x9f]", text), "a C1 control reached the terminal"
    for string in osc:  # Textual's own: the pointer shape only
        assert string.startswith("]22;"), repr(string[:80])
        assert "pwned" not in string and PAYLOAD not in string


def test_hostile_text_never_reaches_the_terminal(hostile_home: Path, tmp_path: Path) -> None:
    # A key in the environment opens the consent screen, which shows the model; nothing is sent.
    env = {**os.environ, "ANTHROPIC_API_KEY": "sk-ant-not-a-real-key"}
    app = PtyApp(env, tmp_path, columns=120, rows=40).start()
    seen: list[str] = []

    def visit(*keys: str, shows: str) -> str:
        app.press(*keys)
        app.wait_for(shows)
        app.settle()
        seen.append(app.terminal.screen())
        return seen[-1]

    try:
        app.wait_for("Latest entries", timeout=60)
        app.settle()
        home = app.terminal.screen()
        # The start-up notes (the bad theme, the draft, what is due) cover the titles' ends; the
        # goal line shows the same text whole, control pictures and all.
        assert "Second [b]bold[/b] [@click=app" in home
        assert "rebuild “gap [b]bold[/b] [@click=app.quit]click me[/]" in home
        assert "␛]52;c;cHduZWQ=␇␛]0;pwned␇␛[2J␛[H" in home
        assert "Unknown theme 't\\x1b]0;pwned\\x07'" in home  # the config value, escaped

        log = visit("l", shows="Body [b]bold")
        assert SHOWN in log and "#[b]tag[/b] #[@click=app.quit]" in log
        # Clicking the would-be link in the preview runs no action: the app stays, on the log.
        places = app.terminal.find("Body [b]bold[/b] [@click=app.quit]")
        assert places, log
        column, row = places[-1]
        app.click(column + len("Body [b]bold[/b] [@cl"), row)
        app.settle()
        assert app.running() and "Body [b]bold" in app.terminal.screen()
        assert "Edit entry" not in app.terminal.screen()

        visit("e", shows="Edit entry")  # the text in the editor's own fields
        visit("escape", shows="Body [b]bold")
        visit("o", shows="Commits a week")
        week = visit("down", "down", "enter", shows="Summary")
        # The table cuts the summary; the line under it shows the highlighted commit's in full.
        assert "Commit 1 [b]bold[/b] [@click=app.q" in week
        assert "␛]52;c;cHduZWQ=␇␛]0;pwned␇␛[2J␛[H" in week
        assert "repo ␛]0;pwned␇" in week
        visit("escape", shows="Commits a week")
        repos = visit("r", shows="Repositories")
        assert "repo ␛]0;pwned␇␛]52;c;" in repos
        visit("escape", shows="Commits a week")
        scanned = visit("s", shows="could not be read")
        assert "␛]0;pwned␇ does not exist" in scanned  # the path, in the error message
        audit = visit("a", shows="Audit under way")
        assert f"Task {MARKUP} {SHOWN}" in audit
        visit("c", shows="Symptom")
        assert "Trashed [b]bold[/b]" in visit("t", shows="in the trash since")
        assert "Claude (m␛]0;pwned␇ [b]x\\x9b2J)" in visit("q", shows="Ways to be quizzed")
        assert "model m␛]0;pwned␇ [b]x" in visit("e", shows="Before the first call")
        visit("escape", shows="Nothing was sent")
        usage = visit("u", shows="Latest calls")
        assert f"grade {MARKUP} ␛]52;c;" in usage and ": said [b]bold" in usage
        visit("question_mark", shows="Everywhere")
        visit("escape", shows="Latest calls")
        editor = visit("n", shows="New entry")
        assert "Draft [b]bold[/b] [@click=app.quit]click me[/] ]52;c;cHduZWQ=]0;pwned" in editor
        assert "Goal:" in editor and "gap [b]bold[/b]" in editor

        app.press("ctrl+q")
        assert app.wait() == 0
        assert_no_hostile_escapes(bytes(app.output), app.terminal.osc)
    finally:
        app.close()


@pytest.mark.parametrize("leak", [CLIPBOARD, TITLE, WIPE, C1, "\x1b]2;pwned\x07"])
def test_the_check_catches_each_sequence_written_raw(leak: str) -> None:
    """The checks above can fail: output holding any one hostile sequence raw is caught."""
    terminal = Terminal(120, 40)
    raw = f"\x1b[1;1Hsafe text {leak} more".encode()
    terminal.feed(raw)
    with pytest.raises(AssertionError):
        assert_no_hostile_escapes(raw, terminal.osc)
    assert_no_hostile_escapes(b"\x1b[1;1Hsafe text " + SHOWN.encode(), [])
