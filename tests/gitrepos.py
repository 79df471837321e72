"""Fixture git repositories with fixed dates and identities, and an independent count of them.

The builder drives the git CLI (never craftlog's code); the counter at the bottom reads plain
`git log --numstat` output with its own small parser, so the e2e tests can hold `craftlog weeks
--json` against a figure made without any of craftlog's parsing or rules.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# ---------------------------------------------------------------------------------------------
# Identities and the environment every git call runs in
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    name: str | bytes
    email: str


ME = Author("Me Myself", "me@example.com")
ME_SHOUTING = Author("Me Myself", "ME@EXAMPLE.COM")
OLD_ME = Author("Me On The Old Laptop", "old@oldmail.com")
JANE = Author("Jane Doe", "jane@example.com")
BOT = Author("Release Bot", "bot@ci.example.com")
COMMITTER = Author("Fixture Committer", "committer@example.com")

MAILMAP = "Me Myself <me@example.com> <old@oldmail.com>\n"

DEFAULT_EXCLUDE = ("*.lock", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "go.sum")


def git_env(extra: Mapping[str, str | bytes] | None = None) -> dict[str, str | bytes]:
    """The process environment without the user's git settings or any GIT_* variable."""
    env: dict[str, str | bytes] = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
    )
    env.update(extra or {})
    return env


def isolate_git(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Keep the host's ~/.gitconfig (and its user.email) away from craftlog's own git calls."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")


def run_git(
    where: Path, *args: str, stdin: bytes | None = None, env: Mapping | None = None
) -> bytes:
    done = subprocess.run(
        ["git", "-c", "protocol.file.allow=always", "-c", "advice.detachedHead=false", *args],
        cwd=where,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=dict(env) if env is not None else git_env(),
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"git {' '.join(args)} failed in {where}: {done.stderr.decode(errors='replace')}"
        )
    return done.stdout


def when_env(when: str, author: Author = ME) -> dict[str, str | bytes]:
    """Fixed author and committer, both dated `when` (ISO 8601 with an explicit offset)."""
    return {
        "GIT_AUTHOR_NAME": author.name,
        "GIT_AUTHOR_EMAIL": author.email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": COMMITTER.name,
        "GIT_COMMITTER_EMAIL": COMMITTER.email,
        "GIT_COMMITTER_DATE": when,
    }


def epoch_and_offset(when: str) -> tuple[int, str]:
    """'2026-03-02T10:00:00+01:00' -> (unix time, '+0100') for fast-import."""
    moment = datetime.fromisoformat(when)
    offset = moment.utcoffset()
    assert offset is not None, f"{when} needs an explicit offset"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return int(moment.timestamp()), f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def _raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------

Files = Mapping[str, "str | bytes | None"]


