"""The self-assessments: the two productivity-gap checks, the AI-usage tier test, their scoring."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# The gap checks are suggested once per calendar month; the tier test is taken when you like.
SUGGESTED_MONTHLY = ("symptoms", "quick-check")


class AnswerError(ValueError):
    """Answers that cannot be scored, with the reason."""


class IncompleteAnswers(AnswerError):
    """Some questions have no answer; an instrument is scored only when answered in full."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(f"{len(missing)} question(s) not answered yet: {', '.join(missing)}")


@dataclass(frozen=True)
class Choice:
    """One possible answer; `counts` says whether it adds a point."""

    value: str
    label: str
    counts: bool


@dataclass(frozen=True)
class Question:
    """A question or statement with a stable id, so stored answers survive rewording."""

    id: str
    text: str
    next_step: str | None = None  # tier test only: what to try this week when the answer is no


@dataclass(frozen=True)
class Band:
    """A range of scores, inclusive, with what it means."""

    low: int
    high: int
    name: str
    meaning: str


@dataclass(frozen=True)
class Instrument:
    """A self-assessment: its questions, its answer choices and its score bands."""

    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    choices: tuple[Choice, ...]
    bands: tuple[Band, ...]
    higher_is_better: bool

    @property
    def maximum(self) -> int:
        return len(self.questions)

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.low <= score <= band.high:
                return band
        raise ValueError(f"{self.title}: a score runs from 0 to {self.maximum}, not {score}")


YES_NO = (Choice("yes", "Yes", True), Choice("no", "No", False))
COMFORT = (
    Choice("comfortable", "Comfortable", False),
    Choice("uncomfortable", "Uncomfortable", True),
)

SYMPTOMS = Instrument(
    key="symptoms",
    title="Symptom list",
    intro=(
        "Seven statements about how your work has felt lately. Answer each with a plain yes or "
        "no. Every yes is a sign that what you ship is outgrowing what you understand, and the "
        "more of them you have, the wider that distance has become."
    ),
    questions=(
        Question("blank-page", "Without an AI-made outline to start from, you would struggle to "
                 "lay out a new feature yourself."),
        Question("reread", "To recall how last month's work fits together, you have to reread "
                 "the code."),
        Question("busy-not-better", "Your days are packed, but none of your skills has clearly "
                 "grown in recent weeks."),
        Question("what-not-why", "You could describe what your recent changes do, but not the "
                 "reasons behind the main design choices."),
        Question("stranger-code", "A bug in code of yours from a quarter ago feels like a bug in "
                 "a stranger's code."),
        Question("more-reliance", "More and more, you hand AI jobs you once did with confidence "
                 "on your own."),
        Question("explain-dread", "Walking a teammate through a change you made feels like a "
                 "test you might fail, not an everyday thing."),
    ),
    choices=YES_NO,
    bands=(
        Band(0, 0, "Clear", "None of the signs fit you right now."),
        Band(1, 2, "Early signs", "A sign or two; worth watching, not yet a pattern."),
        Band(3, 5, "In the gap", "Your output is running ahead of your understanding. Pick one "
             "habit from craftlog, such as a weekly unaided build, and keep it."),
        Band(6, 7, "Deep in the gap", "Nearly every sign fits. Make room for slow, unaided work "
             "now, before the distance grows further."),
    ),
    higher_is_better=False,
)  # fmt: skip

QUICK_CHECK = Instrument(
    key="quick-check",
    title="Quick self-check",
    intro=(
        "Five things to picture doing today, on your own, with no AI help. Mark each one "
        "comfortable or uncomfortable. Three or more uncomfortable answers mean the gap "
        "deserves your attention now."
    ),
    questions=(
        Question("whole-design", "Sketching the full design of the last sizeable feature you "
                 "shipped, including the parts others built."),
        Question("old-bug", "Finding a logic bug in code of yours from three months back, with "
                 "no AI."),
        Question("new-kind", "Designing, alone, an approach to a kind of problem you have always "
                 "handed to AI."),
        Question("plain-why", "Telling a non-engineer why your recent work went one way and not "
                 "another."),
        Question("old-confidence", "Doing, without AI, the tasks you handled with confidence "
                 "before these tools existed."),
    ),
    choices=COMFORT,
    bands=(
        Band(0, 2, "Holding", "Two or fewer uncomfortable answers; nothing here demands action."),
        Band(3, 5, "Needs attention", "More than two uncomfortable answers: the gap is real for "
             "you. A monthly no-AI audit is a good next move."),
    ),
    higher_is_better=False,
)  # fmt: skip

