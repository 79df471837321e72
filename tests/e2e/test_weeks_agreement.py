"""`craftlog weeks --json` agrees exactly with an independent count made with plain `git log`.

Every fixture history is built with the git CLI at fixed dates and identities (tests/gitrepos.py),
registered with `craftlog repos add`, scanned with `craftlog scan --json`, and its week table is
compared, row by row and key by key, with one worked out from `git log --numstat` in this process.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests import gitrepos as g

pytestmark = pytest.mark.e2e

KEYS = [
    "week",
    "start",
    "commits",
    "lines_added",
    "lines_removed",
    "ai_assisted_commits",
    "entries",
    "flagged",
    "reason",
]
SINCE, UNTIL = "2026-03-01", "2026-04-26"


@pytest.fixture(autouse=True)
def _no_host_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    g.isolate_git(monkeypatch)


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Every shared history, built once per module (and per xdist worker)."""
    root = tmp_path_factory.mktemp("histories")
    main = g.build_main(root)
    clone = g.GitRepo.clone(main.repo, root / "clone", "--branch", "main")
    clone_only = clone.commit("2026-04-22T09:00:00+02:00", "Only in the clone", {"z.txt": "z\n"})
    bare = g.GitRepo.clone(main.repo, root / "bare.git", "--bare")
    shallow = g.GitRepo.clone(main.repo, root / "shallow", "--depth", "3", "--branch", "main")
    w53 = g.GitRepo.init(root / "w53")
    for when in (
        "2020-12-28T09:00:00+00:00",  # Monday of 2020-W53
        "2020-12-31T12:00:00+00:00",
        "2021-01-03T23:30:00+00:00",  # Sunday night, still 2020-W53
        "2021-01-04T00:30:00+00:00",  # Monday of 2021-W01
    ):
        w53.commit(when, f"At {when}", {"year.txt": when + "\n"})
    return {
        "main": main,
        "clone": clone,
        "clone_only": clone_only,
        "bare": bare,
        "shallow": shallow,
        "w53": w53,
    }


# --- helpers ---------------------------------------------------------------------------------


def register(craftlog, *paths: Path | str) -> None:
    result = craftlog("repos", "add", "--", *map(str, paths))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def scan(craftlog, env: dict[str, str] | None = None) -> list[dict]:
    result = craftlog("scan", "--json", env=env)
    assert result.code == 0, (result.out, result.err)
    reports = json.loads(result.out)
    assert all(r["outcome"] == "ok" for r in reports), reports
    return reports


def weeks(craftlog, *args: str, tz: str = "UTC") -> list[dict]:
    result = craftlog("weeks", "--json", *args, env={**os.environ, "TZ": tz})
    assert result.code == 0, result.err
    table = json.loads(result.out)
    assert isinstance(table, list)
    for row in table:
        assert list(row) == KEYS, row
        assert all(isinstance(row[k], int) and not isinstance(row[k], bool) for k in KEYS[2:7])
        assert isinstance(row["flagged"], bool) and isinstance(row["reason"], str)
    return table


def today_in(tz: str) -> date:
    return datetime.now(ZoneInfo(tz)).date()


def assert_same(actual: list[dict], expected: list[dict]) -> None:
    """Row by row, so a failure names the week and the key that differ."""
    assert [r["week"] for r in actual] == [r["week"] for r in expected]
    for got, want in zip(actual, expected, strict=True):
        assert got == want, f"{want['week']}: got {got}, expected {want}"


def row(table: list[dict], week: str) -> dict:
    (found,) = [r for r in table if r["week"] == week]
    return found


def _days(*pairs: tuple[str, int]) -> dict[date, int]:
    return {date.fromisoformat(day): n for day, n in pairs}


# --- the main history ------------------------------------------------------------------------


