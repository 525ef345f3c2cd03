"""nlp.read: the pipeline runs only on the sentences the extractor reads, and extraction gives what it
gives when every sentence is read."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

from eventwire import nlp

REPORT = ("Gunmen killed four villagers in Kornwald, Testland, on Monday, officials said. "
          "The weather in the region was mild for the season. "
          "Police fired tear gas at protesters in Eastmere on Tuesday.\n\n"
          "Markets in the capital were open as usual.")


def test_only_sentences_with_event_vocabulary_are_parsed():
    doc = next(nlp.read([REPORT]))
    assert doc.text == REPORT
    sents = list(doc.sents)
    assert [s.text.split()[0] for s in sents] == ["Gunmen", "The", "Police", "Markets"]
    assert [nlp.unread(s) for s in sents] == [False, True, False, True]
    first, calm = sents[0], sents[1]
    assert any(t.lemma_ == "kill" and t.pos_ == "VERB" for t in first) and any(t.dep_ == "nsubj" for t in first)
    assert all(t.lemma_ == "" for t in calm)  # not parsed
    assert {e.text for e in nlp.entities(doc)} >= {"Kornwald", "Monday"}
    assert all(not (calm.start_char <= e.start < calm.end_char) for e in nlp.entities(doc))


def test_extraction_reading_less_equals_reading_everything(tmp_path):
    """Bundled synthetic samples, extracted by the CLI with and without EVENTWIRE_READ_ALL."""
    lines = resources.files("eventwire").joinpath("samples/articles.jsonl").read_text("utf-8").splitlines()
    samples = tmp_path / "samples.jsonl"
    samples.write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")

    def run(read_all: bool) -> list[dict]:
        env = {"EVENTWIRE_READ_ALL": "1"} if read_all else {}

        out = subprocess.run([sys.executable, "-m", "eventwire", "extract", str(samples), "-q"], capture_output=True,
                             text=True, check=True, env={**os.environ, **env}).stdout
        return [json.loads(line) for line in out.splitlines()]

    everything, less = run(True), run(False)
    assert len(everything) >= 5 and less == everything


def test_fast_lemmas_are_the_lemmatizers_own():
    """The lemmatizer's answers are kept by word, POS and morphology: the same word read as another part of
    speech or another form gets its own lemma, and a lemma already set (by the attribute ruler) stays."""
    from spacy.tokens import Doc

    model = nlp.load()
    words = ["meeting", "meeting", "left", "left", "saw", "saw", "houses", "houses", "killed", "fell", "fell", "was"]
    pos = ["NOUN", "VERB", "VERB", "ADJ", "VERB", "NOUN", "NOUN", "VERB", "VERB", "VERB", "PROPN", "AUX"]
    morphs = ["Number=Sing", "Aspect=Prog|Tense=Pres|VerbForm=Part", "Tense=Past|VerbForm=Fin", "Degree=Pos",
              "Tense=Past|VerbForm=Fin", "Number=Sing", "Number=Plur", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
              "Tense=Past|VerbForm=Part", "", "", "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"]
    lemmas = [""] * 11 + ["be-set-before"]

    def doc():
        return Doc(model.vocab, words=words, pos=pos, morphs=morphs, lemmas=lemmas)

    fast = nlp._fast_lemmas("lemmatizer")
    assert fast is not None
    want = [t.lemma_ for t in model.get_pipe("lemmatizer")(doc())]
    assert want[:3] == ["meeting", "meet", "leave"] and want[-3:] == ["fall", "fell", "be-set-before"]
    assert [t.lemma_ for t in fast(doc())] == want
    assert [t.lemma_ for t in fast(doc())] == want  # answered from what it kept


def test_the_pipeline_annotates_as_spacy_ships_it():
    """eventwire's pipeline multiplies matrices with numpy's BLAS (nlp.load), spaCy's shipped one with BLIS:
    the same tags, lemmas, parses and entities on every token, read whole."""
    import spacy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    texts = ["An air strike hit a market in the town of Eastmere on Friday, killing at least 15 people, "
             "according to local health officials. The army said it targeted a rebel command post.",
             "Several thousand teachers marched through the centre of Norville on Tuesday to demand unpaid wages."]
    shipped = spacy.load(os.environ.get("EVENTWIRE_SPACY_MODEL") or nlp.DEFAULT_MODEL, exclude=list(nlp._UNUSED))
    ours = nlp.load()
    assert [p for p in ours.pipe_names if p != "eventwire_line_breaks"] == shipped.pipe_names
    attrs = [HEAD, DEP, TAG, POS, MORPH, LEMMA, ENT_IOB, ENT_TYPE]
    for text in texts:
        # (eventwire's own line-break rule has nothing to do here: these texts have no line break)
        assert ours(text).to_array(attrs).tolist() == shipped(text).to_array(attrs).tolist()


def test_fast_attribute_rules_are_the_rulers_own():
    """The attribute ruler's rules without its Matcher, the patterns a token can start kept by its tag, word,
    dependency and spacing: the same attributes as spaCy's ruler, on a first doc and again from what it kept."""
    from spacy.attrs import LEMMA, MORPH, POS, TAG

    model = nlp.load()
    fast = nlp._fast_attributes("attribute_ruler")
    assert fast is not None
    ruler = model.get_pipe("attribute_ruler")
    texts = ["Gunmen killed four villagers in Kornwald on Monday, officials said.",
             "\"They 're nothin' but y' know...\" -- the mayor's aides (two of them) didn't say.",
             "Police fired tear gas at protesters in Eastmere; 3 were hurt."]
    attrs = [TAG, POS, MORPH, LEMMA]

    def parsed(text):
        doc = model.make_doc(text)
        for name in ("tok2vec", "tagger", "parser"):
            doc = model.get_pipe(name)(doc)
        return doc

    for text in texts * 2:  # the second round is answered from the kept rows
        assert fast(parsed(text)).to_array(attrs).tolist() == ruler(parsed(text)).to_array(attrs).tolist()
    assert fast.starting
