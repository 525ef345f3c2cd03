"""Cross-source merging as pure functions: blocking, scoring, reconciliation, incremental clustering."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

import raid
from eventwire import merge
from eventwire.records import Article, Evidence, Mention

S = merge.load_settings()


def report(aid: str, text: str, *, published: str = "2024-03-13", outlet: str = "a.example", **fields):
    """An article and the one mention it reports; the event sentence is the whole text."""
    base = dict(event_type="Violence against civilians", sub_event_type="Attack", event_date="2024-03-12",
                location="Konduga", admin1="Borno", country="Nigeria", iso3="NGA", latitude=11.65, longitude=13.42,
                geo_precision=1, actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)")
    base.update(fields)
    art = Article(id=aid, text=text, outlet=outlet, published=date.fromisoformat(published), title=text[:30])
    return art, Mention(article_id=aid, evidence=(Evidence(field="event", start=0, end=len(text)),), **base)


def rec(aid, text, **kw):
    art, m = report(aid, text, **kw)
    return merge.mention_record(art, 0, m)


def test_different_family_never_merges():
    a = rec("a", "Gunmen killed 12 villagers in Konduga.", fatalities=12)
    b = rec("b", "Traders protested in Konduga.", event_type="Protests", sub_event_type="Peaceful protest",
            actor1="Protesters (Nigeria)", actor2=None)
    assert not merge.compatible(a, b, S)


def test_date_window_follows_the_coarser_precision():
    a = rec("a", "x", event_date="2024-03-12")
    b = rec("b", "y", event_date="2024-03-17")
    assert not merge.compatible(a, b, S)  # five days apart, both exact days
    assert merge.compatible(a, {**b, "time_precision": 2}, S)  # "last week" reaches


def test_distance_and_country_block():
    a = rec("a", "x")
    far = rec("b", "y", location="Gwoza", latitude=11.09, longitude=13.69)  # ~70 km away
    assert not merge.compatible(a, far, S)
    assert not merge.compatible(a, {**rec("c", "z"), "iso3": "CMR"}, S)
    # without coordinates, the same admin1 lets a town-level and a province-level report meet
    bare = {**rec("d", "w", location="Borno", geo_precision=3), "latitude": None, "longitude": None}
    assert merge.compatible(a, bare, S)


def test_reconcile_later_report_updates_the_toll_and_keeps_disagreement():
    ms = [rec("a", "x", fatalities=12, published="2024-03-13"), rec("b", "y", fatalities=15, published="2024-03-13"),
          rec("c", "z", fatalities=19, published="2024-03-14")]
    for i, m in enumerate(ms):
        m["order"] = i
    fields, dis = merge.reconcile(ms)
    assert fields["fatalities"] == 19  # the later report updates the count
    assert dis["fatalities"] == [{"value": 12, "sources": ["a"]}, {"value": 15, "sources": ["b"]},
                                 {"value": 19, "sources": ["c"], "reported": True}]


def test_reconcile_same_day_reports_give_the_lowest_credible_toll():
    ms = [rec("a", "x", fatalities=82, published="2024-03-13"), rec("b", "y", fatalities=140, published="2024-03-13")]
    fields, dis = merge.reconcile(ms)
    assert fields["fatalities"] == 82
    assert {v["value"] for v in dis["fatalities"]} == {82, 140}


def test_reconcile_place_comes_as_one_bundle_from_the_most_specific_report():
    ms = [rec("a", "x", location="Borno", geo_precision=3, latitude=11.85, longitude=13.16),
          rec("b", "y", location="Konduga", geo_precision=1)]
    fields, dis = merge.reconcile(ms)
    assert (fields["location"], fields["latitude"], fields["geo_precision"]) == ("Konduga", 11.65, 1)
    assert "location" not in dis  # the province only restates where Konduga is


def test_reconcile_a_town_inside_the_majoritys_city_is_the_place():
    # Two outlets name the district, one the town in it: the town is the more precise place, not a dissent.
    ms = [rec("a", "x", location="Konduga District", admin2="Konduga", geo_precision=2, latitude=11.70, longitude=13.30),
          rec("b", "y", location="Konduga District", admin2="Konduga", geo_precision=2, latitude=11.70, longitude=13.30),
          rec("c", "z", location="Dalwa", admin2="Konduga", geo_precision=1, latitude=11.75, longitude=13.24)]
    for i, m in enumerate(ms):
        m["order"] = i
    fields, _ = merge.reconcile(ms)
    assert (fields["location"], fields["geo_precision"], fields["latitude"]) == ("Dalwa", 1, 11.75)


def test_reconcile_a_town_elsewhere_does_not_displace_the_majoritys_place():
    ms = [rec("a", "x", location="Konduga District", admin2="Konduga", geo_precision=2),
          rec("b", "y", location="Konduga District", admin2="Konduga", geo_precision=2),
          rec("c", "z", location="Gwoza", admin2="Gwoza", geo_precision=1, latitude=11.09, longitude=13.69)]
    fields, _ = merge.reconcile(ms)
    assert fields["location"] == "Konduga District"


def test_reconcile_a_toll_stays_with_the_type_that_reported_it():
    # One report tells the town retaken, another the grave found there with 40 bodies: the recapture, which the
    # sources agree on, does not take the grave's count.
    ms = [rec("a", "x", event_type="Battles", sub_event_type="Government regains territory", fatalities=None),
          rec("b", "y", event_type="Battles", sub_event_type="Government regains territory", fatalities=None),
          rec("c", "z", event_type="Strategic developments", sub_event_type="Other", fatalities=40)]
    fields, _ = merge.reconcile(ms)
    assert fields["sub_event_type"] == "Government regains territory" and fields["fatalities"] is None


def _three_outlets_and_a_neighbour():
    yield report("n1", "Gunmen killed 12 villagers in Konduga, Borno State, on Tuesday.", fatalities=12,
                 outlet="ledger.example")
    yield report("n2", "At least 15 people were killed when gunmen stormed Konduga on Tuesday evening.",
                 fatalities=15, outlet="daily.example")
    yield report("n3", "Death toll in Tuesday's Konduga attack rises to 19, officials say.", fatalities=19,
                 published="2024-03-14", outlet="observer.example", actor1=None)
    # same day, same province, same family, 70 km away: another attack
    yield report("n4", "Soldiers repelled militants who attacked an army post in Gwoza on Tuesday.",
                 event_type="Battles", sub_event_type="Armed clash", location="Gwoza", latitude=11.09,
                 longitude=13.69, actor1="Military Forces of Nigeria (2023-)", actor2="Islamic State West Africa Province (ISWAP)",
                 fatalities=4, outlet="ledger.example")


def test_three_outlets_one_event_and_the_neighbour_stays_apart():
    c = merge.Clusterer()
    for art, m in _three_outlets_and_a_neighbour():
        c.add(art, [m])
    events = sorted(c.events(), key=lambda e: -e.mentions)
    assert [e.sources for e in events] == [("n1", "n2", "n3"), ("n4",)]
    first = events[0]
    assert first.fields["fatalities"] == 19
    assert [v["value"] for v in first.disagreements["fatalities"]] == [12, 15, 19]


def test_event_ids_are_stable_across_runs_and_independent_of_other_events():
    def ids(pairs):
        c = merge.Clusterer()
        for art, m in pairs:
            c.add(art, [m])
        return {e.sources: e.event_id for e in c.events()}
    first = ids(_three_outlets_and_a_neighbour())
    assert first == ids(_three_outlets_and_a_neighbour())
    # Named after the first report's first mention, and pinned: ids stay the same across versions too.
    assert first[("n1", "n2", "n3")] == "ev-3b45d3ccbacf4980"


def test_two_towns_in_one_article_stay_two_events_but_a_regional_restatement_joins():
    art, m = report("s", "Gunmen attacked Konduga and Gwoza on Tuesday. The attackers fled across Borno.")
    gwoza = replace(m, location="Gwoza", latitude=11.09, longitude=13.69)
    region = replace(m, location="Borno", geo_precision=3, latitude=11.85, longitude=13.16)
    c = merge.Clusterer()
    joined = c.add(art, [m, gwoza, region])
    assert joined[0] != joined[1]
    assert joined[2] == joined[0]


@pytest.mark.parametrize("toll_b, expect_same", [(13, True), (None, True)])
def test_terse_report_without_a_toll_still_joins(toll_b, expect_same):
    a = rec("a", "Gunmen killed 12 villagers in Konduga on Tuesday.", fatalities=12)
    b = rec("b", "Gunmen attacked villagers in Konduga on Tuesday.", fatalities=toll_b)
    prof = {**merge.profile(a, [a]), "event_id": "e"}
    assert (merge.best_match(b, [prof], S) is not None) is expect_same


# --- A report that bridges two events (tests/raid.py) ---------------------------------------------------
@pytest.mark.parametrize("order", ["abc", "acb", "bac", "bca", "cab", "cba"])
def test_a_report_that_bridges_two_events_unites_them_whatever_the_order(order):
    cl = merge.Clusterer(S)
    told = raid.reports()
    ids = [cl.add(told[k][0], [told[k][1]])[0] for k in order]
    [event] = cl.events()
    assert sorted(event.sources) == ["a", "b", "c"]
    assert event.event_id == ids[0]  # the oldest event keeps its id
    if order.endswith("c"):
        assert ids[0] != ids[1]  # before the bridge, two events


def test_two_events_of_one_article_are_not_united_by_a_report_matching_both():
    cl = merge.Clusterer(S)
    (market, _), (village, _) = raid.TEXTS["a"], raid.TEXTS["b"]
    both = Article(id="x", text=market + " " + village, outlet="x.example", published=date(2024, 3, 13))
    first_ids = cl.add(both, [raid.mention("x", 0, len(market), raid.MARKET),
                              raid.mention("x", len(market) + 1, len(both.text), raid.VILLAGE)])
    cl.add(*[raid.reports()["c"][0], [raid.reports()["c"][1]]])
    assert len(set(first_ids)) == 2
    assert sorted(len(e.sources) for e in cl.events()) == [1, 2]  # the bridge joins one of them only
