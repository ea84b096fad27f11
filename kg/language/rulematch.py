"""Running the patterns of a rule file on text: cheap triggers first, remembered answers,
and a bound on the processor time a pattern may take.

A rules folder may come from someone else, and one badly written pattern can take hours
on one sentence: "(?:[A-Za-z]+\\s?)+!" splits a run of words in exponentially many ways
before it gives up. So while a document is read (`document_time`), each search of a
pattern of patterns.yaml or of a regex list of lexicon.yaml may take CALL_LIMIT seconds of
processor time, and all searches of one pattern together a budget that grows with the
document. A timer signal (ITIMER_VIRTUAL: processor time, so a busy machine does not
make a rule run out) looks at the running search every TICK; Python's `re` heeds signals
as it backtracks, so the search stops there. A pattern that runs out is not used for the
rest of that document (it matches nothing there); the other rules read the whole
document, and the build names the pattern and the document.

The timer needs a Unix system and the main thread (where the build's workers run the
rules); elsewhere patterns run without a bound.
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager

CALL_LIMIT = 1.0
"""Seconds of processor time one search of one text may take. kg's own rules take at most
a hundredth of that on any sentence of the seed and evaluation corpora."""

BUDGET_PER_CHAR = 0.001
"""Seconds of processor time all searches of one pattern may take per character of the
document (at least CALL_LIMIT): kg's own rules take about 5 µs per character at most."""

TICK = 0.1
"""Seconds of processor time between two looks at the running search (and the unit in
which a pattern's time is counted: each look counts a tick to the pattern running)."""

MEMORY = 1024
"""How many texts' answers a rule or trigger keeps (a long article has a few hundred
sentences): the extractor asks about each sentence in several passes."""


def _remembered(memory: dict, text: str, compute):
    """memory[text], computed once; the memory is emptied when it holds MEMORY texts."""
    if text not in memory:
        if len(memory) >= MEMORY:
            memory.clear()
        memory[text] = compute()
    return memory[text]


# --- time -------------------------------------------------------------------------------


class _OutOfTime(Exception):
    """A pattern has no time left in this document."""


class _Clock:
    """One document's time: what each pattern spent, and the messages about those that ran out."""

    def __init__(self, size: int):
        self.budget = max(CALL_LIMIT, size * BUDGET_PER_CHAR)
        self.spent: dict[str, float] = {}
        self.overruns: list[str] = []

    def ran_out(self, owner: str, text: str) -> None:
        self.spent[owner] = float("inf")
        words = " ".join(text.split())
        shown = words[:60] + ("…" if len(words) > 60 else "")
        self.overruns.append(
            f"{owner} ran out of time on “{shown}” (a pattern may take {CALL_LIMIT:g} s "
            f"on one text); it was not used for the rest of this document"
        )


_clock: _Clock | None = None
_running: str | None = None  # the owner of the search that is running, if any
_ticks = 0  # ticks that search has taken


def _tick(signum, frame) -> None:
    """The timer's look: count a tick to the running search; stop it when it has had its time."""
    global _running, _ticks
    clock, owner = _clock, _running
    if clock is None or owner is None:
        return
    _ticks += 1
    clock.spent[owner] = clock.spent.get(owner, 0.0) + TICK
    if _ticks * TICK >= CALL_LIMIT or clock.spent[owner] >= clock.budget:
        _running = None  # stopped once: a later look finds nothing running
        raise _OutOfTime


@contextmanager
def document_time(size: int):
    """Inside: the time of one document of `size` characters, for every pattern that runs;
    yields the list of messages about patterns that ran out of it. A nested use shares
    the outer one."""
    global _clock
    if _clock is not None:
        yield _clock.overruns
        return
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield []
        return
    previous = signal.signal(signal.SIGVTALRM, _tick)
    _clock = _Clock(size)
    signal.setitimer(signal.ITIMER_VIRTUAL, TICK, TICK)
    try:
        yield _clock.overruns
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
        _clock = None


