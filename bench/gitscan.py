"""The git-scan measures of SPEC §5: full scan, rescan with nothing new, peak memory.

Every craftlog side is a whole `craftlog scan` process on a CRAFTLOG_HOME copied from a template
before each run, with HOME's git identity set to the generated history's user. Repositories come
from bench/gitrepo.py, cached in bench/.cache/git.

- git-full-scan: a home with the repository registered but never scanned, against
  `git -C REPO log --numstat --branches HEAD` with its output sent to /dev/null (the same
  commits: every local branch and HEAD). Checked afterwards: the stored commits, the week sums
  and the AI-assisted count equal what the generator wrote.
- git-rescan: the whole `craftlog scan` process when the one repository is already up to date,
  against a fixed 0.2 s budget (ratio = time / 0.2 s, bar 1.0). This includes interpreter start
  and imports, so it is the strict reading of "under 0.2 s per repository".
- git-rescan-per-repo: what one more up-to-date repository adds: each run times the rescan with
  11 repositories (the big one and 10 clones of a small one) and with the big one alone, and
  takes (t11 - t1) / 10; median over runs, against the same 0.2 s budget.
- git-peak-memory: the craftlog process's own peak RSS (getrusage at exit, in a wrapper that
  runs craftlog's entry point) scanning a long history, against the same on a history 4 times
  shorter; flat memory (streaming) keeps the ratio near 1. The git child's peak is reported
  aside: it is git's memory, and grows with the repository the same for any reader.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from bench.context import BenchError, Context, clean_environment, log
from bench.craftlog_home import CraftlogFixture
from bench.gitrepo import USER_EMAIL, USER_NAME, GeneratedRepo, RepoSpec, cached_repo
from bench.trials import CommandTrial, Snapshot, Trial

NOOP_BUDGET_S = 0.2


class Sides(NamedTuple):
    """A measure's two trials, with a title and reference text naming the sizes used."""

    craftlog: Trial
    reference: Trial
    title: str
    reference_text: str | None = None


@dataclass(frozen=True)
class GitSizes:
    """History lengths, in commits, of the repositories each measure uses."""

    scan: int  # the full scan and the one-repository rescan
    small: int  # each extra repository of the per-repository rescan
    extra: int  # how many extra repositories
    memory: tuple[int, int]  # the shorter and the longer history of the memory measure


FULL = GitSizes(scan=20_000, small=2_000, extra=10, memory=(10_000, 40_000))
QUICK = GitSizes(scan=2_000, small=300, extra=10, memory=(1_000, 4_000))


def sizes(ctx: Context) -> GitSizes:
    chosen = QUICK if ctx.quick else FULL
    if ctx.git_commits:
        chosen = GitSizes(ctx.git_commits, chosen.small, chosen.extra, chosen.memory)
    return chosen


def _expect(what: str, actual: object, expected: object) -> None:
    if actual != expected:
        raise BenchError(f"{what}: expected {expected!r}, found {actual!r}")


# -- fixtures ------------------------------------------------------------------------------


