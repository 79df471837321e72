"""Parse the NUL-separated output of `git log -z --numstat` as it streams in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from craftlog.core.output import FileChange, RawCommit

# Every field ends in NUL, which no commit field or path can contain, so a message holding
# any other byte (the record separator included) cannot be mistaken for structure.
RECORD = b"\x1e"
FORMAT = "--format=%x1e%H%x00%P%x00%aE%x00%at%x00%B%x00"
_HEADER_FIELDS = 5


class LogFormatError(ValueError):
    """The output did not have the shape the format asks for."""


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _path(raw: bytes) -> str:
    # Paths stay exact, undecodable bytes included, so exclude patterns see what git stores.
    return raw.decode("utf-8", "surrogateescape")


def _count(raw: bytes) -> int | None:
    return None if raw == b"-" else int(raw)


def tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-terminated fields of a byte stream, however it was cut into chunks."""
    rest = b""
    for chunk in chunks:
        if not chunk:
            continue
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest.strip():
        # Every field ends in NUL: bytes after the last one mean the output was cut short.
        raise LogFormatError(f"git's output ended inside a field: {rest[:60]!r}")


def parse(chunks: Iterable[bytes]) -> Iterator[RawCommit]:
    """Commits in the order git wrote them."""
    stream = tokens(chunks)
    token = next(stream, None)
    while token is not None:
        if not token.startswith(RECORD):
            if token.strip():
                raise LogFormatError(f"unexpected output from git: {token[:60]!r}")
            token = next(stream, None)
            continue
        header = [token[1:]]
        for _ in range(_HEADER_FIELDS - 1):
            field = next(stream, None)
            if field is None:
                raise LogFormatError("git's output ended inside a commit")
            header.append(field)
        sha, parents, email, when, message = header
        files: list[FileChange] = []
        token = next(stream, None)
        while token is not None and not token.startswith(RECORD):
            line = token.lstrip(b"\n")
            if not line:
                token = next(stream, None)
                continue
            try:
                added, removed, path = line.split(b"\t", 2)
            except ValueError:
                raise LogFormatError(f"unexpected numstat line: {line[:60]!r}") from None
            if not path:  # a rename or copy: the old and the new path follow as fields
                old, path = next(stream, None), next(stream, None)
                if old is None or path is None:
                    raise LogFormatError("git's output ended inside a renamed file's paths")
            files.append(FileChange(_path(path), _count(added), _count(removed)))
            token = next(stream, None)
        yield RawCommit(
            sha=_text(sha),
            parents=tuple(_text(parents).split()),
            email=_text(email),
            authored_at=int(when),
            message=_text(message),
            files=tuple(files),
        )
