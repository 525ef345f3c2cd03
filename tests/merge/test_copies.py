"""Copies of one wire story are one source: MinHash signatures over word shingles (merge/copies.py)."""
from __future__ import annotations

import pytest

from eventwire.merge import copies, sources

pytestmark = pytest.mark.issue(11)

# An invented wire story, and how three sites would carry it.
WIRE = (
    "Gunmen on motorcycles attacked a cattle market outside the town of Dunka on Tuesday, killing at least "
    "eleven traders and wounding nine others, a police spokesman said. The attackers arrived shortly after "
    "noon, fired on the crowd and drove off several hundred head of cattle towards the forest reserve, "
    "according to two traders who escaped by hiding in a drainage ditch. The spokesman said a joint patrol "
    "had been sent to the area and that no arrests had yet been made. Local officials said the market would "
    "stay closed until further notice. This synthetic report was written for eventwire's tests."
)
SITE_A = "Home | News | Regions | Sport\nGunmen kill eleven in Dunka market raid\n" + WIRE + "\nRelated: Fuel prices rise again\nSubscribe to our newsletter"
SITE_B = ("Breaking news\n" + WIRE.replace("Tuesday", "Tuesday (March 5)")
          + "\nRead more: Flooding displaces thousands\nShare this article on social media")
REWRITE = (
    "Eleven cattle traders died on Tuesday when armed men on motorbikes raided the livestock market near Dunka, "
    "police told our correspondent. Survivors described a burst of gunfire followed by the theft of hundreds of "
    "animals, which the raiders herded into nearby woodland. Security forces have been deployed, the police "
    "added, but nobody has been detained. The market has been shut. This synthetic report was written for tests."
)


def sig(text: str) -> copies.Signature:
    return copies.signature(text)


def test_the_same_wire_story_on_two_sites_is_a_copy():
    assert copies.containment(sig(SITE_A), sig(SITE_B)) >= 0.7
    assert copies.is_copy(sig(SITE_A), sig(SITE_B))


def test_another_newsroom_writing_the_same_event_is_not_a_copy():
    assert copies.containment(sig(SITE_A), sig(REWRITE)) < 0.3
    assert not copies.is_copy(sig(SITE_A), sig(REWRITE))


def test_short_briefs_in_one_formula_are_never_copies():
    a = "Gunmen killed 4 people in Dunka on Monday, police said."
    b = "Gunmen killed 6 people in Dunka on Monday, police said."
    assert not copies.is_copy(sig(a), sig(b))


def test_signatures_are_deterministic_and_survive_json():
    one, two = sig(SITE_A), sig(SITE_A)
    assert one == two and len(one.minima) == 64
    assert copies.Signature.from_json(one.to_json()) == one
    assert copies.Signature.from_json(None) is None


def test_copies_of_copies_form_one_group_and_rewrites_stay_apart():
    groups = copies.groups([("a", sig(SITE_A)), ("r", sig(REWRITE)), ("b", sig(SITE_B)), ("x", None)])
    assert groups == [["a", "b"], ["r"], ["x"]]


def test_an_event_told_by_a_story_and_its_copy_has_one_independent_source():
    mentions = [{"article_id": "a", "claim_status": "attributed",
                 "attribution": [{"holder": "Police Forces of Nigeria", "holder_kind": "security_forces", "fields": ["event"]}]},
                {"article_id": "b", "claim_status": "attributed",
                 "attribution": [{"holder": "Police Forces of Nigeria", "holder_kind": "security_forces", "fields": ["fatalities"]}]}]
    copied = sources.summarise(mentions, [["a", "b"]])
    assert copied["independent_sources"] == 1 and copied["copies"] == [["a", "b"]]
    assert copied["claim_status"] == "attributed"  # a copy corroborates nothing
    assert copied["attribution"] == [{"holder": "Police Forces of Nigeria", "holder_kind": "security_forces",
                                      "fields": ["event", "fatalities"]}]
    apart = sources.summarise(mentions, [["a"], ["b"]])
    assert apart["independent_sources"] == 2 and apart["claim_status"] == "reported" and apart["copies"] == []


def test_a_dispute_outlasts_corroboration():
    mentions = [{"article_id": "a", "claim_status": "disputed"}, {"article_id": "b", "claim_status": "reported"}]
    assert sources.summarise(mentions, [["a"], ["b"]])["claim_status"] == "disputed"


def test_an_outlet_is_corroborated_only_by_an_independent_report_from_elsewhere():
    outlets = {"a": "wire-copy.example", "b": "other-site.example", "r": "daily.example"}
    assert sources.corroborated(outlets, [["a", "b"]]) == {"wire-copy.example": False, "other-site.example": False}
    assert sources.corroborated(outlets, [["a", "b"], ["r"]]) == {
        "wire-copy.example": True, "other-site.example": True, "daily.example": True}
    assert sources.corroborated({"a": "one.example", "c": "one.example"}, [["a"], ["c"]]) == {"one.example": False}
