"""The quiz in words: due counts, the queue, a due date, an entry revealed, a grade, a failure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from textual.content import Content

from craftlog.core.entries import Entry
from craftlog.core.reviews import CardState, Grade, QuizError, Rating
from craftlog.core.text import one_line, sentence, visible
from craftlog.quiz import prompts
from craftlog.quiz.client import AiCallFailed, Failure

MUTED = "$foreground-muted"
SESSION = "A session takes the cards due, most overdue first, then up to 5 never reviewed."
RATING_STYLES = {
    Rating.AGAIN: "bold $error",
    Rating.HARD: "bold $warning",
    Rating.GOOD: "bold $success",
    Rating.EASY: "bold $primary",
}


def plural(count: int, noun: str, many: str = "") -> str:
    """'1 card', '3 cards'; `many` when the plural is not the noun and an s."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def when_due(due: datetime, now: datetime) -> str:
    """A due time in local time, with how far off it is: 'in 10 minutes (Wed 18 Nov, 09:40)'."""
    local = due.astimezone()
    seconds = (due - now).total_seconds()
    if seconds <= 60:
        ahead = "now"
    elif seconds < 3600:
        ahead = f"in {plural(round(seconds / 60), 'minute')}"
    elif seconds < 86400:
        ahead = f"in {plural(round(seconds / 3600), 'hour')}"
    else:
        days = (local.date() - now.astimezone().date()).days
        ahead = "tomorrow" if days == 1 else f"in {plural(days, 'day')}"
    return f"{ahead} ({local:%a %d %b, %H:%M})"


def reviews_line(due: int, new: int) -> Content:
    """What is due and what was never reviewed, in one line."""
    entries = plural(new, "entry", "entries")
    if due:
        head = Content.styled(f"{plural(due, 'review')} due", "bold $warning")
        return Content.assemble(head, f" · {entries} never reviewed") if new else head
    if new:
        return Content.styled(f"{entries} ready for a first review", "bold $primary")
    return Content.styled("✓ All caught up", "bold $success")


def reviews_panel(due: int, new: int) -> Content:
    """The dashboard's Reviews panel: what is due, what is new, and how to start."""
    hint = (
        "Explain each from memory, offline or with Claude as examiner."
        if due or new
        else "Every new entry becomes a card; a topic quiz is always open."
    )
    return Content.assemble(reviews_line(due, new), "\n", (hint, MUTED))


def quiz_counts(
    due: int, new: int, entries: int, next_due: datetime | None, kept: int, now: datetime
) -> Content:
    """The quiz's counts: what is due, what is new, or why there is nothing to do."""
    if not entries:
        return Content.assemble(
            ("Nothing to quiz you on yet.", "bold"),
            "\nEvery learning entry becomes a card, ready for its first review at once. ",
            ("Press n to write one.", "$primary"),
        )
    if due or new:
        lines = [reviews_line(due, new), Content.styled(SESSION, MUTED)]
    else:
        lines = [Content.styled("✓ Nothing is due now.", "bold $success")]
        if next_due is not None:
            lines.append(Content(f"The next review is {when_due(next_due, now)}."))
        lines.append(
            Content.styled(
                "Reviewing early only blurs the schedule; a topic quiz (p) is open any time.", MUTED
            )
        )
    if kept:
        noun = "an answer" if kept == 1 else f"{kept} answers"
        lines.append(
            Content.styled(f"You started {noun} earlier; kept, and first in line.", "$primary")
        )
    return Content("\n").join(lines)


def quiz_ways(has_key: bool, model: str) -> Content:
    """The ways to be quizzed, and whether Claude can be asked."""
    model = one_line(model, 80)  # from config.toml: shown, never interpreted
    # Each line fits 80 columns: a wrapped line would run back under the keys.
    lines = [
        _way("r", "Review", "explain an entry from memory, then rate yourself"),
        _way("e", "With Claude", "Claude asks why or how on each entry, then grades"),
        _way("p", "Topic quiz", "name a topic, answer a few questions, keep good answers"),
        _way("u", "AI usage", "calls, tokens and estimated cost, month by month"),
    ]
    if has_key:
        lines.append(
            Content.styled(
                f"\nClaude ({model}) is ready: the key comes from ANTHROPIC_API_KEY. "
                "Nothing is sent until you have seen what will be and agreed, once.",
                MUTED,
            )
        )
    else:
        lines.append(Content.assemble("\n", no_key_content(model)))
    return Content("\n").join(lines)


