"""Past-tense messages that workers post and screens handle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

# Types only: a screen's import of its messages must not pull in every domain module.
if TYPE_CHECKING:
    from craftlog.core.assessments import Assessment
    from craftlog.core.audit_history import Goal
    from craftlog.core.audits import Audit
    from craftlog.core.dashboard import AuditState, Dashboard
    from craftlog.core.entries import Entry
    from craftlog.core.flags import WeekOutput
    from craftlog.core.reviews import CardState, Grade, Question, Review
    from craftlog.core.sources import ScanReport, Source
    from craftlog.quiz.client import AiCallFailed
    from craftlog.quiz.ledger import CallRecord, MonthUsage
    from craftlog.store.commits import StoredCommit
    from craftlog.store.drafts import Draft
    from craftlog.store.entries import EntryFilter


@dataclass
class HomeLoaded(Message):
    """The dashboard's figures were read."""

    board: Dashboard
    recent: list[Entry]
    flags: list[WeekOutput]
    has_repos: bool
    weekly: list[int] = field(default_factory=list)  # entries per recent week, oldest first


@dataclass
class EntriesLoaded(Message):
    """A page of the log was read for a filter."""

    where: EntryFilter
    entries: list[Entry]
    tags: list[tuple[str, int]]


@dataclass
class EntrySaved(Message):
    """An entry was stored (new or edited)."""

    entry: Entry
    created: bool


@dataclass
class EntryTrashChanged(Message):
    """An entry was moved to the trash, restored from it, or destroyed."""

    entry_id: int
    change: str  # "trashed", "restored" or "purged"


@dataclass
class DataChanged(Message):
    """Another process (or connection) changed the database; screens reload what they show."""


@dataclass
class DraftsFound(Message):
    """Unsaved drafts that a crash or a killed terminal left behind were found at start."""

    drafts: list[Draft]


@dataclass
class OutputLoaded(Message):
    """The week table and the registered repositories were read."""

    weeks: list[WeekOutput]
    sources: list[Source]
    # False for the recent weeks read first, when older weeks follow in a second message.
    complete: bool = True


@dataclass
class SourcesLoaded(Message):
    """The registered repositories were read."""

    sources: list[Source]


@dataclass
class ScanProgressed(Message):
    """A repository's scan read `done` of `total` commits."""

    source: Source
    done: int
    total: int


@dataclass
class ScanFinished(Message):
    """A scan of every repository ended, finished or stopped."""

    reports: list[ScanReport]
    cancelled: bool


@dataclass
class WeekCommitsLoaded(Message):
    """The commits of one week were read."""

    week: WeekOutput
    commits: list[StoredCommit]


@dataclass
class SourcesChanged(Message):
    """A repository was added or removed; `note` says what happened, in words."""

    note: str
    severity: str = "information"


@dataclass
class AuditsLoaded(Message):
    """Every audit was read, with this month's state and the gaps that recur."""

    audits: list[Audit]
    state: AuditState


@dataclass
class AuditSaved(Message):
    """An audit was stored (planned and started, paused, resumed, finished, or abandoned)."""

    audit: Audit
    note: str


@dataclass
class GoalFound(Message):
    """The gap the latest audit chose to rebuild, for the new-entry editor to ask about."""

    goal: Goal


@dataclass
class TaskIdeasLoaded(Message):
    """Task ideas for the audit's first step were found."""

    ideas: list[str]


@dataclass
class AssessmentsLoaded(Message):
    """Every self-check and tier test result was read, with the checks suggested now."""

    assessments: list[Assessment]
    due: list[str]
    unfinished: dict[str, int]  # instrument key: answers kept in its draft


@dataclass
class AssessmentSaved(Message):
    """A self-check or tier test was scored and stored; `previous` is the result before it."""

    assessment: Assessment
    previous: Assessment | None


@dataclass
class QuizLoaded(Message):
    """The quiz's counts and the cards of the next session were read."""

    due: int
    new: int
    queue: list[Entry]  # kept answers first, then due cards, then new ones
    cards: dict[int, CardState]  # the queue's cards; a new entry has none
    kept: set[int]  # entries with an answer kept in a draft
    next_due: datetime | None  # the earliest card due after now
    entries: int  # live entries in the log


@dataclass
class QuestionWritten(Message):
    """Claude wrote a question about the entry under review."""

    attempt: int
    question: Question


@dataclass
class TopicQuestionsWritten(Message):
    """Claude wrote the questions on the topic the user named."""

    attempt: int
    questions: list[str]


@dataclass
class FeedbackStreamed(Message):
    """A piece of Claude's feedback on an answer arrived."""

    attempt: int
    text: str


@dataclass
class AnswerGraded(Message):
    """Claude finished grading an answer."""

    attempt: int
    grade: Grade


@dataclass
class ExaminerFailed(Message):
    """An AI call (a question or a grade) failed; the answer typed is kept."""

    attempt: int
    step: str  # "question", "grade" or "topic"
    failure: AiCallFailed


@dataclass
class ReviewStored(Message):
    """A rated review was stored and its card rescheduled."""

    review: Review
    card: CardState


@dataclass
class UsageLoaded(Message):
    """The AI usage ledger was read: month by month, and the latest calls."""

    months: list[MonthUsage]
    recent: list[CallRecord]
