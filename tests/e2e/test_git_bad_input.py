"""Bad repositories and changing histories: clear words, nothing lost, never counted twice."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from tests import gitrepos as g
from tests.e2e.conftest import assert_clean_failure

pytestmark = pytest.mark.e2e

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
MAY = (date(2026, 5, 1), date(2026, 5, 31))


@pytest.fixture(autouse=True)
def _no_host_git_config(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    g.isolate_git(monkeypatch)
    g.write_config(home, emails=["me@example.com"])


def listed(craftlog) -> list[dict]:
    result = craftlog("repos", "list", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def scan_json(craftlog) -> tuple[int, list[dict], str]:
    result = craftlog("scan", "--json")
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out), result.err


def add(craftlog, *paths: Path | str):  # type: ignore[no-untyped-def]
    result = craftlog("repos", "add", "--", *map(str, paths))
    assert "Traceback" not in result.err
    return result


def weeks_agree(craftlog, *repos: Path, emails=("me@example.com",), span=MAY) -> list[dict]:  # type: ignore[no-untyped-def]
    """The week table equals the independent count of `repos` as they are now."""
    since, until = span
    result = craftlog("weeks", "--json", "--since", since.isoformat(), "--until", until.isoformat())
    assert result.code == 0, result.err
    table = json.loads(result.out)
    mine = g.counted([g.read_history(r) for r in repos], emails=list(emails))
    assert table == g.expected_weeks(mine, since=since, until=until)
    return table


def total(table: list[dict]) -> int:
    return sum(row["commits"] for row in table)


# --- repos add -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: (p / "notes.txt").write_text("x") and p / "notes.txt", "is a file"),
        (lambda p: (p / "plain").mkdir() or p / "plain", "is not a git repository"),
    ],
    ids=["missing", "file", "plain-folder"],
)
def test_add_refuses_what_is_not_a_repository(craftlog, tmp_path: Path, make, words: str) -> None:
    target = make(tmp_path)
    result = add(craftlog, target)
    assert_clean_failure(result)
    assert words in result.err and str(target) in result.err
    assert listed(craftlog) == []


@pytest.mark.skipif(AS_ROOT, reason="root reads any folder, so permissions cannot be tested")
def test_add_refuses_an_unreadable_folder(craftlog, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    g.build_small(locked)
    locked.chmod(0)
    try:
        result = add(craftlog, locked)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert_clean_failure(result)
    assert "permission denied" in result.err and str(locked) in result.err
    assert listed(craftlog) == []


def test_add_one_bad_path_among_good_ones(craftlog, tmp_path: Path) -> None:
    good = g.build_small(tmp_path / "good").path
    result = add(craftlog, tmp_path / "missing", good)
    assert result.code == 1
    assert f"Added {good}." in result.out
    assert f"craftlog: {tmp_path / 'missing'} does not exist" in result.err
    assert [r["path"] for r in listed(craftlog)] == [str(good)]


def test_bare_repository_is_accepted(craftlog, tmp_path: Path) -> None:
    source = g.build_small(tmp_path / "src")
    bare = g.GitRepo.clone(source, tmp_path / "bare.git", "--bare")
    result = add(craftlog, bare.path)
    assert result.code == 0, result.err
    assert f"Added {bare.path}." in result.out
    code, (report,), _ = scan_json(craftlog)
    assert code == 0 and report["outcome"] == "ok" and report["new_commits"] == 6
    weeks_agree(craftlog, bare.path)


def test_empty_repository_is_accepted_and_has_no_commits_yet(craftlog, tmp_path: Path) -> None:
    empty = g.GitRepo.init(tmp_path / "empty")
    assert add(craftlog, empty.path).code == 0
    result = craftlog("scan")
    assert result.code == 0, result.err
    assert "no commits yet" in result.out
    code, (report,), _ = scan_json(craftlog)
    assert code == 0 and report["outcome"] == "ok" and report["new_commits"] == 0
    assert json.loads(craftlog("weeks", "--json").out) == []
    # The first commit arrives later and is read.
    empty.commit("2026-05-05T10:00:00+00:00", "First", {"a": "a\n"})
    code, (report,), _ = scan_json(craftlog)
    assert (code, report["new_commits"], report["read_commits"]) == (0, 1, 1)
    weeks_agree(craftlog, empty.path)


def test_unborn_head_with_another_branch(craftlog, tmp_path: Path) -> None:
    repo = g.build_small(tmp_path / "r")
    repo.git("checkout", "-q", "--orphan", "fresh")  # HEAD names a branch with no commit
    assert add(craftlog, repo.path).code == 0
    code, (report,), err = scan_json(craftlog)
    assert (code, report["outcome"], report["new_commits"]) == (0, "ok", 6), err
    weeks_agree(craftlog, repo.path)


def test_detached_head(craftlog, tmp_path: Path) -> None:
    repo = g.build_small(tmp_path / "r")
    repo.detach("HEAD~1")
    repo.commit("2026-05-12T10:00:00+00:00", "Only HEAD has me", {"x": "x\n"})
    assert add(craftlog, repo.path).code == 0
    code, (report,), _ = scan_json(craftlog)
    assert (code, report["new_commits"]) == (0, 7)
    table = weeks_agree(craftlog, repo.path)
    assert total(table) == 7


def test_shallow_clone_scans_and_says_so(craftlog, tmp_path: Path) -> None:
    source = g.build_small(tmp_path / "src")
    shallow = g.GitRepo.clone(source, tmp_path / "shallow", "--depth", "3")
    assert add(craftlog, shallow.path).code == 0
    result = craftlog("scan")
    assert result.code == 0, result.err
    assert "shallow" in result.out
    code, (report,), _ = scan_json(craftlog)  # a no-op rescan still says so
    assert code == 0 and any("shallow" in n for n in report["notes"])
    table = weeks_agree(craftlog, shallow.path)
    assert total(table) == 3


def test_same_repository_under_other_paths_is_registered_once(craftlog, tmp_path: Path) -> None:
    repo = g.build_small(tmp_path / "r")
    (repo.path / "sub" / "dir").mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(repo.path)
    assert add(craftlog, repo.path).code == 0
    for other in (link, repo.path / "sub" / "dir", repo.path / ".git", str(repo.path) + "/"):
        result = add(craftlog, other)
        assert result.code == 0, result.err
        assert result.out.startswith(f"Already registered: {repo.path}"), (other, result.out)
    assert len(listed(craftlog)) == 1
    # A folder inside a repository that is not yet registered registers the repository.
    craftlog("repos", "remove", str(repo.path))
    result = add(craftlog, repo.path / "sub")
    assert result.code == 0 and f"Added {repo.path} (the repository holding" in result.out


def test_path_starting_with_a_dash(craftlog, tmp_path: Path) -> None:
    g.build_small(tmp_path / "-repo")
    # Without `--` it reads as an option: a usage error, nothing registered.
    assert craftlog("repos", "add", "-repo").code == 2
    assert listed(craftlog) == []
    result = craftlog("repos", "add", "./-repo")
    assert result.code == 0, result.err
    assert f"Added {tmp_path / '-repo'}." in result.out
    code, (report,), _ = scan_json(craftlog)
    assert (code, report["new_commits"]) == (0, 6)
    weeks_agree(craftlog, tmp_path / "-repo")
    result = craftlog("repos", "remove", "--", "-repo")
    assert result.code == 0 and listed(craftlog) == []


# --- scan with a broken repository among good ones -------------------------------------------


def _delete_git_folder(repo: Path) -> None:
    shutil.rmtree(repo / ".git")


def _git_folder_is_a_file(repo: Path) -> None:
    shutil.rmtree(repo / ".git")
    (repo / ".git").write_text("gitdir: /nowhere/at/all\n")


def _folder_gone(repo: Path) -> None:
    shutil.rmtree(repo)


def _objects_gone(repo: Path) -> None:
    shutil.rmtree(repo / ".git" / "objects")


def _unreadable(repo: Path) -> None:
    (repo / ".git").chmod(0)


BREAKAGES = {
    "git-folder-deleted": (_delete_git_folder, "is not a git repository"),
    "git-folder-replaced-by-a-file": (_git_folder_is_a_file, "is not a git repository"),
    "folder-removed": (_folder_gone, "does not exist"),
    "objects-deleted": (_objects_gone, ""),
    "git-folder-unreadable": (_unreadable, ""),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_one_broken_repository_never_stops_the_others(
    craftlog, tmp_path: Path, breakage: str
) -> None:
    if breakage == "git-folder-unreadable" and AS_ROOT:
        pytest.skip("root reads any folder, so permissions cannot be tested")
    first = g.build_small(tmp_path / "a-first").path
    broken = g.build_small(tmp_path / "b-broken", date(2026, 5, 11)).path
    last = g.build_small(tmp_path / "c-last", date(2026, 5, 18)).path
    assert add(craftlog, first, broken, last).code == 0
    damage, words = BREAKAGES[breakage]
    damage(broken)
    try:
        result = craftlog("scan")
        code, reports, err = scan_json(craftlog)
    finally:
        if broken.exists() and (broken / ".git").is_dir():
            (broken / ".git").chmod(stat.S_IRWXU)
    # Text: the good ones on stdout, the failure in words on stderr, naming the path.
    assert result.code == 1
    assert "Traceback" not in result.err
    assert f"{first}: 6 new commits" in result.out and f"{last}: 6 new commits" in result.out
    assert str(broken) not in result.out
    (line,) = result.err.splitlines()
    assert line.startswith(f"craftlog: {broken}: ") and words in line
    # JSON: the same outcome, and the failure still said on stderr.
    assert code == 1
    outcomes = {r["path"]: r["outcome"] for r in reports}
    assert outcomes == {str(first): "ok", str(broken): "failed", str(last): "ok"}
    (failed,) = [r for r in reports if r["outcome"] == "failed"]
    assert failed["message"] and words in failed["message"]
    assert str(broken) in err and failed["message"] in err
    # The good repositories' weeks are exact; the broken one adds nothing.
    weeks_agree(craftlog, first, last)
    state = {r["path"]: r for r in listed(craftlog)}
    assert state[str(broken)]["status"] == "failed"


def test_a_missing_object_stores_nothing_half_read(craftlog, tmp_path: Path) -> None:
    """git dies on a commit whose blob is gone: no commit may be kept with wrong figures."""
    repo = g.build_small(tmp_path / "r")
    assert add(craftlog, repo.path).code == 0
    assert scan_json(craftlog)[0] == 0
    for n in range(3):
        repo.commit(f"2026-05-1{n}T10:00:00+00:00", f"New {n}", {f"new{n}": g.lines(n + 20)})
    blob = repo.git("rev-parse", "HEAD~1:new1")
    loose = repo.path / ".git" / "objects" / blob[:2] / blob[2:]
    saved = loose.read_bytes()
    loose.unlink()
    code, (report,), err = scan_json(craftlog)
    assert code == 1 and report["outcome"] == "failed", report
    assert "could not read" in report["message"] and str(repo.path) in err
    # Repaired: the rescan reads what was missing and the figures are exact.
    loose.write_bytes(saved)
    code, (report,), _ = scan_json(craftlog)
    assert code == 0 and report["outcome"] == "ok"
    assert total(weeks_agree(craftlog, repo.path)) == 9


def test_scan_with_nothing_registered(craftlog) -> None:
    result = craftlog("scan")
    assert_clean_failure(result)
    assert "no repositories registered" in result.err


# --- rescans ---------------------------------------------------------------------------------


def test_rescans_read_only_what_is_new(craftlog, tmp_path: Path) -> None:
    repo = g.build_small(tmp_path / "r")
    assert add(craftlog, repo.path).code == 0
    code, (report,), _ = scan_json(craftlog)
    assert (code, report["new_commits"], report["read_commits"]) == (0, 6, 6)
    # Nothing new: nothing read.
    code, (report,), _ = scan_json(craftlog)
    assert (report["new_commits"], report["read_commits"], report["removed_commits"]) == (0, 0, 0)
    assert report["message"] == "no new commits"
    # Three new commits, one of them someone else's, one on a new branch.
    repo.commit("2026-05-11T10:00:00+00:00", "Mine", {"n1": "1\n"})
    repo.commit("2026-05-12T10:00:00+00:00", "Hers", {"n2": "2\n"}, author=g.JANE)
    repo.branch("side")
    repo.checkout("side")
    repo.commit("2026-05-13T10:00:00+00:00", "Side", {"n3": "3\n"})
    code, (report,), _ = scan_json(craftlog)
    assert (report["new_commits"], report["read_commits"]) == (2, 3)
    table = weeks_agree(craftlog, repo.path)
    assert total(table) == 8


@pytest.mark.parametrize("rewrite", ["reset-and-recommit", "amend", "delete-branch", "gc"])
def test_history_rewrites_are_never_counted_twice(craftlog, tmp_path: Path, rewrite: str) -> None:
    repo = g.build_small(tmp_path / "r")
    repo.branch("side", "HEAD~3")
    repo.checkout("side")
    repo.commit("2026-05-08T10:00:00+00:00", "Side 1", {"s1": g.lines(3)})
    repo.commit("2026-05-09T10:00:00+00:00", "Side 2", {"s2": g.lines(4)})
    repo.checkout("main")
    assert add(craftlog, repo.path).code == 0
    code, (report,), _ = scan_json(craftlog)
    assert (code, report["new_commits"]) == (0, 8)
    if rewrite == "reset-and-recommit":
        repo.git("reset", "-q", "--hard", "HEAD~2")
        for n in range(3):
            repo.commit(f"2026-05-1{n}T10:00:00+00:00", f"Redo {n}", {f"r{n}": g.lines(n + 2)})
        removed, new = 2, 3
    elif rewrite == "amend":
        repo.write({"f5.txt": "amended\n"})
        repo.git("add", "-A")
        repo.git("commit", "-q", "--amend", "--no-edit", **g.when_env("2026-05-09T11:00:00+00:00"))
        removed, new = 1, 1
    elif rewrite == "delete-branch":
        repo.delete_branch("side")
        removed, new = 2, 0
    else:  # the old commits are garbage-collected: no way to tell what went, so read afresh
        repo.git("reset", "-q", "--hard", "HEAD~2")
        repo.delete_branch("side")
        repo.commit("2026-05-12T10:00:00+00:00", "After gc", {"g": g.lines(2)})
        repo.git("reflog", "expire", "--expire=now", "--all")
        repo.git("gc", "-q", "--prune=now")
        removed, new = None, None
    code, (report,), _ = scan_json(craftlog)
    assert code == 0 and report["outcome"] == "ok", report
    if removed is not None:
        assert (report["removed_commits"], report["new_commits"]) == (removed, new), report
        assert report["read_commits"] == new
    else:
        assert any("rewritten" in n for n in report["notes"]), report
    table = weeks_agree(craftlog, repo.path)
    listed_commits = listed(craftlog)[0]["commits"]
    assert listed_commits == len(g.read_history(repo.path))
    assert total(table) == listed_commits


def test_a_rewrite_in_one_clone_keeps_the_other_clones_commits(craftlog, tmp_path: Path) -> None:
    one = g.build_small(tmp_path / "one")
    two = g.GitRepo.clone(one, tmp_path / "two")
    assert add(craftlog, one.path, two.path).code == 0
    code, reports, _ = scan_json(craftlog)
    assert code == 0 and [r["new_commits"] for r in reports] == [6, 6]
    assert total(weeks_agree(craftlog, one.path, two.path)) == 6
    one.git("reset", "-q", "--hard", "HEAD~2")
    one.commit("2026-05-14T10:00:00+00:00", "New in one", {"o": "o\n"})
    code, reports, _ = scan_json(craftlog)
    assert {r["path"]: r["removed_commits"] for r in reports} == {
        str(one.path): 2,
        str(two.path): 0,
    }
    # The two commits one dropped are still in two: counted once, not zero times.
    assert total(weeks_agree(craftlog, one.path, two.path)) == 7


def test_changing_the_identity_counts_again(craftlog, tmp_path: Path, home: Path) -> None:
    repo = g.build_small(tmp_path / "r")
    repo.commit("2026-05-11T10:00:00+00:00", "Jane 1", {"j1": g.lines(7)}, author=g.JANE)
    repo.commit("2026-05-12T10:00:00+00:00", "Jane 2", {"j2": g.lines(9)}, author=g.JANE)
    assert add(craftlog, repo.path).code == 0
    scan_json(craftlog)
    assert total(weeks_agree(craftlog, repo.path)) == 6
    g.write_config(home, emails=["JANE@example.com"])
    code, (report,), _ = scan_json(craftlog)
    assert code == 0 and any("settings changed" in n for n in report["notes"]), report
    assert (report["new_commits"], report["read_commits"]) == (2, 8)
    table = weeks_agree(craftlog, repo.path, emails=("jane@example.com",))
    assert total(table) == 2
    # Both identities: everything, once.
    g.write_config(home, emails=["me@example.com", "jane@example.com"])
    scan_json(craftlog)
    table = weeks_agree(craftlog, repo.path, emails=("me@example.com", "jane@example.com"))
    assert total(table) == 8
    # An exclude change is a rule change too.
    g.write_config(home, emails=["me@example.com"], exclude=["*.txt"])
    code, (report,), _ = scan_json(craftlog)
    assert any("settings changed" in n for n in report["notes"])
    result = craftlog("weeks", "--json", "--since", "2026-05-01", "--until", "2026-05-31")
    assert sum(r["lines_added"] for r in json.loads(result.out)) == 0
