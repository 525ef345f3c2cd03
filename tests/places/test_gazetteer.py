"""The compiled gazetteer: what it holds, how it is looked up, how it is built and rebuilt."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from eventwire.places import build, country_location, lookup, town


def test_counts_and_index(gaz):
    con = sqlite3.connect(gaz.path)
    kinds = dict(con.execute("select kind, count(*) from places group by kind"))
    assert kinds["P"] > 200_000 and kinds["A1"] > 3_000 and kinds["A2"] > 40_000 and kinds["C"] > 240
    plan = " ".join(r[-1] for r in con.execute("explain query plan select * from names where key = 'mosul'"))
    assert "PRIMARY KEY" in plan or "INDEX" in plan.upper()
    con.close()


def test_lookup_ranks_by_population_and_filters_by_country(gaz):
    found = lookup("Tripoli")
    assert found[0].iso3 == "LBY"
    assert {c.iso3 for c in lookup("Tripoli", "LB")} == {"LBN"}
    assert {c.iso3 for c in lookup("Tripoli", "LBN")} == {"LBN"}


def test_lookup_fuzzy_inside_a_country(gaz):
    found = lookup("Quamishli", "SY")
    assert found and found[0].iso3 == "SYR" and found[0].matched.startswith("fuzzy")
    assert lookup("Quamishli") == []  # no fuzzy guess across the whole world


def test_lookup_unknown_country_code(gaz):
    with pytest.raises(ValueError, match="unknown country code"):
        lookup("Mosul", "XX")


def test_town_of_a_known_country_and_the_country_itself(gaz):
    loc = town("Tripoli", "LBN", (3, 10), reason="listed")
    assert (loc.iso3, loc.geo_precision, loc.span, loc.reason) == ("LBN", 1, (3, 10), "listed")
    assert town("Tripoli", "LY", (0, 7), reason="listed").iso3 == "LBY"  # ISO2 works too
    assert town("Nowhereville", "LBN", (0, 12), reason="listed") is None
    kenya = country_location("KEN", reason="actors")
    assert (kenya.iso3, kenya.country, kenya.latitude) == ("KEN", "Kenya", None)
    assert country_location("XX", reason="actors") is None


def test_supplement_places_and_exonyms(gaz):
    assert lookup("Hammam al-Alil")[0].iso3 == "IRQ"
    assert any(c.kind == "admin1" and c.iso3 == "IRQ" for c in lookup("Ninewa"))


def test_short_codes_are_not_places(gaz):
    # Airport codes live among GeoNames alternate names: "PMF" must not become Parma.
    assert all(c.kind == "country" or c.matched == "name" for c in lookup("PMF"))
    # ... but a short alias of our own supplement is a place, and says so.
    jk = lookup("J&K")
    assert [(c.kind, c.iso3, c.matched) for c in jk] == [("admin1", "IND", "our alias")]


def test_ensure_builds_once_under_a_lock(tmp_path, monkeypatch):
    """Several threads (standing in for processes) ask at once: one build, then everyone reads the file."""
    calls = []

    def fake_build(path, *, stamp=None, progress=None):
        # A real SQLite file with the stamp ensure() checks; the full build is covered by the session fixture.
        calls.append(path)
        tmp = Path(str(path) + ".tmp")
        con = sqlite3.connect(tmp)
        con.executescript("create table meta (k text primary key, v text);")
        con.execute("insert into meta values ('data_hash', ?)", (stamp,))
        con.commit()
        con.close()
        tmp.replace(path)

    monkeypatch.setattr(build, "build", fake_build)
    target = tmp_path / "g.sqlite"
    results = []
    threads = [threading.Thread(target=lambda: results.append(build.ensure(target))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [target] * 4 and len(calls) == 1
    assert build.ensure(target) == target and len(calls) == 1  # current file: no rebuild


def test_stale_file_is_rebuilt(tmp_path, monkeypatch):
    target = tmp_path / "g.sqlite"
    con = sqlite3.connect(target)
    con.executescript("create table meta (k text primary key, v text); insert into meta values ('data_hash', 'old');")
    con.commit()
    con.close()
    rebuilt = []
    monkeypatch.setattr(build, "build", lambda path, *, stamp=None, progress=None: rebuilt.append(path))
    build.ensure(target)
    assert rebuilt == [target]


@pytest.mark.parametrize("row,field", [
    ("P\tNowhere\t\tIQ\tNineveh\tnorth\t43.2\t0", "lat"),
    ("X\tNowhere\t\tIQ\tNineveh\t36.1\t43.2\t0", "kind"),
    ("P\tNowhere\t\tIraq\tNineveh\t36.1\t43.2\t0", "cc"),
])
def test_bad_supplement_row_names_file_line_field(tmp_path, monkeypatch, row, field):
    bad = tmp_path / "places_supplement.tsv"
    bad.write_text("# header\n" + row + "\n", encoding="utf-8")
    monkeypatch.setattr(build, "SUPPLEMENT", bad)
    with pytest.raises(ValueError, match=rf"places_supplement.tsv:2: field '{field}'"):
        build.build(tmp_path / "g.sqlite")
    assert not list(tmp_path.glob("*.sqlite*"))  # a failed build leaves nothing behind


@pytest.mark.parametrize("name, cc, cutoff, limit", [
    ("Quamishli", "SY", 88.0, 3), ("Maiduguri", "NG", 88.0, 3), ("Maidugury", "NG", 80.0, 5),
    ("Kharkov", "UA", 75.0, 5), ("Springfeld", "US", 88.0, 3), ("Saint Marie", "FR", 80.0, 5),
    ("Zaporizhia", "UA", 85.0, 5), ("Mogadisho", "SO", 70.0, 5), ("Bama", "NG", 60.0, 3), ("Ab", "AF", 50.0, 3),
])
def test_fuzzy_scores_only_near_lengths_and_ranks_as_over_all_names(gaz, name, cc, cutoff, limit):
    """fuzzy scores only the keys whose length lets them reach the cutoff; it must find and rank exactly
    what scoring every name of the country finds (ties by their order in the table)."""
    from rapidfuzz import fuzz, process

    from eventwire.places.normalize import key

    rows = sqlite3.connect(gaz.path).execute("select key, place from country_names where cc = ?", (cc,)).fetchall()
    out, seen = [], set()
    if len(key(name)) >= 5:
        for _k, score, i in process.extract(key(name), [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=cutoff,
                                            limit=limit * 3):
            p = gaz.place(rows[i][1])
            if p and p.id not in seen and len(out) < limit:
                seen.add(p.id)
                out.append((p, score))
    assert gaz.fuzzy(name, cc, cutoff=cutoff, limit=limit) == out


@pytest.mark.issue(12)
def test_near_spellings_are_kept_and_a_detached_gazetteer_opens_its_file_again(gaz):
    from eventwire.places import Gazetteer

    mine = Gazetteer(gaz.path)  # its own connection and caches, not the process-wide one
    try:
        near, big = mine.fuzzy("Quamishli", "SY"), mine.fuzzy_big("Quamishli")
        assert near and big and near[0][0].cc == "SY"
        again = mine.fuzzy("Quamishli", "SY")
        assert again == near and again is not near  # a fresh list each time: callers may change theirs
        mine.detach()
        assert mine._con is None
        assert mine.fuzzy("Quamishli", "SY") == near and mine.fuzzy_big("Quamishli") == big  # from the caches
        assert mine.candidates("Mosul") == gaz.candidates("Mosul")  # a new name: the file is opened again
        assert mine._con is not None
        assert mine.fuzzy("Qamishlo", "SY") == gaz.fuzzy("Qamishlo", "SY")
    finally:
        mine.close()


@pytest.mark.issue(12)
def test_letter_prefilter_passes_over_no_key_that_reaches_the_cutoff():
    """The fuzzy lookups skip keys that share too few characters with the name to reach the cutoff
    (gazetteer._Letters); every key whose fuzz.ratio reaches it must be kept, with the same scores and order."""
    import random

    from rapidfuzz import fuzz, process

    from eventwire.places.gazetteer import _Letters

    rnd = random.Random(12)
    alphabet = "aabeeilmnorstuhkdz" + "éü'-ş"  # repeats, and characters outside a-z (counted together)
    for length in (1, 2, 5, 8, 11):
        keys = ["".join(rnd.choice(alphabet) for _ in range(length)) for _ in range(400)]
        letters = _Letters(keys, length)
        for _ in range(60):
            k = "".join(rnd.choice(alphabet) for _ in range(max(1, length + rnd.randint(-2, 2))))
            for cutoff in (50.0, 70.0, 88.0, 92.0):
                kept = set(letters.could_reach(k, cutoff))
                assert {i for i, kk in enumerate(keys) if fuzz.ratio(k, kk) >= cutoff} <= kept
                want = [(s, i) for _k, s, i in process.extract(k, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                               limit=7)]
                assert letters.extract(k, cutoff, 7) == want
    assert _Letters(["kornwald", "mosulxyz"], 8).could_reach("kornwalt", 88.0) == [0]  # it does pass some over


@pytest.mark.issue(12)
@pytest.mark.parametrize("name", ["Quamishli", "Maidugury", "Mogadishu", "Kharkov", "Zaporizhia"])
def test_fuzzy_big_finds_what_scoring_every_larger_town_finds(gaz, name):
    from rapidfuzz import fuzz, process

    from eventwire.places import Gazetteer
    from eventwire.places.normalize import key

    rows = sqlite3.connect(gaz.path).execute(
        "select cn.key, cn.place from country_names cn join places p on p.id = cn.place "
        "where p.kind = 'P' and p.pop >= 50000").fetchall()
    found = process.extract(key(name), [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=92.0, limit=None)
    want = [(score, rows[i][1]) for _k, score, i in found]  # a town may come back once for each of its names
    mine = Gazetteer(gaz.path)
    try:
        got = mine._fuzzy_big_ids(key(name), 92.0, 50_000)
    finally:
        mine.close()
    assert set(got) <= set(want) and len(got) == min(6, len(want))
    assert sorted((s for s, _ in got), reverse=True) == sorted((s for s, _ in want), reverse=True)[:6]
