"""Errors a user can act on; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class KgError(Exception):
    """Base for every error kg reports to a user (never shown as a traceback)."""


class RuleError(KgError):
    """One or more rule files are wrong; lists every problem as file:line: rule-id: message."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid rules:\n" + "\n".join(f"  {p}" for p in problems))


class CorpusError(KgError):
    """The corpus folder is missing or not a folder."""


class GraphError(KgError):
    """A graph file is missing or cannot be parsed."""


class QueryError(KgError):
    """A question or query that cannot be found, parsed or run; the message says why."""
