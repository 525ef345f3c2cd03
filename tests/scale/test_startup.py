"""What a process pays before its first article (issue 12, speed): the `--dask N` driver never imports spaCy,
the local cluster's workers come up with the language pipeline already loaded, and patterns that are
rarely needed are compiled when they are."""
from __future__ import annotations

import subprocess
import sys

import pytest

from eventwire.scale import triage

VIOLENT = ("Gunmen killed four villagers and abducted two women in an attack on a market in Kornwald on Monday, "
           "police said. The attackers burned several houses before fleeing into the forest.")


@pytest.mark.issue(12)
def test_triage_and_the_dask_driver_do_not_import_spacy():
    """The driver of `extract --triage --dask N` reads and triages articles, and hands them to workers: it has
    no use for spaCy (about 0.8 s of CPU to import)."""
    code = ("import sys\n"
            "from eventwire.cli import _register; _register()\n"
            "import eventwire.scale.dask_runner, eventwire.nlp, eventwire.pipeline\n"
            "from eventwire.scale import triage\n"
            f"assert triage.is_relevant({VIOLENT!r})\n"
            "print(sorted(m for m in ('spacy', 'thinc', 'dateparser') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.issue(12)
def test_article_doc_is_made_on_first_use_and_keeps_its_text():
    from eventwire import nlp

    doc = next(iter(nlp.read([VIOLENT])))
    assert isinstance(doc, nlp.ArticleDoc) and type(doc).__name__ == "ArticleDoc"
    assert doc.text == VIOLENT and doc.text_with_ws == VIOLENT
    assert any(t.dep_ == "ROOT" for t in doc) and any(e.label_ for e in doc.ents)


@pytest.mark.issue(12)
def test_cues_compile_their_any_case_pattern_only_for_text_that_needs_it():
    vocab = triage.vocabulary()
    cues = triage.Cues.__new__(triage.Cues)  # a fresh one, to see when its pattern is compiled
    cues.__init__(_lexicon(), ["attack"])
    assert cues._any_case is None
    text = "İSTANBUL: gunmen opened fire in an ATTACK on a café."  # a dotted capital I: no letter-for-letter lower case
    assert triage.fold(text) is None
    found = [m.span() for m in cues.finditer(text, triage.fold(text))]
    assert cues._any_case is not None and found
    assert found == [m.span() for m in cues._any_case.finditer(text)]
    assert vocab.reports.search(text, None)  # the shared vocabulary's scans take the same path


def _lexicon():
    from eventwire.extract import lexicon

    return lexicon.load()


@pytest.mark.issue(12)
def test_local_cluster_workers_start_with_the_pipeline_loaded():
    """`--dask N` forks its workers from a server that loaded the pipeline (eventwire/scale/preload.py): a
    worker has the model before its first batch, and holds no gazetteer connection it did not open itself."""
    from eventwire.scale import dask_runner

    def state():
        import sys as worker_sys

        from eventwire import nlp
        from eventwire.places import gazetteer as _unused  # noqa: F401

        gaz = worker_sys.modules["eventwire.places.gazetteer"]._instance
        return ("eventwire.scale.preload" in worker_sys.modules, nlp.load.cache_info().currsize,
                gaz is not None and gaz._con is None, bool(gaz and gaz._big_by_len))

    with dask_runner.client_for(workers=1) as client:
        (loaded, models, detached, big_towns), = client.run(state).values()
        assert (loaded, models, detached, big_towns) == (True, 1, True, True)
        article = _article()
        done, failed = client.submit(dask_runner._extract_batch, [article], pure=False).result()
    assert not failed and [a.id for a, _m, _r in done] == ["w1"] and done[0][1]


def _article():
    from datetime import date

    from eventwire.records import Article

    return Article(id="w1", text=VIOLENT, published=date(2024, 6, 4))


@pytest.mark.issue(12)
def test_fork_server_preload_is_dasks_list_then_ours():
    from eventwire.scale import dask_runner

    names = dask_runner.fork_server_preload()
    assert names[0] == "distributed" and names[-1] == "eventwire.scale.preload"
    assert {"dask", "cloudpickle", "tornado"} <= set(names)  # required by distributed, so installed


FORK_SERVER_CHECK = """
import sys
import dask
from distributed.utils import get_mp_context

if {dask_first}:
    with dask.config.set({{"distributed.worker.multiprocessing-method": "forkserver"}}):
        get_mp_context()  # Dask sets its own preload list first, as any earlier cluster of this process would
from eventwire.scale import dask_runner

def missing(names):
    import sys
    return [n for n in names if n not in sys.modules]

wanted = dask_runner.fork_server_preload()
with dask_runner.client_for(workers=1) as client:
    (absent,) = client.run(missing, wanted).values()
print(absent)
"""


@pytest.mark.issue(12)
@pytest.mark.parametrize("dask_first", [False, True], ids=["fresh", "dask-set-its-list-first"])
def test_local_cluster_workers_are_forked_from_a_server_that_imported_the_preload(dask_first):
    """Whether or not Dask has already set its fork server's list in this process, a worker of `--dask N`
    starts with every module of fork_server_preload() imported (set through the public
    set_forkserver_preload, not by reading multiprocessing's private state); a worker that was not forked
    from that server would lack eventwire.scale.preload, which nothing else imports."""
    code = FORK_SERVER_CHECK.format(dask_first=dask_first)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.issue(12)
def test_local_cluster_gives_results_in_input_order_while_handing_out_batches_as_workers_finish():
    """`--dask N` hands a worker its next batch as soon as it finishes one, not when the oldest batch is done,
    and still gives every article in input order with what one process gives it: here 13 batches of one
    article, long and short ones mixed, through 2 workers (4 batches out at once)."""
    import json
    from importlib import resources

    from eventwire import pipeline
    from eventwire.records import Article
    from eventwire.scale import run

    lines = resources.files("eventwire").joinpath("samples/articles.jsonl").read_text("utf-8").splitlines()[:12]
    articles = [Article(id=row["id"], text=row["text"], title=row.get("title"))
                for row in map(json.loads, lines)] + [_article()]

    def plain(results):
        return [(a.id, [m.to_dict() if hasattr(m, "to_dict") else repr(m) for m in found]) for a, found, _r in results]

    alone = plain(pipeline.assessed(articles, reports=False))
    spread = plain(run(articles, workers=2, batch_size=1, reports=False))
    assert [a for a, _ in spread] == [a.id for a in articles]
    assert spread == alone and any(found for _, found in spread)