def test_main_history_agrees_with_plain_git_log(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    # A configured identity in another case than the commits: matching ignores case.
    g.write_config(home, emails=["Me@Example.COM"])
    register(craftlog, main.repo.path)
    history = g.read_history(main.repo.path)
    (report,) = scan(craftlog)
    assert report["read_commits"] == len(history)
    assert report["removed_commits"] == 0 and report["notes"] == []

    mine = g.counted([history], emails=["me@example.com"])
    expected = g.expected_weeks(
        mine, since=date.fromisoformat(SINCE), until=date.fromisoformat(UNTIL)
    )
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, expected)

    # The oracle is not vacuous: figures worked out by hand from the fixture.
    s = main.shas
    assert s["merge"] not in mine and s["jane"] not in mine and s["bot"] not in mine
    for gone in ("tag_only", "remote_only", "deleted_branch"):
        assert s[gone] not in {c.sha for c in history}
    assert row(table, "2026-W10") == {
        "week": "2026-W10",
        "start": "2026-03-02",
        "commits": 6,
        # first 16 (.mailmap 1, a 10, b 5), edit 3/2 + binary, src/app.py 4 (locks zero),
        # a rename counting only its changed line, an empty commit, the AI commit 6.
        "lines_added": 16 + 3 + 4 + 1 + 0 + 6,
        "lines_removed": 2,
        "ai_assisted_commits": 1,
        "entries": 0,
        "flagged": True,
        "reason": "6 commits and no learning logged",
    }
    # W11: upper-case email, the feature branch, the mailmapped old email; not Jane, the bot
    # or the merge.
    w11 = row(table, "2026-W11")
    assert (w11["commits"], w11["lines_added"], w11["flagged"]) == (3, 7, False)
    assert w11["reason"] == "3 commits, under the 5 that would flag the week"
    # W12: the boundary commit, two assistants, a human co-author, a cursor mention, separators.
    w12 = row(table, "2026-W12")
    assert (w12["commits"], w12["ai_assisted_commits"], w12["lines_removed"]) == (6, 2, 3)
    assert w12["flagged"] is True
    # W13: latin-1 (AI via Cursor), invalid UTF-8, raw names (the latin-1 lock file is zero).
    assert row(table, "2026-W13")["commits"] == 3
    assert row(table, "2026-W13")["lines_added"] == 2 + 0 + 2
    assert row(table, "2026-W13")["ai_assisted_commits"] == 1
    assert row(table, "2026-W14")["lines_added"] == 10_000
    assert row(table, "2026-W15")["commits"] == 1  # tag, remote and deleted branch left out
    assert row(table, "2026-W16")["commits"] == 2  # submodule pointer and the worktree
    assert row(table, "2026-W17")["commits"] == 1  # detached HEAD
    assert row(table, "2026-W09")["reason"] == "no commits and no learning logged"

    # With no range: from the first week with a commit to the current week, and a commit
    # dated in the future (2026-12-31) is left out until --until reaches it.
    expected_all = g.expected_weeks(mine, today=today_in("UTC"))
    everything = weeks(craftlog)
    assert_same(everything, expected_all)
    assert everything[0]["week"] == "2026-W10"
    assert "2026-W53" not in [r["week"] for r in everything]
    future = weeks(craftlog, "--since", "2026-12-20", "--until", "2027-01-10")
    assert_same(
        future,
        g.expected_weeks(mine, since=date(2026, 12, 20), until=date(2027, 1, 10)),
    )
    assert [r["week"] for r in future] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]
    assert row(future, "2026-W53")["commits"] == 1


