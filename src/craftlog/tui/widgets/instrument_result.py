"""How an instrument looks while taken and once scored: its pages' parts and the result."""

from __future__ import annotations

from datetime import datetime

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from craftlog.core.assessments import Assessment
from craftlog.core.instruments import Band, Instrument

RESUME_KEYS = Content.assemble(
    ("enter", "bold $primary"),
    " continues where you left off  ·  ",
    ("s", "bold $primary"),
    " starts over and drops those answers",
)
REVIEW_TEXT = Content(
    "Every question has an answer. Pick one with ↑ and ↓ and press a choice key to change "
    "it; enter saves the result."
)


def band_colour(instrument: Instrument, band: Band) -> str:
    """The best band in the success colour, every other band in the warning colour."""
    best = instrument.bands[-1] if instrument.higher_is_better else instrument.bands[0]
    return "$success" if band == best else "$warning"


def answer_label(instrument: Instrument, value: str | None) -> Content:
    """An answer's label, coloured by whether it is the better or the worse of the two."""
    choice = next((c for c in instrument.choices if c.value == value), None)
    if choice is None:
        return Content.styled("—", "$foreground-muted")
    good = choice.counts == instrument.higher_is_better
    return Content.styled(choice.label, "$success" if good else "$warning")


def answer_row(instrument: Instrument, index: int, value: str | None) -> Horizontal:
    """One question and its answer, the question wrapping under itself."""
    question = instrument.questions[index]
    mark = Static(answer_label(instrument, value), classes="answer-mark")
    mark.styles.width = max(len(c.label) for c in instrument.choices) + 2
    return Horizontal(
        mark,
        Static(Content.assemble((f"{index + 1}. ", "$foreground-muted"), question.text)),
        classes="answer-row",
    )


def progress_heading(instrument: Instrument, answers: dict[str, str], index: int) -> Content:
    """The title, "3 of 7", and a dot per question: answered, current, or still to come."""
    dots = [
        ("◆ " if i == index else "● " if q.id in answers else "○ ",
         "$primary" if q.id in answers or i == index else "$foreground-muted")
        for i, q in enumerate(instrument.questions)
    ]  # fmt: skip
    return Content.assemble(
        (instrument.title, "bold $primary"),
        (f"  {index + 1} of {instrument.maximum}  ", "bold"),
        *dots,
    )


def intro_keys(instrument: Instrument) -> Content:
    """How the questions are answered, said before the first one."""
    keys = " or ".join(c.label[0].lower() for c in instrument.choices)
    return Content.assemble(
        f"{instrument.maximum} questions, one at a time. Answer each with {keys} (or 1 and 2); "
        "← goes back a question. ",
        ("Press enter to begin.", "bold $primary"),
    )


def choices_line(instrument: Instrument, given: str | None) -> Content:
    """The choices with their keys; the one already given is marked."""
    parts: list[Content] = []
    for number, choice in enumerate(instrument.choices, start=1):
        chosen = choice.value == given
        parts.append(
            Content.assemble(
                (f" {choice.label[0].lower()} ", "bold $background on $primary"),
                (f" {choice.label}", "bold" if chosen else ""),
                (" ✓ your answer" if chosen else "", "$success"),
                (f"  (or {number})", "$foreground-muted"),
            )
        )
    return Content("      ").join(parts)


def page_parts(
    instrument: Instrument,
    phase: str,
    answers: dict[str, str],
    index: int,
    offered: tuple[int, datetime] | None,
) -> tuple[Content, Content, Content, str]:
    """The heading, the text, the line of choices and the hint of one phase of taking."""
    title = Content.styled(instrument.title, "bold $primary")
    keep = "escape: leave, your answers kept for later"
    if phase == "intro":
        return title, Content(instrument.intro), intro_keys(instrument), "escape: leave"
    if phase == "resume" and offered is not None:
        done, at = offered
        ask = f"You were {done} of {instrument.maximum} through this on {at.day} {at:%b}; continue?"
        return title, Content.styled(ask, "bold"), RESUME_KEYS, keep
    if phase == "question":
        question = instrument.questions[index]
        back = "← or backspace: previous question  ·  " if index else ""
        return (
            progress_heading(instrument, answers, index),
            Content.styled(question.text, "bold"),
            choices_line(instrument, answers.get(question.id)),
            back + keep,
        )
    if phase == "review":
        heading = Content.assemble(title, ("  Check your answers", "bold"))
        return heading, REVIEW_TEXT, Content(""), keep
    return Content(""), Content(""), Content(""), "enter or escape: back to the self-checks"


