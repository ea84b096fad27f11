"""Fixtures for the command-line tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    """KG_DEBUG=1 would let internal errors through as tracebacks."""
    monkeypatch.delenv("KG_DEBUG", raising=False)
