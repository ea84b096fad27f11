"""Opening a kg page in Debian's chromium driven by Playwright, offline: every request that
is not the page itself is blocked and recorded. Shared by the browser test files.

Skipped when chromium or playwright is missing, unless KG_BROWSER_TESTS=1 (as in .ci/run),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def playwright_or_skip():
    required = os.environ.get("KG_BROWSER_TESTS") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail(
                "KG_BROWSER_TESTS=1 but playwright is not installed (pip install playwright)"
            )
        pytest.skip(
            "playwright is not installed (pip install playwright); "
            "set KG_BROWSER_TESTS=1 to require it"
        )
    if not CHROMIUM.exists():
        if required:
            pytest.fail(f"KG_BROWSER_TESTS=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(
            f"{CHROMIUM} is missing (apt-get install chromium); "
            "set KG_BROWSER_TESTS=1 to require it"
        )
    return sync_playwright


class Page:
    """A page opened offline: every request but the file itself is blocked and recorded,
    and console errors and uncaught exceptions are collected."""

    def __init__(self, browser, path: Path, fragment: str = ""):
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=True
        )
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url + fragment)
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


def drawn_pixels(page) -> int:
    """Pixels of the network canvas that are not background."""
    return page.evaluate("""() => {
        const c = document.querySelector('#kg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
    }""")
