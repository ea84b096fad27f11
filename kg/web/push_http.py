"""The HTTP under `kg push`, on the standard library's http.client.

kg holds the socket itself for three guarantees a general HTTP client does not give:
- a request never follows a redirect: requests turns a redirected PUT into a GET without
  the graph and reports that GET's 200, so a push "succeeded" while nothing was stored;
- every request ends by a wall-clock deadline: a per-read timeout starts again with each
  byte, so a store that drips one byte a second holds a request for ever;
- a password written in the URL is sent as Basic auth (and kg.web.graph_store never shows it).
"""

from __future__ import annotations

import base64
import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote, urlsplit, urlunsplit

MAX_ANSWER = 64 * 2**20
"""Bytes of a store's answer read at most (a list of graph names, an error page)."""
_STALE = (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)
"""How a kept-alive connection the store has closed meanwhile fails: send again, once."""


class AnswerTooLarge(ValueError):
    """The store's answer is longer than MAX_ANSWER bytes."""


# --- one connection, bounded in time ------------------------------------------------------


class _DeadlineSocket:
    """A connected socket whose every send and receive ends by its connection's deadline."""

    def __init__(self, sock: socket.socket, connection: _DeadlineConnection):
        self._sock = sock
        self._connection = connection
        self._readers = 0  # open answers read from this socket: it closes after the last
        self._closing = False

    def _arm(self) -> None:
        remaining = self._connection.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request's time is up")
        self._sock.settimeout(remaining)

    def sendall(self, data) -> None:
        self._arm()
        self._sock.sendall(data)  # the timeout bounds the whole sendall (Python ≥ 3.5)

    def recv_into(self, buffer) -> int:
        self._arm()
        return self._sock.recv_into(buffer)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def close(self) -> None:
        """Close now, or (as a socket's makefile does) once the answer being read is closed:
        http.client closes a connection the store will close before reading its answer."""
        self._closing = True
        if not self._readers:
            self._sock.close()

    def reader_closed(self) -> None:
        self._readers -= 1
        if self._closing and not self._readers:
            self._sock.close()

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _DeadlineReader(io.RawIOBase):
    """What http.client reads the answer from: each read armed with the deadline."""

    def __init__(self, sock: _DeadlineSocket):
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._sock.reader_closed()
        super().close()


class _DeadlineConnection(http.client.HTTPConnection):
    """An http.client connection whose connect, sends and reads all end by `deadline`."""

    deadline = 0.0  # time.monotonic() by which the current request must be over

    def connect(self) -> None:
        self.timeout = max(0.001, self.deadline - time.monotonic())
        super().connect()  # for HTTPS, this includes the TLS handshake
        self.sock = _DeadlineSocket(self.sock, self)


class _DeadlineHTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


@dataclass(frozen=True)
class Answer:
    """A store's answer: status, reason, headers and (at most MAX_ANSWER bytes of) body."""

    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def media(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def _basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class HttpClient:
    """Requests to one or two URLs of a store, each over a kept-alive connection per host,
    never following a redirect, each over by a deadline the caller gives."""

    def __init__(self):
        self._connections: dict[tuple[str, str, int | None], _DeadlineConnection] = {}

    def request(
        self,
        method: str,
        url: str,
        *,
        deadline: float,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Answer:
        """Send once (again once more on a kept-alive connection the store has closed).

        Raises TimeoutError when the deadline passes, OSError or http.client.HTTPException
        when the connection fails, AnswerTooLarge for an answer larger than MAX_ANSWER.
        """
        parts = urlsplit(url)
        headers = {"User-Agent": "kg-push", **(headers or {})}
        if auth is None and (parts.username is not None or parts.password is not None):
            auth = unquote(parts.username or ""), unquote(parts.password or "")
        if auth is not None:
            headers["Authorization"] = _basic_auth(*auth)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        key = (parts.scheme, parts.hostname or "", parts.port)
        for _ in range(2):
            connection = self._connection(key)
            connection.deadline = deadline
            kept_alive = connection.sock is not None
            response = None
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read(MAX_ANSWER + 1)
            except BaseException as error:
                if response is not None:
                    response.close()
                self._drop(key)
                if kept_alive and isinstance(error, _STALE):
                    continue
                raise
            complete = response.isclosed()
            response.close()
            if len(data) > MAX_ANSWER or response.will_close or not complete:
                self._drop(key)
            if len(data) > MAX_ANSWER:
                raise AnswerTooLarge(
                    f"the answer to {method} was larger than {MAX_ANSWER // 2**20} MB"
                )
            return Answer(response.status, response.reason or "", response.msg, data)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        for key in list(self._connections):
            self._drop(key)

    def _connection(self, key: tuple[str, str, int | None]) -> _DeadlineConnection:
        if key not in self._connections:
            scheme, host, port = key
            if scheme == "https":
                self._connections[key] = _DeadlineHTTPSConnection(
                    host, port, context=ssl.create_default_context()
                )
            else:
                self._connections[key] = _DeadlineConnection(host, port)
        return self._connections[key]

    def _drop(self, key: tuple[str, str, int | None]) -> None:
        connection = self._connections.pop(key, None)
        if connection is not None:
            connection.close()
