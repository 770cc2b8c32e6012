"""Helpers shared by the browser tests (tests/test_web_*.py): a uvicorn server in a thread and
Debian's chromium driven by Python playwright, with every host but the test server blocked."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path(os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "web"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's chromium (make browser, or apt-get install -y chromium) "
           "to run the browser tests",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` on a free local port; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    else:  # pragma: no cover
        pytest.fail("uvicorn did not start")
    try:
        yield base
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Any, base: str, path: str = "/", viewport: tuple[int, int] = (1280, 1000)) -> Iterator[Any]:
    """A page on ``base + path`` once the dashboard says it is ready; fails the test if the page
    reached any other host or raised a JavaScript error."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # the server sends a CSP without 'unsafe-eval'; Playwright's wait_for_function(<string>) evaluates
    # its string in the page, so test pages bypass the CSP (test_web_dashboard checks the page runs
    # under the policy itself)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True,
                                  bypass_csp=True)
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + path)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    try:
        yield page
    finally:
        context.close()
    assert not outside, f"the dashboard tried to reach the network: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