class GitRepo:
    """A repository on disk, changed only through the git CLI."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def init(cls, path: Path, *, bare: bool = False, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        run_git(path, "init", "-q", "-b", branch, *(["--bare"] if bare else []))
        return cls(path)

    @classmethod
    def clone(cls, source: GitRepo, path: Path, *options: str) -> GitRepo:
        url = f"file://{source.path}" if "--depth" in options else str(source.path)
        run_git(source.path.parent, "clone", "-q", *options, "--", url, str(path))
        return cls(path)

    def git(self, *args: str, stdin: bytes | None = None, **env: str | bytes) -> str:
        out = run_git(self.path, *args, stdin=stdin, env=git_env(env))
        return out.decode("utf-8", "replace").strip()

    def rev(self, name: str = "HEAD") -> str:
        return self.git("rev-parse", "--verify", f"{name}^{{commit}}")

    def write(self, files: Files) -> None:
        for name, content in files.items():
            target = self.path / name
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_raw(content))

    def commit(
        self,
        when: str,
        message: str | bytes,
        files: Files | None = None,
        *,
        author: Author = ME,
        encoding: str | None = None,
    ) -> str:
        """Write `files` (None deletes one), stage everything and commit the message verbatim."""
        if files:
            self.write(files)
        self.git("add", "-A")
        options = ["-c", f"i18n.commitEncoding={encoding}"] if encoding else []
        self.git(
            *options,
            "commit",
            "-q",
            "--allow-empty",
            "--allow-empty-message",
            "--no-verify",
            "--cleanup=verbatim",
            "-F",
            "-",
            stdin=_raw(message),
            **when_env(when, author),
        )
        return self.rev()

    def rename(self, old: str, new: str, when: str, message: str, *, extra_line: str = "") -> str:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", old, new)
        if extra_line:
            with (self.path / new).open("a", encoding="utf-8") as handle:
                handle.write(extra_line)
        return self.commit(when, message)

    def branch(self, name: str, start: str = "HEAD") -> None:
        self.git("branch", "--", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def detach(self, at: str = "HEAD") -> None:
        self.git("checkout", "-q", "--detach", at)

    def delete_branch(self, name: str) -> None:
        self.git("branch", "-q", "-D", name)

    def merge(self, branch: str, when: str, message: str, *, author: Author = ME) -> str:
        self.git(
            "merge", "-q", "--no-ff", "--no-edit", "-m", message, branch, **when_env(when, author)
        )
        return self.rev()

    def commit_tree(
        self,
        message: bytes,
        when: str,
        *,
        parents: Sequence[str] = ("HEAD",),
        tree: str = "HEAD^{tree}",
        author: Author = ME,
        ref: str | None = None,
    ) -> str:
        """A commit object written directly (any bytes in its message), optionally at a ref."""
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        sha = self.git(*args, stdin=message, **when_env(when, author))
        if ref:
            self.git("update-ref", ref, sha)
        return sha

    def fast_import(self, stream: bytes) -> None:
        run_git(self.path, "fast-import", "--quiet", "--done", stdin=stream + b"done\n")

    def import_commit(
        self,
        ref: str,
        when: str,
        message: bytes,
        files: Mapping[bytes, bytes],
        *,
        parent: str | None = None,
        author: Author = ME,
        encoding: str | None = None,
    ) -> str:
        """One commit made by fast-import: raw bytes for paths, names and message."""
        stamp, offset = epoch_and_offset(when)
        out = [b"commit " + ref.encode() + b"\n"]
        out.append(
            b"author %s <%s> %d %s\n"
            % (_raw(author.name), author.email.encode(), stamp, offset.encode())
        )
        out.append(
            b"committer %s <%s> %d %s\n"
            % (COMMITTER.name.encode(), COMMITTER.email.encode(), stamp, offset.encode())
        )
        if encoding:
            out.append(b"encoding " + encoding.encode() + b"\n")
        out.append(b"data %d\n%s\n" % (len(message), message))
        if parent:
            out.append(b"from " + parent.encode() + b"\n")
        for path, content in files.items():
            assert not path.startswith(b'"') and b"\n" not in path
            out.append(b"M 100644 inline " + path + b"\n")
            out.append(b"data %d\n%s\n" % (len(content), content))
        out.append(b"\n")
        self.fast_import(b"".join(out))
        return self.rev(ref)


def lines(count: int, prefix: str = "line") -> str:
    return "".join(f"{prefix} {n}\n" for n in range(count))


def big_commit(repo: GitRepo, ref: str, when: str, parent: str, files: int = 10_000) -> str:
    """One commit adding `files` one-line files, made by fast-import in well under a second."""
    content = {
        f"gen/{n // 1000:02d}/file{n:05d}.txt".encode(): f"{n}\n".encode() for n in range(files)
    }
    return repo.import_commit(ref, when, b"Generate ten thousand files\n", content, parent=parent)


# ---------------------------------------------------------------------------------------------
# The histories the e2e tests share
# ---------------------------------------------------------------------------------------------

AI_CLAUDE_CODE = (
    "Add the tokenizer\n\nSplits on whitespace.\n\n"
    "🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\n"
    "Co-authored-by: Claude <noreply@anthropic.com>\n"
)
AI_COPILOT = (
    "Tweak retries\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n"
)
AI_CLAUDE_TRAILER = "Wire up the CLI\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
HUMAN_COAUTHOR = "Pair on the parser\n\nCo-authored-by: Jane Doe <jane@example.com>\n"
MENTIONS_CURSOR = (
    "Fix cursor position after paste\n\n"
    "The jump was made by cursor math in the old editor; written with care.\n"
)
SEPARATORS = (
    "Odd \x1e subject\twith a tab\n\n"
    "1\t2\tfoo\n"
    "-\t-\tbar.bin\n"
    "\x1e NUL-free body \x1e\n\n"
    "\n1\t2\tfoo\n"
)
LATIN1_MESSAGE = (
    "Caf\xe9 cr\xe8me br\xfbl\xe9e\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n"
).encode("latin-1")
INVALID_UTF8_MESSAGE = b"Bad bytes \xff\xfe\xc3 here\n\nMore \x80\x81 junk\n"


@dataclass
class MainHistory:
    """The big shared fixture and the named commits the tests look at."""

    repo: GitRepo
    shas: dict[str, str]
    lib: GitRepo
    worktree: GitRepo


def build_main(root: Path) -> MainHistory:
    """Every case of SPEC 2.5 in one repository, dated 2026-03 to 2026-04 (plus one future)."""
    repo = GitRepo.init(root / "main")
    s: dict[str, str] = {}

    # 2026-W10: six plain commits of mine; text, binary, lock files, a rename, an empty commit.
    s["first"] = repo.commit(
        "2026-03-02T10:00:00+01:00",
        "Start the project",
        {"a.txt": lines(10), "b.txt": lines(5, "bee"), ".mailmap": MAILMAP},
    )
    s["binary"] = repo.commit(
        "2026-03-03T10:00:00+01:00",
        "Edit a and add a logo",
        {"a.txt": lines(8) + "new 1\nnew 2\nnew 3\n", "logo.png": b"\x89PNG\r\n\x1a\n\x00\x01\x02"},
    )
    s["locks"] = repo.commit(
        "2026-03-04T10:00:00+01:00",
        "Add dependencies",
        {
            "package-lock.json": lines(50, "lock"),
            "web/yarn.lock": lines(7),
            "go.sum": lines(9),
            "Cargo.lock": lines(11),
            "web/pnpm-lock.yaml": lines(3),
            "src/app.py": lines(4, "code"),
        },
    )
    s["rename"] = repo.rename(
        "b.txt", "docs/b_renamed.txt", "2026-03-05T10:00:00+01:00", "Move b", extra_line="more\n"
    )
    s["empty"] = repo.commit("2026-03-06T10:00:00+01:00", "Empty commit to trigger CI")
    # Sunday 23:30 at +01:00 is Sunday 22:30 UTC: still W10 in UTC, Monday W11 in Tokyo.
    s["ai_trailer"] = repo.commit(
        "2026-03-08T23:30:00+01:00", AI_CLAUDE_TRAILER, {"src/cli.py": lines(6, "cli")}
    )

    # 2026-W11: identities, a branch and a merge.
    s["shouting"] = repo.commit(
        "2026-03-09T09:00:00-05:00", "Upper-case email", {"c.txt": lines(2)}, author=ME_SHOUTING
    )
    repo.branch("feature")
    repo.checkout("feature")
    s["feature"] = repo.commit(
        "2026-03-10T09:00:00+00:00", "Feature work", {"feat.txt": lines(2, "feat")}
    )
    s["jane"] = repo.commit(
        "2026-03-11T09:00:00+00:00", "Jane's part", {"jane.txt": lines(40)}, author=JANE
    )
    repo.checkout("main")
    s["old_email"] = repo.commit(
        "2026-03-11T12:00:00+00:00", "From the old laptop", {"old.txt": lines(3)}, author=OLD_ME
    )
    s["merge"] = repo.merge("feature", "2026-03-12T09:00:00+00:00", "Merge feature")
    s["bot"] = repo.commit(
        "2026-03-13T09:00:00+00:00", "Bump version", {"VERSION": "1.0.1\n"}, author=BOT
    )

    # Monday 02:00 UTC: Sunday evening in Los Angeles (W11), Monday in Tokyo and UTC (W12).
    s["boundary"] = repo.commit(
        "2026-03-16T02:00:00+00:00", "Late-night fix", {"a.txt": lines(8) + "fixed\n"}
    )
    # 2026-W12: assistants and look-alikes, and a message full of the parser's separators.
    s["claude_code"] = repo.commit(
        "2026-03-17T10:00:00+01:00", AI_CLAUDE_CODE, {"src/tok.py": lines(12, "tok")}
    )
    s["copilot"] = repo.commit(
        "2026-03-18T10:00:00+01:00", AI_COPILOT, {"src/retry.py": lines(3, "r")}
    )
    s["human_coauthor"] = repo.commit(
        "2026-03-18T11:00:00+01:00", HUMAN_COAUTHOR, {"src/parse.py": lines(5, "p")}
    )
    s["mentions_cursor"] = repo.commit(
        "2026-03-19T10:00:00+01:00", MENTIONS_CURSOR, {"src/edit.py": lines(2, "e")}
    )
    s["separators"] = repo.commit("2026-03-20T10:00:00+01:00", SEPARATORS, {"w.txt": "one\n"})

    # 2026-W13: encodings. A latin-1 commit (declared), raw invalid UTF-8 (undeclared), and
    # non-UTF-8 file names, one of them an excluded lock file.
    s["latin1"] = repo.commit(
        "2026-03-23T10:00:00+01:00",
        LATIN1_MESSAGE,
        {"cafe.txt": lines(2)},
        author=Author("Jos\xe9 Me".encode("latin-1"), "me@example.com"),
        encoding="latin-1",
    )
    s["invalid_utf8"] = repo.commit_tree(
        INVALID_UTF8_MESSAGE, "2026-03-24T10:00:00+01:00", ref="refs/heads/main"
    )
    repo.git("reset", "-q", "--hard", "main")
    s["raw_paths"] = repo.import_commit(
        "refs/heads/main",
        "2026-03-25T10:00:00+01:00",
        b"Files with latin-1 names\n",
        {b"caf\xe9.lock": lines(20).encode(), b"notes\xe9.txt": b"x\ny\n"},
        parent=s["invalid_utf8"],
    )
    repo.git("reset", "-q", "--hard", "main")

    # 2026-W14: one commit of 10,000 files on a branch of its own.
    s["big"] = big_commit(repo, "refs/heads/big", "2026-04-01T10:00:00+02:00", s["raw_paths"])

    # 2026-W15: commits no local branch or HEAD reaches (a tag, a remote branch, a deleted
    # branch) do not count.
    s["tag_only"] = repo.commit_tree(
        b"Tagged only\n", "2026-04-06T10:00:00+02:00", ref="refs/tags/only-tag"
    )
    s["remote_only"] = repo.commit_tree(
        b"Remote only\n", "2026-04-07T10:00:00+02:00", ref="refs/remotes/origin/gone"
    )
    repo.branch("throwaway")
    repo.checkout("throwaway")
    s["deleted_branch"] = repo.commit(
        "2026-04-08T10:00:00+02:00", "Abandoned idea", {"idea.txt": lines(30)}
    )
    repo.checkout("main")
    repo.delete_branch("throwaway")
    s["w15"] = repo.commit("2026-04-09T10:00:00+02:00", "Real work", {"real.txt": lines(4)})

    # 2026-W16: a submodule, and a worktree on its own branch.
    lib = GitRepo.init(root / "lib-origin")
    lib.commit("2026-04-13T08:00:00+02:00", "Lib start", {"lib.c": lines(5, "int")})
    lib.commit("2026-04-14T08:00:00+02:00", "Lib grows", {"lib.c": lines(9, "int")})
    repo.git("submodule", "add", "-q", "--", str(lib.path), "vendor/lib")
    s["submodule"] = repo.commit("2026-04-15T10:00:00+02:00", "Add lib as a submodule")
    sub = GitRepo(repo.path / "vendor" / "lib")
    s["in_submodule"] = sub.commit(
        "2026-04-16T10:00:00+02:00", "Patch lib in place", {"patch.c": lines(2)}
    )
    worktree = GitRepo(root / "wt")
    repo.git("worktree", "add", "-q", "-b", "wt-branch", "--", str(worktree.path), "main")
    s["worktree"] = worktree.commit(
        "2026-04-17T10:00:00+02:00", "From the worktree", {"wt.txt": lines(3)}
    )

    # A commit dated in the future: 2026-12-31 is in 2026-W53, after the current week.
    s["future"] = repo.commit_tree(
        b"From the future\n", "2026-12-31T12:00:00+00:00", ref="refs/heads/future"
    )

    # 2026-W17: detached HEAD, last, so HEAD reaches a commit no branch does.
    repo.detach("main")
    s["detached"] = repo.commit(
        "2026-04-21T10:00:00+02:00", "Experiment on a detached HEAD", {"exp.txt": lines(5)}
    )
    return MainHistory(repo=repo, shas=s, lib=sub, worktree=worktree)


def build_small(path: Path, start: date = date(2026, 5, 4), count: int = 6) -> GitRepo:
    """A short history of mine, one commit a day from `start` (a Monday)."""
    repo = GitRepo.init(path)
    for n in range(count):
        day = start + timedelta(days=n)
        repo.commit(f"{day}T10:00:00+00:00", f"Day {n}", {f"f{n}.txt": lines(n + 1)})
    return repo


# ---------------------------------------------------------------------------------------------
# The independent count: plain `git log --numstat`, parsed here, rules written out here
# ---------------------------------------------------------------------------------------------

_ASSISTANTS = re.compile(
    r"\b(claude|anthropic|copilot|cursor|chatgpt|openai|codex|gemini|aider|devin-ai|windsurf)\b",
    re.I,
)


@dataclass(frozen=True)
class Seen:
    """One commit as plain git log shows it."""

    sha: str
    parents: int
    email: str
    at: int
    files: tuple[tuple[str, int | None, int | None], ...]
    message: str


def _unquote(path: str) -> str:
    if path.startswith('"') and path.endswith('"'):
        raw = codecs.escape_decode(path[1:-1].encode("utf-8"))[0]
        return raw.decode("utf-8", "surrogateescape")
    return path


def _new_name(path: str) -> str:
    """`a/{b => c}/d` or `b => c` as numstat prints a rename, reduced to the new name."""
    path = re.sub(r"\{[^{}]* => ([^{}]*)\}", r"\1", path)
    if " => " in path:
        path = path.split(" => ", 1)[1]
    return path.replace("//", "/")


def _revs(where: Path) -> list[str]:
    head = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"],
        cwd=where,
        capture_output=True,
        env=git_env(),
        check=False,
    )
    return ["--branches", *(["HEAD"] if head.returncode == 0 else [])]


def read_history(where: Path) -> list[Seen]:
    """Commits reachable from any local branch or HEAD, from two plain `git log` runs."""
    revs = _revs(where)
    numstat = run_git(
        where, "log", *revs, "-M", "--numstat", "--format=%H %P|%aE|%at", "--"
    ).decode("utf-8", "surrogateescape")
    commits: list[dict] = []
    for line in numstat.splitlines():
        if not line.strip():
            continue
        if "\t" in line:
            added, removed, path = line.split("\t", 2)
            commits[-1]["files"].append(
                (
                    _new_name(_unquote(path)),
                    None if added == "-" else int(added),
                    None if removed == "-" else int(removed),
                )
            )
            continue
        ids, email, at = line.rsplit("|", 2)
        sha, *parents = ids.split()
        commits.append(
            {"sha": sha, "parents": len(parents), "email": email, "at": int(at), "files": []}
        )
    bodies = run_git(where, "log", *revs, "-z", "--format=%H%n%B", "--").decode("utf-8", "replace")
    messages = {}
    for record in bodies.split("\0"):
        if record.strip():
            sha, _, body = record.partition("\n")
            messages[sha] = body
    return [
        Seen(c["sha"], c["parents"], c["email"], c["at"], tuple(c["files"]), messages[c["sha"]])
        for c in commits
    ]


def looks_ai(message: str) -> bool:
    for line in message.splitlines():
        low = line.strip().lower()
        if low.startswith("co-authored-by:") and _ASSISTANTS.search(low.split(":", 1)[1]):
            return True
        head, found, tail = low.partition("generated with")
        if found and not re.search(r"\w", head) and _ASSISTANTS.search(tail):
            return True
    return False


def excluded(path: str, patterns: Iterable[str]) -> bool:
    import fnmatch

    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(path if "/" in p else name, p.lstrip("/")) for p in patterns)


@dataclass(frozen=True)
class Counted:
    """One commit's contribution to its week, under the rules."""

    sha: str
    week: str
    monday: date
    added: int
    removed: int
    ai: bool