def show_review(
    review: VerticalScroll, instrument: Instrument, answers: dict[str, str], picked: int
) -> None:
    """Fill the review with every question and its answer, the picked one highlighted."""
    rows = list(review.query(".answer-row"))
    for index, row in enumerate(rows):
        value = answers.get(instrument.questions[index].id)
        row.query_one(".answer-mark", Static).update(answer_label(instrument, value))
    if not rows:
        rows = [
            answer_row(instrument, i, answers.get(q.id)) for i, q in enumerate(instrument.questions)
        ]
        review.mount_all(rows)
    for index, row in enumerate(rows):
        row.set_class(index == picked, "-picked")
    review.call_after_refresh(rows[picked].scroll_visible, animate=False)


def change_text(assessment: Assessment, previous: Assessment | None) -> Content:
    """How this result compares with the one before it, in words."""
    instrument = assessment.instrument
    if previous is None:
        return Content.styled(
            "Your first result: take it again later and the change shows here.", "$foreground-muted"
        )
    was = f"{previous.score} of {instrument.maximum} on {previous.day:%d %b %Y}"
    change = assessment.score - previous.score
    if change == 0:
        return Content.assemble(("Unchanged", "bold"), f" since the previous result ({was}).")
    better = (change > 0) == instrument.higher_is_better
    direction = "Up" if change > 0 else "Down"
    verdict = "better" if better else "worse"
    if not instrument.higher_is_better:
        verdict += ", as lower is better here"
    return Content.assemble(
        (f"{direction} {abs(change)}", f"bold {'$success' if better else '$warning'}"),
        f" since the previous result ({was}): {verdict}.",
    )


class InstrumentResult(VerticalScroll):
    """The result of one taken instrument, new or from the history."""

    def show(
        self, assessment: Assessment, previous: Assessment | None, *, just_saved: bool
    ) -> None:
        """Replace what is shown with this result."""
        instrument = assessment.instrument
        band = assessment.band
        when = f"{assessment.day:%d %b %Y}"
        status = f"Saved · {when}" if just_saved else f"Taken {when} · read only"
        parts: list[Widget] = [
            Static(
                Content.assemble(
                    (instrument.title, "bold $primary"), ("  " + status, "$foreground-muted")
                ),
                classes="result-title",
            ),
            Static(
                Content.assemble(
                    (f"{assessment.score} of {instrument.maximum}", "bold"),
                    "  ·  ",
                    (band.name, f"bold {band_colour(instrument, band)}"),
                ),
                classes="result-score",
            ),
            Static(Content(band.meaning), classes="result-meaning"),
            Static(change_text(assessment, previous), classes="result-change"),
        ]
        steps = assessment.next_steps
        if steps:
            noun = "step" if len(steps) == 1 else "steps"
            heading = f"Next {noun}: one for each no ({len(steps)})"
            parts.append(Static(Content.styled(heading, "bold"), classes="result-heading"))
            for number, step in enumerate(steps, start=1):
                text = Content.assemble(step.step, "\n", (step.question, "$foreground-muted"))
                parts.append(
                    Horizontal(
                        Static(Content(f"{number}."), classes="step-number"),
                        Static(text),
                        classes="step-row",
                    )
                )
        parts.append(Static(Content.styled("Your answers", "bold"), classes="result-heading"))
        given = dict(assessment.answers)
        parts.extend(
            answer_row(instrument, index, given.get(question.id))
            for index, question in enumerate(instrument.questions)
        )
        self.remove_children()
        self.mount_all(parts)
        self.scroll_home(animate=False)
