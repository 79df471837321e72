"""A loopback stand-in for Claude's Messages API, scripted reply by reply, for the quiz tests.

The real SDK is pointed at it with `base_url`. Each test queues the replies it wants (JSON
messages, SSE streams, status errors, slow replies, streams cut part-way) and then reads back the
requests the server got. `serving()` also turns every connection or name lookup that would leave
loopback into a test failure, so the real service can never be reached from a test.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import threading
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODEL = "claude-haiku-4-5"
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: Mapping[str, str]  # names lower-cased
    raw: bytes

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.raw)


@dataclass(frozen=True)
class Reply:
    """One scripted reply. `events` makes it an SSE stream; otherwise `body` is sent as is."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    events: tuple[tuple[str, Any], ...] | None = None
    cut_after: int | None = None  # send this many events, then end the stream there
    abrupt: bool = False  # with cut_after: drop the connection mid-body instead of ending it
    delay: float = 0.0  # seconds before the status line
    event_delay: float = 0.0  # seconds before each event
    stall_at: int | None = None  # before this event, go quiet for `stall` seconds
    stall: float = 0.0
    hang_up: bool = False  # close the connection without answering at all


# --- reply builders -----------------------------------------------------------------------------


def _json_reply(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Reply:
    return Reply(
        status=status,
        headers=(("content-type", "application/json"), ("request-id", "req_loopback"), *headers),
        body=json.dumps(payload).encode(),
    )


def message(
    text: str,
    *,
    stop_reason: str | None = "end_turn",
    input_tokens: int = 120,
    output_tokens: int = 40,
    model: str = MODEL,
    delay: float = 0.0,
) -> Reply:
    """A non-streamed message whose one content block is `text`."""
    payload = {
        "id": "msg_loopback",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }
    reply = _json_reply(200, payload)
    return Reply(status=reply.status, headers=reply.headers, body=reply.body, delay=delay)


def json_message(value: Any, **kwargs: Any) -> Reply:
    """A non-streamed message whose text is `value` as JSON."""
    return message(json.dumps(value), **kwargs)


def stream_events(
    pieces: Sequence[str],
    *,
    stop_reason: str | None = "end_turn",
    input_tokens: int = 150,
    output_tokens: int = 90,
    model: str = MODEL,
    block: str = "text",
    error: tuple[str, str] | None = None,
    error_after: int = 0,
) -> tuple[tuple[str, Any], ...]:
    """The SSE events of a streamed message made of `pieces` (text or tool-input JSON).

    With `error`, an `error` event of that (type, message) replaces the rest of the stream after
    `error_after` content deltas.
    """
    events: list[tuple[str, Any]] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_loopback",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": input_tokens, "output_tokens": 1},
                },
            },
        ),
        ("ping", {"type": "ping"}),
    ]
    if block == "text":
        start = {"type": "text", "text": ""}
    else:
        start = {"type": "tool_use", "id": "toolu_loopback", "name": "grade", "input": {}}
    events.append(
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start})
    )
    for number, piece in enumerate(pieces):
        if error is not None and number == error_after:
            break
        if block == "text":
            delta = {"type": "text_delta", "text": piece}
        else:
            delta = {"type": "input_json_delta", "partial_json": piece}
        events.append(
            ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
        )
    if error is not None:
        kind, text = error
        events.append(("error", {"type": "error", "error": {"type": kind, "message": text}}))
        return tuple(events)
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": output_tokens},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return tuple(events)


def stream(pieces: Sequence[str], **kwargs: Any) -> Reply:
    """A streamed message (see `stream_events`); `cut_after`, `abrupt` and delays pass through."""
    reply_keys = {"cut_after", "abrupt", "delay", "event_delay", "stall_at", "stall"}
    reply_args = {k: kwargs.pop(k) for k in list(kwargs) if k in reply_keys}
    return Reply(
        headers=(("content-type", "text/event-stream"), ("request-id", "req_loopback")),
        events=stream_events(pieces, **kwargs),
        **reply_args,
    )