TIER = Instrument(
    key="tier",
    title="AI-usage tier test",
    intro=(
        "Ten yes/no questions on how much of a personal AI setup you have built, beyond asking "
        "a chatbot now and then. Each yes scores a point. For every no you get one concrete "
        "step you could take this week."
    ),
    questions=(
        Question("context-file", "Does your main project keep a context file for AI tools (a "
                 "CLAUDE.md or the like) that you edit at least twice a week?",
                 "Write a one-page CLAUDE.md (or your tool's equivalent) for your main project "
                 "and add a line each time you correct the AI."),
        Question("own-prompts", "Do you have at least five reusable prompts of your own, kept "
                 "as skills, saved prompts or commands you can call by name?",
                 "Turn the prompt you typed most often this week into a named command you can "
                 "call in one step."),
        Question("own-agent", "Have you built your own tool server (MCP) or a custom agent, even "
                 "a small one?",
                 "Build a tiny read-only MCP server over something only you have, such as your "
                 "notes, and connect it to your assistant."),
        Question("spend", "Do you know your monthly AI bill, roughly, and what share goes to "
                 "which kind of work?",
                 "Wrap your AI calls so each one appends model, tokens and cost to a file, and "
                 "read the file on Friday."),
        Question("evals", "Do you keep an eval set (test prompts drawn from your own "
                 "work) that you rerun whenever a new model is released?",
                 "Save ten real prompts from your work, each with a note on what a good answer "
                 "looks like: that is your first eval set."),
        Question("scheduled", "Does any AI job of yours start by itself, on a timer or when "
                 "something happens?",
                 "Pick a chore you repeat every morning and have an agent do it from a cron job "
                 "or a CI schedule."),
        Question("readable-notes", "Are your notes kept where an AI can read them (plain text, "
                 "markdown, a wiki) rather than in screenshots or a closed app?",
                 "Move this week's notes into markdown files in a folder your assistant can "
                 "open."),
        Question("parallel", "In the last seven days, did you have several agents working side "
                 "by side on a single task?",
                 "Give one task to two agents at once, each trying a different approach, and "
                 "keep the better result."),
        Question("publish", "Do you put out something public on tech or AI (a post, a "
                 "repository, a thread) weekly or more often?",
                 "Write five short paragraphs on something you built or learned this week and "
                 "publish them before Sunday."),
        Question("ahead", "Are there five people well ahead of you in building with AI whom you "
                 "follow and learn from, by name?",
                 "Write down three people whose AI setups you admire and study one thing each of "
                 "them made."),
    ),
    choices=YES_NO,
    bands=(
        Band(0, 3, "Occasional user", "You mostly ask AI one thing at a time and little carries "
             "over between sessions. The steps below each add a piece that lasts."),
        Band(4, 6, "In transition", "You have started building a system of your own. Keep "
             "adding to it and the top band is three to six months away."),
        Band(7, 10, "System builder", "Your personal AI setup keeps getting better on its own "
             "terms. The open question is how far up this band you can go."),
    ),
    higher_is_better=True,
)  # fmt: skip

INSTRUMENTS: dict[str, Instrument] = {i.key: i for i in (SYMPTOMS, QUICK_CHECK, TIER)}


def get_instrument(key: str) -> Instrument:
    """The instrument with this key, or a ValueError naming the keys there are."""
    try:
        return INSTRUMENTS[key]
    except KeyError:
        raise ValueError(f"no instrument {key!r}; there are: {', '.join(INSTRUMENTS)}") from None


# --- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """What to try for one tier question answered no."""

    question_id: str
    question: str
    step: str


@dataclass(frozen=True)
class Result:
    """A scored instrument: the answers in question order, the score and its band."""

    key: str
    answers: tuple[tuple[str, str], ...]
    score: int
    maximum: int
    band: Band
    next_steps: tuple[NextStep, ...] = ()


def score(instrument: Instrument, answers: Mapping[str, str]) -> Result:
    """Score a complete set of answers; anything unknown, missing or invalid raises AnswerError."""
    ids = {q.id for q in instrument.questions}
    unknown = sorted(set(answers) - ids)
    if unknown:
        raise AnswerError(f"{instrument.title} has no question(s): {', '.join(unknown)}")
    allowed = {c.value: c for c in instrument.choices}
    given: dict[str, Choice] = {}
    for qid, value in answers.items():
        choice = allowed.get(str(value).strip().lower())
        if choice is None:
            raise AnswerError(f"answer {value!r} to {qid!r} is not one of: {', '.join(allowed)}")
        given[qid] = choice
    missing = tuple(q.id for q in instrument.questions if q.id not in given)
    if missing:
        raise IncompleteAnswers(missing)
    total = sum(given[q.id].counts for q in instrument.questions)
    steps = tuple(
        NextStep(q.id, q.text, q.next_step)
        for q in instrument.questions
        if q.next_step and not given[q.id].counts
    )
    return Result(
        key=instrument.key,
        answers=tuple((q.id, given[q.id].value) for q in instrument.questions),
        score=total,
        maximum=instrument.maximum,
        band=instrument.band_for(total),
        next_steps=steps,
    )


# --- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """An instrument's scores in date order, ready for a chart."""

    key: str
    maximum: int
    higher_is_better: bool
    points: tuple[tuple[date, int], ...]

    @property
    def latest(self) -> int | None:
        return self.points[-1][1] if self.points else None

    @property
    def since_previous(self) -> int | None:
        """Latest score minus the one before it (None with fewer than two results)."""
        return self.points[-1][1] - self.points[-2][1] if len(self.points) > 1 else None

    @property
    def since_first(self) -> int | None:
        return self.points[-1][1] - self.points[0][1] if len(self.points) > 1 else None

    @property
    def improved(self) -> bool | None:
        """Whether the latest result is better than the one before; None when level or unknown."""
        change = self.since_previous
        if not change:
            return None
        return (change > 0) == self.higher_is_better


def trend(instrument: Instrument, results: Iterable[tuple[date, int]]) -> Trend:
    """Order results by date (same-day results keep their given order) and check each score."""
    points = sorted(results, key=lambda r: r[0])
    for day, value in points:
        if not 0 <= value <= instrument.maximum:
            raise ValueError(f"{instrument.title} result of {day} has impossible score {value}")
    return Trend(instrument.key, instrument.maximum, instrument.higher_is_better, tuple(points))


def check_due(last_taken: date | None, today: date) -> bool:
    """A gap check is suggested when never taken, or not yet taken in today's calendar month."""
    if last_taken is None:
        return True
    # A calendar month, not 30 days: the suggestion lines up with the monthly audit.
    return (last_taken.year, last_taken.month) < (today.year, today.month)
