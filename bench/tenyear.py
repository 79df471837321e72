"""The ten-year craftlog home: built once a week into bench/.cache/tenyear, copied for each use.

It holds ten years of ISO weeks ending the current one (bench/tenyear_data.py says what): 520
live entries and a few in the trash, 120 monthly audits, both gap checks every month and a tier
test every quarter, quiz reviews through `Services.rate` when the quiz is built, and 100,000
commits over 5 repositories generated with bench/gitrepo.py's fast-import machinery (authored
over the same ten years, the user's email in the home's `[git] emails`), registered and
scanned once. `--quick` builds a one-year home of the same shape, small enough for CI.

The cache key names TENYEAR_VERSION (bump it when what goes in changes), the sizes and the ISO
week: the history has to end in the current week, so the first run of a week rebuilds it (a
few minutes for the full set: the repositories are generated in parallel, then scanned). Older
homes, and the repositories only they used, are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import tenyear_data as data
from bench.context import BenchError, Context, clean_environment, log
from bench.gitrepo import USER_EMAIL, RepoSpec, cached_repo
from bench.trials import Snapshot

TENYEAR_VERSION = 1
REPO_SEED = 20_261_100
CONFIG = f'[git]\nemails = ["{USER_EMAIL}"]\n'


class Clock:
    """A settable clock for the services that build the home (reviews happen in the past)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def week_label(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def schema_mark() -> str:
    """A short hash of every migration: a cached home built by another schema is rebuilt.

    A home built before an index was added measured the old query plan (the dashboard's
    weeks took 110 ms instead of 3), so the cache must follow the schema, not just the week.
    """
    from craftlog.store.migrations import MIGRATIONS

    text = "\n".join(";".join(step) for step in MIGRATIONS)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def cache_key(sizes: data.Sizes, today: date) -> str:
    mark = schema_mark()
    return f"tenyear-{sizes.label}-v{TENYEAR_VERSION}-s{mark}-{week_label(today)}"


def repo_specs(sizes: data.Sizes, today: date) -> list[RepoSpec]:
    """The repositories: the same ten years, ending at this week's Monday (so a week is stable)."""
    start = datetime.combine(data.first_monday(sizes, today), datetime.min.time(), tzinfo=UTC)
    monday = today - timedelta(days=today.weekday())
    end = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    small = sizes.commits_per_repo < 5_000
    return [
        RepoSpec(
            commits=sizes.commits_per_repo,
            files=60 if small else 300,
            merge_every=50 if small else 400,
            seed=REPO_SEED + index,
            start=start.isoformat(),
            end=end.isoformat(),
        )
        for index in range(sizes.repos)
    ]


@dataclass(frozen=True)
class TenYear:
    """A built home (the template: never run craftlog on it) and what it holds."""

    home: Path
    manifest: dict[str, Any]


def _generate(specs: list[RepoSpec], cache: Path) -> list[Path]:
    """Every repository, generated in parallel on first use (cached in bench/.cache/git)."""
    workers = max(1, min(len(specs), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        repos = list(pool.map(cached_repo, specs, [cache] * len(specs), [log] * len(specs)))
    return [repo.path for repo in repos]


def _runner(craftlog: Path, home: Path, user_home: Path) -> Callable[..., str]:
    """Run `craftlog ARGS` on `home` outside any timing; its output, or a BenchError."""
    env = clean_environment(user_home, CRAFTLOG_HOME=str(home))

    def run(*args: str) -> str:
        result = subprocess.run(
            [str(craftlog), *args], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            tail = result.stderr.strip()[-400:]
            raise BenchError(f"craftlog {' '.join(args)} failed: {tail}")
        return result.stdout

    return run


def _fill(home: Path, sizes: data.Sizes, today: date) -> dict[str, int]:
    """Entries, audits, checks and reviews through craftlog's own services, in bulk."""
    from craftlog.paths import Paths
    from craftlog.services import open_services
    from craftlog.store.entries import StoredMeta

    planned = data.entries(sizes, today)
    clock = Clock(datetime.now(UTC))
    services = open_services(Paths.under(home), now=clock)
    try:
        services.entries.add_many(
            (p.draft, StoredMeta(p.uid, p.created_at, p.created_at, p.deleted_at)) for p in planned
        )
        audits = services.audits.add_many(data.audits(sizes, today))
        checks = services.assessments.add_many(data.assessments(sizes, today))
        reviews = _review(services, clock, planned, sizes, today)
    finally:
        services.close()
    return {"audits": audits, "assessments": checks, "reviews": reviews}


def _review(
    services: Any, clock: Clock, planned: list[data.PlannedEntry], sizes: data.Sizes, today: date
) -> int:
    """Rate entries at the planned moments; -1 when this craftlog has no quiz yet."""
    rate = getattr(services, "rate", None)
    try:
        from craftlog.core.reviews import Rating, ReviewMode
    except ImportError:
        rate = None
    if rate is None:
        log("ten-year home: no Services.rate in this craftlog, so no review history")
        return -1
    by_uid = {entry.uid: entry for entry in services.entries.all()}
    count = 0
    for review in data.reviews(planned, sizes, today):
        clock.at = review.at
        mode = ReviewMode.AI if review.ai else ReviewMode.OFFLINE
        try:
            rate(by_uid[review.entry_uid], Rating(review.rating), mode, review.answer)
        except Exception as error:  # the quiz is new: name the call that broke, not a traceback
            raise BenchError(
                f"Services.rate(entry, {review.rating}, {mode}, answer) failed while building "
                f"the review history: {type(error).__name__}: {error}"
            ) from error
        count += 1
    clock.at = datetime.now(UTC)
    return count


def build(
    target: Path, sizes: data.Sizes, today: date, cache: Path, craftlog: Path
) -> dict[str, Any]:
    """Make the home in `target` (which must not exist); returns its manifest."""
    started = time.perf_counter()
    specs = repo_specs(sizes, today)
    repos = _generate(specs, cache)
    home, user_home = target / "home", target / "user"
    home.mkdir(parents=True)
    user_home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    counts = _fill(home, sizes, today)
    run = _runner(craftlog, home, user_home)
    run("repos", "add", *map(str, repos))
    scan_started = time.perf_counter()
    run("scan")
    scan_seconds = time.perf_counter() - scan_started
    status = json.loads(run("status", "--json"))
    listed = json.loads(run("repos", "list", "--json"))
    if int(status["total_entries"]) != sizes.entries:
        raise BenchError(f"the ten-year home holds {status['total_entries']} entries")
    if any(r["status"] != "ok" for r in listed) or len(listed) != sizes.repos:
        raise BenchError(f"the ten-year home's repositories did not scan cleanly: {listed}")
    shutil.rmtree(user_home)
    return {
        "version": TENYEAR_VERSION,
        "sizes": asdict(sizes),
        "today": today.isoformat(),
        "week": week_label(today),
        "entries": sizes.entries,
        "trashed": sizes.trashed,
        **counts,
        "repos": [str(path) for path in repos],
        "repo_keys": [spec.key() for spec in specs],
        "commits_generated": sizes.commits_per_repo * sizes.repos,
        "commits_stored": sum(int(r["commits"]) for r in listed),
        "scan_seconds": round(scan_seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def _usable(manifest_file: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all(Path(repo, ".git").is_dir() for repo in manifest.get("repos", [])):
        return None  # a repository it points at was removed: scan data would be stale
    return manifest


def _prune(root: Path, keep: str, label: str, cache: Path) -> None:
    """Remove older homes of this size and the generated repositories only they used."""
    kept = _usable(root / keep / "manifest.json") or {}
    in_use = set(kept.get("repo_keys", []))
    for old in root.glob(f"tenyear-{label}-*"):
        if old.name == keep or ".building-" in old.name:
            continue
        manifest = _usable(old / "manifest.json") or {}
        for key in set(manifest.get("repo_keys", [])) - in_use:
            shutil.rmtree(cache / "git" / key, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def cached_tenyear(sizes: data.Sizes, today: date, cache: Path, craftlog: Path) -> TenYear:
    """The home for `sizes` as of this ISO week, built on first use."""
    root = cache / "tenyear"
    key = cache_key(sizes, today)
    final = root / key
    manifest = _usable(final / "manifest.json")
    if manifest is None:
        log(f"building the {sizes.label} ten-year home {key} (first run this week only)")
        shutil.rmtree(final, ignore_errors=True)
        building = root / f"{key}.building-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        try:
            manifest = build(building, sizes, today, cache, craftlog)
            (building / "manifest.json").write_text(
                json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
            )
            os.replace(building, final)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        log(
            f"ten-year home built in {manifest['build_seconds']:.0f} s (scan "
            f"{manifest['scan_seconds']:.0f} s): {manifest['entries']} entries, "
            f"{manifest['audits']} audits, {manifest['assessments']} checks and tier tests, "
            f"{max(manifest['reviews'], 0)} reviews, {manifest['commits_stored']:,} of "
            f"{manifest['commits_generated']:,} commits stored (the user's)"
        )
        _prune(root, key, sizes.label, cache)
    return TenYear(final / "home", manifest)


@dataclass(frozen=True)
class TenYearFixture:
    """The cached home, and how to run craftlog on a copy of it."""

    executable: Path
    template: Path
    user_home: Path
    manifest: dict[str, Any]
    sizes: data.Sizes

    def live(self, scratch: Path, name: str) -> Path:
        """A fresh copy of the home at scratch/live/NAME (the template is never written)."""
        live = scratch / "live" / name
        live.parent.mkdir(parents=True, exist_ok=True)
        Snapshot(self.template, live).restore()
        return live

    def env(self, live: Path) -> dict[str, str]:
        """craftlog's environment for a live copy; no COLUMNS or LINES, so the terminal rules."""
        env = clean_environment(self.user_home, CRAFTLOG_HOME=str(live))
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        return env

    @property
    def described(self) -> str:
        """What a table row names: "ten-year data set (520 entries, 100,000 commits)"."""
        years = {10: "ten-year", 1: "one-year"}.get(self.sizes.entries // 52, "generated")
        sizes = f"{self.sizes.entries} entries, {self.sizes.commits:,} commits"
        return f"{years} data set ({sizes})"


def build_tenyear_fixture(ctx: Context) -> TenYearFixture:
    sizes = data.QUICK if ctx.quick else data.FULL
    built = cached_tenyear(sizes, ctx.today, ctx.cache, ctx.craftlog)
    return TenYearFixture(
        executable=ctx.craftlog,
        template=built.home,
        user_home=ctx.directory("tenyear-user"),
        manifest=built.manifest,
        sizes=sizes,
    )


def tenyear_fixture(ctx: Context) -> TenYearFixture:
    """The ten-year home of this run's size, shared by every measure that uses it."""
    return ctx.fixture("tenyear-home", build_tenyear_fixture)
