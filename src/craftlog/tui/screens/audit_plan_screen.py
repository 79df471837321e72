"""Steps 1 to 4 of the audit: the task, the two ratings, the preparation, and starting the clock."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, OptionList, Static
from textual.widgets.option_list import Option

from craftlog.core.audits import (
    DEFAULT_TIME_BOX_MINUTES,
    MAX_TASK_CHARS,
    STEPS,
    Audit,
    AuditError,
    check_confidence,
    check_task,
    check_time_box,
    plan,
    start,
)
from craftlog.core.text import one_line, sentence, visible
from craftlog.tui.messages import AuditSaved, TaskIdeasLoaded
from craftlog.tui.screens.craftlog_screen import describe_failure
from craftlog.tui.widgets.key_bar import KeyBar
from craftlog.tui.widgets.literal_input import LiteralInput

if TYPE_CHECKING:
    from craftlog.services import Services
    from craftlog.tui.app import CraftlogApp

DRAFT_KEY = "audit-plan"
PAGES = ("task", "confidence", "prepare", "timer")
BLANK: dict[str, Any] = {
    "step": 0, "task": "", "before": "", "now": "", "chat": False, "completion": False,
    "time_box": str(DEFAULT_TIME_BOX_MINUTES),
}  # fmt: skip


class AuditPlanScreen(Screen[Audit | None]):
    """A guided page per step; dismisses with the started audit, or None when left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "next",
            "Next step",
            tooltip="Go on to the next step of the plan",
            id="plan-next",
            priority=True,
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back one step; from the first, leave with the plan kept",
            id="plan-back",
        ),
        Binding(
            "ctrl+r",
            "start_over",
            "Start over",
            tooltip="Clear the plan and begin again",
            id="plan-start-over",
            priority=True,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._step = 0
        self._loading = True
        self._lock = threading.Lock()  # a late draft write must not revive a finished plan
        self._plan_closed = False
        self._ideas_shown: list[str] = []
        self._starting = False  # the clock's start is on its way to the store

    @property
    def services(self) -> Services:
        return cast("CraftlogApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(id="plan"):
            yield Static(id="plan-title")
            yield Static(id="plan-body")
            with ContentSwitcher(initial="task", id="plan-pages"):
                with Vertical(id="task"):
                    yield LiteralInput(placeholder="the task, in one line", id="plan-task")
                    yield Static(id="plan-ideas-title")
                    yield OptionList(id="plan-ideas")
                with Vertical(id="confidence"):
                    with Horizontal(classes="plan-row"):
                        yield Static("Before AI tools (1–5)", classes="plan-label")
                        yield Input(id="plan-before", restrict=r"[0-9]*", max_length=2)
                    with Horizontal(classes="plan-row"):
                        yield Static("Today (1–5)", classes="plan-label")
                        yield Input(id="plan-now", restrict=r"[0-9]*", max_length=2)
                with Vertical(id="prepare"):
                    yield Checkbox(STEPS[2].checklist[0], id="plan-chat")
                    yield Checkbox(STEPS[2].checklist[1], id="plan-completion")
                    with Horizontal(classes="plan-row"):
                        yield Static("Time box, minutes", classes="plan-label")
                        yield Input(id="plan-time-box", restrict=r"[0-9]*", max_length=4)
                with Vertical(id="timer"):
                    yield Static(id="plan-summary")
                    yield Button("Start the clock", variant="primary", id="plan-start")
            yield Static(id="plan-error")
            yield Static(id="plan-help")
        yield KeyBar()

    def on_mount(self) -> None:
        draft = self.services.drafts.load(DRAFT_KEY)
        fields = BLANK | (draft.fields if draft else {})
        self._fill(fields)
        if draft is not None and draft.fields != BLANK:
            when = draft.saved_at.astimezone().strftime("%d %b %H:%M")
            self.notify(
                f"Picked up the audit you were planning ({when}). ctrl+r starts over.",
                title="Draft",
            )
        self._go(self._reachable(fields.get("step", 0)))
        self._find_ideas()
        self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False

    def _reachable(self, saved: object) -> int:
        """The draft's step, or the first page before it that fails its checks: a draft edited
        by hand must not skip the preparation's boxes nor open on a page with nothing to fix."""
        wanted = saved if isinstance(saved, int) and not isinstance(saved, bool) else 0
        for step in range(min(max(wanted, 0), len(PAGES) - 1)):
            self._step = step
            try:
                self._check_page()
            except AuditError:
                return step
        return min(max(wanted, 0), len(PAGES) - 1)

    def _fill(self, fields: dict[str, Any]) -> None:
        for name, widget in (("task", "plan-task"), ("before", "plan-before"),
                             ("now", "plan-now"), ("time_box", "plan-time-box")):  # fmt: skip
            self.query_one(f"#{widget}", Input).value = str(fields.get(name, ""))
        self.query_one("#plan-chat", Checkbox).value = fields.get("chat") is True
        self.query_one("#plan-completion", Checkbox).value = fields.get("completion") is True

    def form(self) -> dict[str, Any]:
        """The plan as typed so far, with the step it is on."""
        return {
            "step": self._step,
            "task": self.query_one("#plan-task", Input).value,
            "before": self.query_one("#plan-before", Input).value,
            "now": self.query_one("#plan-now", Input).value,
            "chat": self.query_one("#plan-chat", Checkbox).value,
            "completion": self.query_one("#plan-completion", Checkbox).value,
            "time_box": self.query_one("#plan-time-box", Input).value,
        }

    def _go(self, step: int) -> None:
        self._step = max(0, min(step, len(PAGES) - 1))
        info = STEPS[self._step]
        self.query_one("#plan-title", Static).update(
            Content.assemble(
                ("Monthly no-AI audit", "bold $primary"),
                (f" · step {info.number} of {len(STEPS)} · {info.title}", "bold"),
            )
        )
        self.query_one("#plan-body", Static).update(Content(info.body))
        self.query_one(ContentSwitcher).current = PAGES[self._step]
        self.query_one("#plan-error", Static).update("")
        last = self._step == len(PAGES) - 1
        self.query_one("#plan-help", Static).update(
            Content.styled(
                "enter start · esc back · ctrl+r start over"
                if last
                else "enter or ctrl+n next · esc back · tab next field · ctrl+r start over",
                "$foreground-muted",
            )
        )
        if last:
            self.query_one("#plan-summary", Static).update(self._summary())
        focus = {0: "#plan-task", 1: "#plan-before", 2: "#plan-chat", 3: "#plan-start"}
        self.query_one(focus[self._step]).focus()
        self._keep()

    def _summary(self) -> Content:
        values = self.form()
        return Content.assemble(
            ("Task: ", "bold"), Content(visible(" ".join(values["task"].split()))), "\n",
            ("Confidence: ", "bold"), f"{values['before']} before AI tools, {values['now']} today",
            "\n", ("Time box: ", "bold"), f"{values['time_box']} minutes", "\n\n",
            ("The start time is stored: quit craftlog whenever you like, the clock keeps "
             "running. Pause it with p if you are interrupted.", "$foreground-muted"),
        )  # fmt: skip

    def _check_page(self) -> None:
        """Raise AuditError when the current page cannot be left as it is."""
        values = self.form()
        if self._step == 0:
            check_task(values["task"])
        elif self._step == 1:
            check_confidence(values["before"])
            check_confidence(values["now"])
        elif self._step == 2:
            if not (values["chat"] and values["completion"]):
                raise AuditError("tick both boxes: the audit only means something without AI")
            check_time_box(values["time_box"])

    def action_next(self) -> None:
        try:
            self._check_page()
        except AuditError as error:
            self._error(sentence(str(error)))
            return
        if self._step == len(PAGES) - 1:
            self._start()
        else:
            self._go(self._step + 1)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "plan-before":
            self.query_one("#plan-now").focus()
        else:
            self.action_next()

    @on(Button.Pressed, "#plan-start")
    def _start_pressed(self) -> None:
        self.action_next()

    @on(OptionList.OptionSelected, "#plan-ideas")
    def _idea_chosen(self, event: OptionList.OptionSelected) -> None:
        task = self.query_one("#plan-task", Input)
        # An idea quotes earlier gaps and commit summaries: shown literally (an escape sequence
        # must not reach the terminal through the input) and cut to what a task may hold.
        task.value = one_line(self._ideas_shown[event.option_index], MAX_TASK_CHARS)
        task.focus()

    def action_back(self) -> None:
        if self._step > 0:
            self._go(self._step - 1)
            return
        if self.form() | {"step": 0} != BLANK:
            self.notify("Your plan is kept: press s on the audit screen to pick it up again.")
        else:
            self._close(discard=True)
        self.dismiss(None)

    def action_start_over(self) -> None:
        self._fill(BLANK)
        self._go(0)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.query_one("#plan-error", Static).update("")
        self._keep()

    def _keep(self) -> None:
        if not self._loading:
            self._save_draft(self.form())

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-draft")
    def _save_draft(self, fields: dict[str, Any]) -> None:
        with self._lock:
            if not self._plan_closed:
                self.services.drafts.save(DRAFT_KEY, fields, self.services.now())

    def _close(self, discard: bool) -> None:
        with self._lock:
            self._plan_closed = True
            if discard:
                self.services.drafts.discard(DRAFT_KEY)

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-ideas")
    def _find_ideas(self) -> None:
        self.post_message(TaskIdeasLoaded(self.services.audit_task_ideas()))

    @on(TaskIdeasLoaded)
    def _ideas(self, event: TaskIdeasLoaded) -> None:
        ideas = self.query_one("#plan-ideas", OptionList)
        ideas.clear_options()
        self._ideas_shown = list(event.ideas)
        ideas.add_options([Option(Content(one_line(i, 100))) for i in event.ideas])
        ideas.display = bool(event.ideas)
        if event.ideas:
            ideas.highlighted = 0  # enter on the list picks at once
        title = (
            "Ideas from your earlier gaps and older commits (enter picks one):"
            if event.ideas
            else "Ideas appear here once you have finished an audit or scanned a repository."
        )
        self.query_one("#plan-ideas-title", Static).update(
            Content.styled(title, "$foreground-muted")
        )

    def _start(self) -> None:
        if self._starting:  # a second enter or ctrl+n while the first start is being stored
            return
        values = self.form()
        services = self.services
        try:
            today = services.today()
            audit = plan(values["task"], values["before"], values["now"], values["time_box"], today)
            audit = start(audit, services.now(), today)
        except AuditError as error:
            self._error(sentence(str(error)))
            return
        self._starting = True
        self.query_one("#plan-start", Button).disabled = True
        self._store(audit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-save")
    def _store(self, audit: Audit) -> None:
        try:
            self.post_message(AuditSaved(self.services.audits.save(audit), "started"))
        except Exception as error:
            self.app.call_from_thread(self._failed, error)

    def _failed(self, error: BaseException) -> None:
        self._starting = False
        self.query_one("#plan-start", Button).disabled = False
        self._error(f"Not started: {sentence(describe_failure(error))} Your plan is kept.")

    @on(AuditSaved)
    def _saved(self, event: AuditSaved) -> None:
        self._close(discard=True)
        self.dismiss(event.audit)

    def _error(self, text: str) -> None:
        self.query_one("#plan-error", Static).update(Content.styled(text, "$error"))
