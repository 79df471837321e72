"""A taken instrument as kept in the history: when, the answers given and the score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from craftlog.core.instruments import (
    INSTRUMENTS,
    Band,
    Instrument,
    NextStep,
    Result,
    Trend,
    check_due,
    get_instrument,
    trend,
)


@dataclass(frozen=True)
class Assessment:
    """One gap check or tier test as taken; `taken_at` is an aware UTC instant."""

    key: str
    taken_at: datetime
    day: date  # the local day it was taken, which is what history and due rules count
    answers: tuple[tuple[str, str], ...]
    score: int
    id: int | None = None
    uid: str | None = None

    @property
    def instrument(self) -> Instrument:
        return get_instrument(self.key)

    @property
    def band(self) -> Band:
        return self.instrument.band_for(self.score)

    @property
    def next_steps(self) -> tuple[NextStep, ...]:
        """The tier test's step for each "no"; empty for the gap checks."""
        given = dict(self.answers)
        yes = {c.value for c in self.instrument.choices if c.counts}
        return tuple(
            NextStep(q.id, q.text, q.next_step)
            for q in self.instrument.questions
            if q.next_step and q.id in given and given[q.id] not in yes
        )


def from_result(result: Result, taken_at: datetime, day: date) -> Assessment:
    """A scored result, ready to store."""
    if taken_at.tzinfo is None:
        raise ValueError("taken_at must carry a time zone")
    return Assessment(result.key, taken_at.astimezone(UTC), day, result.answers, result.score)


def latest_by_key(assessments: Iterable[Assessment]) -> dict[str, Assessment]:
    """The most recent result of each instrument taken at least once."""
    latest: dict[str, Assessment] = {}
    for item in sorted(assessments, key=lambda a: a.taken_at):
        latest[item.key] = item
    return latest


def trend_of(key: str, assessments: Iterable[Assessment]) -> Trend:
    """One instrument's scores over time, oldest first."""
    ordered = sorted((a for a in assessments if a.key == key), key=lambda a: a.taken_at)
    return trend(get_instrument(key), [(a.day, a.score) for a in ordered])


def due_keys(latest: dict[str, Assessment], today: date, keys: Iterable[str]) -> list[str]:
    """Which of `keys` are suggested now: never taken, or not yet this calendar month."""
    return [k for k in keys if check_due(latest[k].day if k in latest else None, today)]


__all__ = ["INSTRUMENTS", "Assessment", "due_keys", "from_result", "latest_by_key", "trend_of"]