def test_learning_entries_clear_flags_and_extend_the_range(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    g.write_config(home, emails=["me@example.com"])
    entries = _days(
        ("2026-02-20", 1),
        ("2026-03-04", 1),
        ("2026-03-17", 1),
        ("2026-03-22", 1),
        ("2026-04-29", 1),
    )
    for day, _ in entries.items():
        result = craftlog("log", f"Learned something on {day}", "--date", day.isoformat())
        assert result.code == 0, result.err
    register(craftlog, main.repo.path)
    scan(craftlog)
    mine = g.counted([g.read_history(main.repo.path)], emails=["me@example.com"])

    table = weeks(craftlog)
    assert_same(table, g.expected_weeks(mine, entries=entries, today=today_in("UTC")))
    assert table[0]["week"] == "2026-W08"  # the entry before the first commit starts it
    assert row(table, "2026-W08")["reason"] == "1 learning entry logged"
    w10 = row(table, "2026-W10")
    assert (w10["commits"], w10["entries"], w10["flagged"]) == (6, 1, False)
    assert w10["reason"] == "1 learning entry logged"
    assert row(table, "2026-W12")["entries"] == 2
    assert row(table, "2026-W12")["reason"] == "2 learning entries logged"
    assert row(table, "2026-W18") == {
        "week": "2026-W18",
        "start": "2026-04-27",
        "commits": 0,
        "lines_added": 0,
        "lines_removed": 0,
        "ai_assisted_commits": 0,
        "entries": 1,
        "flagged": False,
        "reason": "1 learning entry logged",
    }
    ranged = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(
        ranged,
        g.expected_weeks(mine, entries=entries, since=date(2026, 3, 1), until=date(2026, 4, 26)),
    )


def test_flag_thresholds_from_config(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    g.write_config(home, emails=["me@example.com"], min_commits=3, min_lines=20)
    register(craftlog, main.repo.path)
    scan(craftlog)
    mine = g.counted([g.read_history(main.repo.path)], emails=["me@example.com"])
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(
        table,
        g.expected_weeks(
            mine, since=date(2026, 3, 1), until=date(2026, 4, 26), min_commits=3, min_lines=20
        ),
    )
    assert row(table, "2026-W10")["reason"] == (
        "6 commits and 32 changed lines and no learning logged"
    )
    # 3 commits meet min_commits = 3, but 7 lines are under 20.
    assert row(table, "2026-W11")["reason"] == (
        "3 commits and 7 changed lines, under the 20 changed lines that would flag the week"
    )
    assert row(table, "2026-W15")["reason"] == (
        "1 commit and 4 changed lines, under the 3 that would flag the week"
    )
    assert row(table, "2026-W14")["flagged"] is False  # 10,000 lines but only one commit


# --- time zones and week numbering -----------------------------------------------------------


def test_time_zone_moves_a_sunday_night_commit(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, main.repo.path)
    scan(craftlog)
    history = g.read_history(main.repo.path)
    boundary = main.shas["boundary"]  # 2026-03-16 02:00 UTC, a Monday
    tables = {}
    for tz in ("America/Los_Angeles", "Asia/Tokyo", "UTC"):
        mine = g.counted([history], emails=["me@example.com"], tz=tz)
        tables[tz] = weeks(craftlog, "--since", SINCE, "--until", UNTIL, tz=tz)
        assert_same(
            tables[tz], g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26))
        )
        assert mine[boundary].week == ("2026-W11" if tz == "America/Los_Angeles" else "2026-W12")
    la, tokyo = tables["America/Los_Angeles"], tables["Asia/Tokyo"]
    # Los Angeles: Sunday evening, so W11 gains it. Tokyo: Monday, and the Sunday 22:30 UTC
    # AI commit of W10 moves into W11 there.
    assert row(la, "2026-W11")["commits"] == 4 and row(la, "2026-W12")["commits"] == 5
    assert row(tokyo, "2026-W10")["commits"] == 5 and row(tokyo, "2026-W11")["commits"] == 4
    assert row(tokyo, "2026-W11")["ai_assisted_commits"] == 1
    assert row(tables["UTC"], "2026-W11")["commits"] == 3


