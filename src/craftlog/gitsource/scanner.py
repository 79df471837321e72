"""Incremental scans: read only what is new, and undo what a rewritten history took away."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from craftlog.core.output import Classifier, CommitFact, RawCommit, ScanRules
from craftlog.core.sources import ScanOutcome, ScanReport, Source
from craftlog.gitsource import reader
from craftlog.gitsource.reader import ScanCancelled, SourceProblem
from craftlog.store.commits import CommitRepository

# Commits per write transaction: large enough to be cheap, small enough to hold the lock briefly.
BATCH = 2000
# How often (in commits read) progress is reported.
PROGRESS_EVERY = 250

Progress = Callable[[Source, int, int], None]


def _no_progress(source: Source, done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def scan_source(
    source: Source,
    store: CommitRepository,
    rules: ScanRules,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = _never,
) -> ScanReport:
    """Bring one repository's stored commits up to date; failures come back as a report."""
    progress = progress or _no_progress
    started = time.monotonic()
    report = ScanReport(path=source.path, outcome=ScanOutcome.OK)
    tally = [0]
    try:
        report = _scan(source, store, rules, progress, cancelled, report, tally)
    except ScanCancelled:
        report = replace(report, outcome=ScanOutcome.CANCELLED, new_commits=tally[0])
        store.finish(source, ScanOutcome.CANCELLED, "stopped before it finished")
    except SourceProblem as problem:
        report = replace(report, outcome=ScanOutcome.FAILED, message=str(problem))
        store.finish(source, ScanOutcome.FAILED, str(problem))
    return replace(report, seconds=time.monotonic() - started)


def _scan(
    source: Source,
    store: CommitRepository,
    rules: ScanRules,
    progress: Progress,
    cancelled: Callable[[], bool],
    report: ScanReport,
    tally: list[int],
) -> ScanReport:
    with reader.opened(source.path) as repo:
        info = reader.describe(repo)
        notes = []
        if rules.everyone:
            email = reader.default_email(repo)
            if email:
                rules = replace(rules, emails=(email,))
            else:
                notes.append("no identity set, so every author's commits count")
        if info.shallow:
            notes.append("a shallow clone: commits before its cut-off cannot be read")
        tips = reader.tips(repo)
        old_tips, old_rules = store.scan_state(source)
        fingerprint = rules.fingerprint()
        if old_rules != fingerprint:
            store.reset(source)
            if old_rules:
                notes.append("settings changed since the last scan, so it was counted again")
            old_tips = ()
        elif set(old_tips) == set(tips):
            message = "no new commits" if tips else "no commits yet"
            store.finish(source, ScanOutcome.OK, "; ".join([message, *notes]), tips, fingerprint)
            return replace(report, message=message, notes=tuple(notes))
        removed = 0
        if old_tips:
            gone = reader.vanished(repo, old_tips, tips)
            if gone is None:
                store.reset(source)
                old_tips = ()
                notes.append("its history was rewritten and old commits are gone: read afresh")
            else:
                removed = store.forget(source, gone)
        total = reader.count(repo, tips, old_tips)
        progress(source, 0, total)
        commits = reader.log(repo, tips, old_tips, cancelled)
        read = _read(source, store, commits, rules, total, progress, tally)
        new = tally[0]
        if not tips:
            notes.insert(0, "no commits yet")
        message = "; ".join(notes) or "up to date"
        store.finish(source, ScanOutcome.OK, message, tips, fingerprint)
        return replace(
            report, new_commits=new, read_commits=read, removed_commits=removed, notes=tuple(notes)
        )


def _read(
    source: Source,
    store: CommitRepository,
    commits: Iterable[RawCommit],
    rules: ScanRules,
    total: int,
    progress: Progress,
    tally: list[int],
) -> int:
    """Classify and store streamed commits; `tally[0]` counts new ones even if a stop cuts in."""
    classify = Classifier(rules)
    batch: list[CommitFact] = []
    read = 0
    try:
        for raw in commits:
            read += 1
            fact = classify(raw)
            if fact is not None:
                batch.append(fact)
                if len(batch) >= BATCH:
                    tally[0] += store.store(source, batch)
                    batch = []
            if read % PROGRESS_EVERY == 0:
                progress(source, read, total)
    finally:
        # What was read before a stop is kept: a later scan skips it rather than doubling it.
        if batch:
            tally[0] += store.store(source, batch)
    progress(source, read, max(total, read))
    return read
