"""pipeline.extract on articles that break things: one article's failure is one error, the run goes on, and
no input makes it hang (issue 10 section 1, issue 13 section 2)."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from eventwire import nlp, pipeline
from eventwire.records import Article

DAY = date(2024, 6, 4)
# Clearly synthetic reports about made-up places.
ATTACK = "Gunmen killed four villagers in an attack on the village of Kornwald in Testland on Monday."
MARCH = "Several thousand teachers marched through Norville on Tuesday to demand unpaid wages."


def article(aid: str, text: str, *, source: str | None = None) -> Article:
    return Article(id=aid, text=text, published=DAY, source=source)


def run(articles):
    errors = []
    done = list(pipeline.extract(articles, on_error=errors.append))
    return done, errors


def within(seconds: float, fn):
    """fn() in a daemon thread; fails instead of hanging the suite when it takes longer than `seconds`."""
    box: dict = {}
    worker = threading.Thread(target=lambda: box.update(value=fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return box["value"]


@pytest.mark.issue(10)
def test_an_exception_extracting_one_article_is_one_error_and_the_run_goes_on(extractor_fails_on):
    extractor_fails_on("bad", KeyError("A3"))
    done, errors = run([article("a", ATTACK, source="in.jsonl:1"), article("bad", ATTACK, source="in.jsonl:2"),
                        article("c", MARCH, source="in.jsonl:3")])
    assert [a.id for a, _ in done] == ["a", "c"]
    assert all(ms for _, ms in done)
    [err] = errors
    assert str(err) == "in.jsonl:2: EW501 internal error in article bad: KeyError: 'A3'"


@pytest.mark.issue(10)
def test_a_text_the_language_pipeline_refuses_fails_alone_not_its_batch(monkeypatch):
    too_long = "word " * (nlp.load().max_length // 5 + 1)  # whole-pipeline spaCy refuses it (E088)
    real_read = nlp.read

    def refusing_read(texts, **kw):  # a language pipeline that refuses one text refuses its whole batch
        texts = list(texts)
        if too_long in texts:
            nlp.load()(too_long)
        return real_read(texts, **kw)

    monkeypatch.setattr(nlp, "read", refusing_read)
    done, errors = run([article("a", ATTACK), article("huge", too_long, source="big.jsonl:7"), article("c", MARCH)])
    assert [a.id for a, _ in done] == ["a", "c"]
    [err] = errors
    assert (err.source, err.line, err.code) == ("big.jsonl", 7, "EW501")
    assert err.reason.startswith("internal error in article huge: ValueError: [E088]")


@pytest.mark.issue(13)
def test_a_lone_surrogate_reaching_the_pipeline_is_no_error():
    text = "Gunmen killed four villagers in Kornwald \ud800 in Testland on Monday."
    done, errors = run([article("s", text)])
    assert errors == []
    [(_, mentions)] = done
    assert mentions and mentions[0].event_type == "Violence against civilians"


@pytest.mark.issue(13)
def test_a_run_of_punctuation_does_not_stall_the_tokenizer_and_offsets_keep():
    junk = "(" * 30_000
    text = f"{junk} {ATTACK}"
    done, errors = within(60, lambda: run([article("p", text)]))
    assert errors == []
    [(_, mentions)] = done
    [mention] = mentions
    quoted = {e.field: text[e.start:e.end] for e in mention.evidence}
    assert (quoted["actor1"], quoted["fatalities"], quoted["event_date"]) == ("Gunmen", "four", "Monday")


@pytest.mark.issue(13)
def test_many_short_sentences_take_linear_not_quadratic_time():
    # 6,000 sentences: quadratic work (doc.text rebuilt per sentence) took about two minutes here.
    text = "Two died. " * 6_000
    done, errors = within(60, lambda: run([article("many", text)]))
    assert errors == [] and len(done) == 1


def test_clean_breaks_long_punctuation_runs_and_keeps_every_offset():
    text = "Riot police " + "(!" * 50 + " arrived \ud800 in Norville."
    cleaned = nlp.clean(text)
    assert cleaned == "Riot police " + "(!" * 16 + " " * 68 + " arrived \ufffd in Norville."
    assert nlp.clean(ATTACK) is ATTACK  # ordinary text is left alone


def test_a_short_punctuation_run_is_left_alone():
    text = "Prices rose -- again ---------- said the ministry ?!?!"
    assert nlp.clean(text) == text


@pytest.mark.issue(12)
def test_a_caller_that_reads_only_mentions_gets_no_report_for_an_article_without_events():
    from eventwire import scale
    from eventwire.records import SourceReport

    calm = "The Testland football league announced its new season schedule on Monday, officials said."
    articles = [article("a", ATTACK), article("calm", calm)]
    full = list(scale.run(articles))
    lean = list(scale.run(articles, reports=False))
    assert [(a.id, bool(ms), type(r)) for a, ms, r in full] == [("a", True, SourceReport), ("calm", False, SourceReport)]
    assert [(a.id, r) for a, _, r in lean][1] == ("calm", None)
    # An article with events is assessed either way: the same mentions, sources and report.
    assert lean[0][1] == full[0][1] and lean[0][2] == full[0][2]
    assert [ms for _, ms in pipeline.extract(articles)] == [ms for _, ms, _ in full]