def test_iso_week_53(craftlog, home: Path, fixtures) -> None:
    w53 = fixtures["w53"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, w53.path)
    scan(craftlog)
    mine = g.counted([g.read_history(w53.path)], emails=["me@example.com"])
    table = weeks(craftlog, "--since", "2020-12-20", "--until", "2021-01-10")
    assert_same(table, g.expected_weeks(mine, since=date(2020, 12, 20), until=date(2021, 1, 10)))
    assert [(r["week"], r["start"], r["commits"]) for r in table] == [
        ("2020-W51", "2020-12-14", 0),
        ("2020-W52", "2020-12-21", 0),
        ("2020-W53", "2020-12-28", 3),
        ("2021-W01", "2021-01-04", 1),
    ]
    # No range: from 2020-W53 through every empty week to now.
    everything = weeks(craftlog)
    assert_same(everything, g.expected_weeks(mine, today=today_in("UTC")))
    assert everything[0]["week"] == "2020-W53"


# --- several repositories, and repositories of unusual shapes --------------------------------


def test_two_clones_count_each_commit_once(craftlog, home: Path, fixtures) -> None:
    main, clone = fixtures["main"], fixtures["clone"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, main.repo.path, clone.path)
    reports = scan(craftlog)
    assert len(reports) == 2
    histories = [g.read_history(main.repo.path), g.read_history(clone.path)]
    shared = {c.sha for c in histories[0]} & {c.sha for c in histories[1]}
    assert len(shared) > 20  # the oracle really has doubles to remove
    mine = g.counted(histories, emails=["me@example.com"])
    assert fixtures["clone_only"] in mine
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    assert row(table, "2026-W10")["commits"] == 6
    assert row(table, "2026-W17")["commits"] == 2  # detached HEAD in one, the clone's own


def test_bare_clone_agrees(craftlog, home: Path, fixtures) -> None:
    bare = fixtures["bare"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, bare.path)
    (report,) = scan(craftlog)
    assert report["path"] == str(bare.path.resolve())
    mine = g.counted([g.read_history(bare.path)], emails=["me@example.com"])
    assert fixtures["main"].shas["old_email"] in mine  # .mailmap read from HEAD in a bare repo
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    assert row(table, "2026-W14")["lines_added"] == 10_000


def test_shallow_clone_agrees(craftlog, home: Path, fixtures) -> None:
    shallow = fixtures["shallow"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, shallow.path)
    (report,) = scan(craftlog)
    assert any("shallow" in note for note in report["notes"]), report
    history = g.read_history(shallow.path)
    assert len(history) == 3
    mine = g.counted([history], emails=["me@example.com"])
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))


