"""End-to-end: the offline dashboard in headless Chromium (Python playwright, Debian's chromium).

Screenshots go to test-artifacts/web/.  The browser is blocked from every host but the test
server, so these tests also prove the dashboard needs no internet.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from browser_support import ARTIFACTS, chromium, needs_chromium, open_page, serve

TOKEN = "web-test-token-0123456789"
ANALYST_TOKEN = "web-analyst-token"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventwatch.api import create_app
    from eventwatch.api.sample import fill
    from eventwatch.store import Store

    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "sample.sqlite"
    fill(Store(str(db))).close()
    users = tmp / "users.yaml"
    users.write_text(f"{ANALYST_TOKEN}: Rana Aziz\n", encoding="utf-8")
    with serve(create_app(str(db), token=TOKEN, read_token_required=False, users_file=str(users))) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    with open_page(browser, server) as pg:
        yield pg


def report_id(server: str, **filters: str) -> int:
    return httpx.get(f"{server}/api/events", params=filters).json()["items"][0]["report_id"]


def rows(pg) -> int:
    return pg.locator("#event-list tbody tr").count()


def wait_rows(pg, n: int) -> None:
    pg.wait_for_function(f"document.querySelectorAll('#event-list tbody tr').length === {n}", timeout=10_000)


def test_dashboard_loads_map_timeline_and_list_offline(page):
    wait_rows(page, 9)  # 9 events: two outlets' reports of the Kessa shelling are one event
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # Natural Earth countries drawn
    page.wait_for_selector(".marker-cluster, .ew-marker")
    assert page.locator("#timeline rect.bar").count() >= 5
    assert "9 event(s) from 10 report(s)" in page.locator("#f-count").inner_text()
    page.screenshot(path=str(ARTIFACTS / "01-dashboard.png"), full_page=True)


def test_filter_by_type_and_time_then_brush_the_timeline(page):
    wait_rows(page, 9)
    page.select_option("#f-type", "ASSAULT")
    wait_rows(page, 3)
    page.fill("#f-since", "2023-03-10")
    page.dispatch_event("#f-since", "change")
    wait_rows(page, 2)
    texts = page.locator("#event-list tbody").inner_text()
    assert "2023-03-14" in texts and "2023-03-30" in texts and "2023-03-03" not in texts
    page.screenshot(path=str(ARTIFACTS / "02-filtered.png"), full_page=True)
    # brushing: clear, then drag over the first weeks only
    page.click("#f-reset")
    wait_rows(page, 9)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 20, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, y, steps=5)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#f-since').value !== ''")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr').length < 9")
    assert page.locator("#f-since").input_value() == "2023-02-27"
    assert rows(page) == 1 and "2023-03-03" in page.locator("#event-list tbody").inner_text()  # the Kessa shelling
    assert page.locator("#timeline rect.brush").count() == 1
    page.screenshot(path=str(ARTIFACTS / "03-brushed.png"), full_page=True)


def test_event_page_highlights_the_evidence_in_the_document(page, server):
    page.goto(f"{server}/#/event/{report_id(server, publisher='Kessa Herald', type='ASSAULT')}")
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


def test_article_markup_is_rendered_as_text_never_executed(page, server):
    page.goto(f"{server}/#/event/{report_id(server, type='THREATEN')}")
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
    page.fill("#token", ANALYST_TOKEN)
    page.click("#token-save")
    page.wait_for_function("document.querySelector('#token-state').textContent.includes('Rana Aziz')")
    assert page.evaluate("sessionStorage.getItem('ew-token')") == ANALYST_TOKEN
    item = page.locator(f".queue-item[data-id='{report_id}']")
    item.locator(".review-note").fill("could not be verified")
    item.locator(".act-reject").click()
    page.wait_for_function(f"!document.querySelector(\".queue-item[data-id='{report_id}']\")")
    persisted = httpx.get(f"{server}/api/events/{report_id}").json()
    assert persisted["review"] == "rejected"
    assert persisted["review_history"][-1]["action"] == "reject"
    assert persisted["review_history"][-1]["why"] == "could not be verified"
    assert persisted["review_history"][-1]["who"] == "Rana Aziz"  # the token's analyst, never "dashboard"
    # after a reload the report page shows the stored review
    page.goto(f"{server}/#/event/{report_id}")
    page.reload()
    page.wait_for_selector("#view-event .review-state.rejected")
    assert "reviewed: rejected" in page.locator("#view-event .review-state").inner_text()
    page.screenshot(path=str(ARTIFACTS / "06-reviewed.png"), full_page=True)


def test_network_and_source_views_render(page, server):
    page.goto(server + "/#/network")
    page.wait_for_selector("#network .edge")
    assert page.locator("#network .edge.conflict").count() >= 1
    assert page.locator("#network .edge.cooperation").count() >= 1
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


STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'")


def test_dashboard_works_under_a_strict_content_security_policy(browser, server):
    """No inline script, no style attribute, no eval: the page runs under a CSP that forbids them."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    context.route(server + "/**", with_csp)
    pg = context.new_page()
    pg.add_init_script("""window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));""")
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    # selector waits only: wait_for_function evaluates strings in the page, which this CSP forbids
    expected = httpx.get(f"{server}/api/dashboard/events").json()["total"]  # earlier tests may have rejected some
    expect(pg.locator("#event-list tbody tr")).to_have_count(expected)
    pg.wait_for_selector(".ew-marker, .marker-cluster")
    pg.goto(server + "/#/network")
    pg.wait_for_selector("#network .edge")
    pg.goto(server + "/#/sources")
    pg.wait_for_selector("#sources-table tbody tr")
    violations = pg.evaluate("window.__csp")
    # control: the policy is in force (a style attribute is reported)
    pg.evaluate("document.body.setAttribute('style', 'color: red')")
    for _ in range(50):  # the violation event is dispatched asynchronously
        if pg.evaluate("window.__csp.length") > 0:
            break
        pg.wait_for_timeout(50)
    control = pg.evaluate("window.__csp")
    context.close()
    assert control, "the test's CSP was not in force"
    assert not violations, violations
    assert not errors, errors
