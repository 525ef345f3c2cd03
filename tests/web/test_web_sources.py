"""Who says so on the page, in headless Chromium: sources, opinion and loaded terms highlighted in their own
colours in the evidence panel, the per-article scorecard, the claim-status filter and the outlets table."""
from __future__ import annotations

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.issue(11)]


def _open_twin(page) -> None:
    before = page.evaluate("window.ew.renders")
    page.evaluate("() => { window.ew.map.setView([36.335, 43.119], 11); }")
    page.wait_for_function("n => window.ew.renders > n", arg=before, timeout=15_000)
    page.locator("#map .ew-marker").first.click()
    page.wait_for_selector("#panel:not([hidden]) .article mark.ev")


def test_the_evidence_panel_marks_sources_opinion_and_loaded_terms(page, artifacts):
    _open_twin(page)
    cited = page.eval_on_selector_all("#panel mark.ev[data-field=attribution]", "els => els.map(e => e.textContent)")
    assert sorted(cited) == ["a doctor said", "police said"]
    tribune = page.locator("#panel .article[data-article-id=twin-b]")
    opinion = tribune.locator("mark.ev[data-field=opinion]").evaluate_all("els => els.map(e => e.textContent).join('')")
    assert opinion == "Make no mistake: these  will strike again."  # "thugs" is marked as loaded inside it
    loaded = tribune.locator("mark.ev[data-field=loaded]")
    assert loaded.inner_text() == "thugs" and "name_calling" in loaded.get_attribute("title")
    assert "opinion" in loaded.get_attribute("data-fields").split()
    colours = page.evaluate("""() => Object.fromEntries(['attribution', 'opinion', 'loaded', 'fatalities', 'event']
        .map(f => [f, document.querySelector(`#panel mark.ev[data-field=${f}]`).style.background]))""")
    assert len(set(colours.values())) == 5  # each its own colour, apart from the field colours
    legend = page.inner_text("#panel .legend-fields")
    assert "attribution" in legend and "opinion" in legend and "loaded" in legend
    card = tribune.locator(".scorecard")
    assert "opinion 25.0%" in card.inner_text() and "a doctor (unnamed)" in card.inner_text()
    assert card.locator(".status").inner_text() == "attributed"
    line = page.inner_text("#panel .sources-line")
    assert "reported" in line and "2 independent source(s)" in line
    tribune.scroll_into_view_if_needed()
    tribune.screenshot(path=str(artifacts / "evidence-sources.png"))


def test_the_claim_status_filter_narrows_the_map_and_list(page, web_base):
    expected = httpx.get(f"{web_base}/api/events", params={"claim_status": "reported"}).json()["total"]
    before = page.evaluate("window.ew.renders")
    page.select_option("select[name=claim_status]", "reported")
    page.wait_for_function("n => window.ew.renders > n", arg=before, timeout=15_000)
    page.wait_for_function("n => document.querySelectorAll('#list li').length === n", arg=expected)
    assert page.locator("#list li .status[data-status=reported]").count() == expected == 1
    assert "claim_status=reported" in page.url


def test_the_outlets_table_sorts_by_any_column(page, artifacts):
    page.click("#outlets-open")
    page.wait_for_selector("#outlets:not([hidden]) #outlets-table tr[data-outlet]")
    names = lambda: page.eval_on_selector_all("#outlets-table tr[data-outlet]", "els => els.map(e => e.dataset.outlet)")  # noqa: E731
    assert len(names()) == 3
    page.click("#outlets-table th[data-key=opinion_share]")
    assert names()[0] == "example-tribune.example"  # the only outlet with an opinion sentence, highest first
    page.click("#outlets-table th[data-key=opinion_share]")
    # ascending; an outlet with no assessed article has no figure and stays last either way
    assert names() == ["sample-wire.example", "example-tribune.example", "demo-herald.example"]
    page.click("#outlets-table th[data-key=outlet]")
    assert names() == sorted(names())
    row = page.locator("#outlets-table tr[data-outlet='example-tribune.example']").inner_text()
    assert "%" in row
    page.screenshot(path=str(artifacts / "outlets.png"))
    page.click("#outlets-close")
    assert page.locator("#outlets").is_hidden()