def test_submodule_and_worktree(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    g.write_config(home, emails=["me@example.com"])
    register(craftlog, main.repo.path, main.lib.path)
    # A worktree shares the main repository's git folder: it is the same repository.
    again = craftlog("repos", "add", "--", str(main.worktree.path))
    assert again.code == 0, again.err
    assert again.out.startswith(f"Already registered: {main.repo.path.resolve()}")
    reports = scan(craftlog)
    assert sorted(r["path"] for r in reports) == sorted(
        str(p.resolve()) for p in (main.repo.path, main.lib.path)
    )
    histories = [g.read_history(main.repo.path), g.read_history(main.lib.path)]
    mine = g.counted(histories, emails=["me@example.com"])
    assert main.shas["worktree"] in mine and main.shas["in_submodule"] in mine
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    # Submodule pointer, worktree, and lib's three commits.
    assert row(table, "2026-W16")["commits"] == 5


def test_repository_whose_name_starts_with_a_dash(craftlog, tmp_path: Path, home: Path) -> None:
    g.build_small(tmp_path / "-repo")
    g.write_config(home, emails=["me@example.com"])
    result = craftlog("repos", "add", "--", "-repo")  # relative to the command's cwd, tmp_path
    assert result.code == 0, result.err
    assert str((tmp_path / "-repo").resolve()) in result.out
    (report,) = scan(craftlog)
    assert report["new_commits"] == 6
    mine = g.counted([g.read_history(tmp_path / "-repo")], emails=["me@example.com"])
    table = weeks(craftlog, "--since", "2026-05-01", "--until", "2026-05-17")
    assert_same(table, g.expected_weeks(mine, since=date(2026, 5, 1), until=date(2026, 5, 17)))
    assert row(table, "2026-W19")["lines_added"] == 1 + 2 + 3 + 4 + 5 + 6


# --- settings: exclusions and identities -----------------------------------------------------


def test_custom_exclude_replaces_the_default(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    exclude = ["*.py", "docs/*", "/a.txt"]
    g.write_config(home, emails=["me@example.com"], exclude=exclude)
    register(craftlog, main.repo.path)
    scan(craftlog)
    mine = g.counted([g.read_history(main.repo.path)], emails=["me@example.com"], exclude=exclude)
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    # Lock files count now; a.txt, docs/ and Python files do not (the commits still do).
    assert row(table, "2026-W10") | {"reason": ""} == {
        "week": "2026-W10",
        "start": "2026-03-02",
        "commits": 6,
        "lines_added": 1 + 5 + 50 + 7 + 9 + 11 + 3,
        "lines_removed": 0,
        "ai_assisted_commits": 1,
        "entries": 0,
        "flagged": True,
        "reason": "",
    }


def test_no_identity_counts_every_author(craftlog, home: Path, fixtures) -> None:
    main = fixtures["main"]
    g.write_config(home, emails=[])  # and no user.email anywhere: host config is hidden
    register(craftlog, main.repo.path)
    (report,) = scan(craftlog)
    assert any("every author" in note for note in report["notes"]), report
    mine = g.counted([g.read_history(main.repo.path)], emails=None)
    assert main.shas["jane"] in mine and main.shas["bot"] in mine
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    assert row(table, "2026-W11")["commits"] == 5


def test_identity_defaults_to_git_user_email(
    craftlog, home: Path, tmp_path: Path, fixtures, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = fixtures["main"]
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\temail = Jane@Example.com\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    g.write_config(home, emails=[])
    register(craftlog, main.repo.path)
    (report,) = scan(craftlog)
    assert report["notes"] == []
    mine = g.counted([g.read_history(main.repo.path)], emails=["jane@example.com"])
    assert set(mine) == {main.shas["jane"]}
    table = weeks(craftlog, "--since", SINCE, "--until", UNTIL)
    assert_same(table, g.expected_weeks(mine, since=date(2026, 3, 1), until=date(2026, 4, 26)))
    assert row(table, "2026-W11")["lines_added"] == 40


def test_mailmap_maps_an_old_email_to_the_configured_one(craftlog, home: Path, tmp_path: Path):
    repo = g.GitRepo.init(tmp_path / "mm")
    repo.commit("2026-06-01T10:00:00+00:00", "Mailmap", {".mailmap": g.MAILMAP})
    for n in range(5):
        repo.commit(
            f"2026-06-0{n + 2}T10:00:00+00:00", f"Old {n}", {f"o{n}": "x\n"}, author=g.OLD_ME
        )
    repo.commit("2026-06-05T11:00:00+00:00", "Jane", {"j": "j\n"}, author=g.JANE)
    g.write_config(home, emails=["ME@example.com"])
    register(craftlog, repo.path)
    scan(craftlog)
    mine = g.counted([g.read_history(repo.path)], emails=["me@example.com"])
    table = weeks(craftlog, "--since", "2026-06-01", "--until", "2026-06-07")
    assert_same(table, g.expected_weeks(mine, since=date(2026, 6, 1), until=date(2026, 6, 7)))
    assert table == [
        {
            "week": "2026-W23",
            "start": "2026-06-01",
            "commits": 6,
            "lines_added": 6,
            "lines_removed": 0,
            "ai_assisted_commits": 0,
            "entries": 0,
            "flagged": True,
            "reason": "6 commits and no learning logged",
        }
    ]
