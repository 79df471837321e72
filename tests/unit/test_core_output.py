"""Which commits count and how (core/output.py), and the week flag rule (core/flags.py)."""

from __future__ import annotations

from datetime import date

import pytest

from craftlog.config import DEFAULT_EXCLUDE
from craftlog.core.flags import CommitCounts, judge, week_table
from craftlog.core.output import (
    Classifier,
    FileChange,
    RawCommit,
    ScanRules,
    ai_assisted,
    is_excluded,
    summary_of,
)
from craftlog.core.weeks import IsoWeek

ME = "me@example.com"


def raw(
    email: str = ME,
    files: tuple[FileChange, ...] = (),
    message: str = "Subject\n\nBody\n",
    parents: tuple[str, ...] = ("p" * 40,),
) -> RawCommit:
    return RawCommit("c" * 40, parents, email, 1_773_000_000, message, files)


# --- Classifier ------------------------------------------------------------------------------


def test_lines_skip_binary_and_excluded_files_but_the_commit_counts() -> None:
    classify = Classifier(ScanRules(emails=(ME,), exclude=DEFAULT_EXCLUDE))
    fact = classify(
        raw(
            files=(
                FileChange("src/a.py", 10, 2),
                FileChange("logo.png", None, None),
                FileChange("web/yarn.lock", 500, 400),
                FileChange("package-lock.json", 9000, 10),
                FileChange("go.sum", 7, 7),
                FileChange("Cargo.lock", 3, 3),
                FileChange("docs/b.md", 1, 1),
            )
        )
    )
    assert fact is not None
    assert (fact.lines_added, fact.lines_removed) == (11, 3)
    assert fact.files_changed == 7
    assert fact.is_merge is False and fact.ai_assisted is False
    assert fact.summary == "Subject"


def test_a_commit_of_only_excluded_or_binary_files_counts_with_zero_lines() -> None:
    classify = Classifier(ScanRules(emails=(ME,), exclude=("*.lock",)))
    fact = classify(raw(files=(FileChange("a.lock", 5, 5), FileChange("b.bin", None, None))))
    assert fact is not None and (fact.lines_added, fact.lines_removed) == (0, 0)
    empty = classify(raw(files=()))
    assert empty is not None and empty.files_changed == 0


def test_identities_match_without_regard_to_case() -> None:
    classify = Classifier(ScanRules(emails=(" Me@Example.COM ", "second@EXAMPLE.com")))
    assert classify(raw(email="ME@example.com")) is not None
    assert classify(raw(email="Second@example.com")) is not None
    assert classify(raw(email="me@example.com ")).email == ME  # type: ignore[union-attr]
    assert classify(raw(email="jane@example.com")) is None
    assert classify(raw(email="me@example.co")) is None


def test_no_identity_counts_every_author() -> None:
    rules = ScanRules()
    assert rules.everyone is True
    assert Classifier(rules)(raw(email="anyone@anywhere")) is not None
    assert ScanRules(emails=(ME,)).everyone is False


def test_merges_are_marked() -> None:
    classify = Classifier(ScanRules(emails=(ME,)))
    merge = classify(raw(parents=("a" * 40, "b" * 40), message="Merge branch 'x'"))
    assert merge is not None and merge.is_merge is True
    root = classify(raw(parents=()))
    assert root is not None and root.is_merge is False


def test_rules_fingerprint_follows_every_rule() -> None:
    base = ScanRules(emails=(ME,), exclude=("*.lock",))
    assert (
        base.fingerprint()
        == ScanRules(emails=("ME@example.com",), exclude=("*.lock",)).fingerprint()
    )
    assert base.emails == (ME,)
    changed = [
        ScanRules(emails=("other@example.com",), exclude=("*.lock",)),
        ScanRules(emails=(ME,), exclude=("*.sum",)),
        ScanRules(emails=(ME,), exclude=("*.lock",), ai_patterns=("claude",)),
        ScanRules(exclude=("*.lock",)),
    ]
    assert len({base.fingerprint(), *(r.fingerprint() for r in changed)}) == 5


@pytest.mark.parametrize(
    ("path", "patterns", "excluded"),
    [
        ("yarn.lock", ("*.lock",), True),
        ("deep/web/yarn.lock", ("*.lock",), True),
        ("package-lock.json", ("package-lock.json",), True),
        ("web/package-lock.json", ("package-lock.json",), True),
        ("package-lock.json.orig", ("package-lock.json",), False),
        ("lockfile.txt", ("*.lock",), False),
        ("docs/a.md", ("docs/*",), True),
        ("src/docs/a.md", ("docs/*",), False),  # with a slash: the whole path
        ("a.txt", ("/a.txt",), True),
        ("sub/a.txt", ("/a.txt",), False),
        ("sub/a.txt", ("a.txt",), True),  # without a slash: any file of that name
        ("caf\udce9.lock", ("*.lock",), True),  # a non-UTF-8 name as the parser keeps it
        ("go.sum", DEFAULT_EXCLUDE, True),
        ("web/pnpm-lock.yaml", DEFAULT_EXCLUDE, True),
        ("src/main.go", DEFAULT_EXCLUDE, False),
        ("anything", (), False),
    ],
)
def test_exclude_patterns(path: str, patterns: tuple[str, ...], excluded: bool) -> None:
    assert is_excluded(path, patterns) is excluded


