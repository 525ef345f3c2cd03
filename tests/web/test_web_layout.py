"""What a new user tripped on in the page (issue 13), in headless Chromium at a 1,024-pixel-wide window:
outlines across the 180th meridian, an evidence panel that hid the map and cut off a third source,
"1 events", and "0 deaths" for a toll nobody reported."""
from __future__ import annotations

import time
from datetime import date

import pytest

from eventwire.api.testing import running_server
from eventwire.records import Article, Evidence, Mention
from eventwire.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.issue(13)]

# One invented clash told by three outlets with long names, and a protest with no toll at all.
TRIPLET = (
    ("tri-1", "northern-frontier-ledger.example", "Soldiers clashed with rebels near Wau on 2 June 2025; 6 died, "
     "the army said. This synthetic test report describes no real event.", 6),
    ("tri-2", "sahel-and-savanna-evening-courier.example", "Fighting between the army and rebels near Wau on "
     "2 June 2025 killed 9, residents said. This synthetic test report describes no real event.", 9),
    ("tri-3", "great-lakes-independent-observer.example", "Rebels and soldiers fought near Wau on 2 June 2025; "
     "11 people were killed, a nurse said. This synthetic test report describes no real event.", 11),
)
PROTEST = ("calm-1", "town-crier.example", "Teachers marched peacefully in Juba on 5 June 2025 over unpaid "
           "salaries. This synthetic test report describes no real event.")


def _clash(aid, outlet, text, dead):
    article = Article(id=aid, text=text, outlet=outlet, published=date(2025, 6, 3), title=f"Clash near Wau ({outlet})")
    return article, [Mention(
        article_id=aid, event_type="Battles", sub_event_type="Armed clash", event_date="2025-06-02",
        location="Wau", admin1="Western Bahr el Ghazal", country="South Sudan", iso3="SSD", latitude=7.70,
        longitude=27.99, geo_precision=1, actor1="Military Forces of South Sudan", actor2="Rebel group (South Sudan)",
        fatalities=dead, fatalities_min=dead, evidence=(Evidence(field="event", start=0, end=text.index(" on ")),))]


@pytest.fixture(scope="module")
def layout_base(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("layout") / "layout.db")
    with Store.open(db) as store:
        for aid, outlet, text, dead in TRIPLET:
            store.add(*_clash(aid, outlet, text, dead))
        aid, outlet, text = PROTEST
        store.add(Article(id=aid, text=text, outlet=outlet, published=date(2025, 6, 5), title="Teachers march in Juba"),
                  [Mention(article_id=aid, event_type="Protests", sub_event_type="Peaceful protest",
                           event_date="2025-06-05", location="Juba", admin1="Central Equatoria", country="South Sudan",
                           iso3="SSD", latitude=4.85, longitude=31.58, geo_precision=1, actor1="Protesters (South Sudan)",
                           evidence=(Evidence(field="event", start=0, end=text.index(" in ")),))])
    with running_server(db, log_path=str(tmp_path_factory.mktemp("layout-log") / "server.log")) as url:
        yield url


def until(page, script: str, arg=None, *, timeout: float = 30.0):
    """Poll `script` until it is truthy. (Not wait_for_function: that compiles a string, which this page's
    Content-Security-Policy forbids, and these tests run under it.)"""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(script, arg)):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {script}")
        time.sleep(0.05)
    return value


