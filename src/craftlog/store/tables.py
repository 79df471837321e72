"""SQLModel declarations of the tables: the schema's model, checked against the live file.

The hot paths (quick add, status, the app's first frame) use plain SQL because importing
SQLModel costs about half a second; `doctor` and the tests hold the migrations to these models.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class EntryRow(SQLModel, table=True):
    """One learning entry."""

    __tablename__ = "entry"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    text: str
    kind: str
    day: str
    needed_ai: int = 0
    struggle_minutes: int | None = None
    commit_repo: str | None = None
    commit_sha: str | None = None
    created_at: str
    updated_at: str
    deleted_at: str | None = None


class EntryTagRow(SQLModel, table=True):
    """One tag on one entry, in the order it was written."""

    __tablename__ = "entry_tag"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True)
    position: int


class RepoRow(SQLModel, table=True):
    """One registered git repository and what its last scan read."""

    __tablename__ = "repo"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(unique=True)
    git_dir: str = Field(unique=True)
    added_at: str
    scanned_at: str | None = None
    tips: str = ""
    rules: str = ""
    status: str = "new"
    message: str = ""


class GitCommitRow(SQLModel, table=True):
    """One of the user's commits in one repository."""

    __tablename__ = "git_commit"

    repo_id: int = Field(foreign_key="repo.id", primary_key=True, ondelete="CASCADE")
    sha: str = Field(primary_key=True)
    authored_at: int
    author_email: str
    summary: str
    lines_added: int
    lines_removed: int
    files_changed: int
    is_merge: int
    ai_assisted: int


class AuditRow(SQLModel, table=True):
    """One monthly no-AI audit, from planned to finished or abandoned."""

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    month: str = Field(index=True)
    task: str
    confidence_before: int
    confidence_now: int
    time_box_minutes: int
    started_at: str | None = None
    paused_at: str | None = None
    paused_seconds: int = 0
    finished_at: str | None = None
    abandoned: int = 0
    outcome: str | None = None
    minutes: int | None = None
    gaps: str = "[]"
    looked_up: str = ""
    rebuild_gap: str | None = None


class AssessmentRow(SQLModel, table=True):
    """One self-assessment as taken: its answers as JSON and its score."""

    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    instrument: str
    taken_at: str
    day: str
    score: int
    answers: str


class ReviewCardRow(SQLModel, table=True):
    """An entry's FSRS schedule: when it is due next and what FSRS knows of it."""

    __tablename__ = "review_card"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    due: str = Field(index=True)
    phase: str = "learning"
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: str | None = None
    reviews: int = 0
    lapses: int = 0


class ReviewLogRow(SQLModel, table=True):
    """One rated review of an entry, offline or graded by the AI."""

    __tablename__ = "review_log"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    reviewed_at: str
    rating: int
    mode: str
    answer: str
    question: str = ""
    score: int | None = None
    due_after: str | None = None


class AiCallRow(SQLModel, table=True):
    """One AI call as the usage ledger keeps it: tokens, estimated cost, outcome."""

    __tablename__ = "ai_call"

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    purpose: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_usd: float | None = None
    duration_ms: int
    outcome: str
    message: str = ""


MODELLED_TABLES = frozenset({
    "entry", "entry_tag", "repo", "git_commit", "audit", "assessment",
    "review_card", "review_log", "ai_call",
})  # fmt: skip


def model_columns() -> dict[str, dict[str, bool]]:
    """Each modelled table's columns, mapped to whether they may be NULL."""
    return {
        table.name: {column.name: bool(column.nullable) for column in table.columns}
        for table in SQLModel.metadata.sorted_tables
        if table.name in MODELLED_TABLES
    }
