"""Request hygiene for `kg serve`: what reaches the endpoint, and what leaves it as text.

A web page in the analyst's browser can send requests to a server on 127.0.0.1. The
endpoint therefore answers only requests addressed to a name it is bound to (a page whose
own name was rebound to 127.0.0.1 is refused), and lets a page on another origin read its
answers only when the analyst named that origin with `--cors`. The rest keeps one slow or
malformed client from holding or confusing the server: a deadline for reading each
request, a size limit for bodies of either framing, and log lines that show the client's
control characters as escapes instead of passing them to the terminal.
"""

from __future__ import annotations

import io
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from typing import BinaryIO
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
"""Host names every endpoint answers to, whatever address it is bound to."""
_WILDCARDS = ("", "0.0.0.0", "::")
"""Addresses that bind every interface."""
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_METHODS = ("GET", "HEAD", "POST")
CORS_EXPOSED = "X-Result-Limit, X-Result-Truncated"
"""The endpoint's own headers a page on an allowed origin may read."""
CORS_MAX_AGE = "600"
_LINE_MAX = 4096
"""The longest chunk-size or trailer line read, in bytes."""
_TRAILERS_MAX = 64


# --- which host names ----------------------------------------------------------------------


@dataclass(frozen=True)
class HostPolicy:
    """The Host header values the endpoint answers: the loopback names and the bound name.

    A DNS-rebinding page reaches 127.0.0.1 under its own name, and that name is what its
    requests carry in Host; refusing every unknown name leaves such a page nothing to
    read. The port is not compared, so a forwarded port (ssh -L) still works. Bound to
    every address (0.0.0.0), the endpoint also answers the machine's own name and any IP
    address: a page can be served under an address only by the machine that has it, so
    an address cannot be rebound.
    """

    names: frozenset[str]
    any_address: bool

    @classmethod
    def bound_to(cls, host: str) -> HostPolicy:
        name = host.strip().strip("[]").lower()
        everywhere = name in _WILDCARDS
        own = {socket.gethostname().lower()} if everywhere else set()
        return cls(frozenset({*LOOPBACK_NAMES, name, *own} - set(_WILDCARDS)), everywhere)

    def allows(self, header: str | None) -> bool:
        if header is None:  # an HTTP/1.0 client without Host; browsers always send one
            return True
        name = host_name(header)
        if name is None:
            return False
        return name in self.names or (self.any_address and _is_address(name))

    def describe(self) -> str:
        return ", ".join(sorted(f"[{n}]" if ":" in n else n for n in self.names))


def host_name(header: str) -> str | None:
    """The name in a Host header ("[::1]:8000" -> "::1"), lower case; None if malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        name, bracket, port = header[1:].partition("]")
        if not bracket:
            return None
    else:
        name, _, port = header.partition(":")
        if ":" in port:  # a bare IPv6 address is not a valid Host
            return None
        port = ":" + port if port else ""
    if port and not (port.startswith(":") and port[1:].isdigit()):
        return None
    return name or None


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


# --- CORS ----------------------------------------------------------------------------------


def cors_origin(text: str) -> str:
    """The origin as browsers send it in Origin ("https://yasgui.example"); ValueError if it
    is not one."""
    if text.strip() == "*":
        raise ValueError(
            "--cors * would let every web page read the graph; name the origin, "
            "e.g. --cors https://yasgui.example"
        )
    url = urlsplit(text.strip())
    if (
        url.scheme not in ("http", "https")
        or not url.hostname
        or url.username is not None
        or url.path not in ("", "/")
        or url.query
        or url.fragment
    ):
        raise ValueError(
            f"--cors {text!r} is not an origin; give scheme, host and port only, "
            "e.g. --cors https://yasgui.example"
        )
    try:
        port = url.port
    except ValueError:
        raise ValueError(f"--cors {text!r} has a port that is not a number") from None
    host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
    default = {"http": 80, "https": 443}[url.scheme]
    return f"{url.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def cors_headers(request: Message, origins: frozenset[str], *, preflight: bool) -> dict[str, str]:
    """The CORS headers for a request: none unless its Origin is one the analyst allowed.

    A preflight (OPTIONS with Access-Control-Request-Method) gets the methods and the
    request headers it asked for; no credentials are ever allowed.
    """
    origin = request.get("Origin")
    if origin not in origins:
        return {}
    if not preflight:
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Expose-Headers": CORS_EXPOSED,
        }
    if (request.get("Access-Control-Request-Method") or "").strip() not in CORS_METHODS:
        return {}
    asked = [
        name.strip() for name in (request.get("Access-Control-Request-Headers") or "").split(",")
    ]
    allowed = [name for name in asked if _TOKEN.fullmatch(name)]
    headers = {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": ", ".join(CORS_METHODS),
        "Access-Control-Max-Age": CORS_MAX_AGE,
    }
    if allowed:
        headers["Access-Control-Allow-Headers"] = ", ".join(allowed)
    return headers


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


# --- request bodies ------------------------------------------------------------------------


class BodyError(Exception):
    """A request body the endpoint will not read: status and a one-line reason."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def read_body(rfile: BinaryIO, headers: Message, limit: int) -> bytes:
    """The request body, framed by Content-Length or sent chunked; at most `limit` bytes."""
    codings = [
        c.strip().lower()
        for value in headers.get_all("Transfer-Encoding") or []
        for c in value.split(",")
    ]
    if codings:
        if headers.get("Content-Length") is not None:
            raise BodyError(
                HTTPStatus.BAD_REQUEST,
                "the request has both Transfer-Encoding and Content-Length; send one",
            )
        if codings != ["chunked"]:
            raise BodyError(
                HTTPStatus.NOT_IMPLEMENTED,
                f"cannot read a body sent as '{', '.join(codings)}'; send it plain or chunked",
            )
        return _read_chunked(rfile, limit)
    length_text = (headers.get("Content-Length") or "0").strip()
    if not length_text.isdigit():
        raise BodyError(HTTPStatus.BAD_REQUEST, "the Content-Length header is not a number")
    length = int(length_text)
    if length > limit:
        raise _too_large(f"{length} bytes", limit)
    body = rfile.read(length) if length else b""
    if len(body) < length:
        raise BodyError(
            HTTPStatus.BAD_REQUEST, f"the request body ended after {len(body)} of {length} bytes"
        )
    return body


