"""The dashboard's map in Debian's chromium: it opens on where the events are (a stray far-away
point does not drag it out), draws Natural Earth admin-1 boundaries with their names offline,
labels the places without overlap, and styles claimed / threatened / failed events apart from
those that occurred.  The acceptance check runs the whole pipeline on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, chromium, needs_chromium, open_page, serve
from dashboard_corpus import make_db

pytestmark = needs_chromium
SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def sahel(tmp_path_factory):
    from eventwatch.api import create_app

    db = tmp_path_factory.mktemp("map") / "ml.sqlite"
    make_db(db).close()
    with serve(create_app(str(db))) as base:
        yield base


def map_bounds(page) -> tuple[float, float, float, float]:
    page.wait_for_function("document.querySelector('#map').dataset.markers !== undefined")
    page.wait_for_timeout(400)  # the fit animates; bounds are recorded on moveend
    south, west, north, east = json.loads(page.get_attribute("#map", "data-bounds"))
    return south, west, north, east


@pytest.mark.slow
def test_sample_corpus_map_opens_on_north_west_syria(browser, tmp_path):
    """Acceptance (issue 13): initial bounds within 30-40 N, 33-42 E, although the corpus also
    locates events in Moscow, Sochi and Libya."""
    from typer.testing import CliRunner

    from eventwatch.api import create_app
    from eventwatch.cli import app as cli

    db = tmp_path / "seeds.sqlite"
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with serve(create_app(str(db))) as base, open_page(browser, base) as page:
        south, west, north, east = map_bounds(page)
        assert 30 <= south < north <= 40, (south, north)
        assert 33 <= west < east <= 42, (west, east)
        page.screenshot(path=str(ARTIFACTS / "10-seeds-map.png"))


def test_a_stray_far_point_does_not_drag_the_view(browser, sahel):
    with open_page(browser, sahel) as page:
        south, west, north, east = map_bounds(page)
        # every Malian event is in view, the talks in Paris (48.9 N, 2.3 E) are not
        assert south <= 13.9 and north >= 14.55 and west <= -4.92 and east >= -3.61
        assert north < 30 and east < 2
        assert int(page.get_attribute("#map", "data-markers")) == 6


def test_robust_bounds_ignore_outliers_but_keep_a_spread_cluster(browser, sahel):
    with open_page(browser, sahel) as page:
        got = page.evaluate("""async () => {
            const { robustBounds } = await import('/static/js/map.js');
            const cluster = [[36.0, 36.6], [36.2, 36.7], [35.9, 36.5], [36.5, 37.1], [35.5, 36.9], [36.3, 37.0]];
            return {
                strays: robustBounds([...cluster, [55.75, 37.6], [32.9, 13.2]]),
                spread: robustBounds([[10, 10], [12, 14], [14, 18], [16, 22], [18, 26]]),
                single: robustBounds([[14.5, -4.2]]),
            };
        }""")
    assert got["strays"] == [[35.5, 36.5], [36.5, 37.1]]
    assert got["spread"] == [[10, 10], [18, 26]]  # an even spread has no outliers
    assert got["single"] == [[14.5, -4.2], [14.5, -4.2]]


def test_admin1_boundaries_and_names_are_drawn_offline(browser, sahel):
    with open_page(browser, sahel) as page:
        page.wait_for_function("Number(document.querySelector('#map').dataset.admin1) > 1000")
        page.wait_for_selector(".ew-admin1-pane canvas")
        # at this zoom the names of the regions in view are shown: Mopti is the Malian region of the events
        page.wait_for_selector(".ew-admin1-label")
        labels = page.locator(".ew-admin1-label").all_inner_texts()
        assert "Mopti" in labels
        page.screenshot(path=str(ARTIFACTS / "11-admin1.png"))


def test_place_labels_do_not_overlap(browser, sahel):
    with open_page(browser, sahel) as page:
        map_bounds(page)
        boxes = page.evaluate("""() => [...document.querySelectorAll('.ew-place-label:not(.label-hidden) span')]
            .map((s) => { const r = s.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, s.textContent]; })""")
        names = [b[4] for b in boxes]
        assert {"Mopti", "Djenne", "Bandiagara"} <= set(names)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a[4], b[4])


def test_status_is_drawn_differently(browser, sahel):
    with open_page(browser, sahel) as page:
        page.wait_for_selector(".ew-dot.st-claimed")
        style = page.evaluate("""() => Object.fromEntries(['occurred', 'claimed', 'threatened', 'failed'].map((s) => {
            const dot = document.querySelector('#map .ew-dot.st-' + s);
            const cs = getComputedStyle(dot);
            return [s, { border: cs.borderTopStyle, background: cs.backgroundImage !== 'none' ? 'pattern' : cs.backgroundColor }];
        }))""")
    assert style["claimed"]["border"] == "dashed"
    assert style["threatened"]["border"] == "dotted"
    assert style["failed"]["background"] == "pattern"
    assert style["occurred"]["border"] == "solid" and style["occurred"]["background"] not in (
        "rgb(255, 255, 255)", style["claimed"]["background"])
