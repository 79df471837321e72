"""The bench's ten-year data set, its tmux plumbing, the screens notes and skipped measures."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from bench import tenyear_data as data
from bench.appstart import MINIMAL, MINIMAL_APP, TerminalTrial, pane_command, read_block, shows
from bench.context import BenchError, Context, MeasureSkipped
from bench.gitrepo import RepoSpec, generate, git_environment
from bench.measures import Measure, Pair
from bench.report import format_table, result_record
from bench.runner import run_measure
from bench.screens import summarize
from bench.tenyear import cache_key, repo_specs

from craftlog.core.audits import AuditStatus, Outcome
from craftlog.core.weeks import IsoWeek

TODAY = date(2026, 11, 21)  # a Saturday


def test_entries_are_weekly_and_end_this_week() -> None:
    planned = data.entries(data.FULL, TODAY)
    live = [p for p in planned if p.deleted_at is None]
    assert len(live) == 520
    assert len(planned) - len(live) == data.FULL.trashed
    weeks = [IsoWeek.of(p.draft.day) for p in live]
    assert weeks == sorted(weeks)
    assert weeks[-1] == IsoWeek.of(TODAY)
    assert weeks[0] == IsoWeek.of(data.first_monday(data.FULL, TODAY))
    assert len(set(weeks[-12:])) == 12  # a current streak
    assert 480 <= len(set(weeks)) < 520  # a few weeks missed, a few doubled
    assert all(p.draft.day <= TODAY for p in planned)
    assert all(p.created_at <= datetime.combine(TODAY, datetime.max.time(), UTC) for p in planned)
    assert 0.1 < sum(p.draft.needed_ai for p in live) / len(live) < 0.3
    assert any(p.draft.struggle_minutes for p in live)
    assert all(p.draft.tags for p in live)
    assert len({p.uid for p in planned}) == len(planned)
    assert data.entries(data.FULL, TODAY) == planned  # deterministic


def test_audits_one_a_month_with_every_outcome_and_gaps() -> None:
    audits = data.audits(data.FULL, TODAY)
    assert len(audits) == 120
    assert [a.month for a in audits][-1] == "2026-11"
    assert len({a.month for a in audits}) == 120
    finished = [a for a in audits if a.finished]
    assert {a.outcome for a in finished} == set(Outcome)
    assert any(a.status is AuditStatus.ABANDONED for a in audits)
    assert sum(bool(a.gaps) for a in finished) > len(finished) // 2
    assert any(a.rebuild_gap for a in finished)
    assert all(a.finished_at is None or a.finished_at.date() <= TODAY for a in audits)


def test_checks_monthly_and_a_tier_test_each_quarter() -> None:
    taken = data.assessments(data.FULL, TODAY)
    by_key = {
        key: [a for a in taken if a.key == key] for key in ("symptoms", "quick-check", "tier")
    }
    assert len(by_key["symptoms"]) == len(by_key["quick-check"]) == 120
    assert len(by_key["tier"]) == data.FULL.tier_tests == 40
    assert [a.taken_at for a in taken] == sorted(a.taken_at for a in taken)
    assert max(a.day for a in taken) <= TODAY


def test_reviews_follow_live_entries_and_stop_before_today() -> None:
    planned = data.entries(data.QUICK, TODAY)
    reviews = data.reviews(planned, data.QUICK, TODAY)
    live = {p.uid: p for p in planned if p.deleted_at is None}
    assert reviews and all(r.entry_uid in live for r in reviews)
    assert all(
        live[r.entry_uid].created_at < r.at < datetime(2026, 11, 21, tzinfo=UTC) for r in reviews
    )
    assert {r.rating for r in reviews} <= {1, 2, 3, 4}


def test_cache_key_changes_weekly_and_repos_end_on_monday() -> None:
    assert cache_key(data.FULL, TODAY) == cache_key(data.FULL, TODAY - timedelta(days=5))
    assert cache_key(data.FULL, TODAY) != cache_key(data.FULL, TODAY + timedelta(days=2))
    specs = repo_specs(data.FULL, TODAY)
    assert len(specs) == 5 and sum(s.commits for s in specs) == 100_000
    assert len({s.key() for s in specs}) == 5
    start, end = specs[0].span()
    assert end == datetime(2026, 11, 16, tzinfo=UTC)
    assert (end - start).days // 365 == 9  # 520 weeks: ten years, give or take a few days


def test_cache_key_follows_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from craftlog.store import migrations

    before = cache_key(data.FULL, TODAY)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ["CREATE INDEX x"]])
    assert cache_key(data.FULL, TODAY) != before


def test_repo_spec_keys_of_older_caches_are_kept() -> None:
    assert RepoSpec(commits=20_000).key() == "repo-20000c-300f-112d37779e"
    assert RepoSpec(commits=20_000, end="2026-01-01T00:00:00+00:00").key() != RepoSpec().key()


def test_history_with_a_span_stays_inside_it(tmp_path: Path) -> None:
    start, end = datetime(2016, 1, 4, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC)
    spec = RepoSpec(
        commits=60, files=20, merge_every=15, start=start.isoformat(), end=end.isoformat()
    )
    generate(spec, tmp_path / "repo")
    stamps = subprocess.run(
        ["git", "-C", str(tmp_path / "repo"), "log", "--format=%at", "--branches", "HEAD", "--"],
        env=git_environment(), capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert len(stamps) == 60
    assert start.timestamp() <= min(map(int, stamps))
    assert max(map(int, stamps)) < end.timestamp()
    assert max(map(int, stamps)) > (end - timedelta(days=200)).timestamp()


def _lines(*lines: str) -> io.BytesIO:
    return io.BytesIO("".join(f"{line}\n" for line in lines).encode())


def test_read_block_skips_notifications_and_reads_one_reply() -> None:
    stream = _lines(
        "%session-changed $0 bench", "%begin 1 2 1", "ready", "", "%end 1 2 1", "%begin 1 3 1"
    )
    assert read_block(stream.readline) == ["ready", ""]
    with pytest.raises(BenchError, match="no such session"):
        read_block(_lines("%begin 1 4 1", "no such session", "%error 1 4 1").readline)
    with pytest.raises(BenchError, match="ended"):
        read_block(_lines("%begin 1 5 1").readline)


def test_every_expected_text_must_show() -> None:
    screen = [" craftlog — 520 entries in the log", " │ Streak: 35 weeks │"]
    assert shows(screen, ("520 entries in the log", "Streak:"))
    assert not shows(screen[:1], ("520 entries in the log", "Streak:"))


def test_pane_command_sets_term_and_quotes() -> None:
    line = pane_command(["/opt/my venv/bin/craftlog"])
    assert line.startswith("respawn-pane -k -t bench env TERM=xterm-256color ")
    assert line.endswith("'/opt/my venv/bin/craftlog'")


def test_screens_notes_name_each_screen_and_the_slowest() -> None:
    def run(log: float, home: float) -> dict[str, object]:
        one = {"log": {"ms": log, "data": True}, "home": {"ms": home, "data": True}}
        return {"modes": ["log", "home"], "passes": [one, one]}

    notes = summarize([run(80, 20), run(120, 30), run(90, 25)])
    assert "first visit / again: log 90 (90) / 90 (90); home 25 (25) / 25 (25)" in notes[0]
    assert "log 3×" in notes[1] and "120 ms" in notes[1]


def test_a_skipped_measure_has_a_row_and_fails_nothing(tmp_path: Path) -> None:
    def prepare(ctx: Context) -> Pair:
        raise MeasureSkipped("tmux is not installed")

    measure = Measure("x", "a title", "a reference", 1.25, prepare, kind="app")
    result = run_measure(Context(tmp_path), measure, runs=3)
    assert result.passed and result.skipped == "tmux is not installed"
    row = format_table([result]).splitlines()[-1]
    assert "a title (vs a reference)" in row and "skipped: tmux is not installed" in row
    assert result_record(result)["skipped"] == "tmux is not installed"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_minimal_app_starts_in_tmux(tmp_path: Path) -> None:
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    trial = TerminalTrial(
        label="minimal",
        argv=[sys.executable, "-P", str(MINIMAL_APP)],
        env=env,
        expect=MINIMAL,
        socket=tmp_path / "t.sock",
        tmux=shutil.which("tmux") or "tmux",
    )
    trial.reset()
    seconds = trial.run()
    trial.verify()
    assert 0 < seconds < 30
    assert shows(trial.screen, MINIMAL)
