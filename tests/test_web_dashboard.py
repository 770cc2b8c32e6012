"""End-to-end: the offline dashboard in headless Chromium (Python playwright, Debian's chromium).

Screenshots go to test-artifacts/web/.  The browser is blocked from every host but the test
server, so these tests also prove the dashboard needs no internet.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path(os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "web"
TOKEN = "web-test-token-0123456789"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser tests",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from eventwatch.api import create_app
    from eventwatch.api.sample import fill
    from eventwatch.store import Store

    db = tmp_path_factory.mktemp("web") / "sample.sqlite"
    fill(Store(str(db))).close()
    app = create_app(str(db), token=TOKEN, read_token_required=False)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:  # pragma: no cover
        pytest.fail("uvicorn did not start")
    yield base
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # page.wait_for_function("<expression>") evaluates its string with eval(), which the server's
    # Content-Security-Policy forbids (script-src 'self'); the dashboard itself needs no eval
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, bypass_csp=True)
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(server):
            route.continue_()
        else:  # no internet: record and refuse
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    yield pg
    assert not outside, f"the dashboard tried to reach the network: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
    context.close()


def rows(pg) -> int:
    return pg.locator("#event-list tbody tr").count()


def wait_rows(pg, n: int) -> None:
    pg.wait_for_function(f"document.querySelectorAll('#event-list tbody tr').length === {n}", timeout=10_000)


def test_dashboard_loads_map_timeline_and_list_offline(page):
    wait_rows(page, 10)
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # Natural Earth countries drawn
    page.wait_for_selector(".marker-cluster, .ew-marker")
    assert page.locator("#timeline rect.bar").count() >= 5
    assert "10 report(s)" in page.locator("#f-count").inner_text()
    page.screenshot(path=str(ARTIFACTS / "01-dashboard.png"), full_page=True)


def test_filter_by_type_and_time_then_brush_the_timeline(page):
    wait_rows(page, 10)
    page.select_option("#f-type", "ASSAULT")
    wait_rows(page, 4)
    page.fill("#f-since", "2023-03-10")
    page.dispatch_event("#f-since", "change")
    wait_rows(page, 2)
    texts = page.locator("#event-list tbody").inner_text()
    assert "2023-03-14" in texts and "2023-03-30" in texts and "2023-03-03" not in texts
    page.screenshot(path=str(ARTIFACTS / "02-filtered.png"), full_page=True)
    # brushing: clear, then drag over the first weeks only
    page.click("#f-reset")
    wait_rows(page, 10)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 20, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, y, steps=5)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#f-since').value !== ''")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr').length < 10")
    assert page.locator("#f-since").input_value() == "2023-02-27"
    assert rows(page) >= 2
    assert page.locator("#timeline rect.brush").count() == 1
    page.screenshot(path=str(ARTIFACTS / "03-brushed.png"), full_page=True)


def test_event_page_highlights_the_evidence_in_the_document(page):
    wait_rows(page, 10)
    page.locator("#event-list tbody tr", has_text="Kessa Herald").first.click()
    page.wait_for_selector("#event-doc-text mark.ew-quote")
    mark = page.locator("#event-doc-text mark.ew-quote")
    assert mark.inner_text().startswith("Valdoria Army artillery shelled the village of Kessa")
    assert page.locator("#event-doc-text .ev-trigger").inner_text() == "shelled"
    assert "4 killed" in page.locator("#view-event .toll").first.inner_text()
    # the other outlet's report of the same shelling, with its own claimed toll
    other = page.locator("#view-event .card.report")
    assert other.count() == 1 and "River Wire" in other.inner_text() and "6 killed" in other.inner_text()
    assert other.locator("mark.ew-quote").count() == 1
    page.screenshot(path=str(ARTIFACTS / "04-event.png"), full_page=True)


def test_article_markup_is_rendered_as_text_never_executed(page):
    wait_rows(page, 10)
    page.locator("#event-list tbody tr", has_text="THREATEN").first.click()
    page.wait_for_selector("#event-doc-text mark.ew-quote")
    text = page.locator("#event-doc-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text and 'onerror="window.__xss = 2"' in text
    assert page.locator("#view-event script, #view-event img").count() == 0
    assert "<b>(markup in title)</b>" in page.locator("#view-event .doc-title").inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(ARTIFACTS / "05-escaped.png"), full_page=True)


def test_review_action_with_token_is_persisted(page, server):
    page.goto(server + "/#/review")
    page.wait_for_selector(".queue-item")
    item = page.locator(".queue-item", has_text="Dunmere").first
    report_id = item.get_attribute("data-id")
    # without a token the UI refuses and nothing is written
    item.locator(".act-reject").click()
    page.wait_for_selector("#toast.error")
    assert httpx.get(f"{server}/api/events/{report_id}").json()["review"] is None
    page.fill("#token", TOKEN)
    page.click("#token-save")
    assert page.evaluate("sessionStorage.getItem('ew-token')") == TOKEN
    item = page.locator(f".queue-item[data-id='{report_id}']")
    item.locator(".review-note").fill("could not be verified")
    item.locator(".act-reject").click()
    page.wait_for_function(f"!document.querySelector(\".queue-item[data-id='{report_id}']\")")
    persisted = httpx.get(f"{server}/api/events/{report_id}").json()
    assert persisted["review"] == "rejected"
    assert persisted["review_history"][-1]["action"] == "reject"
    assert persisted["review_history"][-1]["why"] == "could not be verified"
    # after a reload the event page shows the stored review
    page.goto(f"{server}/#/event/{report_id}")
    page.reload()
    page.wait_for_selector("#view-event .review-state.rejected")
    assert "reviewed: rejected" in page.locator("#view-event .review-state").inner_text()
    page.screenshot(path=str(ARTIFACTS / "06-reviewed.png"), full_page=True)


def test_network_and_source_views_render(page, server):
    page.goto(server + "/#/network")
    page.wait_for_selector("#network line.edge")
    assert page.locator("#network line.edge.conflict").count() >= 1
    assert page.locator("#network line.edge.cooperation").count() >= 1
    assert page.locator("#network text", has_text="Valdoria Army").count() == 1
    page.screenshot(path=str(ARTIFACTS / "07-network.png"), full_page=True)
    page.goto(server + "/#/sources")
    page.wait_for_selector("#sources-table tbody tr")
    page.locator("#sources-table tbody tr", has_text="Kessa Herald").click()
    page.wait_for_selector("#view-source .bars div")
    assert "Valdoria Army" in page.locator("#view-source .bars").inner_text()
    page.screenshot(path=str(ARTIFACTS / "08-source.png"), full_page=True)


def test_swagger_docs_are_served_locally(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "09-docs.png"))


def test_the_dashboard_runs_under_the_content_security_policy(browser, server):
    """The other tests bypass the CSP (their wait_for_function strings need eval); this one keeps it."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    violations: list[str] = []
    pg.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("pageerror", lambda exc: violations.append(str(exc)))
    response = pg.goto(server + "/")
    assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert violations == []
    context.close()
