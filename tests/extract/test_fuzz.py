"""Fuzz: 5,000 generated and mutated reports through the whole extractor (reader, spaCy, extraction, places,
dates), zero crashes (issue 10 section 1).

Reports are built from templates of how violence and protest are reported, with place names drawn from the
gazetteer at every level and kind (towns P, regions above provinces A0, provinces A1, districts A2,
sub-districts A3, countries C), numbers and dates of every shape, then mutated: odd Unicode, junk lines,
shouting, lost punctuation, repeated sentences, truncation mid-word. Deterministic (fixed seed), so a
failure is reproducible from the id it names.
"""
from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta

import pytest

from eventwire import pipeline, taxonomy
from eventwire.ingest import read_inputs
from eventwire.places.gazetteer import gazetteer

N_REPORTS = 5_000
SEED = 20240604
KINDS = ("P", "A0", "A1", "A2", "A3", "C")

ACTORS = ["Gunmen", "Suspected militants", "Soldiers", "Police", "Unidentified attackers", "Rebels", "A mob",
          "Security forces", "Bandits", "Fighters of an armed group", "Protesters", "Rioters", "Government troops",
          "The army", "Jihadists", "An armed gang", "Villagers", "Students", "A suicide bomber", "Drones"]
HARM = ["killed", "shot dead", "wounded", "abducted", "kidnapped", "attacked", "ambushed", "beheaded", "injured",
        "detained", "arrested", "clashed with", "fired on", "shelled", "bombed", "stormed", "raided", "torched"]
VICTIMS = ["villagers", "civilians", "soldiers", "police officers", "worshippers", "farmers", "students",
           "children", "people", "members of a militia", "traders", "fishermen", "pilgrims", "miners", "protesters"]
NUMBERS = ["0", "1", "2", "seven", "12", "dozens of", "hundreds of", "at least 40", "more than 1,000", "1.5 million",
           "between 10 and 15", "-3", "99999999999999999999999", "three hundred and twelve", "½", "٣", "10^9",
           "twenty-one", "some", "a", "several", "0.5", "1e6", "12,000", "nearly two dozen", "scores of"]
DATE_WORDS = ["on Monday", "late on Tuesday", "yesterday", "last week", "on 12 May 2023", "on 2023-05-12",
              "on May 12", "on 31/12/9999", "on 30 February", "overnight", "on the 31st", "in March", "on 1 Jan 1",
              "early Sunday", "on Friday night", "two days ago", "this morning", "on 7/11", "in 2019", "on 29.02.2023",
              "last month", "on Christmas Day", "at dawn", "on 0/0/0000", "in the year 3000", "since January"]
TEMPLATES = [
    "{actor} {harm} {num} {victims} in {p1} on {date}, officials said.",
    "{p1}: {num} {victims} were {harm} when {actor} attacked {p2}, {p3}, {date}.",
    "Several thousand {victims} marched through {p1} ({p2}, {p3}) {date} to protest against rising prices.",
    "An air strike hit a market in {p1} district near {p2} {date}, killing {num} people, residents said.",
    "{p1} police said {num} people were arrested at a rally in {p2} {date}.",
    "A roadside bomb exploded in {p1} province {date}. {num} {victims} died. The {p2} government blamed {actor}.",
    "{actor} took control of {p1} after heavy fighting with {actor2} {date}, a spokesman told reporters in {p2}.",
    "Residents of {p1}, in {p2}'s {p3} region, said {actor} {harm} {num} {victims} {date}.",
    "The death toll from {date}'s attack in {p1} rose to {num}, the {p2} health ministry said.",
    "In {p1} and {p2}, {actor} {harm} {num} {victims}; in {p3}, {num2} more were {harm2}.",
    "{date} — {p1} — {actor} {harm} {num}.",
    "Clashes between {actor} and {actor2} in {p1} left {num} dead and {num2} injured {date}.",
    "A court in {p1} sentenced {num} {victims} over a riot in {p2} {date}.",
    "Shelling of {p1} continued for a third day, {p2} officials said; {num} {victims} have been killed since {date}.",
]
JUNK = ["Share this: Facebook Twitter WhatsApp", "Advertisement", "Photo: AFP / Getty Images", "Read more:",
        "|||", "<div class='x'>", "Related: Ten things to know", "Subscribe to our newsletter", "© 2024",
        "&nbsp;&amp;", "date 2024-06-03", "Updated 3 hours ago", ">>>", "• • •", "LIVE", "\t\t", "#", "%%%%"]