class Bounded:
    """A compiled pattern that runs within the time its owner ("rule X") has left in this
    document; a search that runs out finds nothing."""

    __slots__ = ("compiled", "owner")

    def __init__(self, compiled: re.Pattern, owner: str):
        self.compiled = compiled
        self.owner = owner

    def _run(self, method, text: str, args: tuple):
        global _running, _ticks
        clock = _clock
        if clock is None:
            return method(text, *args)
        if clock.spent.get(self.owner, 0.0) >= clock.budget:
            raise _OutOfTime
        try:
            try:
                _running, _ticks = self.owner, 0
                return method(text, *args)
            finally:
                _running = None
        except _OutOfTime:
            clock.ran_out(self.owner, text)
            raise

    def _all(self, text: str, *args):
        return tuple(self.compiled.finditer(text, *args))

    def _ask(self, method, text: str, args: tuple, nothing):
        try:
            return self._run(method, text, args)
        except _OutOfTime:
            return nothing

    def search(self, text: str, *args):
        return self._ask(self.compiled.search, text, args, None)

    def match(self, text: str, *args):
        return self._ask(self.compiled.match, text, args, None)

    def fullmatch(self, text: str, *args):
        return self._ask(self.compiled.fullmatch, text, args, None)

    def finditer(self, text: str, *args):
        return iter(self._ask(self._all, text, args, ()))

    def __getattr__(self, name):  # groupindex, pattern, flags: those of the pattern
        return getattr(self.compiled, name)


class Trigger:
    """A word-list regex whose verdict on the last texts it saw is remembered: many
    rules share one ({SPEECH_VERB}), and each asks about the same sentences. Made of
    words only (see kg/language/rules.py `triggers`), so it needs no time limit."""

    __slots__ = ("_seen", "compiled")

    def __init__(self, compiled: re.Pattern):
        self.compiled = compiled
        self._seen: dict[str, bool] = {}

    def found_in(self, text: str) -> bool:
        seen = self._seen.get(text)
        if seen is None:  # the hot path is the look-up above: rules ask thousands of times
            seen = _remembered(self._seen, text, lambda: self.compiled.search(text) is not None)
        return seen


_UNKNOWN = object()


class Guarded(Bounded):
    """A rule's pattern with cheap necessary conditions (its triggers): a text in which
    a trigger finds nothing cannot match the pattern, so it is not scanned at all.

    A trigger is a part every match must contain: a word-list group the pattern cannot
    skip, such as the advice verb of "{REF} (?:{ADVISE_VERB}) …". Scanning a sentence for
    one verb list is cheap; trying {REF} at every character of it is not. The answers
    for the last texts asked about are remembered, a trigger's "cannot match" too: the
    extractor asks each rule about each sentence in several passes (people, affiliations,
    works; statements, then recommendations). An answer cut short by the time limit is
    not remembered.
    """

    __slots__ = ("_first", "_found", "triggers")

    def __init__(self, compiled: re.Pattern, owner: str, triggers: tuple[Trigger, ...]):
        super().__init__(compiled, owner)
        self.triggers = triggers
        self._found: dict[str, tuple] = {}
        self._first: dict[str, object] = {}

    def may_match(self, text: str) -> bool:
        for trigger in self.triggers:
            if not trigger.found_in(text):
                return False
        return True

    def _ask(self, method, text: str, args: tuple, nothing):
        if not self.may_match(text):
            return nothing
        return super()._ask(method, text, args, nothing)

    def _known(self, memory: dict, method, text: str, nothing):
        """The remembered answer for `text`, else the answer, remembered unless cut short."""
        answer = memory.get(text, _UNKNOWN)
        if answer is _UNKNOWN:
            if not self.may_match(text):
                answer = nothing
            else:
                try:
                    answer = self._run(method, text, ())
                except _OutOfTime:
                    return nothing
            if len(memory) >= MEMORY:
                memory.clear()
            memory[text] = answer
        return answer

    def search(self, text: str, *args):
        if args:
            return self._ask(self.compiled.search, text, args, None)
        return self._known(self._first, self.compiled.search, text, None)

    def finditer(self, text: str, *args):
        if args:
            return iter(self._ask(self._all, text, args, ()))
        return iter(self._known(self._found, self._all, text, ()))
