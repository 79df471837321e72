"""The streaming parser of `git log -z --numstat` output (gitsource/logparse.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from craftlog.core.output import FileChange, RawCommit
from craftlog.gitsource.logparse import FORMAT, LogFormatError, parse, tokens
from tests import gitrepos as g

SHA1, SHA2, SHA3, SHA4 = ("1" * 40, "2" * 40, "3" * 40, "4" * 40)


def record(
    sha: str,
    parents: tuple[str, ...],
    email: bytes,
    at: int,
    message: bytes,
    files: tuple[bytes, ...] = (),
) -> bytes:
    """One commit exactly as `git log -z --numstat` writes it with craftlog's format."""
    head = b"\x1e" + b"\0".join(
        [sha.encode(), " ".join(parents).encode(), email, str(at).encode(), message]
    )
    # The format's closing NUL, then -z's commit separator, then "\n" and the numstat fields.
    return head + b"\0\0" + (b"\n" + b"".join(files) if files else b"")


def stat(added: str, removed: str, path: bytes) -> bytes:
    return f"{added}\t{removed}\t".encode() + path + b"\0"


def renamed(added: str, removed: str, old: bytes, new: bytes) -> bytes:
    return f"{added}\t{removed}\t".encode() + b"\0" + old + b"\0" + new + b"\0"


TRICKY_MESSAGE = b"\x1eOdd\x1e subject\twith tab\n\n1\t2\tfoo\n-\t-\tbar\n\n\x1e\n1\t2\tfoo"
STREAM = b"".join(
    [
        record(
            SHA4,
            (SHA3,),
            b"me@example.com",
            1_773_000_004,
            b"Text, binary and a rename\n",
            (
                stat("10", "2", b"src/a.py"),
                stat("-", "-", b"logo.png"),
                renamed("1", "1", b"old name.txt", b"docs/new\tname.txt"),
                renamed("0", "0", b"\x1estarts-with-rs", b"\x1estill"),
                stat("3", "0", b"caf\xe9.lock"),
                stat("4", "4", b"\nline\tbreak\x1e.txt"),
            ),
        ),
        record(SHA3, (SHA1, SHA2), b"me@example.com", 1_773_000_003, b"Merge branch 'x'\n"),
        record(SHA2, (SHA1,), b"ME@Example.com", 1_773_000_002, b"", (stat("1", "0", b"e"),)),
        record(
            SHA1,
            (),
            b"bad\xffmail@x",
            1_773_000_001,
            TRICKY_MESSAGE,
            (stat("0", "0", b"empty.txt"),),
        ),
    ]
)

EXPECTED = [
    RawCommit(
        SHA4,
        (SHA3,),
        "me@example.com",
        1_773_000_004,
        "Text, binary and a rename\n",
        (
            FileChange("src/a.py", 10, 2),
            FileChange("logo.png", None, None),
            FileChange("docs/new\tname.txt", 1, 1),
            FileChange("\x1estill", 0, 0),
            FileChange("caf\udce9.lock", 3, 0),
            FileChange("\nline\tbreak\x1e.txt", 4, 4),
        ),
    ),
    RawCommit(SHA3, (SHA1, SHA2), "me@example.com", 1_773_000_003, "Merge branch 'x'\n", ()),
    RawCommit(SHA2, (SHA1,), "ME@Example.com", 1_773_000_002, "", (FileChange("e", 1, 0),)),
    RawCommit(
        SHA1,
        (),
        "bad\ufffdmail@x",
        1_773_000_001,
        TRICKY_MESSAGE.decode(),
        (FileChange("empty.txt", 0, 0),),
    ),
]


def cut(data: bytes, offsets: list[int]) -> list[bytes]:
    points = [0, *sorted(offsets), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(points)]


def test_whole_stream() -> None:
    assert list(parse([STREAM])) == EXPECTED


def test_split_in_two_at_every_offset() -> None:
    for offset in range(len(STREAM) + 1):
        assert list(parse(cut(STREAM, [offset]))) == EXPECTED, offset


def test_one_byte_at_a_time() -> None:
    assert list(parse(STREAM[i : i + 1] for i in range(len(STREAM)))) == EXPECTED


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, len(STREAM)), max_size=40))
def test_any_chunking_gives_the_same_commits(offsets: list[int]) -> None:
    assert list(parse(cut(STREAM, offsets))) == EXPECTED


