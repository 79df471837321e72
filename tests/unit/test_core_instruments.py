"""Self-assessment scores, trends, the monthly suggestion and the two axes (core/instruments)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from craftlog.core.audits import Outcome
from craftlog.core.instruments import (
    INSTRUMENTS,
    QUICK_CHECK,
    SUGGESTED_MONTHLY,
    SYMPTOMS,
    TIER,
    AnswerError,
    IncompleteAnswers,
    Instrument,
    check_due,
    get_instrument,
    score,
    trend,
)
from craftlog.core.standing import (
    HIGH_LEVERAGE_FROM,
    QUICK_CHECK_GAP_FROM,
    SYMPTOMS_GAP_FROM,
    Quadrant,
    standing,
)


def answers(instrument: Instrument, points: int) -> dict[str, str]:
    """The first `points` questions answered with the scoring choice, the rest with the other."""
    hit = next(c.value for c in instrument.choices if c.counts)
    miss = next(c.value for c in instrument.choices if not c.counts)
    return {q.id: hit if i < points else miss for i, q in enumerate(instrument.questions)}


# --- the instruments as data --------------------------------------------------------------------


def test_question_counts_match_the_spec() -> None:
    assert (SYMPTOMS.maximum, QUICK_CHECK.maximum, TIER.maximum) == (7, 5, 10)
    assert set(INSTRUMENTS) == {"symptoms", "quick-check", "tier"}
    assert set(SUGGESTED_MONTHLY) <= set(INSTRUMENTS)


@pytest.mark.parametrize("instrument", list(INSTRUMENTS.values()), ids=list(INSTRUMENTS))
def test_bands_cover_every_score_once(instrument: Instrument) -> None:
    covered = [s for b in instrument.bands for s in range(b.low, b.high + 1)]
    assert covered == list(range(instrument.maximum + 1))
    assert all(b.name and b.meaning for b in instrument.bands)


@pytest.mark.parametrize("instrument", list(INSTRUMENTS.values()), ids=list(INSTRUMENTS))
def test_questions_have_unique_ids_and_text(instrument: Instrument) -> None:
    ids = [q.id for q in instrument.questions]
    assert len(set(ids)) == len(ids)
    assert all(q.text.strip() for q in instrument.questions)
    assert instrument.title and instrument.intro
    assert len({c.value for c in instrument.choices}) == 2
    assert sum(c.counts for c in instrument.choices) == 1


def test_only_tier_questions_carry_a_next_step() -> None:
    assert all(q.next_step for q in TIER.questions)
    assert not any(q.next_step for q in (*SYMPTOMS.questions, *QUICK_CHECK.questions))


def test_direction_of_each_score() -> None:
    assert TIER.higher_is_better
    assert not SYMPTOMS.higher_is_better
    assert not QUICK_CHECK.higher_is_better


def test_get_instrument() -> None:
    assert get_instrument("tier") is TIER
    with pytest.raises(ValueError, match="no instrument 'nope'; there are: symptoms"):
        get_instrument("nope")


def test_band_for_refuses_impossible_scores() -> None:
    with pytest.raises(ValueError, match="from 0 to 7, not 8"):
        SYMPTOMS.band_for(8)
    with pytest.raises(ValueError):
        TIER.band_for(-1)


# --- scores and bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "band"),
    [
        (0, "Clear"),
        (1, "Early signs"),
        (2, "Early signs"),
        (3, "In the gap"),
        (5, "In the gap"),
        (6, "Deep in the gap"),
        (7, "Deep in the gap"),
    ],
)
def test_symptom_bands(points: int, band: str) -> None:
    result = score(SYMPTOMS, answers(SYMPTOMS, points))
    assert (result.score, result.maximum, result.band.name) == (points, 7, band)
    assert result.next_steps == ()


@pytest.mark.parametrize(
    ("uncomfortable", "band"),
    [(0, "Holding"), (2, "Holding"), (3, "Needs attention"), (5, "Needs attention")],
)
def test_quick_check_more_than_two_uncomfortable_needs_attention(
    uncomfortable: int, band: str
) -> None:
    result = score(QUICK_CHECK, answers(QUICK_CHECK, uncomfortable))
    assert result.score == uncomfortable
    assert result.band.name == band


def test_quick_check_counts_uncomfortable_not_comfortable() -> None:
    all_comfortable = {q.id: "comfortable" for q in QUICK_CHECK.questions}
    assert score(QUICK_CHECK, all_comfortable).score == 0


@pytest.mark.parametrize(
    ("yes", "band"),
    [
        (0, "Occasional user"),
        (3, "Occasional user"),
        (4, "In transition"),
        (6, "In transition"),
        (7, "System builder"),
        (10, "System builder"),
    ],
)
def test_tier_bands(yes: int, band: str) -> None:
    result = score(TIER, answers(TIER, yes))
    assert (result.score, result.maximum, result.band.name) == (yes, 10, band)
    assert len(result.next_steps) == 10 - yes


def test_tier_next_steps_follow_each_no_in_question_order() -> None:
    given_answers = {q.id: "yes" for q in TIER.questions} | {"spend": "no", "context-file": "no"}
    result = score(TIER, given_answers)
    assert [s.question_id for s in result.next_steps] == ["context-file", "spend"]
    first = result.next_steps[0]
    assert first.question == TIER.questions[0].text
    assert first.step == TIER.questions[0].next_step


def test_answers_come_back_in_question_order_and_normalised() -> None:
    shuffled = dict(reversed(list(answers(SYMPTOMS, 2).items())))
    shuffled[SYMPTOMS.questions[0].id] = "  YES "
    result = score(SYMPTOMS, shuffled)
    assert [qid for qid, _ in result.answers] == [q.id for q in SYMPTOMS.questions]
    assert result.answers[0][1] == "yes"
    assert result.key == "symptoms"


def test_missing_answers_are_named() -> None:
    partial = answers(TIER, 10)
    del partial["evals"], partial["ahead"]
    with pytest.raises(IncompleteAnswers) as caught:
        score(TIER, partial)
    assert caught.value.missing == ("evals", "ahead")
    assert isinstance(caught.value, ValueError)
    assert "2 question(s) not answered yet: evals, ahead" in str(caught.value)


def test_no_answers_at_all_lists_every_question() -> None:
    with pytest.raises(IncompleteAnswers) as caught:
        score(QUICK_CHECK, {})
    assert caught.value.missing == tuple(q.id for q in QUICK_CHECK.questions)


def test_unknown_question_ids_are_refused() -> None:
    bad = answers(SYMPTOMS, 0) | {"made-up": "yes"}
    with pytest.raises(AnswerError, match="Symptom list has no question\\(s\\): made-up"):
        score(SYMPTOMS, bad)


def test_an_answer_outside_the_choices_is_refused() -> None:
    bad = answers(QUICK_CHECK, 0) | {"old-bug": "yes"}
    with pytest.raises(AnswerError, match="'yes' to 'old-bug' is not one of: comfortable, unc"):
        score(QUICK_CHECK, bad)
    assert not isinstance(AnswerError("x"), IncompleteAnswers)


@given(st.lists(st.booleans(), min_size=10, max_size=10))
def test_tier_score_is_the_number_of_yes(flags: list[bool]) -> None:
    given_answers = {q.id: "yes" if f else "no" for q, f in zip(TIER.questions, flags, strict=True)}
    result = score(TIER, given_answers)
    assert result.score == sum(flags)
    assert result.band.low <= result.score <= result.band.high
    assert len(result.next_steps) == flags.count(False)


# --- trend and the monthly suggestion -----------------------------------------------------------


def test_trend_orders_points_and_measures_change() -> None:
    results = [(date(2026, 3, 1), 4), (date(2026, 1, 5), 6), (date(2026, 2, 9), 5)]
    got = trend(SYMPTOMS, results)
    assert got.points == ((date(2026, 1, 5), 6), (date(2026, 2, 9), 5), (date(2026, 3, 1), 4))
    assert (got.latest, got.since_previous, got.since_first) == (4, -1, -2)
    assert got.maximum == 7 and got.key == "symptoms"
    assert got.improved is True  # fewer symptoms is better


def test_trend_direction_follows_the_instrument() -> None:
    rising = [(date(2026, 1, 1), 3), (date(2026, 2, 1), 5)]
    assert trend(TIER, rising).improved is True
    assert trend(QUICK_CHECK, rising).improved is False
    level = [(date(2026, 1, 1), 3), (date(2026, 2, 1), 3)]
    assert trend(TIER, level).improved is None


def test_same_day_results_keep_their_given_order() -> None:
    day = date(2026, 5, 5)
    got = trend(TIER, [(day, 2), (day, 5)])
    assert got.latest == 5 and got.since_previous == 3


def test_trend_with_one_or_no_results() -> None:
    one = trend(TIER, [(date(2026, 1, 1), 7)])
    assert (one.latest, one.since_previous, one.since_first, one.improved) == (7, None, None, None)
    empty = trend(TIER, [])
    assert (empty.points, empty.latest) == ((), None)


def test_trend_refuses_impossible_scores() -> None:
    with pytest.raises(ValueError, match="impossible score 6"):
        trend(QUICK_CHECK, [(date(2026, 1, 1), 6)])


@pytest.mark.parametrize(
    ("last", "today", "due"),
    [
        (None, date(2026, 5, 10), True),
        (date(2026, 5, 1), date(2026, 5, 31), False),
        (date(2026, 4, 30), date(2026, 5, 1), True),  # one day later, but a new month
        (date(2025, 12, 31), date(2026, 1, 1), True),
        (date(2026, 4, 1), date(2026, 4, 30), False),
        (date(2026, 6, 3), date(2026, 5, 10), False),  # taken "in the future": clock was wrong
    ],
)
def test_a_gap_check_is_due_once_per_calendar_month(
    last: date | None, today: date, due: bool
) -> None:
    assert check_due(last, today) is due


# --- leverage versus craft ----------------------------------------------------------------------


def test_thresholds_line_up_with_the_bands() -> None:
    assert TIER.band_for(HIGH_LEVERAGE_FROM).name == "In transition"
    assert TIER.band_for(HIGH_LEVERAGE_FROM - 1).name == "Occasional user"
    assert SYMPTOMS.band_for(SYMPTOMS_GAP_FROM).name == "In the gap"
    assert QUICK_CHECK.band_for(QUICK_CHECK_GAP_FROM).name == "Needs attention"


def test_high_leverage_and_intact_craft_is_the_goal() -> None:
    got = standing(8, symptoms=1, quick_check=2, last_audit=Outcome.WITH_DOCS)
    assert got.quadrant is Quadrant.GOAL
    assert (got.high_leverage, got.craft_intact, got.gap_signs) == (True, True, ())
    assert "skills are holding" in got.verdict


def test_high_leverage_with_a_gap_is_the_warning() -> None:
    got = standing(9, symptoms=4, quick_check=1)
    assert got.quadrant is Quadrant.WARNING
    assert got.gap_signs == ("symptom list: 4 of 7 apply",)
    assert "slipping" in got.verdict


def test_low_leverage_states() -> None:
    assert standing(2, quick_check=0).quadrant is Quadrant.FOUNDATION
    assert standing(2, last_audit=Outcome.GAVE_UP).quadrant is Quadrant.AT_RISK


@pytest.mark.parametrize(("tier", "high"), [(3, False), (4, True), (10, True), (0, False)])
def test_leverage_threshold(tier: int, high: bool) -> None:
    assert standing(tier, symptoms=0).high_leverage is high


@pytest.mark.parametrize(
    ("craft", "intact"),
    [
        ({"symptoms": 2}, True),
        ({"symptoms": 3}, False),
        ({"quick_check": 2}, True),
        ({"quick_check": 3}, False),
        ({"last_audit": Outcome.UNAIDED}, True),
        ({"last_audit": Outcome.WITH_DOCS}, True),
        ({"last_audit": Outcome.PARTLY}, False),
        ({"last_audit": Outcome.GAVE_UP}, False),
        ({"last_audit": "gave-up"}, False),
        ({"log_silent": True}, False),
        ({"symptoms": 0, "log_silent": True}, False),
    ],
)
def test_each_craft_signal(craft: dict[str, object], intact: bool) -> None:
    assert standing(5, **craft).craft_intact is intact  # type: ignore[arg-type]


def test_every_gap_sign_is_listed() -> None:
    got = standing(6, symptoms=7, quick_check=5, last_audit=Outcome.PARTLY, log_silent=True)
    assert got.gap_signs == (
        "symptom list: 7 of 7 apply",
        "quick check: 5 of 5 uncomfortable",
        "last audit: partly done",
        "learning log silent for over two weeks",
    )


def test_unknown_without_a_tier_score_or_craft_evidence() -> None:
    no_tier = standing(None, symptoms=0)
    assert no_tier.quadrant is Quadrant.UNKNOWN and no_tier.high_leverage is None
    assert no_tier.verdict == "Not enough to go on yet: take the tier test."
    no_craft = standing(9)
    assert no_craft.quadrant is Quadrant.UNKNOWN and no_craft.craft_intact is None
    assert "take a gap check or finish an audit" in no_craft.verdict
    neither = standing(None)
    assert neither.verdict == (
        "Not enough to go on yet: take the tier test and take a gap check or finish an audit."
    )


def test_each_quadrant_has_its_own_verdict() -> None:
    verdicts = {standing(t, symptoms=s).verdict for t in (2, 8) for s in (0, 5)}
    assert len(verdicts) == 4


def test_standing_refuses_impossible_scores() -> None:
    with pytest.raises(ValueError, match="from 0 to 10, not 11"):
        standing(11, symptoms=0)
    with pytest.raises(ValueError, match="from 0 to 5, not 6"):
        standing(5, quick_check=6)
