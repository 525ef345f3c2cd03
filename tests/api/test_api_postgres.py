"""The same API over PostgreSQL: the server, the filters, the map points and the week buckets."""
from __future__ import annotations

import httpx
import pytest
from pg import pg_server  # noqa: F401  (fixture: a throwaway PostgreSQL server, tests/pg.py)

from eventwire.api.testing import running_server
from eventwire.samples import fixtures

pytestmark = [pytest.mark.issue(6), pytest.mark.postgres]


def test_api_over_postgresql(pg_server, tmp_path):  # noqa: F811
    url = pg_server.new_database()
    fixtures.build(url, synthetic_count=40, seed=3)
    with running_server(url, log_path=str(tmp_path / "server.log")) as base, httpx.Client(base_url=base) as c:
        assert c.get("/api/health").json()["events"] == 41
        twin = c.get("/api/events", params={"near": "36.335,43.119,30", "q": "mosul", "sub_event_type": "Attack"}).json()
        assert twin["total"] == 1
        ev = c.get(f"/api/events/{twin['events'][0]['event_id']}").json()["event"]
        assert {v["value"] for v in ev["disagreements"]["fatalities"]} == {3, 5}
        world = c.get("/api/map", params={"zoom": 2}).json()
        assert sum(m["count"] for m in world["markers"]) == 41
        weeks = c.get("/api/aggregate", params={"bucket": "week"}).json()["rows"]
        assert sum(r["events"] for r in weeks) == 41
        assert c.get("/api/events", params={"bbox": "1,2,3"}).status_code == 422
