"""The browser the browser test files share (see chromium.py)."""

from __future__ import annotations

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, playwright_or_skip


@pytest.fixture(scope="module")
def browser():
    sync_playwright = playwright_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