def test_empty_chunks_and_empty_stream() -> None:
    assert list(parse([])) == []
    assert list(parse([b"", b""])) == []
    assert list(parse([b"", STREAM, b""])) == EXPECTED


def test_tokens_are_rejoined_across_chunks() -> None:
    assert list(tokens([b"ab", b"c\0d", b"\0", b"\0e\0"])) == [b"abc", b"d", b"", b"e"]


def _agrees_with_full_parse(got: list[RawCommit]) -> bool:
    """A cut made exactly between fields may lose the tail, but never changes what it keeps."""
    if len(got) > len(EXPECTED):
        return False
    for n, commit in enumerate(got):
        full = EXPECTED[n]
        if n < len(got) - 1 and commit != full:
            return False
        if commit.files != full.files[: len(commit.files)]:
            return False
        if (commit.sha, commit.parents, commit.email, commit.message) != (
            full.sha,
            full.parents,
            full.email,
            full.message,
        ):
            return False
    return True


def test_a_truncated_stream_is_never_read_as_something_else() -> None:
    errors = 0
    for length in range(1, len(STREAM)):
        prefix = STREAM[:length]
        try:
            got = list(parse([prefix]))
        except LogFormatError:
            errors += 1
            continue
        # Every field ends in NUL, so a stream cut inside a field must be an error (the
        # newline git writes before a commit's numstat fields is not a field)...
        assert prefix.rstrip(b"\n").endswith(b"\0"), f"cut at {length} inside a field: {got}"
        # ...and a stream cut between fields yields only what the full stream says.
        assert _agrees_with_full_parse(got), (length, got)
    assert errors > len(STREAM) * 0.9


@pytest.mark.parametrize(
    "data",
    [
        b"\x1e" + SHA1.encode() + b"\0\0me@x\0",  # ends inside the header
        b"\x1e" + SHA1.encode(),  # the first field is not even finished
        record(SHA1, (), b"me@x", 1, b"m", (b"1\t0\tpath-without-end",)),
        record(SHA1, (), b"me@x", 1, b"m", (b"1\t0\t\0old-only\0",)),  # rename cut short
        record(SHA1, (), b"me@x", 1, b"m", (b"1\t0\t\0",)),
        record(SHA1, (), b"me@x", 1, b"m", (b"not numstat\0",)),
        b"garbage before any record\0" + record(SHA1, (), b"me@x", 1, b"m"),
    ],
    ids=[
        "header",
        "first-field",
        "path",
        "rename-old-only",
        "rename-nothing",
        "no-tabs",
        "garbage",
    ],
)
def test_malformed_streams_are_errors(data: bytes) -> None:
    with pytest.raises(LogFormatError):
        list(parse([data]))


def test_whitespace_between_records_is_ignored() -> None:
    one = record(SHA1, (), b"me@x", 1, b"m", (stat("1", "0", b"a"),))
    assert list(parse([b"\n\0" + one + b"\n\0"])) == [
        RawCommit(SHA1, (), "me@x", 1, "m", (FileChange("a", 1, 0),))
    ]


def test_the_format_really_produces_this_shape(tmp_path: Path) -> None:
    """Real git output, through the same options the reader passes."""
    repo = g.GitRepo.init(tmp_path / "r")
    repo.commit("2026-03-02T10:00:00+01:00", "first", {"a.txt": g.lines(5), "b.bin": b"\0\1"})
    repo.rename(
        "a.txt", "sub/a b.txt", "2026-03-03T10:00:00+01:00", g.SEPARATORS, extra_line="more\n"
    )
    repo.commit("2026-03-04T10:00:00+01:00", "", {"e.txt": "e\n"})
    out = g.run_git(repo.path, "log", "-z", "--numstat", "-M", "--encoding=UTF-8", FORMAT)
    first, second, third = reversed(list(parse([out])))
    assert first.files == (FileChange("a.txt", 5, 0), FileChange("b.bin", None, None))
    assert first.parents == () and first.email == "me@example.com"
    assert second.message == g.SEPARATORS
    assert second.files == (FileChange("sub/a b.txt", 1, 0),)
    assert third.message == "" and third.parents == (second.sha,)
    assert third.authored_at == 1_772_614_800
