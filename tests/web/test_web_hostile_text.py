"""Text from the database is shown as text: a hostile report cannot run script in the analyst's browser."""
from __future__ import annotations

from datetime import date

import pytest

from eventwire.api.testing import running_server
from eventwire.records import Article, Evidence, Mention
from eventwire.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.issue(6)]
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_hostile_fields_are_inert(browser, tmp_path):
    text = f"Rioters {HOSTILE} burned a depot in Kano on 2 May 2025. Synthetic test report."
    start = text.index("burned")
    article = Article(id="hostile-1", text=text, url="javascript:window.__pwned=2", outlet=HOSTILE,
                      published=date(2025, 5, 3), title=HOSTILE)
    mention = Mention(article_id="hostile-1", event_type="Riots", sub_event_type="Violent demonstration",
                      event_date="2025-05-02", location=f"Kano {HOSTILE}", country="Nigeria", iso3="NGA",
                      latitude=12.0, longitude=8.517, actor1=HOSTILE, fatalities=0,
                      evidence=(Evidence(field="event", start=start, end=start + len("burned")),
                                Evidence(field="actor1", start=text.index("<img"), end=text.index("<img") + len(HOSTILE))))
    db = str(tmp_path / "hostile.db")
    with Store.open(db) as store:
        store.add(article, [mention])
    with running_server(db) as base:
        page = browser.new_page()
        page.goto(base + "/")
        page.wait_for_selector("body[data-ready='1']")
        page.locator("#list li").first.click()
        page.wait_for_selector("#panel .article mark.ev")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#panel img, #list img, #map .leaflet-marker-pane img").count() == 0
        assert page.locator("#panel .article a").count() == 0  # the javascript: url is not a link
        assert HOSTILE in page.locator("#panel .article mark.ev[data-field=actor1]").inner_text()
        page.close()
