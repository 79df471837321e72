"""Read one repository through GitPython: where it is, its tips, and one streaming `git log`."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from craftlog.core.output import RawCommit
from craftlog.gitsource.logparse import FORMAT, LogFormatError, parse

if TYPE_CHECKING:
    from git import Repo

_CHUNK = 1 << 16
PIPE_BYTES = 1 << 20
# User config must not change what git prints: colour, signatures, text conversion, encoding.
_LOG_OPTIONS = (
    "-z",
    "--numstat",
    "-M",
    "--no-color",
    "--no-show-signature",
    "--no-textconv",
    "--no-ext-diff",
    "--encoding=UTF-8",
    FORMAT,
    "--stdin",
)


class SourceProblem(Exception):
    """A repository that cannot be read, explained in words."""


class ScanCancelled(Exception):
    """The person stopped the scan."""


@dataclass(frozen=True)
class RepoInfo:
    """Where a repository lives and what kind it is."""

    path: str
    git_dir: str
    bare: bool
    shallow: bool


def _git_words(error: Exception) -> str:
    text = getattr(error, "stderr", "") or str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text.strip().strip("'").strip()
    if "dubious ownership" in text:
        return "git refuses to read it because another user owns it (see git's safe.directory)"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    detail = next((line for line in lines if line.startswith(("fatal:", "error:"))), "")
    detail = detail.split(":", 1)[1].strip() if detail else (lines[-1] if lines else "")
    return f"git could not read it ({detail[:200]})" if detail else "git could not read it"


def check_path(path: str | os.PathLike[str]) -> Path:
    """The absolute, symlink-free path, or a SourceProblem saying what is wrong with it."""
    where = Path(os.path.realpath(Path(path).expanduser()))
    try:
        if not where.exists():
            raise SourceProblem(f"{where} does not exist")
        if not where.is_dir():
            raise SourceProblem(f"{where} is a file, not a repository folder")
    except PermissionError:
        raise SourceProblem(f"{where} cannot be reached (permission denied)") from None
    if not os.access(where, os.R_OK | os.X_OK):
        raise SourceProblem(f"{where} cannot be read (permission denied)")
    return where


@contextmanager
def opened(path: str | os.PathLike[str]) -> Iterator[Repo]:
    """A Repo opened and closed in the calling thread (GitPython is not thread-safe)."""
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    where = check_path(path)
    try:
        repo = Repo(where, search_parent_directories=True)
    except NoSuchPathError:
        raise SourceProblem(f"{where} does not exist") from None
    except InvalidGitRepositoryError:
        raise SourceProblem(f"{where} is not a git repository") from None
    except PermissionError:
        raise SourceProblem(f"{where} cannot be read (permission denied)") from None
    with repo:
        yield repo


def _run(repo: Repo, *args: str) -> str:
    from git import GitCommandError

    try:
        return repo.git.execute(["git", *args], strip_newline_in_stdout=True)
    except GitCommandError as error:
        raise SourceProblem(_git_words(error)) from None


def describe(repo: Repo) -> RepoInfo:
    """Its top level (or git folder when bare), its shared git folder, and whether it is shallow."""
    out = _run(
        repo,
        "rev-parse",
        "--path-format=absolute",
        "--git-common-dir",
        "--is-bare-repository",
        "--is-shallow-repository",
    ).splitlines()
    git_dir = os.path.realpath(out[0])
    bare = out[1] == "true"
    path = git_dir if bare else os.path.realpath(repo.working_tree_dir or git_dir)
    return RepoInfo(path=path, git_dir=git_dir, bare=bare, shallow=out[2] == "true")


def tips(repo: Repo) -> tuple[str, ...]:
    """The commits every local branch and HEAD point at; empty for a repository with none."""
    from git import GitCommandError

    try:
        out = repo.git.execute(["git", "show-ref", "--head", "--heads"])
    except GitCommandError as error:
        if error.status == 1 and not (error.stderr or "").strip():
            return ()  # no refs at all: a fresh repository with no commit yet
        raise SourceProblem(_git_words(error)) from None
    shas = {line.split(" ", 1)[0] for line in out.splitlines() if line.strip()}
    return tuple(sorted(shas))


def default_email(repo: Repo) -> str | None:
    """`git config user.email` as this repository sees it, if set."""
    from git import GitCommandError

    try:
        value = repo.git.execute(["git", "config", "--get", "user.email"])
    except GitCommandError:
        return None
    return value.strip() or None


def _revs(include: Sequence[str], exclude: Sequence[str]) -> IO[bytes]:
    """Revisions for `--stdin`: a command line could overflow with thousands of branches."""
    lines = [f"{sha}\n" for sha in include] + [f"^{sha}\n" for sha in exclude]
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it with `with`
    handle.write("".join(lines).encode("ascii"))
    handle.seek(0)
    return handle


def _run_stdin(repo: Repo, args: list[str], include: Sequence[str], exclude: Sequence[str]) -> str:
    with _revs(include, exclude) as revs:
        return repo.git.execute(["git", *args], istream=revs)


def vanished(repo: Repo, old: Sequence[str], new: Sequence[str]) -> list[str] | None:
    """Commits reachable before but not now (a rewritten history); None if old ones are gone."""
    from git import GitCommandError

    if not old:
        return []
    try:
        return _run_stdin(repo, ["rev-list", "--stdin"], old, new).split()
    except GitCommandError:
        return None  # an old tip was garbage-collected: only a full rescan is sure


def count(repo: Repo, include: Sequence[str], exclude: Sequence[str]) -> int:
    """How many commits a log of `include` minus `exclude` will report."""
    from git import GitCommandError

    if not include:
        return 0
    try:
        return int(_run_stdin(repo, ["rev-list", "--count", "--stdin"], include, exclude) or 0)
    except GitCommandError as error:
        raise SourceProblem(_git_words(error)) from None


def _widen(pipe: IO[bytes] | None) -> None:
    """A 1 MiB pipe (Linux), so git does not stall while a batch of commits is being stored."""
    import fcntl

    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or size is None:
        return
    with suppress(OSError):  # above the system's limit for unprivileged users: keep the default
        fcntl.fcntl(pipe.fileno(), size, PIPE_BYTES)


def log(
    repo: Repo,
    include: Sequence[str],
    exclude: Sequence[str],
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[RawCommit]:
    """Every commit reachable from `include` and not from `exclude`, streamed from one process."""
    if not include:
        return
    with _revs(include, exclude) as revs:
        # Writing to a pipe, git flushes after every commit unless told not to: tens of
        # thousands of tiny writes, each waking this process. GIT_FLUSH=0 lets it buffer.
        process = repo.git.log(
            *_LOG_OPTIONS, "--", as_process=True, istream=revs, env={"GIT_FLUSH": "0"}
        )
    proc: subprocess.Popen[bytes] = process.proc
    _widen(proc.stdout)
    errors: list[bytes] = []
    # git's warnings (a rename limit hit on a huge commit) must not fill a pipe and stall it.
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    drain.start()
    finished = False

    def chunks() -> Iterator[bytes]:
        while chunk := proc.stdout.read1(_CHUNK):
            if cancelled():
                raise ScanCancelled
            yield chunk

    # The newest commit read is held back until the next one starts or git exits cleanly: git
    # dying on a commit (an object missing) has already printed its header but not its files,
    # and a commit stored with wrong figures would never be read again.
    last: RawCommit | None = None
    try:
        for commit in parse(chunks()):
            if last is not None:
                yield last
            last = commit
        finished = True
    except LogFormatError as error:
        raise SourceProblem(f"git printed something craftlog cannot read ({error})") from None
    finally:
        if not finished:
            proc.kill()
        proc.stdout.close()
        status = proc.wait()
        drain.join()
    if status != 0:
        text = b"".join(errors).decode("utf-8", "replace")
        raise SourceProblem(_git_words(Exception(text)))
    if last is not None:
        yield last
