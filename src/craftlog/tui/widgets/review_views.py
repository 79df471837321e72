"""A review session's parts in words: the heading, the prompt, Claude's side, the status, hints."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from textual.content import Content

from craftlog.core.entries import Entry
from craftlog.core.reviews import CardState, Grade, Question, Rating, ReviewMode, rating_for
from craftlog.core.text import one_line, visible
from craftlog.quiz.client import AiCallFailed
from craftlog.tui.widgets.quiz_views import (
    entry_content,
    failure_content,
    grade_content,
    plural,
    rating_label,
    streaming,
    when_due,
)

MUTED = "$foreground-muted"
RATING_MEANINGS = "Again: it did not come back · Hard: with effort · Good: it did · Easy: at once"


def heading(index: int, total: int, mode: ReviewMode, card: CardState | None) -> Content:
    """Which card of how many, how it is graded, and how often it was reviewed before."""
    how = "with Claude" if mode is ReviewMode.AI else "offline"
    if card is None:
        history = "new card"
    else:
        history = f"reviewed {plural(card.reviews, 'time')}, due {card.due.astimezone():%a %d %b}"
    return Content.assemble(
        (f"Card {index + 1} of {total}", "bold $primary"), (f" · {how} · {history}", MUTED)
    )


def prompt(entry: Entry, mode: ReviewMode, question: Question | None, phase: str) -> Content:
    """What to answer: the entry's title, or Claude's question about it."""
    title = one_line(entry.title, 200)
    if mode is ReviewMode.AI and question is not None:
        return Content.assemble(
            (f"About: {title}", MUTED), "\n", (visible(question.text.strip()), "bold")
        )
    if phase == "asking":
        return Content.assemble((title, "bold"), "\n", ("Claude is writing a question…", MUTED))
    if phase == "answer":
        task = "Explain it from memory, in your own words: what it is, and why it holds."
    else:
        task = "Compare your answer with the entry, then rate how well you knew it."
    return Content.assemble((title, "bold"), "\n", (task, MUTED))


def side_feedback(
    phase: str, feedback: str, grade: Grade | None, failure: AiCallFailed | None
) -> Content:
    """Claude's side of the screen: feedback streaming in, the grade, or why a call failed."""
    if phase == "failed" and failure is not None:
        return failure_content(failure)
    if phase == "grading":
        return streaming(feedback)
    if grade is not None and phase in ("graded", "saving", "rated"):
        return grade_content(grade, rating_for(grade))
    return Content("")


def revealed(entry: Entry, question: Question | None, titled: bool) -> Content:
    """The entry in full (under a heading when Claude's grade is above it), with the quote."""
    parts = [entry_content(entry)]
    if titled:
        parts.insert(0, Content.styled("Your entry", "bold $primary"))
    if question is not None and question.quote.strip():
        quote = one_line(question.quote, 300)
        parts.append(Content.assemble(("\nThe question tested: ", MUTED), (f"“{quote}”", "italic")))
    return Content("\n").join(parts)


def status(
    error: str, stored: CardState | None, rated: list[Rating], total: int, now: datetime
) -> Content:
    """An error to fix, or the rating just stored with the card's next due time."""
    if error:
        return Content.styled(error, "$error")
    if stored is None:
        return Content("")
    line = Content.assemble(
        ("Saved. ", "bold $success"), "Next review of this card ", when_due(stored.due, now), "."
    )
    if len(rated) < total:
        return line
    counts = Counter(rated)
    tally = Content(", ").join(
        Content.assemble(f"{counts[r]} ", rating_label(r)) for r in Rating if counts[r]
    )
    done = Content.assemble(("Session done: ", "bold"), f"{plural(len(rated), 'card')} · ", tally)
    return Content.assemble(line, "\n", done)


def hint(phase: str, mode: ReviewMode, grade: Grade | None, last: bool = False) -> Content:
    """One line on what to do now; the footer has the keys."""
    if phase == "answer":
        send = "reveal the entry" if mode is ReviewMode.OFFLINE else "send it to Claude"
        text = f"Write, then ctrl+s to {send}. esc leaves; what you wrote is kept."
    elif phase == "revealed":
        text = RATING_MEANINGS
    elif phase == "graded":
        rating = rating_for(grade) if grade is not None else None
        text = (
            f"Claude's score {grade.score}/100 means {rating.label}: enter accepts it; "
            "1–4 rates it yourself instead."
            if rating is not None and grade is not None
            else RATING_MEANINGS
        )
    elif phase == "failed":
        text = "Your answer is kept. g grades it yourself against the entry · r tries again."
    elif phase in ("asking", "grading"):
        text = "One call to Claude; it is recorded in the usage view. esc leaves."
    elif phase == "rated":
        text = "enter: back to the quiz." if last else "enter: next card."
    else:
        text = ""
    return Content.styled(text, MUTED)
