"""Progress bars (kg/progress.py, issue 14): on a terminal each long step shows a bar with
its rate and the time left; `-q`, a pipe or a file shows none, and the library on its own
draws nothing.

A command runs in-process with standard error on a pseudo-terminal (the `pty` module), as a
user's shell would give it, with DELAY and REDRAW set to 0: the fixture corpus's steps are
over in well under the two seconds a real step waits before its bar shows.
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import sys
import termios
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_helpers import assert_clean, kg

from kg import progress
from kg.build.summary import messages
from kg.cli import cli

RATE = re.compile(r"\d+(?:\.\d+)?(?:article|file|graph|question|triple|part|[kMG]?B)/s")
"""A rate as tqdm writes it: 12.5article/s, 3.20MB/s."""


def on_terminal(*args) -> tuple[int, str, str]:
    """(exit code, standard output, what the terminal showed) of `kg ARGS` run in-process
    with standard error on an 80-column pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    shown: list[bytes] = []

    def read() -> None:  # drain the terminal while the command runs, so it never blocks
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the command's side is closed
                return
            if not data:
                return
            shown.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    terminal = os.fdopen(slave, "w", encoding="utf-8", closefd=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), terminal
    try:
        code = cli.main([str(a) for a in args], prog_name="kg", standalone_mode=False)
        stdout = sys.stdout.getvalue()
    finally:
        sys.stdout, sys.stderr = saved
        terminal.close()
    reader.join(timeout=30)
    os.close(master)
    return code or 0, stdout, b"".join(shown).decode("utf-8", "replace")


@pytest.fixture(autouse=True)
def _no_delay(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0)
    monkeypatch.setattr(progress, "REDRAW", 0)


def test_build_on_a_terminal_shows_each_step_with_a_rate(tmp_path, fixture_corpus):
    code, stdout, shown = on_terminal("build", fixture_corpus, "--out", tmp_path, "-j", "1")
    assert code == 0, shown
    assert "3 documents read" in stdout
    for step in ("reading", "extracting", "collecting", "writing graph.ttl", "loading the store"):
        assert f"{step}:" in shown, shown
    assert RATE.search(shown), shown
    assert re.search(r"3/3 \[\d\d:\d\d<\d\d:\d\d", shown), shown  # elapsed < time left


def test_build_quiet_on_a_terminal_shows_no_progress(tmp_path, fixture_corpus):
    code, stdout, shown = on_terminal("build", fixture_corpus, "--out", tmp_path, "-j", "1", "-q")
    assert code == 0, shown
    assert stdout == ""
    assert "extracting" not in shown and not RATE.search(shown) and "\r" not in shown, shown


def test_build_to_a_pipe_prints_only_its_messages_and_summary(
    tmp_path, fixture_corpus, fixture_build
):
    result = kg("build", fixture_corpus, "--out", tmp_path)
    assert_clean(result)
    assert result.stderr == "".join(f"{line}\n" for line in messages(fixture_build[0]))
    assert "\r" not in result.stdout and result.stdout.startswith("3 documents read")


def test_library_build_draws_nothing_even_with_a_terminal(tmp_path, fixture_corpus, capfd):
    """Only a caller that says where (the CLI, through progress.shown_on) gets bars."""
    from kg.build.pipeline import build

    build(fixture_corpus, tmp_path, jobs=1)
    assert progress._target is None
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "args, step",
    [
        (["export", "--format", "nt", "-o", "{tmp}/graph.nt"], "writing"),
        (["export", "--format", "turtle", "-o", "{tmp}/graph.ttl"], "writing"),
        (["diff", "{graph}", "{graph}"], "comparing answers"),
        (["validate"], "validating"),
    ],
    ids=["export-nt", "export-turtle", "diff", "validate"],
)
def test_graph_commands_on_a_terminal_show_progress(args, step, tmp_path, built_graph_path):
    args = [a.format(tmp=tmp_path, graph=built_graph_path) for a in args]
    if args[0] in ("export", "validate"):
        args += ["--graph", str(built_graph_path)]
    code, _, shown = on_terminal(*args)
    if args[0] == "export" and "nt" in args:
        step = None  # N-Triples is sorted lines: no step to count
    assert code == 0, shown
    if step:
        assert f"{step}:" in shown and RATE.search(shown), shown
    code, _, quiet = on_terminal(*args, "-q")
    assert code == 0 and quiet == "", quiet


def test_eval_on_a_terminal_shows_progress(built_graph_path):
    gold = Path(__file__).parents[1] / "data" / "eval_gold"
    code, stdout, shown = on_terminal("eval", gold, "--graph", built_graph_path)
    assert code == 0, shown
    assert "scoring:" in shown and RATE.search(shown), shown
    code, quiet_out, quiet = on_terminal("eval", gold, "--graph", built_graph_path, "-q")
    assert code == 0 and quiet == "" and quiet_out == stdout, quiet


class _Accepting(BaseHTTPRequestHandler):
    """A Graph Store that stores nothing and says 204 to every graph it is sent."""

    def do_PUT(self):  # noqa: N802 (http.server's names)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    do_POST = do_PUT

    def log_message(self, *args):
        pass


def test_push_on_a_terminal_shows_progress(built_graph_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Accepting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/gsp"  # no query endpoint: nothing deleted
    try:
        code, stdout, shown = on_terminal("push", url, "--graph", built_graph_path)
        assert code == 0, shown
        assert "pushing:" in shown and RATE.search(shown), shown
        assert " graphs, " in stdout, stdout
        code, _, quiet = on_terminal("push", url, "--graph", built_graph_path, "-q")
        assert code == 0 and quiet == "", quiet
    finally:
        server.shutdown()
        server.server_close()