def _read_chunked(rfile: BinaryIO, limit: int) -> bytes:
    body = bytearray()
    while True:
        size_text = _line(rfile, "a chunk size").split(b";", 1)[0].strip()
        if not size_text or size_text.strip(b"0123456789abcdefABCDEF"):
            raise BodyError(HTTPStatus.BAD_REQUEST, "a chunk size is not a hexadecimal number")
        size = int(size_text, 16)
        if size == 0:
            break
        if len(body) + size > limit:
            raise _too_large(f"more than {limit} bytes", limit)
        chunk = rfile.read(size)
        if len(chunk) < size:
            raise BodyError(HTTPStatus.BAD_REQUEST, "the request body ended inside a chunk")
        body += chunk
        if _line(rfile, "a chunk's end").strip():
            raise BodyError(HTTPStatus.BAD_REQUEST, "a chunk is longer than its size says")
    for _ in range(_TRAILERS_MAX):
        if not _line(rfile, "a trailer").strip():
            return bytes(body)
    raise BodyError(HTTPStatus.BAD_REQUEST, f"more than {_TRAILERS_MAX} trailer lines")


def _line(rfile: BinaryIO, what: str) -> bytes:
    line = rfile.readline(_LINE_MAX + 1)
    if not line.endswith(b"\n"):
        problem = "is too long" if len(line) > _LINE_MAX else "is cut off"
        raise BodyError(HTTPStatus.BAD_REQUEST, f"{what} line {problem}")
    return line


def _too_large(size: str, limit: int) -> BodyError:
    return BodyError(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        f"the request body is {size}; a query may have at most {limit}",
    )


class DeadlineReader(io.RawIOBase):
    """A socket's input under one deadline per request, however slowly the bytes arrive.

    A socket timeout alone bounds each wait, so a client sending one byte every few
    seconds would hold its thread for ever; here every wait is cut to what is left of
    the request's time, and a read past it raises TimeoutError.
    """

    def __init__(self, sock: socket.socket, seconds: float):
        self.sock, self.seconds = sock, seconds
        self.deadline = time.monotonic() + seconds

    def restart(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the request did not arrive within {self.seconds:g} s")
        self.sock.settimeout(left)
        try:
            return self.sock.recv_into(buffer)
        finally:
            self.sock.settimeout(self.seconds)  # what a write to a client that stopped reading gets


# --- text that leaves the server -----------------------------------------------------------


_UNSHOWN = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_UNSHOWN.update(
    {
        code: f"\\u{code:04x}"
        for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    }
)


def visible(text: str) -> str:
    """The text with control characters (ESC, CR, C1) and bidi overrides written as escapes.

    A request line is the client's text: raw, it could move the cursor, recolour or
    rewrite the server's terminal, or forge a log line.
    """
    return text.translate(_UNSHOWN)
