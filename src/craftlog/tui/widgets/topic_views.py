"""A topic quiz's parts in words: the heading, the question, Claude's side, the status, hints."""

from __future__ import annotations

from textual.content import Content

from craftlog.core.reviews import Grade, rating_for
from craftlog.core.text import one_line, visible
from craftlog.quiz.client import AiCallFailed
from craftlog.tui.widgets.quiz_views import failure_content, grade_content, streaming

MUTED = "$foreground-muted"
INTRO = (
    "Name a topic and Claude asks a few why/how questions on it. Answer each from memory; "
    "Claude grades it as you watch. A good answer can be kept as a learning entry."
)


def heading(topic: str, index: int, total: int, phase: str) -> Content:
    """The quiz's title, its topic and which question is open."""
    if phase == "topic" or not topic:
        return Content.assemble(("Topic quiz", "bold $primary"), "\n", (INTRO, MUTED), "\n")
    parts = [Content.styled("Topic quiz", "bold $primary"), Content(f" · {one_line(topic, 60)}")]
    if total and phase != "listing":
        parts.append(Content.styled(f" · question {index + 1} of {total}", MUTED))
    return Content.assemble(*parts)


def prompt(question: str) -> Content:
    """Claude's question, shown literally."""
    return Content.styled(visible(question.strip()), "bold")


def side(
    phase: str,
    feedback: str,
    grade: Grade | None,
    failure: AiCallFailed | None,
    scores: list[int | None],
) -> Content:
    """Claude's side: the questions being written, feedback streaming, a grade, or a failure."""
    if phase == "listing":
        return Content.styled("Claude is writing the questions…", MUTED)
    if phase == "failed" and failure is not None:
        return failure_content(failure)
    if phase == "grading":
        return streaming(feedback)
    if phase == "graded" and grade is not None:
        shown = grade_content(grade, rating_for(grade))
        if all(score is not None for score in scores) and scores:
            done = ", ".join(str(score) for score in scores)
            shown = Content.assemble(shown, "\n\n", (f"All answered. Scores: {done}.", "bold"))
        return shown
    return Content("")


def status(error: str) -> Content:
    """An error to fix, if any."""
    return Content.styled(error, "$error") if error else Content("")


def hint(phase: str, can_save: bool, last: bool) -> Content:
    """One line on what to do now; the footer has the keys."""
    texts = {
        "topic": "Type a topic and press enter. esc goes back.",
        "listing": "One call to Claude; it is recorded in the usage view.",
        "answer": "Write, then ctrl+s to send it to Claude. esc leaves; what you wrote is kept.",
        "grading": "Claude is grading; the feedback appears as it is written.",
        "failed": "r tries again · esc leaves; an answer you wrote is kept.",
    }
    text = texts.get(phase, "")
    if phase == "graded":
        then = "enter finishes" if last else "enter: next question"
        text = f"s keeps this answer as a learning entry · {then}" if can_save else f"{then}."
    return Content.styled(text, MUTED)
