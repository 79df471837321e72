"""A deterministic, realistic git repository made with `git fast-import`, cached by its parameters.

The history looks like a few years of a small team's product: a few hundred files in folders
(Python, TypeScript, Markdown, SQL, YAML), commits touching 1-10 files with edits from one line
to a few hundred, new, deleted and renamed files, binary images, lock files churned by a bot,
`--no-ff` merges of short topic branches, one unmerged branch, several authors of whom "the
user" writes most commits, and AI co-author trailers on some of them. Every byte follows from
the spec (fixed seed, fixed dates), so the same spec always gives the same commits and shas.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

# Bump when the generated history changes, so cached repositories are rebuilt.
GENERATOR_VERSION = 1
SEED = 20_260_405

USER_NAME = "Sam Rivera"
USER_EMAIL = "sam.rivera@example.com"
AI_TRAILER = "Co-authored-by: Claude <noreply@anthropic.com>"
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", "+0000")
# (name, email, time zone, weight); the user first. The bot only touches lock files.
AUTHORS = (
    (USER_NAME, USER_EMAIL, "+0100", 70),
    ("Priya Natarajan", "priya@example.com", "+0530", 9),
    ("Jonas Weber", "jonas.weber@example.org", "+0200", 8),
    ("Mei Lin", "mei.lin@example.net", "+0800", 6),
    ("Alex Kim", "alex.kim@example.com", "-0700", 4),
    (*BOT, 3),
)
START = datetime(2020, 1, 6, 8, tzinfo=UTC)
END = datetime(2025, 10, 31, 18, tzinfo=UTC)

# folder: (file name suffixes, relative weight of new files)
FOLDERS = {
    "src/ledger": (".py", 5), "src/ledger/core": (".py", 8), "src/ledger/api": (".py", 6),
    "src/ledger/db": (".py", 5), "src/ledger/ui": (".py", 4), "src/ledger/jobs": (".py", 3),
    "src/ledger/auth": (".py", 2), "src/ledger/reports": (".py", 3), "tests/unit": (".py", 7),
    "tests/integration": (".py", 3), "docs": (".md", 3), "docs/guide": (".md", 2),
    "docs/adr": (".md", 2), "web/src/components": (".tsx", 6), "web/src/pages": (".tsx", 3),
    "web/src/lib": (".ts", 4), "web/src/hooks": (".ts", 2), "scripts": (".sh", 1),
    "config": (".yml", 1), "migrations": (".sql", 2),
}  # fmt: skip
LOCK_FILES = {"package-lock.json": 2000, "poetry.lock": 800, "web/yarn.lock": 1200}
BINARY_FOLDER = "assets/img"
BINARY_FILES = 12
MAX_LINES = 400
WORDS = (
    "account", "balance", "ledger", "entry", "posting", "journal", "period", "report", "user",
    "session", "token", "cache", "query", "row", "batch", "export", "import", "invoice", "tax",
    "currency", "amount", "total", "filter", "page", "limit", "offset", "status", "retry",
    "timeout", "config", "schema", "migration", "index", "event", "queue", "worker", "job",
    "payload", "request", "response", "handler", "route", "view", "model", "form", "field",
    "error", "result", "value", "items", "key", "name", "date", "month", "year", "budget",
)  # fmt: skip
VERBS = (
    "Fix", "Add", "Refactor", "Update", "Remove", "Improve", "Handle", "Simplify", "Document",
    "Test", "Speed up", "Rename", "Validate", "Split", "Clean up", "Support",
)  # fmt: skip
SUFFIXES = (
    "when the period is empty", "for multi-currency accounts", "in the export", "on retry",
    "after a timeout", "for new users", "in the monthly report", "with a clearer message",
    "behind a flag", "without a full reload", "for large ledgers", "in the API", "",
)  # fmt: skip


@dataclass(frozen=True)
class RepoSpec:
    """What to generate; every field is part of the cache key.

    `start` and `end` (ISO 8601 instants with a zone) move the history's dates from the default
    2020-01 to 2025-10; left at None they stay out of the key, so older caches keep their names.
    """

    commits: int = 20_000
    files: int = 300
    merge_every: int = 400
    seed: int = SEED
    start: str | None = None
    end: str | None = None

    def key(self) -> str:
        fields = {k: v for k, v in asdict(self).items() if v is not None}
        digest = hashlib.sha256(
            json.dumps([GENERATOR_VERSION, fields], sort_keys=True).encode()
        ).hexdigest()[:10]
        return f"repo-{self.commits}c-{self.files}f-{digest}"

    def span(self) -> tuple[datetime, datetime]:
        """The first and last instants commits are spread over."""
        start = datetime.fromisoformat(self.start) if self.start else START
        end = datetime.fromisoformat(self.end) if self.end else END
        if start.tzinfo is None or end.tzinfo is None or end <= start:
            raise ValueError(f"a history needs aware start < end, not {self.start}..{self.end}")
        return start, end


@dataclass
class Manifest:
    """What the generated history holds, for the bench's checks."""

    commits: int = 0
    merges: int = 0
    user_commits: int = 0
    user_merges: int = 0
    user_ai_commits: int = 0
    renames: int = 0
    binary_changes: int = 0
    lock_changes: int = 0
    files: int = 0
    branches: list[str] = field(default_factory=list)
    build_seconds: float = 0.0

    @property
    def user_nonmerge_commits(self) -> int:
        return self.user_commits - self.user_merges


