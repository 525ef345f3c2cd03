"""The web page in headless Chromium: markers, filters, timeline brushing and the evidence panel."""
from __future__ import annotations

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.issue(6)]


def _shown(page) -> int:
    """Events the map shows: single markers plus the counts of cluster markers."""
    return page.evaluate("""() => document.querySelectorAll('#map .ew-marker').length +
        [...document.querySelectorAll('#map .ew-cluster')].reduce((n, el) => n + Number(el.dataset.count), 0)""")


def _wait_render(page, before: int) -> None:
    page.wait_for_function("n => window.ew.renders > n", arg=before, timeout=15_000)


def test_map_shows_every_event_as_markers(page, artifacts):
    assert _shown(page) == 41
    assert page.locator("#map .ew-cluster").count() >= 1  # clustered at world zoom
    assert page.locator("#list li").count() == 25  # first page of the list
    assert "GeoNames" in page.inner_text(".leaflet-control-attribution")
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    assert page.locator("#map path.leaflet-interactive, #map canvas").count() >= 1  # country outlines drawn
    page.screenshot(path=str(artifacts / "map.png"))


def test_a_filter_changes_the_markers(page, web_base):
    expected = httpx.get(f"{web_base}/api/events", params={"event_type": "Protests"}).json()["total"]
    assert 0 < expected < 41
    before = page.evaluate("window.ew.renders")
    page.select_option("select[name=event_type]", "Protests")
    _wait_render(page, before)
    assert _shown(page) == expected
    types = page.eval_on_selector_all("#map [data-type]", "els => [...new Set(els.map(e => e.dataset.type))]")
    assert types == ["Protests"]
    page.wait_for_function("n => document.querySelectorAll('#list li').length === n", arg=min(expected, 25))


def test_brushing_the_timeline_filters_the_map(page, web_base):
    box = page.locator("#timeline").bounding_box()
    before = page.evaluate("window.ew.renders")
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.30, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=5)
    page.mouse.up()
    _wait_render(page, before)
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert since and until and since < until
    expected = httpx.get(f"{web_base}/api/events", params={"since": since, "until": until}).json()["total"]
    assert 0 < expected < 41
    assert _shown(page) == expected
    assert page.locator("#timeline .brush").count() == 1


def test_clicking_an_event_opens_the_evidence_panel(page, artifacts):
    # Zoom onto Mosul, where the two twin reports of one attack sit: a single marker.
    before = page.evaluate("window.ew.renders")
    page.evaluate("() => { window.ew.map.setView([36.335, 43.119], 11); }")
    _wait_render(page, before)
    page.locator("#map .ew-marker").first.click()
    page.wait_for_selector("#panel:not([hidden]) .article mark.ev")
    assert "Attack" in page.inner_text("#panel h2")
    assert page.locator("#panel .article").count() == 2
    marks = page.eval_on_selector_all("#panel mark.ev[data-field=fatalities]", "els => els.map(e => e.textContent)")
    assert sorted(marks) == ["killing 3 people", "killing 5 people"]
    colours = page.locator("#panel .article").first.locator("mark.ev").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.field, e.style.background]))")
    assert len(set(colours.values())) == len(colours) >= 4  # one colour per field
    assert "fatalities" in page.inner_text("#panel .disagree")
    # Overlapping spans: "Gunmen" supports both actor1 and the event, and takes the narrower span's colour.
    gunmen = page.locator("#panel .article").first.locator("mark.ev", has_text="Gunmen")
    assert gunmen.get_attribute("data-field") == "actor1"
    assert gunmen.get_attribute("data-fields").split() == ["actor1", "event"]
    assert page.locator("#panel .legend-fields span.swatch").count() >= 4
    page.screenshot(path=str(artifacts / "evidence-panel.png"))


def test_a_filter_matching_nothing_empties_the_page_cleanly(page):
    before = page.evaluate("window.ew.renders")
    page.fill("input[name=q]", "no such place anywhere")
    _wait_render(page, before)
    page.wait_for_function("window.ew.inflight === 0")
    assert _shown(page) == 0
    assert page.locator("#list li").count() == 0
    assert "no dated events match" in page.text_content("#timeline")
    status = page.locator("#status")
    assert "0 events in view" in status.inner_text() and "error" not in (status.get_attribute("class") or "")


def test_a_rejected_filter_is_reported_not_crashed(page):
    before = page.evaluate("window.ew.renders")
    page.fill("input[name=q]", "x" * 300)  # longer than the API accepts
    page.wait_for_function("document.querySelector('#status').classList.contains('error')")
    assert "q:" in page.inner_text("#status")
    assert page.evaluate("window.ew.renders") == before


def test_filters_round_trip_through_the_url(page, web_base):
    before = page.evaluate("window.ew.renders")
    page.select_option("select[name=event_type]", "Riots")
    _wait_render(page, before)
    assert "event_type=Riots" in page.url
    expected = httpx.get(f"{web_base}/api/events", params={"event_type": "Riots"}).json()["total"]
    page.goto(page.url)  # a bookmark of this view
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.input_value("select[name=event_type]") == "Riots"
    assert _shown(page) == expected


def test_clicking_a_cluster_zooms_in_and_the_list_can_follow_the_view(page):
    biggest = page.locator("#map .ew-cluster").first
    count = int(biggest.get_attribute("data-count"))
    zoom = page.evaluate("window.ew.map.getZoom()")
    before = page.evaluate("window.ew.renders")
    biggest.click()
    _wait_render(page, before)
    assert page.evaluate("window.ew.map.getZoom()") == zoom + 2
    page.check("#in-view")
    page.wait_for_function("window.ew.inflight === 0")
    in_view = page.evaluate("window.ew.state.total")
    assert 0 < in_view < 41
    assert in_view == page.evaluate("() => Number(document.querySelector('#status').textContent.split(' ')[0])")
    assert count >= 2


@pytest.mark.issue(13)
def test_the_list_pages_by_cursor_and_shows_every_event_once(page, web_base):
    """Next and previous ask for the page at the API's next_cursor (read from the indexes where the page
    starts), never by offset (read past every event before it); the pages show each event exactly once."""
    asked = []
    page.on("request", lambda req: asked.append(req.url) if "/api/events?" in req.url else None)
    ids = lambda: page.eval_on_selector_all("#list li", "els => els.map(e => e.dataset.eventId)")  # noqa: E731
    first = ids()
    assert len(first) == 25 and page.is_disabled("#prev")
    page.click("#next")
    page.wait_for_function("() => document.querySelector('#page').textContent.startsWith('2 /')")
    page.wait_for_function("window.ew.inflight === 0")
    second = ids()
    assert len(second) == 16 and page.is_disabled("#next") and not page.is_disabled("#prev")
    everything = [e["event_id"] for e in httpx.get(f"{web_base}/api/events", params={"limit": 100}).json()["events"]]
    assert first + second == everything  # each event once, in the API's order
    assert asked and all("cursor=" in url and "offset=" not in url for url in asked)
    page.click("#prev")
    page.wait_for_function("() => document.querySelector('#page').textContent.startsWith('1 /')")
    page.wait_for_function("window.ew.inflight === 0")
    assert ids() == first
