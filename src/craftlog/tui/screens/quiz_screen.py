"""The quiz: what is due, the next session's cards, and the ways in (offline, Claude, a topic)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from craftlog.core.reviews import quizzable
from craftlog.tui.messages import QuizLoaded
from craftlog.tui.screens.consent_modal import ConsentModal, give_consent, has_consent
from craftlog.tui.screens.craftlog_screen import CraftlogScreen, describe_failure
from craftlog.tui.widgets import quiz_views as views
from craftlog.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from craftlog.quiz.client import QuizClient
    from craftlog.tui.app import CraftlogApp

NEW_PER_SESSION = 5  # cards never reviewed that one session takes on
DRAFT_PREFIX = "quiz-"


def kept_entry_ids(keys: list[str]) -> list[int]:
    """The entries whose card has an answer kept in a draft, from the drafts' keys."""
    found = []
    for key in keys:
        rest = key.removeprefix(DRAFT_PREFIX)
        if key.startswith(DRAFT_PREFIX) and rest.isdigit():
            found.append(int(rest))
    return found


def quiz_draft_note(key: str, when: str) -> str:
    """The start-up notice for a quiz answer left half-written."""
    if key == f"{DRAFT_PREFIX}topic":
        return f"Your answer in a topic quiz is kept ({when}). Press q, then p, to pick it up."
    return (
        f"You were answering a quiz card ({when}); your answer is kept. "
        "Press q, then r or e: that card comes first."
    )


class QuizScreen(CraftlogScreen):
    """The counts and the cards to come; r, e and p start a session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "offline",
            "Review",
            tooltip="Review due entries from memory, nothing sent",
            id="quiz-offline",
        ),
        Binding(
            "e",
            "with_claude",
            "With Claude",
            tooltip="Claude asks about each due entry and grades your answer",
            id="quiz-ai",
        ),
        Binding(
            "p",
            "topic",
            "Topic quiz",
            tooltip="Claude asks a few questions on a topic you name",
            id="quiz-topic",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded: QuizLoaded | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz", can_focus=False):
            yield Static(id="quiz-counts", classes="panel")
            yield Static(id="quiz-ways", classes="panel")
            yield Static(id="quiz-queue", classes="panel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.query_one("#quiz-counts").border_title = "Reviews"
        self.query_one("#quiz-ways").border_title = "Ways to be quizzed"
        self.query_one("#quiz-queue").border_title = "Up next"
        self.query_one("#quiz-queue").display = False

    @property
    def client(self) -> QuizClient | None:
        return cast("CraftlogApp", self.app).quiz_client()

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz")
    def _load(self) -> None:
        services = self.services
        now = services.now()
        due, new = services.reviews_due()
        queue = services.quiz_queue(NEW_PER_SESSION)
        kept = kept_entry_ids(services.drafts.pending())
        listed = {e.id for e in queue}
        for entry_id in kept:  # an answer left half-way comes back even if not due
            entry = services.entries.get(entry_id)
            if entry is not None and entry.deleted_at is None and entry.id not in listed:
                queue.append(entry)
        queue.sort(key=lambda e: e.id not in kept)  # stable: kept first, then the queue order
        ids = {e.id for e in queue}
        cards = services.reviews.all_cards()
        later = [c.due for c in cards if c.due > now]
        entries = services.log_state().total_entries
        self.post_message(
            QuizLoaded(
                due,
                new,
                queue,
                {c.entry_id: c for c in cards if c.entry_id in ids},
                set(kept) & ids,
                min(later) if later else None,
                entries,
            )
        )

    @on(QuizLoaded)
    def _show(self, event: QuizLoaded) -> None:
        self.loaded = event
        now = self.services.now()
        counts = views.quiz_counts(
            event.due, event.new, event.entries, event.next_due, len(event.kept), now
        )
        self.query_one("#quiz-counts", Static).update(counts)
        client = self.client
        model = self.services.config.ai_model
        self.query_one("#quiz-ways", Static).update(views.quiz_ways(client is not None, model))
        queue = self.query_one("#quiz-queue", Static)
        queue.display = bool(event.queue)
        queue.update(views.queue_lines(event.queue, event.cards, event.kept, now))
        noun = "card" if len(event.queue) == 1 else "cards"
        queue.border_title = f"Up next: {len(event.queue)} {noun}"

    # --- starting a session ---------------------------------------------------------------------

    def _ready(self) -> bool:
        """Whether there is a session to start; if not, says why."""
        loaded = self.loaded
        if loaded is None:
            return False
        if not loaded.entries:
            self.notify("Nothing to review yet: write an entry first (n).")
        elif not loaded.queue:
            self.notify("Nothing is due now. A topic quiz (p) is open any time.")
        return bool(loaded.queue)

    def action_offline(self) -> None:
        from craftlog.tui.screens.review_screen import ReviewScreen

        if self._ready() and self.loaded is not None:
            self.app.push_screen(ReviewScreen(self.loaded.queue, None, self.loaded.cards))

    def action_with_claude(self) -> None:
        from craftlog.tui.screens.review_screen import ReviewScreen

        if not self._ready() or self.loaded is None:
            return
        client = self.client
        if client is None:
            self._no_key()
            return
        loaded = self.loaded
        # The first entry Claude will be asked about (one too short to ask about is not sent).
        sample = next((e.text for e in loaded.queue if quizzable(e.text)), None)
        self.with_consent(
            lambda: self.app.push_screen(ReviewScreen(loaded.queue, client, loaded.cards)), sample
        )

    def action_topic(self) -> None:
        from craftlog.tui.screens.topic_screen import TopicScreen

        client = self.client
        if client is None:
            self._no_key()
            return
        self.with_consent(lambda: self.app.push_screen(TopicScreen(client)))

    def _no_key(self) -> None:
        self.notify(
            "AI mode needs ANTHROPIC_API_KEY in the environment; see the panel. "
            "Offline review (r) works without it.",
            title="No API key",
            severity="warning",
        )

    def with_consent(self, then: Callable[[], object], sample: str | None = None) -> None:
        """Run `then` once the user has agreed to send text to Claude (asked once, ever)."""
        services = self.services
        if has_consent(services.paths.data_dir):
            then()
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify("Nothing was sent. Offline review (r) never sends anything.")
                return
            try:
                give_consent(services.paths.data_dir, services.config.ai_model, services.now())
            except OSError as error:
                self.notify(
                    f"Could not keep your answer: {describe_failure(error)} "
                    "You will be asked again next time.",
                    severity="warning",
                )
            then()

        self.app.push_screen(ConsentModal(services.config.ai_model, sample), answered)