ODD = ["\u200f", "\u200e", "\u200b", "\u202e", "\ufeff", "\u2028", "\u0301\u0301\u0301", "\U0001F525", "\u00a0",
       "\ud800", "\u0000", "ﬁ", "İ", "ß", "Ⅻ", "𝟕", "\u061c", "\u3000", "…", "“", "”", "’", "‐", "\x85"]


def _names(rng: random.Random) -> dict[str, list[str]]:
    """Place names of every kind from the gazetteer (a seeded sample of the many towns and districts)."""
    con = sqlite3.connect(f"file:{gazetteer().path}?mode=ro", uri=True)
    try:
        out = {}
        for kind in KINDS:
            names = [r[0] for r in con.execute("select name from places where kind = ? order by id", (kind,))]
            out[kind] = rng.sample(names, min(len(names), 400))
    finally:
        con.close()
    return out


def _place(rng: random.Random, names: dict[str, list[str]]) -> str:
    name = rng.choice(names[rng.choice(KINDS)])
    return rng.choice([name, name, name.upper(), name.lower(), f"{name} city", f"the {name} area", f"{name}'s"])


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(4)):
        how = rng.randrange(8)
        if how == 0:  # odd Unicode somewhere
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(ODD) + text[at:]
        elif how == 1:  # a junk line before, between or after
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(JUNK))
            text = "\n".join(lines)
        elif how == 2:
            text = text.upper()
        elif how == 3:
            text = text.replace(".", "").replace(",", "")
        elif how == 4:  # a sentence told twice
            text = f"{text} {text[: rng.randrange(len(text) + 1)]}"
        elif how == 5:  # cut mid-word, as scrapers do
            text = text[: max(1, rng.randrange(len(text) + 1))]
        elif how == 6:
            text = text.replace(" ", rng.choice(["  ", "\n", "\t", " \n\n "]))
        else:
            text = rng.choice(["BREAKING: ", "UPDATE 2-", "(Reuters) - ", "", "Looting: "]) + text
    return text


def _reports(rng: random.Random, names: dict[str, list[str]]):
    for i in range(N_REPORTS):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            sentences.append(rng.choice(TEMPLATES).format(
                actor=rng.choice(ACTORS), actor2=rng.choice(ACTORS), harm=rng.choice(HARM), harm2=rng.choice(HARM),
                num=rng.choice(NUMBERS), num2=rng.choice(NUMBERS), victims=rng.choice(VICTIMS),
                date=rng.choice(DATE_WORDS), p1=_place(rng, names), p2=_place(rng, names), p3=_place(rng, names)))
        text = _mutate(rng, " ".join(sentences)).strip() or "x"
        published = rng.choice([None, "2024-06-04", "1800-01-01", "2199-12-31",
                                (date(2000, 1, 1) + timedelta(days=rng.randrange(9000))).isoformat()])
        yield {"id": f"fuzz-{i}", "text": text, "published": published,
               "outlet": rng.choice([None, "ledger.example", "https://news.example/a"]),
               "title": rng.choice([None, sentences[0][:60]])}


@pytest.mark.issue(10)
def test_thousands_of_generated_and_mutated_reports_extract_without_a_crash(tmp_path):
    rng = random.Random(SEED)
    names = _names(rng)
    assert all(names[k] for k in KINDS), "the gazetteer has places of every kind"
    src = tmp_path / "fuzz.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for row in _reports(rng, names):
            fh.write(json.dumps(row) + "\n")

    errors = []
    articles = list(read_inputs([str(src)], on_error=errors.append))
    assert errors == [] and len(articles) == N_REPORTS
    texts = {a.id: a.text for a in articles}
    done = list(pipeline.extract(articles, batch_size=64, on_error=errors.append))

    assert errors == [], "\n".join(f"{e}\n    text: {texts.get(e.reason.split()[4].rstrip(':'))!r}"
                                   for e in errors[:10])
    assert len(done) == N_REPORTS
    tax = taxonomy.load()
    mentions = [m for _a, ms in done for m in ms]
    assert len(mentions) > N_REPORTS // 2  # the reports do describe events: the extractor was exercised
    for m in mentions:
        assert tax.type_of(m.sub_event_type) == m.event_type
        assert all(0 <= e.start <= e.end <= len(texts[m.article_id]) for e in m.evidence)
        assert m.fatalities is None or m.fatalities >= 0