def _way(key: str, name: str, text: str) -> Content:
    return Content.assemble((f"{key}  ", "bold $primary"), (f"{name:<13}", "bold"), text)


def queue_lines(
    queue: Sequence[Entry], cards: Mapping[int, CardState], kept: set[int], now: datetime
) -> Content:
    """The session to come: each card's due state, kind and title, and kept answers marked."""
    lines = []
    for entry in queue:
        card = cards.get(entry.id)
        if card is None:
            when = Content.styled(f"{'new':<16}", "$primary")
        else:
            when = Content.styled(f"due {card.due.astimezone():%a %d %b}".ljust(16), "$warning")
        parts = [
            Content("  "),
            when,
            Content.styled(f"{entry.kind.value:<12}", "$secondary"),
            Content(one_line(entry.title, 56)),
        ]
        if entry.id in kept:
            parts.append(Content.styled("  answer kept", "$success"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def entry_content(entry: Entry) -> Content:
    """An entry in full, literally: its title in bold, then its text."""
    title, _, body = visible(entry.text).partition("\n")
    facts = [entry.kind.value, f"{entry.day:%a %d %b %Y}", *entry.facts()]
    return Content.assemble(
        (title.strip(), "bold"),
        "\n",
        (visible(" · ".join(facts)), "$foreground-muted"),
        "\n\n",
        body.strip("\n"),
    )


def rating_label(rating: Rating) -> Content:
    """A rating's name in its colour."""
    return Content.styled(rating.label, RATING_STYLES[rating])


def grade_content(grade: Grade, rating: Rating | None) -> Content:
    """Claude's grade: the score and the rating it maps to, what was right and what was missing."""
    if rating is None:
        head = Content.styled(
            "Claude could not judge this answer: rate it yourself.", "bold $warning"
        )
    else:
        head = Content.assemble(
            ("Score ", "bold"), (f"{grade.score}/100", "bold"), " → ", rating_label(rating)
        )
    parts = [head]
    for title, items, style in (
        (prompts.RIGHT_HEADING, grade.right, "$success"),
        (prompts.MISSING_HEADING, grade.missing, "$warning"),
    ):
        if items:
            lines = [Content.assemble((prompts.BULLET, style), visible(i)) for i in items]
            parts.append(Content.assemble((f"{title}:", "bold"), "\n", Content("\n").join(lines)))
    if grade.comment.strip():
        parts.append(Content(visible(grade.comment.strip())))
    return Content("\n\n").join(parts)


def streaming(feedback: str) -> Content:
    """Claude's feedback while it streams in, with a cursor where the next words arrive."""
    text = visible(feedback) if feedback else "Claude is reading your answer…"
    return Content.assemble(("Feedback", "bold $primary"), "\n", text, ("▍", "$primary"))


def as_failure(error: BaseException) -> AiCallFailed:
    """Any error of an AI step as a failure the screen can explain and offer a way past."""
    if isinstance(error, AiCallFailed):
        return error
    if isinstance(error, QuizError):
        return AiCallFailed(Failure.BAD_OUTPUT, sentence(str(error)))
    reason = one_line(str(error) or type(error).__name__, 300)
    return AiCallFailed(Failure.SERVER, f"Something went wrong: {sentence(reason)}")


def failure_content(failure: AiCallFailed) -> Content:
    """An AI call that failed, in the client's plain words (which say what can be done)."""
    return Content.assemble(
        ("Claude could not answer", "bold $error"),
        (f" ({failure.kind.value})", MUTED),
        "\n\n",
        visible(failure.message.strip()),
    )


def no_key_content(model: str) -> Content:
    """Why AI mode is not open: no API key in the environment, and how to give one."""
    model = one_line(model, 80)  # from config.toml: shown, never interpreted
    return Content.assemble(
        ("AI mode needs an Anthropic API key.", "bold $warning"),
        "\nStart craftlog from a shell where it is set:\n\n",
        ("  export ANTHROPIC_API_KEY=sk-ant-…", "$secondary"),
        f"\n\nThe key is read from the environment only and never stored. Model: {model} "
        "([ai] model in config.toml). Meanwhile, r starts an offline review: nothing is sent.",
    )
