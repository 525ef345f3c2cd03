"""`eventwire assess`: articles in, one JSON line per article out: its opinion sentences, loaded terms,
cited sources and figures (eventwire.assess; records.SourceReport.to_json gives the shape)."""
from __future__ import annotations

import json
import sys

import click

from ..errors import ResolveError, message
from ..ingest import read_inputs
from ..records import ErrorRecord
from . import cli
from .options import published_option
from .progress import article_progress

EXIT_SKIPPED = 2


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", default="-", type=click.File("w", encoding="utf-8", lazy=False), metavar="FILE",
              help="Where to write the assessments (default: stdout).")
@published_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, metavar="N",
              help="Articles per language-pipeline batch.")
def assess(inputs, output, published, quiet, batch_size):
    """Assess each article's sources and voice: who it cites, which of its sentences are the outlet's
    opinion, which of its words are loaded.

    Writes one JSON line per article: {"article_id", "opinion": [{start, end}], "loaded": [{start, end,
    category}], "attributions": [{start, end, holder, holder_kind}], "figures": {opinion_share,
    loaded_per_1000_words, unattributed_tolls}}; offsets index the article's text. INPUT is read as by
    `eventwire extract`. Exit status 2 when some inputs were skipped (each reported as "file:line: EWxxx reason").

    Example:

    \b
        eventwire assess reports/ --output assessments.jsonl
    """
    from .. import pipeline

    stderr = click.get_text_stream("stderr")
    progress = article_progress(inputs, "assessing") if not quiet and stderr.isatty() else None
    skipped: list[ErrorRecord] = []

    def on_error(err: ErrorRecord) -> None:
        skipped.append(err)
        if progress is not None:
            progress.console.print(str(err), markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(str(err), err=True)

    articles = read_inputs(inputs, on_error=on_error, published=published,
                           stdin=click.get_binary_stream("stdin"))
    try:
        if progress is not None:
            progress.start()
        for article, report in pipeline.reports(articles, batch_size=batch_size):
            if isinstance(report, Exception):
                on_error(ErrorRecord(source=article.source or article.id, line=None, code="EW401",
                                     reason=message("EW401", detail=f"{type(report).__name__}: {report}")))
            else:
                output.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
            if progress is not None:
                progress.advance(progress.tasks[0].id)
    except ResolveError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress is not None:
            progress.stop()
    output.flush()
    if skipped:
        sys.exit(EXIT_SKIPPED)