@dataclass(frozen=True)
class GeneratedRepo:
    """A cached repository: its work tree path and what it holds."""

    path: Path
    spec: RepoSpec
    manifest: Manifest


def git_environment() -> dict[str, str]:
    """An environment in which no user or system git config changes what git does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    return env


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        env=git_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


class _History:
    """Writes the fast-import stream while keeping the current tree in memory."""

    def __init__(self, spec: RepoSpec, out: IO[bytes]) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.out = out
        self.mark = 0
        self.manifest = Manifest()
        # A pool of source-like lines; new text is drawn from it.
        self.pool = [self._line() for _ in range(40_000)]
        self.text: dict[str, list[bytes]] = {}  # path -> lines, text files only
        self.blobs: dict[str, int] = {}  # path -> mark of its current blob
        self.binary: set[str] = set()
        self.by_folder: dict[str, list[str]] = {folder: [] for folder in FOLDERS}
        self.folder_names = list(FOLDERS)
        self.folder_weights = [FOLDERS[f][1] for f in self.folder_names]
        self.serial = 0
        self.pr = 100
        start, end = spec.span()
        self.even = spec.start is not None or spec.end is not None
        self.slot = 0
        self.start = self.clock = start.timestamp()
        self.step = (end.timestamp() - start.timestamp()) / max(spec.commits, 1)
        self.weights = [a[3] for a in AUTHORS]

    # -- content --------------------------------------------------------------------------

    def _line(self) -> bytes:
        rng = self.rng
        indent = b"    " * rng.choice((0, 1, 1, 2, 2, 2, 3))
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        shape = rng.randrange(6)
        if shape == 0:
            text = f"{a}_{b} = {c}({rng.choice(WORDS)}, {rng.randrange(1000)})"
        elif shape == 1:
            text = f"if {a}.{b} is None or {c} > {rng.randrange(100)}:"
        elif shape == 2:
            text = f"return {a}_{b}[{c}_{rng.choice(WORDS)}]"
        elif shape == 3:
            text = f"def {a}_{b}(self, {c}: {rng.choice(WORDS).title()}) -> None:"
        elif shape == 4:
            text = f"# {a.title()} the {b} before the {c} is written ({rng.randrange(99)})"
        else:
            text = f'{a}.{b}("{c}-{rng.choice(WORDS)}", {rng.random():.3f})'
        return indent + text.encode()

    def _lines(self, count: int) -> list[bytes]:
        return self.rng.choices(self.pool, k=count)

    def _new_size(self) -> int:
        return max(3, min(MAX_LINES, int(self.rng.lognormvariate(4.0, 0.8))))

    def _edit(self, lines: list[bytes]) -> list[bytes]:
        """A changed copy: a small tweak most often, sometimes a block, rarely a big change."""
        rng = self.rng
        lines = list(lines)
        roll = rng.random()
        if roll < 0.6:
            hunks, size = rng.randint(1, 3), (1, 4)
        elif roll < 0.92:
            hunks, size = rng.randint(1, 3), (3, 20)
        else:
            hunks, size = 1, (30, 200)
        for _ in range(hunks):
            at = rng.randrange(len(lines) + 1)
            span = rng.randint(*size)
            op = rng.random()
            # Files drift towards a few hundred lines: big ones lose more than they gain.
            shrink = 0.25 + 0.5 * min(1.0, len(lines) / MAX_LINES)
            if op < shrink and len(lines) > span + 5:
                del lines[at : at + span]  # remove
            elif op < shrink + (1 - shrink) / 2:
                lines[at:at] = self._lines(span)  # insert
            else:
                lines[at : at + span] = self._lines(max(1, span + rng.randint(-2, 3)))
        return lines or self._lines(3)

    def _lock_edit(self, lines: list[bytes]) -> list[bytes]:
        rng = self.rng
        lines = list(lines)
        for _ in range(rng.randint(2, 20)):
            at = rng.randrange(len(lines))
            span = rng.randint(4, 20)
            lines[at : at + span] = self._lines(span + rng.randint(-2, 2))
        return lines

    # -- stream ---------------------------------------------------------------------------

    def _data(self, payload: bytes) -> None:
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def _blob(self, payload: bytes) -> int:
        self.mark += 1
        self.out.write(b"blob\nmark :%d\n" % self.mark)
        self._data(payload)
        return self.mark

    def _store_text(self, path: str, lines: list[bytes]) -> None:
        self.text[path] = lines
        self.blobs[path] = self._blob(b"\n".join(lines) + b"\n")

    def _store_binary(self, path: str) -> None:
        size = int(self.rng.lognormvariate(9.0, 0.8))  # ~8 KB typical
        self.binary.add(path)
        self.blobs[path] = self._blob(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + self.rng.randbytes(size))

    def _new_path(self, folder: str) -> str:
        self.serial += 1
        a, b = self.rng.choice(WORDS), self.rng.choice(WORDS)
        suffix = FOLDERS[folder][0]
        name = f"test_{a}_{b}" if folder.startswith("tests") else f"{a}_{b}"
        if suffix in (".tsx",):
            name = f"{a.title()}{b.title()}"
        return f"{folder}/{name}{self.serial}{suffix}"

    def _folder_of(self, path: str) -> list[str]:
        return self.by_folder[path.rsplit("/", 1)[0]]

    def _add_file(self, folder: str) -> str:
        path = self._new_path(folder)
        self.by_folder[folder].append(path)
        self._store_text(path, self._lines(self._new_size()))
        return path

    # -- commits --------------------------------------------------------------------------

    def _author(self, bot_ok: bool = True) -> tuple[str, str, str]:
        while True:
            name, email, tz, _ = self.rng.choices(AUTHORS, self.weights)[0]
            if bot_ok or name != BOT[0]:
                return name, email, tz

    def _when(self) -> int:
        if self.even:  # an explicit span: one slot per commit, so the last lands before `end`
            self.slot += 1
            return int(self.start + (self.slot - 1 + self.rng.uniform(0.05, 0.95)) * self.step)
        self.clock += self.step * self.rng.uniform(0.1, 1.9)
        return int(self.clock)

    def _message(self, summary: str, user: bool) -> tuple[str, bool]:
        rng = self.rng
        parts = [summary]
        if rng.random() < 0.4:
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
            parts.append(textwrap.fill(body, 72))
        trailers = []
        ai = rng.random() < (0.14 if user else 0.05)
        if ai:
            if rng.random() < 0.15:
                parts.append("🤖 Generated with [Claude Code](https://claude.com/claude-code)")
            trailers.append(AI_TRAILER)
        if rng.random() < 0.03:
            trailers.append("Co-authored-by: Priya Natarajan <priya@example.com>")
        if trailers:
            parts.append("\n".join(trailers))
        return "\n\n".join(parts) + "\n", ai

    def _summary(self, focus: str) -> str:
        rng = self.rng
        topic = focus.rsplit("/", 1)[-1]
        text = f"{rng.choice(VERBS)} {rng.choice(WORDS)} {rng.choice(WORDS)} in {topic}"
        suffix = rng.choice(SUFFIXES)
        if rng.random() < 0.01:
            suffix = "für Umlaute und “Anführungszeichen” ✓"
        return f"{text} {suffix}".strip()

    def _commit(
        self,
        ref: str,
        author: tuple[str, str, str],
        message: str,
        changes: list[bytes],
        parent: int | None = None,
        merge: int | None = None,
    ) -> int:
        self.mark += 1
        name, email, tz = author
        when = self._when()
        out = self.out
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        ident = f"{name} <{email}> {when} {tz}".encode()
        out.write(b"author " + ident + b"\ncommitter " + ident + b"\n")
        self._data(message.encode())
        if parent is not None:
            out.write(b"from :%d\n" % parent)
        if merge is not None:
            out.write(b"merge :%d\n" % merge)
        out.writelines(changes)
        out.write(b"\n")
        manifest = self.manifest
        manifest.commits += 1
        if email.lower() == USER_EMAIL:
            manifest.user_commits += 1
            manifest.user_merges += merge is not None
        return self.mark

    def _modify(self, path: str) -> bytes:
        return b"M 100644 :%d %s\n" % (self.blobs[path], path.encode())

    def _work(self, touched: set[str] | None = None) -> tuple[list[bytes], str, bool]:
        """The changes of one ordinary commit: (fast-import lines, summary, is a bot commit)."""
        rng = self.rng
        manifest = self.manifest
        changes: list[bytes] = []
        if rng.random() < 0.03:  # a dependency bump: lock files only, often by the bot
            path = rng.choice(list(LOCK_FILES))
            self._store_text(path, self._lock_edit(self.text[path]))
            manifest.lock_changes += 1
            changes.append(self._modify(path))
            if rng.random() < 0.5:
                other = rng.choice([p for p in LOCK_FILES if p != path])
                self._store_text(other, self._lock_edit(self.text[other]))
                changes.append(self._modify(other))
            package = rng.choice(WORDS)
            summary = f"Bump {package}-lib from 1.{rng.randrange(30)}.0 to 1.{rng.randrange(30)}.1"
            if touched is not None:
                touched.update(LOCK_FILES)
            return changes, summary, True
        folder = rng.choices(self.folder_names, self.folder_weights)[0]
        grow = sum(map(len, self.by_folder.values())) < self.spec.files
        count = rng.choices(range(1, 11), (30, 22, 15, 10, 8, 5, 4, 3, 2, 1))[0]
        paths: list[str] = []
        if grow or rng.random() < 0.02 or not self.by_folder[folder]:
            paths.append(self._add_file(folder))
        pool = self.by_folder[folder]
        picks = rng.sample(pool, min(len(pool), count - len(paths)))
        if len(picks) < count - len(paths) and rng.random() < 0.5:
            tests = self.by_folder["tests/unit"]
            picks += rng.sample(tests, min(len(tests), rng.randint(1, 2)))
        for path in dict.fromkeys(picks):
            if path in paths:
                continue
            roll = rng.random()
            if roll < 0.01 and len(pool) > 4:  # a rename, with a small edit so -M pairs it
                target = rng.choice(self.folder_names)
                if FOLDERS[target][0] != FOLDERS[folder][0]:
                    target = folder
                new = self._new_path(target)
                lines = self.text.pop(path)
                del self.blobs[path]
                self._folder_of(path).remove(path)
                self.by_folder[target].append(new)
                if rng.random() < 0.6:
                    lines = list(lines)
                    lines[rng.randrange(len(lines))] = self._lines(1)[0]
                self._store_text(new, lines)
                changes.append(b"D %s\n" % path.encode())
                if touched is not None:
                    touched.add(path)
                path = new
                manifest.renames += 1
            elif roll < 0.015 and len(pool) > 4:  # a deletion
                self.text.pop(path)
                del self.blobs[path]
                self._folder_of(path).remove(path)
                changes.append(b"D %s\n" % path.encode())
                if touched is not None:
                    touched.add(path)
                continue
            else:
                self._store_text(path, self._edit(self.text[path]))
            paths.append(path)
        if rng.random() < 0.008:  # an image changed or added
            image = f"{BINARY_FOLDER}/{rng.choice(WORDS)}-{rng.randrange(BINARY_FILES)}.png"
            self._store_binary(image)
            paths.append(image)
            manifest.binary_changes += 1
        changes.extend(self._modify(p) for p in dict.fromkeys(paths))
        if touched is not None:
            touched.update(paths)
        return changes, self._summary(folder), False

    def _ordinary(
        self, ref: str, parent: int | None = None, touched: set[str] | None = None
    ) -> int:
        changes, summary, bot = self._work(touched)
        author = BOT if bot and self.rng.random() < 0.7 else self._author(bot_ok=False)
        message, ai = self._message(summary, author[1] == USER_EMAIL)
        if ai and author[1] == USER_EMAIL:
            self.manifest.user_ai_commits += 1
        if author[1] == USER_EMAIL and self.rng.random() < 0.05:
            author = (author[0], "Sam.Rivera@Example.com", author[2])  # case must not matter
        return self._commit(ref, author, message, changes, parent)

    def build(self) -> Manifest:
        rng = self.rng
        spec = self.spec
        # The first commit: lock files, images and a first handful of files.
        for path, size in LOCK_FILES.items():
            self._store_text(path, self._lines(size))
        for index in range(BINARY_FILES // 2):
            self._store_binary(f"{BINARY_FOLDER}/{WORDS[index]}-{index}.png")
        first = [self._add_file(rng.choice(self.folder_names)) for _ in range(30)]
        changes = [self._modify(p) for p in [*LOCK_FILES, *sorted(self.binary), *first]]
        user = AUTHORS[0][:3]
        tip = self._commit("refs/heads/main", user, "Initial import\n", changes)
        wip = min(3, max(0, spec.commits - 2))
        while self.manifest.commits < spec.commits - wip:
            left = spec.commits - wip - self.manifest.commits
            if left > 8 and rng.random() < 1 / spec.merge_every:
                tip = self._topic(tip, rng.randint(2, 6))
            else:
                tip = self._ordinary("refs/heads/main", tip)
        parent: int | None = tip
        for _ in range(wip):  # an unmerged branch
            parent = self._ordinary("refs/heads/spike/new-importer", parent)
            parent = None
        self.manifest.files = len(self.blobs)
        self.manifest.branches = ["main"]
        if wip:
            self.manifest.branches.append("spike/new-importer")
        if self.manifest.merges:
            self.manifest.branches.append("feature/last-merged")
        self.out.write(b"done\n")
        return self.manifest

    def _topic(self, base: int, length: int) -> int:
        """A short branch off `base`, merged back with a merge commit (like `--no-ff`)."""
        touched: set[str] = set()
        parent: int | None = base
        head = 0
        for _ in range(length):
            head = self._ordinary("refs/heads/feature/last-merged", parent, touched)
            parent = None
        changes = [
            self._modify(p) if p in self.blobs else b"D %s\n" % p.encode() for p in sorted(touched)
        ]
        self.pr += self.rng.randint(1, 9)
        message = f"Merge pull request #{self.pr} from team/feature-{self.pr}\n"
        author = AUTHORS[0][:3] if self.rng.random() < 0.8 else self._author(bot_ok=False)
        self.manifest.merges += 1
        return self._commit("refs/heads/main", author, message, changes, base, head)


def generate(spec: RepoSpec, target: Path) -> Manifest:
    """Write the repository into `target` (which must not exist) and return what it holds."""
    started = time.perf_counter()
    env = git_environment()
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(target)], env=env, check=True)
    # Light compression and no deltas here: the repack below redoes both, and faster.
    importer = ["-c", "pack.compression=1", "fast-import", "--quiet", "--done"]
    process = subprocess.Popen(
        ["git", "-C", str(target), *importer, "--big-file-threshold=1"],
        stdin=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    try:
        with process.stdin as stream:
            manifest = _History(spec, stream).build()
    finally:
        status = process.wait()
    if status != 0:
        raise RuntimeError(f"git fast-import failed with status {status}")
    # Pack it as `git gc` would leave it (deltas, a commit-graph, packed refs), then check out.
    _git(target, "repack", "-a", "-d", "-f", "-q", "--window=10", "--depth=50")
    _git(target, "commit-graph", "write", "--reachable")
    _git(target, "pack-refs", "--all")
    _git(target, "checkout", "-q", "-f", "main")
    counted = int(_git(target, "rev-list", "--count", "--branches", "HEAD"))
    if counted != manifest.commits:
        raise RuntimeError(f"generated {manifest.commits} commits but git counts {counted}")
    manifest.build_seconds = round(time.perf_counter() - started, 2)
    return manifest


def cached_repo(
    spec: RepoSpec, cache: Path, announce: Callable[[str], None] = lambda _: None
) -> GeneratedRepo:
    """The repository for `spec` under `cache`, generated on first use."""
    home = cache / "git" / spec.key()
    repo, manifest_file = home / "repo", home / "manifest.json"
    try:
        stored = json.loads(manifest_file.read_text(encoding="utf-8"))
        if (repo / ".git").is_dir():
            return GeneratedRepo(repo, spec, Manifest(**stored))
    except (OSError, ValueError, TypeError):
        pass
    announce(f"generating a {spec.commits:,}-commit git repository (first run only)")
    shutil.rmtree(home, ignore_errors=True)
    building = cache / "git" / f"{spec.key()}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        manifest = generate(spec, building / "repo")
        (building / "manifest.json").write_text(
            json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8"
        )
        os.replace(building, home)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    announce(
        f"generated {manifest.commits:,} commits ({manifest.user_commits:,} the user's, "
        f"{manifest.merges} merges, {manifest.files} files) in {manifest.build_seconds:.1f} s"
    )
    return GeneratedRepo(repo, spec, manifest)