AI_POSITIVE = [
    "Add x\n\nCo-authored-by: Claude <noreply@anthropic.com>",
    "Add x\n\nCo-Authored-By: Claude Opus 4 <noreply@anthropic.com>\n",
    "Add x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n",
    "Add x\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>",
    "Add x\n\n  co-authored-by:   GitHub Copilot <x@y>",
    "Add x\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>",
    "Add x\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.chat>",
    "Add x\n\nGenerated-by: ChatGPT",
    "Add x\n\nAssisted-by: Gemini",
    "Add x\n\nGenerated with OpenAI Codex",
    "Add x\n\n- Written with Windsurf",
    "Generated using Gemini CLI",
]
AI_NEGATIVE = [
    "Add x\n\nCo-authored-by: Jane Doe <jane@example.com>",
    "Fix cursor position after paste",
    "Fix cursor position after paste\n\nThe jump was made by cursor math in the old editor.",
    "Handle text written by the cursor module",
    "Mention Claude in the README",
    "Update claude.md generated by a script",
    "Built with care",
    "Generated with our own script",
    "Add x\n\nReviewed-by: Claude Shannon <claude@example.com>",
    "Add x\n\nSigned-off-by: Me <me@example.com>",
    "Discuss copilots in aviation docs",
    "",
]


@pytest.mark.parametrize("message", AI_POSITIVE)
def test_ai_assistance_is_recognised(message: str) -> None:
    assert ai_assisted(message, ScanRules().ai_regex()) is True
    assert Classifier(ScanRules())(raw(message=message)).ai_assisted is True  # type: ignore[union-attr]


@pytest.mark.parametrize("message", AI_NEGATIVE)
def test_mentions_and_human_co_authors_are_not_ai(message: str) -> None:
    assert ai_assisted(message, ScanRules().ai_regex()) is False


def test_ai_patterns_are_configurable() -> None:
    only_mine = ScanRules(ai_patterns=("robo-?pal",)).ai_regex()
    assert ai_assisted("x\n\nCo-authored-by: RoboPal <r@p>", only_mine) is True
    assert ai_assisted("x\n\nCo-authored-by: Claude <noreply@anthropic.com>", only_mine) is False
    nothing = ScanRules(ai_patterns=()).ai_regex()
    assert ai_assisted("x\n\nCo-authored-by: Claude <noreply@anthropic.com>", nothing) is False


@pytest.mark.parametrize(
    ("message", "summary"),
    [
        ("Subject\n\nBody", "Subject"),
        ("Subject", "Subject"),
        ("Wrapped subject\ncontinues here\n\nBody", "Wrapped subject continues here"),
        ("\n\n  Leading blank lines  \n", "Leading blank lines"),
        ("", ""),
        ("\n\n", ""),
        ("Odd \x1e subject\twith tab\n\n1\t2\tfoo", "Odd \x1e subject\twith tab"),
        ("Caf\ufffd bytes\n", "Caf\ufffd bytes"),
        # Only "\n" ends a line, as in git: separators and Unicode breaks stay in the subject.
        ("A\x1e\x1eB\n\nBody", "A\x1e\x1eB"),
        ("\x1eLeading separator", "\x1eLeading separator"),
        ("One\u2028\u2028Two\x85Three", "One\u2028\u2028Two\x85Three"),
        ("Subject\r\n\r\nBody\r\n", "Subject"),
    ],
)
def test_summary_of(message: str, summary: str) -> None:
    assert summary_of(message) == summary


# --- judge -----------------------------------------------------------------------------------


def counts(commits: int, added: int = 0, removed: int = 0, ai: int = 0) -> CommitCounts:
    return CommitCounts(commits, added, removed, ai)


