"""A store's SPARQL 1.1 Graph Store Protocol endpoint, as `kg push` writes to it: PUT, POST
and DELETE of named graphs, retried when the store fails for a while, each request over
by a deadline, success only for what the store acknowledged with a 2xx of its own, and
every message free of the passwords the user gave.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import socket
import ssl
import time
from typing import Self
from urllib.parse import unquote, urlencode, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.web.push_http import Answer, AnswerTooLarge, HttpClient

DEFAULT_RETRIES = 3
REQUEST_TIMEOUT = 120.0
"""Seconds one request may take in all (connect, send, answer), however the store paces it."""
URL_FORMS = (
    "http://HOST:7878/store (Oxigraph server) or http://HOST:3030/DATASET/data (Apache Jena Fuseki)"
)

_NTRIPLES = "application/n-triples"
_QUERY_ENDPOINTS = [  # Graph Store Protocol path -> the same store's SPARQL query path
    (re.compile(r"/store$"), "/query"),  # Oxigraph server
    (re.compile(r"/data$"), "/sparql"),  # Fuseki
    (re.compile(r"/rdf-graphs/service$"), ""),  # GraphDB / RDF4J
    (re.compile(r"/sparql-graph-crud(-auth)?$"), "/sparql"),  # Virtuoso
]
_LIST_GRAPHS = (
    """SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}"""
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/?#@:]*:)[^\s/?#]*@")


class PushError(KgError):
    """The store cannot be reached or refused the graph; the message says what to do."""


class GraphStore:
    """A Graph Store Protocol endpoint: PUT, POST and DELETE of named graphs, with retries.

    Connection errors, a request out of time (`request_timeout`) and 5xx or 429 answers are
    retried `retries` times, waiting `backoff`, 2×`backoff`, 4×`backoff` … seconds; anything
    else but a 2xx fails at once with a PushError saying what to check. A redirect is never
    followed: the error names where it points.
    """

    def __init__(
        self,
        url: str,
        *,
        auth: tuple[str, str] | None = None,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 0.5,
        query_url: str | None = None,
        request_timeout: float = REQUEST_TIMEOUT,
    ):
        self.url = check_url(url)
        self.query_url = check_url(query_url) if query_url else derive_query_url(self.url)
        self.auth = auth
        self.retries = retries
        self.backoff = backoff
        self.request_timeout = request_timeout
        self.time_limit: float | None = None
        self._deadline = float("inf")
        self._secrets = frozenset(_passwords(auth, url, query_url))
        self._http = HttpClient()

    @property
    def shown_url(self) -> str:
        """The URL as messages show it: any password in it as ***."""
        return _hide_in_url(self.url)

    def hide(self, text: str) -> str:
        """The text with the passwords the user gave, and that of any URL in it, as ***."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return _USERINFO.sub(r"\1***@", text)

    def limit_time(self, seconds: float) -> None:
        """Every later request must be over within `seconds` from now (a push's --timeout)."""
        self.time_limit = seconds
        self._deadline = time.monotonic() + seconds

    def put(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace the graph's content by these triples."""
        self._send("PUT", graph, triples)

    def post(self, graph: str, triples: list[ox.Triple]) -> None:
        """Add these triples to the graph."""
        self._send("POST", graph, triples)

    def delete(self, graph: str) -> None:
        """Remove the graph; one that is not there is not an error."""
        self._request("DELETE", self.url, {"graph": graph}, missing_ok=True)

    def list_graphs(self, prefix: str) -> set[str] | None:
        """Names of the store's graphs that start with `prefix`; None without a query endpoint."""
        if not self.query_url:
            return None
        body = urlencode({"query": _LIST_GRAPHS.format(prefix=prefix)}).encode()
        answer = self._request(
            "POST",
            self.query_url,
            body=body,
            expect_json=True,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        try:
            bindings = json.loads(answer.text)["results"]["bindings"]
            return {b["g"]["value"] for b in bindings if "g" in b}
        except (ValueError, KeyError, TypeError):
            raise self._error(
                f"{self.query_url}: the answer to a SPARQL query is not SPARQL JSON "
                "results; give the store's query endpoint with --query-url"
            ) from None

    def close(self) -> None:
        """Close the kept-alive connections (a later request opens a new one)."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, graph: str, triples: list[ox.Triple]) -> None:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        self._request(
            method, self.url, {"graph": graph}, body=body, headers={"Content-Type": _NTRIPLES}
        )

    def _request(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
        expect_json: bool = False,
    ) -> Answer:
        what = f"{method} {url}"
        target = (
            url if not params else f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"
        )
        for attempt in range(self.retries + 1):
            tried = f"tried {_times(attempt + 1)}"
            last = attempt == self.retries
            if self._out_of_time():
                raise self._error(
                    f"kg push ran out of time (--timeout of {self.time_limit:g} s) before {what}"
                )
            deadline = min(time.monotonic() + self.request_timeout, self._deadline)
            try:
                answer = self._http.request(
                    method, target, deadline=deadline, body=body, headers=headers, auth=self.auth
                )
            except TimeoutError:
                if self._out_of_time():
                    raise self._error(
                        f"kg push ran out of time (--timeout of {self.time_limit:g} s) "
                        f"waiting for the answer to {what}"
                    ) from None
                if last:
                    raise self._error(
                        f"the store at {_site(url)} did not answer {method} within "
                        f"{self.request_timeout:g} s ({tried})"
                    ) from None
            except ssl.SSLError as error:
                raise self._error(
                    f"{what}: the TLS connection failed ({error.reason or error})"
                ) from None
            except AnswerTooLarge as error:
                raise self._error(f"{what}: {error}") from None
            except (OSError, http.client.HTTPException) as error:
                if last:
                    raise self._error(
                        f"cannot reach the store at {_site(url)}: {_connection_reason(error)}; "
                        f"is it running? ({tried})"
                    ) from None
            else:
                if answer.status < 500 and answer.status != 429:
                    return self._check(answer, what, url, missing_ok, expect_json)
                if last:
                    raise self._error(
                        f"the store answered {_status(answer)} to {what} ({tried}){_detail(answer)}"
                    )
            time.sleep(max(0.0, min(self.backoff * 2**attempt, self._deadline - time.monotonic())))
        raise AssertionError("unreachable")  # pragma: no cover

    def _check(
        self, answer: Answer, what: str, url: str, missing_ok: bool, expect_json: bool
    ) -> Answer:
        """The answer if the store acknowledged the request itself (2xx); else a PushError."""
        status = answer.status
        if status in (301, 302, 303, 307, 308):
            location = answer.headers.get("Location")
            where = f"to {urljoin(url, location)}" if location else "without saying where"
            raise self._error(
                f"the store redirects {what} {where} ({_status(answer)}); kg push follows no "
                "redirect, as a redirected write is lost: give the URL the store names"
            )
        if status in (401, 403):
            hint = (
                "give --user NAME and --password-env VAR"
                if self.auth is None and urlsplit(url).username is None
                else "check the user name and the password"
            )
            raise self._error(f"the store refused {what} ({_status(answer)}): {hint}")
        if status == 404 and missing_ok:
            return answer
        if status == 404:
            raise self._error(
                f"{url}: not found (404); a Graph Store Protocol URL looks like {URL_FORMS}"
            )
        if status == 405:
            raise self._error(
                f"the store does not allow {what} (405); is this its Graph Store "
                f"Protocol URL ({URL_FORMS}), and is the dataset writable?"
            )
        if status >= 400:
            raise self._error(f"the store answered {_status(answer)} to {what}{_detail(answer)}")
        if not 200 <= status < 300:
            raise self._error(
                f"the store answered {_status(answer)} to {what}, not a success (2xx)"
            )
        if answer.media in ("text/html", "application/xhtml+xml") and answer.body.strip():
            raise self._error(
                f"{what} was answered with an HTML page{_title(answer)} instead of a "
                f"SPARQL store's answer; a Graph Store Protocol URL looks like {URL_FORMS}"
            )
        if expect_json and "json" not in answer.media:
            raise self._error(
                f"{what} was answered with '{answer.media or 'no content type'}', not SPARQL "
                "JSON results; give the store's query endpoint with --query-url"
            )
        return answer

    def _out_of_time(self) -> bool:
        return time.monotonic() >= self._deadline

    def _error(self, message: str) -> PushError:
        """The error, with passwords hidden and control characters (from the store's answer)
        as ?."""
        return PushError(_CONTROL.sub("?", self.hide(message)))


# --- URLs ---------------------------------------------------------------------------------


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host and parses; else a PushError naming the usual forms."""
    shown = _hide_in_url(url)
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise PushError(f"{shown!r} holds a space or a control character; write a space as %20")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is no number or out of range)
    except ValueError as error:
        raise PushError(
            f"{shown!r} is not a valid URL ({error}); give the store's Graph Store "
            f"Protocol URL, e.g. {URL_FORMS}"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(
            f"{shown!r} is not an http(s) URL; give the store's Graph Store Protocol URL, "
            f"e.g. {URL_FORMS}"
        )
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("[") and not re.fullmatch(r"\[[^\]]+\](:\d*)?", host):
        raise PushError(
            f"{shown!r} is not a valid URL (after an IPv6 address in [ ] only :PORT may follow)"
        )
    return url


def derive_query_url(url: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store Protocol URL, for the stores we know."""
    parts = urlsplit(url)
    for pattern, replacement in _QUERY_ENDPOINTS:
        if pattern.search(parts.path):
            return urlunsplit(parts._replace(path=pattern.sub(replacement, parts.path), query=""))
    return None


def read_password(user: str | None, password_env: str | None) -> tuple[str, str] | None:
    """(user, password) from --user and the variable --password-env names; None for neither."""
    if user is None and password_env is None:
        return None
    if user is None:
        raise PushError("--password-env needs --user NAME as well")
    if password_env is None:
        raise PushError(
            "--user needs --password-env VAR: the password is read from that "
            "environment variable, never from the command line"
        )
    password = os.environ.get(password_env)
    if password is None:
        raise PushError(
            f"the environment variable {password_env} (named by --password-env) is not set"
        )
    return user, password


def _hide_in_url(url: str) -> str:
    """The URL (which may not parse) with the password in its user part as ***."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    userinfo, at, host = rest[:end].rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}{rest[end:]}"


def _passwords(auth: tuple[str, str] | None, *urls: str | None) -> set[str]:
    """The passwords given: with --password-env, and in the URLs (as written and decoded)."""
    found = {auth[1]} if auth else set()
    for url in urls:
        password = urlsplit(url).password if url else None
        if password:
            found |= {password, unquote(password)}
    return {p for p in found if p}


# --- messages -----------------------------------------------------------------------------


def _site(url: str) -> str:
    return urlunsplit(urlsplit(url)[:2] + ("", "", ""))


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _status(answer: Answer) -> str:
    return f"{answer.status} {answer.reason}".strip()


def _detail(answer: Answer) -> str:
    """': ' and the first 200 characters of the answer's text (tags dropped), or ''."""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", answer.text)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    if not text:
        return ""
    return f": {text[:200]}{'…' if len(text) > 200 else ''}"


def _title(answer: Answer) -> str:
    match = re.search(r"(?is)<title[^>]*>(.*?)</title>", answer.text)
    title = " ".join(html.unescape(match.group(1)).split()) if match else ""
    return f" (“{title[:80]}”)" if title else ""


def _connection_reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "unknown host name"
    if isinstance(error, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the store closed the connection"
    if isinstance(error, http.client.HTTPException):
        return f"the answer is not HTTP ({error.__class__.__name__})"
    return (
        f"connection failed ({error.strerror or error})"
        if isinstance(error, OSError)
        else "connection failed"
    )
