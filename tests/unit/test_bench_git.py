"""The bench's generated git history holds what its manifest says, the same way every time."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bench.gitrepo import AI_TRAILER, USER_EMAIL, Manifest, RepoSpec, generate, git_environment

SMALL = RepoSpec(commits=150, files=40, merge_every=15)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        env=git_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    repo = tmp_path_factory.mktemp("bench-git") / "repo"
    return repo, generate(SMALL, repo)


def test_manifest_matches_what_git_reads(generated: tuple[Path, Manifest]) -> None:
    repo, manifest = generated
    everything = ("--branches", "HEAD", "--")
    assert int(git(repo, "rev-list", "--count", *everything)) == manifest.commits == 150
    merges = int(git(repo, "rev-list", "--merges", "--count", *everything))
    assert merges == manifest.merges > 0
    records = git(repo, "log", "--format=%x1e%aE%x00%P%x00%B", *everything).split("\x1e")[1:]
    mine = [r.split("\0") for r in records if r.split("\0")[0].lower() == USER_EMAIL]
    assert len(mine) == manifest.user_commits
    assert 0.5 < manifest.user_commits / manifest.commits < 0.9
    assert any(email != USER_EMAIL for email, _, _ in mine)  # case must not matter
    ai = [m for _, parents, m in mine if len(parents.split()) == 1 and AI_TRAILER in m]
    assert len(ai) == manifest.user_ai_commits > 0
    assert set(git(repo, "branch", "--format=%(refname:short)").split()) == set(manifest.branches)


def test_history_has_renames_binaries_lock_files_and_years(
    generated: tuple[Path, Manifest],
) -> None:
    repo, manifest = generated
    numstat = git(repo, "log", "--numstat", "-M", "--format=", "--branches", "HEAD", "--")
    assert manifest.renames == 0 or " => " in numstat
    assert "-\t-\tassets/img/" in numstat
    assert "\tpackage-lock.json" in numstat
    years = {int(y) for y in git(repo, "log", "--format=%ad", "--date=format:%Y").split()}
    assert max(years) - min(years) >= 4
    files = [line.split("\t") for line in numstat.splitlines() if line]
    assert max(len({f[-1] for f in files}), manifest.files) >= 40


def test_same_spec_same_shas(generated: tuple[Path, Manifest], tmp_path: Path) -> None:
    repo, _ = generated
    again = tmp_path / "again"
    generate(SMALL, again)
    assert git(again, "rev-parse", "main") == git(repo, "rev-parse", "main")
    other = tmp_path / "other"
    generate(RepoSpec(commits=150, files=40, merge_every=15, seed=1), other)
    assert git(other, "rev-parse", "main") != git(repo, "rev-parse", "main")