def counted(
    histories: Iterable[list[Seen]],
    *,
    emails: Sequence[str] | None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    tz: str = "UTC",
) -> dict[str, Counted]:
    """sha -> what it adds to its week: mine only, no merges, each sha once."""
    wanted = {e.lower() for e in emails or ()}
    zone = ZoneInfo(tz)
    out: dict[str, Counted] = {}
    for history in histories:
        for c in history:
            if c.sha in out or c.parents > 1:
                continue
            if wanted and c.email.lower() not in wanted:
                continue
            added = sum(a for p, a, _ in c.files if a is not None and not excluded(p, exclude))
            removed = sum(r for p, _, r in c.files if r is not None and not excluded(p, exclude))
            day = datetime.fromtimestamp(c.at, zone).date()
            year, week, weekday = day.isocalendar()
            out[c.sha] = Counted(
                c.sha,
                f"{year}-W{week:02d}",
                day - timedelta(days=weekday - 1),
                added,
                removed,
                looks_ai(c.message),
            )
    return out


def _n(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def expected_reason(
    commits: int, lines_changed: int, entries: int, min_commits: int, min_lines: int
) -> tuple[bool, str]:
    output = _n(commits, "commit", "commits")
    if min_lines > 0:
        output += " and " + _n(lines_changed, "changed line", "changed lines")
    if entries:
        return False, _n(entries, "learning entry", "learning entries") + " logged"
    if commits >= min_commits and lines_changed >= min_lines:
        return True, output + " and no learning logged"
    if commits == 0:
        return False, "no commits and no learning logged"
    if commits < min_commits:
        return False, f"{output}, under the {min_commits} that would flag the week"
    return False, f"{output}, under the {min_lines:,} changed lines that would flag the week"


def expected_weeks(
    commits: Mapping[str, Counted],
    *,
    entries: Mapping[date, int] | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    min_commits: int = 5,
    min_lines: int = 0,
) -> list[dict[str, object]]:
    """The rows `craftlog weeks --json` must print, worked out from scratch."""
    entries = entries or {}

    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    this_monday = monday(today or date.today())
    mondays = [c.monday for c in commits.values()] + [monday(d) for d in entries]
    if since is not None:
        first = monday(since)
    else:
        past = [m for m in mondays if m <= this_monday]
        if not past:
            return []
        first = min(past)
    last = monday(until) if until is not None else this_monday
    rows = []
    week = first
    while week <= last:
        mine = [c for c in commits.values() if c.monday == week]
        logged = sum(n for d, n in entries.items() if monday(d) == week)
        added = sum(c.added for c in mine)
        removed = sum(c.removed for c in mine)
        flagged, reason = expected_reason(
            len(mine), added + removed, logged, min_commits, min_lines
        )
        year, number, _ = week.isocalendar()
        rows.append(
            {
                "week": f"{year}-W{number:02d}",
                "start": week.isoformat(),
                "commits": len(mine),
                "lines_added": added,
                "lines_removed": removed,
                "ai_assisted_commits": sum(c.ai for c in mine),
                "entries": logged,
                "flagged": flagged,
                "reason": reason,
            }
        )
        week += timedelta(days=7)
    return rows


def write_config(
    home: Path,
    *,
    emails: Sequence[str] = (),
    exclude: Sequence[str] | None = None,
    min_commits: int = 5,
    min_lines: int = 0,
) -> None:
    """craftlog's config.toml with the given [git] and [flags] settings."""
    import json

    home.mkdir(parents=True, exist_ok=True)
    text = f"[git]\nemails = {json.dumps(list(emails))}\n"
    if exclude is not None:
        text += f"exclude = {json.dumps(list(exclude))}\n"
    text += f"[flags]\nmin_commits = {min_commits}\nmin_lines = {min_lines}\n"
    (home / "config.toml").write_text(text, encoding="utf-8")
