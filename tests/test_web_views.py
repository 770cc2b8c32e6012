"""The dashboard's working views in Debian's chromium: filters in the URL (bookmarkable), the
download of the current view, the stacked timeline, the readable actor network with forces
folded into their state, and the review forms (actors, place, date, merge, split) whose actions
are recorded under the analyst the token maps to, and seen by the CLI's store calls."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, chromium, needs_chromium, open_page, serve
from dashboard_corpus import make_db
from eventwatch.store import Store

pytestmark = needs_chromium
AMAL = "amal-browser-token"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def sahel(tmp_path):
    """A fresh database per test (review tests change it) and its server."""
    from eventwatch.api import create_app

    db = tmp_path / "ml.sqlite"
    make_db(db).close()
    users = tmp_path / "users.yaml"
    users.write_text(f"{AMAL}: Amal Haddad\n", encoding="utf-8")
    with serve(create_app(str(db), token="server-secret-0123456789", users_file=str(users))) as base:
        yield base, db


def rows(page) -> list[str]:
    return page.locator("#event-list tbody tr").all_inner_texts()


def wait_rows(page, n: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('#event-list tbody tr').length === {n}", timeout=10_000)


def event_id(db: Path, place: str) -> str:
    return next(e["id"] for e in Store(str(db)).fused_events() if (e.get("where") or {}).get("name") == place)


def test_filters_live_in_the_url_and_are_restored(browser, sahel):
    base, _ = sahel
    with open_page(browser, base, "/?type=ASSAULT&near=14.5,-4.2,40&min_publishers=2") as page:
        wait_rows(page, 1)
        assert "Mopti" in rows(page)[0]
        assert page.input_value("#f-type") == "ASSAULT" and page.input_value("#f-minpub") == "2"
        assert page.input_value("#f-near") == "14.5,-4.2,40"
        page.fill("#f-minpub", "")
        page.dispatch_event("#f-minpub", "change")
        wait_rows(page, 2)  # Mopti and the claimed attack near Sevare (both within 40 km)
        assert "min_publishers" not in page.url and "type=ASSAULT" in page.url and "near=14.5" in page.url
        page.select_option("#f-status", "claimed")
        wait_rows(page, 1)
        shared = page.url
        assert "status=claimed" in shared
    with open_page(browser, base, shared.removeprefix(base)) as again:  # the shared link shows the same view
        wait_rows(again, 1)
        assert "Sevare" in rows(again)[0] and again.input_value("#f-status") == "claimed"
        again.screenshot(path=str(ARTIFACTS / "12-url-filters.png"))


def test_download_of_the_current_view(browser, sahel, tmp_path):
    base, _ = sahel
    with open_page(browser, base, "/?type=ASSAULT&min_publishers=2") as page:
        wait_rows(page, 1)
        link = page.locator("#downloads a.download[data-format='csv']")
        assert "type=ASSAULT" in link.get_attribute("href") and "min_publishers=2" in link.get_attribute("href")
        with page.expect_download() as info:
            link.click()
        path = tmp_path / "view.csv"
        info.value.save_as(path)
    with path.open(encoding="utf-8") as f:
        assert sorted(r["doc"] for r in csv.DictReader(f)) == ["ml-001", "ml-002"]


def test_timeline_stacks_events_by_type_with_axes_and_counts(browser, sahel):
    base, _ = sahel
    with open_page(browser, base) as page:
        page.wait_for_selector("#timeline .week rect.bar")
        weeks = page.evaluate("""() => [...document.querySelectorAll('#timeline g.week')].map((g) => ({
            week: g.dataset.week, count: Number(g.dataset.count),
            types: [...g.querySelectorAll('rect.bar')].map((r) => r.dataset.type) }))""")
        by_week = {w["week"]: w for w in weeks}
        assert by_week["2024-02-05"]["count"] == 1  # one event, although two outlets reported it
        assert by_week["2024-02-26"]["types"] == ["ASSAULT", "CONSULT"]  # failed ambush + talks: stacked
        assert sum(w["count"] for w in weeks) == 5
        assert page.locator("#timeline .y-axis text").count() >= 2
        assert "2024-02-05" in page.locator("#timeline .x-axis").text_content()
        assert "1 undated event(s)" in page.inner_text("#timeline-undated")
        page.locator("#timeline-box").screenshot(path=str(ARTIFACTS / "13-timeline.png"))


def test_network_labels_are_separated_and_forces_fold_into_their_state(browser, sahel):
    base, _ = sahel
    with open_page(browser, base, "/#/network") as page:
        page.wait_for_selector("#network text.label")
        labels = page.evaluate("[...document.querySelectorAll('#network text.label')].map((t) => t.textContent)")
        assert "Malian Armed Forces" in labels
        boxes = page.evaluate("""() => [...document.querySelectorAll('#network text.label')].map((t) => {
            const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent]; })""")
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a[4], b[4])
        page.check("#net-fold")
        page.wait_for_function("[...document.querySelectorAll('#network text.label')].some((t) => t.textContent === 'Mali')"
                               " && ![...document.querySelectorAll('#network text.label')].some((t) => t.textContent === 'Malian Armed Forces')")
        assert "fold=1" in page.url
        page.screenshot(path=str(ARTIFACTS / "14-network-folded.png"), full_page=True)
    with open_page(browser, base, "/?fold=1#/network") as again:  # the option is restored from the link
        again.wait_for_selector("#network text.label")
        assert again.is_checked("#net-fold")


def sign_in(page, token: str) -> None:
    page.fill("#token", token)
    page.click("#token-save")
    page.wait_for_function("document.querySelector('#token-state').textContent.includes('Amal Haddad')")


def test_correct_actors_place_and_date_from_the_event_page(browser, sahel):
    base, db = sahel
    ev = event_id(db, "Sevare")
    with open_page(browser, base, f"/#/fused/{ev}") as page:
        sign_in(page, AMAL)
        page.goto(f"{base}/#/fused/{ev}")
        form = page.locator(".correct-form")
        form.wait_for()
        form.locator("input[name=actor1]").fill("JNMI")
        form.locator(".act-correct").click()
        page.wait_for_selector("#toast.error")
        assert "did you mean" in page.inner_text("#toast") and "JNIM" in page.inner_text("#toast")
        form.locator("input[name=actor1]").fill("Malian army")
        form.locator("input[name=actor2]").fill("JNIM")
        form.locator("input[name=place]").fill("Mopti, ML")
        form.locator("input[name=date]").fill("2024-02-11")
        form.locator("input[name=note]").fill("video shows the raid")
        form.locator(".act-correct").click()
        page.wait_for_function("document.querySelector('#view-fused .who') && "
                               "document.querySelector('#view-fused .who').textContent.startsWith('Malian Armed Forces')")
        assert "Mopti" in page.inner_text("#view-fused .where") and "14.48" in page.inner_text("#view-fused .where")
        assert page.inner_text("#view-fused .when") == "2024-02-11"
        history = page.inner_text("#view-fused ul.history")
        assert "by Amal Haddad" in history and "video shows the raid" in history
        page.screenshot(path=str(ARTIFACTS / "15-corrected.png"), full_page=True)
    # the CLI's store calls see the dashboard's decision...
    shown = Store(str(db)).fused_event(ev)
    assert shown is not None and shown["actor1"] == ["Malian Armed Forces"] and shown["where"]["name"] == "Mopti"
    assert {h["who"] for h in Store(str(db)).audit_log(target=ev)} == {"Amal Haddad"}
    # ...and the dashboard sees the CLI's
    Store(str(db)).correct(ev, "status", "occurred", by="cli-analyst", why="confirmed by phone")
    with open_page(browser, base, f"/#/fused/{ev}") as page:
        page.wait_for_selector("#view-fused ul.history")
        assert "by cli-analyst" in page.inner_text("#view-fused ul.history")
        assert page.inner_text("#view-fused h2").split(" · ")[0].endswith("occurred")


def test_merge_then_split_from_the_event_page(browser, sahel):
    base, db = sahel
    mopti, sevare = event_id(db, "Mopti"), event_id(db, "Sevare")
    with open_page(browser, base, f"/#/fused/{mopti}") as page:
        sign_in(page, AMAL)
        page.goto(f"{base}/#/fused/{mopti}")
        page.locator(".merge-form input[name=other]").fill(sevare)
        page.locator(".merge-form input[name=note]").fill("same operation")
        page.locator(".merge-form button").click()
        page.wait_for_function("document.querySelectorAll('#view-fused .card.member').length === 3")
        page.locator("#view-fused .card.member", has_text="Sevare").locator(".split-pick").check()
        page.locator(".split-form input[name=note]").fill("a different day")
        page.locator(".split-form button").click()
        page.wait_for_function(f"!location.hash.includes('{mopti}') && document.querySelectorAll('#view-fused .card.member').length === 1")
        assert "claimed an attack" in page.inner_text("#view-fused .card.member")
        page.screenshot(path=str(ARTIFACTS / "16-split.png"), full_page=True)
    actions = [(h["action"], h["who"], h["why"]) for h in Store(str(db)).audit_log() if h["action"] in ("merge", "split")]
    assert actions == [("merge", "Amal Haddad", "same operation"), ("split", "Amal Haddad", "a different day")]