def json_pieces(value: Any, size: int = 7) -> list[str]:
    """`value` as JSON text cut into pieces of `size` characters, as a model streams it."""
    text = json.dumps(value, ensure_ascii=False)
    return [text[i : i + size] for i in range(0, len(text), size)]


def status_error(
    status: int, kind: str, text: str = "", *, retry_after: str | None = None
) -> Reply:
    """An error reply shaped like the service's: its JSON body, request-id and retry-after."""
    headers = [("retry-after", retry_after)] if retry_after is not None else []
    payload = {
        "type": "error",
        "error": {"type": kind, "message": text or kind},
        "request_id": "req_loopback",
    }
    return _json_reply(status, payload, headers)


def closed_port_url() -> str:
    """A loopback address where nothing listens, so connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- the server ---------------------------------------------------------------------------------


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out or hung up is what some tests are about


@dataclass
class QuizServer:
    """A threaded HTTP server on 127.0.0.1 that answers from a queue of scripted replies."""

    replies: deque[Reply] = field(default_factory=deque)
    requests: list[Seen] = field(default_factory=list)
    unscripted: list[Seen] = field(default_factory=list)
    _closing: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "the server is not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def add(self, *replies: Reply) -> QuizServer:
        with self._lock:
            self.replies.extend(replies)
        return self

    def start(self) -> QuizServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # small SSE writes go out at once, not 40 ms later

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                seen = Seen(
                    "POST",
                    self.path,
                    {name.lower(): value for name, value in self.headers.items()},
                    raw,
                )
                with server._lock:
                    server.requests.append(seen)
                    reply = server.replies.popleft() if server.replies else None
                if reply is None or self.path.split("?")[0] != "/v1/messages":
                    with server._lock:
                        server.unscripted.append(seen)
                    reply = status_error(500, "api_error", "the loopback server had no reply")
                with contextlib.suppress(OSError):
                    server._answer(self, reply)

            do_GET = do_POST

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server is closing; True when it is."""
        return seconds > 0 and self._closing.wait(seconds)

    def _answer(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if self._wait(reply.delay):
            return
        if reply.hang_up:
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.send_response(reply.status)
        for name, value in reply.headers:
            handler.send_header(name, value)
        if reply.events is None:
            handler.send_header("content-length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(reply.body)
            handler.wfile.flush()
            return
        handler.send_header("transfer-encoding", "chunked")
        handler.send_header("cache-control", "no-cache")
        handler.end_headers()
        handler.wfile.flush()
        for number, (name, data) in enumerate(reply.events):
            if reply.cut_after is not None and number >= reply.cut_after:
                if reply.abrupt:
                    handler.close_connection = True
                    handler.wfile.flush()
                    handler.connection.shutdown(socket.SHUT_RDWR)
                    return
                break
            if self._wait(reply.event_delay):
                return
            if number == reply.stall_at and self._wait(reply.stall):
                return
            payload = data if isinstance(data, str) else json.dumps(data)
            chunk = f"event: {name}\ndata: {payload}\n\n".encode()
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            handler.wfile.flush()
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()


# --- keeping tests on loopback ------------------------------------------------------------------


def _is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def guard_loopback(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and list) every name lookup or connection to anything but loopback."""
    escapes: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            escapes.append(f"name lookup of {host!r}")
            raise OSError(f"test guard: {host!r} is not loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            escapes.append(f"connection to {address!r}")
            raise OSError(f"test guard: {address!r} is not loopback")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return escapes


@contextlib.contextmanager
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[QuizServer]:
    """A started server with the loopback guard on; at the end every scripted reply must have
    been used, no request may have come unscripted, and nothing may have tried to leave."""
    escapes = guard_loopback(monkeypatch)
    server = QuizServer().start()
    try:
        yield server
    finally:
        server.close()
    assert not escapes, f"a request tried to leave loopback: {escapes}"
    assert not server.unscripted, f"requests with no scripted reply: {server.unscripted}"
    assert not server.replies, f"scripted replies never asked for: {list(server.replies)}"
