"""Leverage against craft: the latest tier score beside the signs of a widening skill gap."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from craftlog.core.audits import Outcome
from craftlog.core.instruments import QUICK_CHECK, SYMPTOMS, TIER

# Leverage counts as high from the tier test's middle band: by then you have built pieces of a
# system that multiply output, which is exactly when a craft gap can widen unnoticed.
HIGH_LEVERAGE_FROM = 4
# The symptom list has no threshold of its own; "in the gap" starts at three of seven, the same
# "more than two" line the quick check draws.
SYMPTOMS_GAP_FROM = 3
# The quick check's own rule: more than two uncomfortable answers.
QUICK_CHECK_GAP_FROM = 3
# An audit you could not finish without help is direct evidence of a lost skill; docs are allowed.
GAP_OUTCOMES = frozenset({Outcome.PARTLY, Outcome.GAVE_UP})


class Quadrant(StrEnum):
    """Where leverage (tier score) and craft (checks, audits, log) put you."""

    GOAL = "goal"
    WARNING = "warning"
    FOUNDATION = "foundation"
    AT_RISK = "at-risk"
    UNKNOWN = "unknown"


_VERDICTS = {
    Quadrant.GOAL: "AI multiplies your output and your own skills are holding. Keep both up.",
    Quadrant.WARNING: "AI multiplies your output, but your own skills are slipping. Protect time "
    "for unaided work before the gap grows.",
    Quadrant.FOUNDATION: "Your own skills are holding, but AI does little for you yet. The tier "
    "test's next steps are a good place to start.",
    Quadrant.AT_RISK: "AI does little for you yet and your own skills are slipping. Rebuild the "
    "craft first: run an audit and log what you learn each week.",
}


@dataclass(frozen=True)
class Standing:
    """The two axes side by side, with the reasons behind the craft verdict."""

    quadrant: Quadrant
    verdict: str
    high_leverage: bool | None
    craft_intact: bool | None
    gap_signs: tuple[str, ...]


def standing(
    tier_score: int | None,
    *,
    symptoms: int | None = None,
    quick_check: int | None = None,
    last_audit: Outcome | None = None,
    log_silent: bool = False,
) -> Standing:
    """Place the latest tier score against the craft signals; any one gap sign means a gap."""
    for instrument, value in ((TIER, tier_score), (SYMPTOMS, symptoms), (QUICK_CHECK, quick_check)):
        if value is not None:
            instrument.band_for(value)  # refuses a score the instrument cannot produce
    signs = []
    if symptoms is not None and symptoms >= SYMPTOMS_GAP_FROM:
        signs.append(f"symptom list: {symptoms} of {SYMPTOMS.maximum} apply")
    if quick_check is not None and quick_check >= QUICK_CHECK_GAP_FROM:
        signs.append(f"quick check: {quick_check} of {QUICK_CHECK.maximum} uncomfortable")
    if last_audit in GAP_OUTCOMES:
        signs.append(f"last audit: {Outcome(last_audit).label}")
    if log_silent:
        signs.append("learning log silent for over two weeks")
    # Intact craft needs some evidence; a quiet log with nothing else proves nothing.
    evidence = bool(signs) or any(x is not None for x in (symptoms, quick_check, last_audit))
    craft = None if not evidence else not signs
    leverage = None if tier_score is None else tier_score >= HIGH_LEVERAGE_FROM
    if leverage is None or craft is None:
        missing = [
            *(["take the tier test"] if leverage is None else []),
            *(["take a gap check or finish an audit"] if craft is None else []),
        ]
        verdict = f"Not enough to go on yet: {' and '.join(missing)}."
        return Standing(Quadrant.UNKNOWN, verdict, leverage, craft, tuple(signs))
    quadrant = {
        (True, True): Quadrant.GOAL,
        (True, False): Quadrant.WARNING,
        (False, True): Quadrant.FOUNDATION,
        (False, False): Quadrant.AT_RISK,
    }[(leverage, craft)]
    return Standing(quadrant, _VERDICTS[quadrant], leverage, craft, tuple(signs))