@pytest.fixture
def narrow(browser, layout_base):
    ctx = browser.new_context(viewport={"width": 1024, "height": 768})
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(layout_base) else route.abort())
    pg.goto(layout_base + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    # the country outlines arrive separately: wait until Leaflet holds them
    until(pg, "() => Object.values(window.ew.map._layers).filter(l => l.feature).length > 100")
    yield pg
    ctx.close()
    assert not problems, problems  # a Content-Security-Policy violation is logged here too


def _open_event(page, source: str) -> None:
    page.locator("#list li", has_text="Armed clash" if source.startswith("tri") else "Peaceful protest").first.click()
    page.wait_for_selector("#panel:not([hidden]) .article")


def test_outlines_never_jump_across_the_antimeridian(narrow, artifacts):
    jumps = narrow.evaluate("""() => {
        const out = [];
        const rings = (ll) => Array.isArray(ll[0]) ? ll.flatMap(rings) : [ll];
        for (const layer of Object.values(window.ew.map._layers)) {
            if (!layer.feature || !layer.getLatLngs) continue;
            for (const ring of rings(layer.getLatLngs()))
                for (let i = 1; i < ring.length; i++)  // (an edge along a pole is no line across the map)
                    if (Math.abs(ring[i].lng - ring[i - 1].lng) > 180 && Math.abs(ring[i].lat) < 85
                        && Math.abs(ring[i - 1].lat) < 85) out.push(layer.feature.id);
        }
        return [...new Set(out)];
    }""")
    assert jumps == []
    # And on screen: the open Pacific south of Fiji and the Arctic Ocean off Chukotka stay sea, not land.
    for lat, lon, zoom in ((-17.5, -178.5, 5), (68.0, -176.0, 4), (-17.5, 0.0, 2), (66.5, -25.0, 2)):
        narrow.evaluate("([lat, lon, zoom]) => { window.ew.map.setView([lat, lon], zoom, {animate: false}); }", [lat, lon, zoom])
        narrow.wait_for_timeout(300)
        assert narrow.evaluate("""([lat, lon]) => {
            const p = window.ew.map.latLngToContainerPoint([lat, lon]);
            const hits = document.elementsFromPoint(p.x + window.ew.map.getContainer().getBoundingClientRect().left,
                                                    p.y + window.ew.map.getContainer().getBoundingClientRect().top);
            const canvas = hits.find((el) => el.tagName === 'CANVAS');
            if (!canvas) return null;
            const box = canvas.getBoundingClientRect(), scale = canvas.width / box.width;
            const mapBox = window.ew.map.getContainer().getBoundingClientRect();
            const x = Math.round((p.x + mapBox.left - box.left) * scale), y = Math.round((p.y + mapBox.top - box.top) * scale);
            return canvas.getContext('2d').getImageData(x, y, 1, 1).data[3];
        }""", [lat, lon]) == 0, (lat, lon)  # transparent: no land fill drawn there
    narrow.evaluate("() => { window.ew.map.setView([-17.7, 178.1], 5, {animate: false}); }")
    narrow.wait_for_timeout(300)
    narrow.screenshot(path=str(artifacts / "antimeridian-fiji.png"))
    narrow.evaluate("() => { window.ew.map.setView([66.0, 178.0], 3, {animate: false}); }")
    narrow.wait_for_timeout(300)
    narrow.screenshot(path=str(artifacts / "antimeridian-chukotka.png"))


def test_at_1024_pixels_the_panel_leaves_the_map_in_view_and_shows_every_source(narrow, artifacts):
    _open_event(narrow, "tri-1")
    narrow.wait_for_timeout(300)
    box = lambda sel: narrow.locator(sel).bounding_box()  # noqa: E731
    panel, map_ = box("#panel"), box("#map")
    assert map_["width"] >= panel["width"] and map_["width"] >= 0.35 * 1024, (map_, panel)
    heads = narrow.eval_on_selector_all("#panel table.sources tr:first-child th",
                                        "els => els.map(e => [e.textContent, e.getBoundingClientRect().right])")
    assert [h for h, _ in heads[1:]] == [outlet for _, outlet, _, _ in TRIPLET]
    right = panel["x"] + panel["width"]
    assert all(edge <= right for _, edge in heads), (heads, right)
    wrap = narrow.eval_on_selector("#panel .sources-wrap", "el => [el.scrollWidth, el.clientWidth]")
    assert wrap[0] <= wrap[1]  # nothing hidden off to the side
    cells = narrow.eval_on_selector_all("#panel table.fields th, #panel table.fields td",
                                        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
    assert cells == []  # no field name or value runs into its neighbour
    narrow.screenshot(path=str(artifacts / "panel-1024.png"))
    narrow.locator("#panel .sources-wrap").scroll_into_view_if_needed()
    narrow.screenshot(path=str(artifacts / "panel-1024-sources.png"))


def test_counts_and_unknown_tolls_read_as_english(narrow):
    narrow.fill("input[name=q]", "juba")
    until(narrow, "() => document.querySelector('#status').textContent.startsWith('1 ')")
    until(narrow, "() => window.ew.inflight === 0 && document.querySelectorAll('#list li').length === 1")
    status = narrow.inner_text("#status")
    assert status.startswith("1 event in view") and "1 events" not in status, status
    item = narrow.inner_text("#list li")
    assert "0 deaths" not in item and "deaths not reported" in item and "1 report" in item and "report(s)" not in item
    assert narrow.inner_text("#count") == "(1)"
    title = narrow.get_attribute(".leaflet-marker-icon", "title")
    assert "0 deaths" not in title and "deaths not reported" in title, title
    _open_event(narrow, "calm-1")
    assert "1 report" in narrow.inner_text("#panel .hint") and "report(s)" not in narrow.inner_text("#panel .hint")