@dataclass
class GitWorld:
    """The user's side of every git measure: a HOME whose git identity is the generated user's."""

    ctx: Context
    user_home: Path
    repos: dict[int, GeneratedRepo] = field(default_factory=dict)

    def repo(self, commits: int) -> GeneratedRepo:
        """The generated repository of `commits` commits (cached on disk across runs)."""
        if commits not in self.repos:
            repo = cached_repo(RepoSpec(commits=commits), self.ctx.cache, log)
            self._check(repo)
            self.repos[commits] = repo
        return self.repos[commits]

    def _check(self, repo: GeneratedRepo) -> None:
        counted = self.git(repo.path, "rev-list", "--count", "--branches", "HEAD", "--").strip()
        _expect(f"commits in {repo.path}", int(counted), repo.manifest.commits)

    def env(self) -> dict[str, str]:
        return clean_environment(self.user_home)

    def git(self, repo: Path, *args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(repo), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(f"git {' '.join(args)} in {repo} failed: {result.stderr.strip()}")
        return result.stdout

    def home(self, name: str) -> CraftlogFixture:
        """A fresh craftlog home `name` (template and live copy), with nothing registered."""
        return CraftlogFixture(
            executable=self.ctx.craftlog,
            template=self.ctx.scratch / "template" / name,
            live=self.ctx.scratch / "live" / name,
            user_home=self.user_home,
            entries=0,
        )


def build_world(ctx: Context) -> GitWorld:
    """A user home whose global git config names the generated history's user."""
    user_home = ctx.directory("git-user")
    (user_home / ".gitconfig").write_text(
        f"[user]\n\tname = {USER_NAME}\n\temail = {USER_EMAIL}\n", encoding="utf-8"
    )
    _record_git_version(ctx)
    return GitWorld(ctx, user_home)


def _record_git_version(ctx: Context) -> None:
    version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    ctx.versions["git"] = version.stdout.split()[-1] if version.returncode == 0 else "unknown"


def world(ctx: Context) -> GitWorld:
    return ctx.fixture("git-world", build_world)


def _registered(
    world: GitWorld, name: str, repos: Sequence[Path], scanned: bool
) -> CraftlogFixture:
    home = world.home(name)
    home.run("repos", "add", *map(str, repos), home=home.template)
    if scanned:
        started = time.perf_counter()
        home.run("scan", home=home.template)
        log(
            f"{name}: first scan of {len(repos)} repositories took "
            f"{time.perf_counter() - started:.1f} s (setup, not timed)"
        )
    return home


def _scan_checks(home: CraftlogFixture, repo: GeneratedRepo) -> list[Callable[[], None]]:
    """After a full scan: the user's commits are stored, and week sums and AI counts add up."""
    manifest = repo.manifest

    def stored() -> None:
        listed = json.loads(home.run("repos", "list", "--json"))
        _expect("repositories after the scan", len(listed), 1)
        outcome = (listed[0]["status"], listed[0]["message"])
        _expect("the scan's outcome", outcome, ("ok", "up to date"))
        _expect("the user's commits stored", listed[0]["commits"], manifest.user_commits)

    def weeks() -> None:
        table = json.loads(home.run("weeks", "--json"))
        _expect(
            "commits summed over weeks",
            sum(w["commits"] for w in table),
            manifest.user_nonmerge_commits,
        )
        _expect(
            "AI-assisted commits summed over weeks",
            sum(w["ai_assisted_commits"] for w in table),
            manifest.user_ai_commits,
        )

    return [stored, weeks]


# -- trials --------------------------------------------------------------------------------


def _failure(label: str, result: subprocess.CompletedProcess[bytes]) -> str:
    tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    return f"{label} exited with {result.returncode}: {' / '.join(tail) or 'no message'}"


@dataclass
class BudgetTrial:
    """The reference side of an absolute bar: a fixed number of seconds, not a program."""

    label: str
    seconds: float

    def reset(self) -> None:
        return None

    def run(self) -> float:
        return self.seconds

    def verify(self) -> None:
        return None


@dataclass
class MarginalTrial:
    """(time with many repositories − time with one) / the number of extra repositories."""

    label: str
    many: CommandTrial
    one: CommandTrial
    extra: int
    _turn: int = 0
    _samples: dict[str, list[float]] = field(default_factory=lambda: {"many": [], "one": []})

    def reset(self) -> None:
        self.many.reset()
        self.one.reset()

    def run(self) -> float:
        self._turn += 1
        order = [("many", self.many), ("one", self.one)]
        times = {}
        for name, trial in order if self._turn % 2 else reversed(order):
            times[name] = trial.run()
            if self._turn > 1:  # the first run is the runner's untimed warm-up
                self._samples[name].append(times[name])
        return (times["many"] - times["one"]) / self.extra

    def verify(self) -> None:
        self.many.verify()
        self.one.verify()

    def notes(self) -> list[str]:
        if not self._samples["one"]:
            return []
        many, one = (statistics.median(self._samples[k]) * 1000 for k in ("many", "one"))
        return [
            f"whole `craftlog scan` with nothing new: {one:.1f} ms for 1 repository, {many:.1f} ms "
            f"for {self.extra + 1} (medians); per extra repository ({many:.1f} − {one:.1f}) / "
            f"{self.extra} = {(many - one) / self.extra:.1f} ms"
        ]


# Runs craftlog's own entry point and, at exit, writes its peak RSS and its git children's.
_MEASURED = """\
import atexit, os, resource, sys
def _peak():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(f"{own} {kids}")
atexit.register(_peak)
sys.argv[0] = "craftlog"
from craftlog.cli import main
sys.exit(main())
"""


@dataclass
class PeakMemoryTrial:
    """`craftlog scan` on a fresh home; run() returns the craftlog process's peak RSS in bytes.

    The figure is craftlog's own process (getrusage RUSAGE_SELF at exit), not the `git log` it
    streams from: git's memory is git's, the same as the reference's, and is reported aside.
    """

    label: str
    home: CraftlogFixture
    args: Sequence[str]
    checks: Sequence[Callable[[], None]] = ()
    peaks: list[tuple[int, int, float]] = field(default_factory=list)

    def reset(self) -> None:
        Snapshot(self.home.template, self.home.live).restore()

    def run(self) -> float:
        with tempfile.NamedTemporaryFile(prefix="bench-peak-", delete=False) as handle:
            report = Path(handle.name)
        env = {**self.home.env(), "BENCH_PEAK_FILE": str(report)}
        try:
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", _MEASURED, *self.args],
                env=env,
                cwd=self.home.user_home,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                raise BenchError(_failure(self.label, result))
            own, kids = map(int, report.read_text(encoding="utf-8").split())
        finally:
            report.unlink(missing_ok=True)
        self.peaks.append((own * 1024, kids * 1024, elapsed))
        return float(own * 1024)

    def verify(self) -> None:
        for check in self.checks:
            check()

    def notes(self) -> list[str]:
        if not self.peaks:
            return []
        own, kids, seconds = (statistics.median(p[i] for p in self.peaks) for i in range(3))
        return [
            f"peak RSS, {self.label}: craftlog process {own / 2**20:.1f} MiB; its largest git "
            f"child {kids / 2**20:.1f} MiB (git's, not counted); {seconds:.2f} s (medians)"
        ]


# -- the measures' two sides ---------------------------------------------------------------


def _full_scan_sides(
    w: GitWorld, path: Path, checks: Sequence[Callable[[], None]], home: CraftlogFixture
) -> tuple[CommandTrial, CommandTrial]:
    craftlog = CommandTrial(
        label="craftlog scan",
        argv=home.argv("scan"),
        env=home.env(),
        cwd=w.user_home,
        snapshots=[Snapshot(home.template, home.live)],
        checks=checks,
    )
    reference = CommandTrial(
        label="git log --numstat",
        argv=["git", "-C", str(path), "log", "--numstat", "--branches", "HEAD", "--"],
        env=w.env(),
        cwd=w.user_home,
        discard_output=True,
    )
    return craftlog, reference


def full_scan(ctx: Context) -> Sides:
    """`craftlog scan` of one never-scanned repository against `git log --numstat` of it."""
    if ctx.git_repo is not None:
        return _external_full_scan(ctx, ctx.git_repo)
    w = world(ctx)
    repo = w.repo(sizes(ctx).scan)
    home = _registered(w, "git-full-scan", [repo.path], scanned=False)
    craftlog, reference = _full_scan_sides(w, repo.path, _scan_checks(home, repo), home)
    return Sides(craftlog, reference, f"git full scan, {repo.manifest.commits:,} commits")


def _external_full_scan(ctx: Context, path: Path) -> Sides:
    """The full scan of a repository given with --git-repo, every author's commits counted.

    With no git identity in the user's HOME every commit is stored, the most work a scan of
    that history can do; the check is that every reachable commit was stored.
    """
    _record_git_version(ctx)
    w = GitWorld(ctx, ctx.directory("git-user-anyone"))
    commits = int(w.git(path, "rev-list", "--count", "--branches", "HEAD", "--").strip())
    log(f"{path}: {commits:,} commits reachable from its branches and HEAD")
    home = _registered(w, "git-full-scan-external", [path], scanned=False)

    def stored() -> None:
        listed = json.loads(home.run("repos", "list", "--json"))
        _expect("the scan's outcome", listed[0]["status"], "ok")
        _expect("commits stored (every author counts)", listed[0]["commits"], commits)

    craftlog, reference = _full_scan_sides(w, path, [stored], home)
    return Sides(craftlog, reference, f"git full scan, {path.name}, {commits:,} commits")


def _noop_checks(trial: CommandTrial, repos: int) -> list[Callable[[], None]]:
    def nothing_new() -> None:
        lines = trial.output().splitlines()
        _expect("repositories the rescan reported", len(lines), repos)
        _expect(
            "lines saying nothing was new",
            sum(line.endswith(": 0 new commits") for line in lines),
            repos,
        )

    return [nothing_new]


def _rescan_trial(home: CraftlogFixture, cwd: Path, repos: int) -> CommandTrial:
    trial = CommandTrial(
        label=f"craftlog scan ({repos} up to date)",
        argv=home.argv("scan"),
        env=home.env(),
        cwd=cwd,
        snapshots=[Snapshot(home.template, home.live)],
    )
    trial.checks = _noop_checks(trial, repos)
    return trial


def _scanned_one(ctx: Context) -> CraftlogFixture:
    w = world(ctx)
    return _registered(w, "git-rescan-1", [w.repo(sizes(ctx).scan).path], scanned=True)


def noop_rescan(ctx: Context) -> Sides:
    """`craftlog scan` of one repository already scanned, against the 0.2 s budget."""
    home = ctx.fixture("git-rescan-1", _scanned_one)
    craftlog = _rescan_trial(home, world(ctx).user_home, 1)
    commits = sizes(ctx).scan
    title = f"git rescan, nothing new, 1 repository of {commits:,} commits, whole command"
    return Sides(craftlog, BudgetTrial("budget", NOOP_BUDGET_S), title)


def noop_per_repo(ctx: Context) -> Sides:
    """The marginal cost of one more up-to-date repository in a rescan, against 0.2 s."""
    w = world(ctx)
    size = sizes(ctx)
    one = ctx.fixture("git-rescan-1", _scanned_one)
    small = w.repo(size.small)
    clones = []
    for index in range(size.extra):
        clone = ctx.scratch / "git-clones" / f"clone-{index + 1}"
        if not clone.exists():
            w.git(ctx.scratch, "clone", "-q", "--local", str(small.path), str(clone))
        clones.append(clone)
    many = world(ctx).home("git-rescan-many")
    many.template.parent.mkdir(parents=True, exist_ok=True)
    Snapshot(one.template, many.template).restore()
    many.run("repos", "add", *map(str, clones), home=many.template)
    started = time.perf_counter()
    many.run("scan", home=many.template)
    log(
        f"git-rescan-many: first scan of {size.extra} clones took "
        f"{time.perf_counter() - started:.1f} s (setup, not timed)"
    )
    trial = MarginalTrial(
        label="craftlog scan, marginal repository",
        many=_rescan_trial(many, w.user_home, size.extra + 1),
        one=_rescan_trial(one, w.user_home, 1),
        extra=size.extra,
    )
    title = (
        f"git rescan, nothing new, per extra repository (({size.extra + 1} − 1 "
        f"repositories) / {size.extra})"
    )
    return Sides(trial, BudgetTrial("budget", NOOP_BUDGET_S), title)


def peak_memory(ctx: Context) -> Sides:
    """Peak RSS of `craftlog scan` on the longer history against the same on the shorter."""
    w = world(ctx)
    trials = []
    for commits in sizes(ctx).memory:
        repo = w.repo(commits)
        home = _registered(w, f"git-memory-{commits}", [repo.path], scanned=False)
        trials.append(
            PeakMemoryTrial(
                label=f"scan of {commits:,} commits",
                home=home,
                args=["scan"],
                checks=_scan_checks(home, repo),
            )
        )
    short, long = trials
    fewer, more = sizes(ctx).memory
    return Sides(long, short, f"git scan peak memory, {more:,} commits", f"{fewer:,} commits")