@pytest.mark.parametrize(
    ("week", "entries", "min_commits", "min_lines", "expected"),
    [
        # Learning logged: never flagged, whatever the output.
        (counts(50, 9000), 1, 5, 0, (False, "1 learning entry logged")),
        (counts(0), 3, 5, 0, (False, "3 learning entries logged")),
        # Flagged at the threshold, not one under it.
        (counts(5), 0, 5, 0, (True, "5 commits and no learning logged")),
        (counts(4), 0, 5, 0, (False, "4 commits, under the 5 that would flag the week")),
        (counts(1), 0, 5, 0, (False, "1 commit, under the 5 that would flag the week")),
        (counts(1), 0, 1, 0, (True, "1 commit and no learning logged")),
        (counts(1234), 0, 5, 0, (True, "1,234 commits and no learning logged")),
        (counts(0), 0, 5, 0, (False, "no commits and no learning logged")),
        # Lines: added plus removed, at or over min_lines.
        (
            counts(5, 60, 40),
            0,
            5,
            100,
            (True, "5 commits and 100 changed lines and no learning logged"),
        ),
        (
            counts(5, 60, 39),
            0,
            5,
            100,
            (
                False,
                "5 commits and 99 changed lines, "
                "under the 100 changed lines that would flag the week",
            ),
        ),
        (
            counts(5, 1, 0),
            0,
            5,
            1000,
            (
                False,
                "5 commits and 1 changed line, "
                "under the 1,000 changed lines that would flag the week",
            ),
        ),
        (
            counts(4, 500),
            0,
            5,
            100,
            (False, "4 commits and 500 changed lines, under the 5 that would flag the week"),
        ),
        (counts(0), 0, 5, 100, (False, "no commits and no learning logged")),
        # min_lines = 0 leaves lines out of the wording, and empty commits still flag.
        (counts(6, 0, 0), 0, 5, 0, (True, "6 commits and no learning logged")),
    ],
)
def test_judge(
    week: CommitCounts, entries: int, min_commits: int, min_lines: int, expected: tuple
) -> None:
    assert judge(week, entries, min_commits, min_lines) == expected


# --- week_table ------------------------------------------------------------------------------

W10, W11, W12, W13 = (IsoWeek(2026, n) for n in (10, 11, 12, 13))
TODAY = date(2026, 3, 25)  # Wednesday of 2026-W13


def labels(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.week.label for w in table]


def test_table_runs_from_the_first_known_week_to_this_week() -> None:
    table = week_table({W11: counts(5, 3, 1, 2)}, {W12: 1}, TODAY, 5, 0)
    assert labels(table) == ["2026-W11", "2026-W12", "2026-W13"]
    first = table[0]
    assert (first.commits, first.lines_added, first.lines_removed) == (5, 3, 1)
    assert (first.ai_assisted_commits, first.entries, first.flagged) == (2, 0, True)
    assert first.reason == "5 commits and no learning logged"
    assert (table[1].entries, table[1].flagged) == (1, False)
    assert table[2].reason == "no commits and no learning logged"
    assert table[0].as_json() == {
        "week": "2026-W11",
        "start": "2026-03-09",
        "commits": 5,
        "lines_added": 3,
        "lines_removed": 1,
        "ai_assisted_commits": 2,
        "entries": 0,
        "flagged": True,
        "reason": "5 commits and no learning logged",
    }


def test_empty_table() -> None:
    assert week_table({}, {}, TODAY, 5, 0) == []
    # Only future weeks known: nothing has happened yet.
    assert week_table({IsoWeek(2026, 30): counts(9)}, {}, TODAY, 5, 0) == []


def test_since_and_until_bound_the_table() -> None:
    data = {W10: counts(1), W12: counts(7)}
    table = week_table(data, {}, TODAY, 5, 0, since=date(2026, 3, 18), until=date(2026, 3, 18))
    assert labels(table) == ["2026-W12"] and table[0].flagged is True
    # `since` before any data starts the table there; `until` past today goes on.
    table = week_table(data, {}, TODAY, 5, 0, since=date(2026, 2, 28), until=date(2026, 4, 6))
    assert labels(table)[0] == "2026-W09" and labels(table)[-1] == "2026-W15"
    assert len(table) == 7
    # `until` alone: from the first known week.
    assert labels(week_table(data, {}, TODAY, 5, 0, until=date(2026, 3, 10))) == [
        "2026-W10",
        "2026-W11",
    ]
    # `until` before the first known week leaves nothing.
    assert week_table(data, {}, TODAY, 5, 0, until=date(2026, 2, 1)) == []


def test_future_weeks_show_only_when_until_reaches_them() -> None:
    data = {W10: counts(1), IsoWeek(2026, 53): counts(2)}
    assert labels(week_table(data, {}, TODAY, 5, 0))[-1] == "2026-W13"
    table = week_table(data, {}, TODAY, 5, 0, since=date(2026, 12, 28), until=date(2027, 1, 4))
    assert labels(table) == ["2026-W53", "2027-W01"]
    assert table[0].commits == 2


def test_table_crosses_a_53_week_year() -> None:
    table = week_table(
        {IsoWeek(2020, 52): counts(1)}, {IsoWeek(2021, 1): 1}, date(2021, 1, 6), 5, 0
    )
    assert labels(table) == ["2020-W52", "2020-W53", "2021-W01"]
    assert [w.week.monday.isoformat() for w in table] == ["2020-12-21", "2020-12-28", "2021-01-04"]
