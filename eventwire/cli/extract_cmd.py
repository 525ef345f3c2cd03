"""`eventwire extract`: articles in, one JSON line (or table row) per event mention out.

Reading is eventwire.ingest.read_inputs, extraction eventwire.pipeline.extract (through
eventwire.scale.run, for --triage and --dask); this module only wires them to files and the terminal.
Errors go to stderr (and --errors FILE) one per line as "file:line: EWxxx reason"; the exit status is 2
when any input was skipped.
"""
from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack

import click

from .. import scale
from ..errors import ResolveError
from ..ingest import read_inputs
from ..records import ErrorRecord, Mention
from . import cli
from .options import UndatedNotice, published_option
from .progress import article_progress, ready_gazetteer, say

EXIT_SKIPPED = 2
# Columns of --format table: (header, contract field).
TABLE_COLUMNS = (
    ("article", "article_id"), ("event type", "event_type"), ("sub-event type", "sub_event_type"),
    ("date", "event_date"), ("location", "location"), ("country", "country"), ("actor 1", "actor1"),
    ("actor 2", "actor2"), ("fatalities", "fatalities"), ("claim status", "claim_status"), ("sources", "attribution"),
)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", default="-", type=click.File("w", encoding="utf-8", lazy=False), metavar="FILE",
              help="Where to write mentions (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one contract mention per line; table: a readable table.")
@published_option
@click.option("--errors", "errors_file", type=click.File("w", encoding="utf-8", lazy=False), default=None,
              metavar="FILE", help="Also write each input error, one per line, to this file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True, metavar="N",
              help="Articles per language-pipeline batch.")
@click.option("--triage", is_flag=True,
              help="Skip, before spaCy, articles with none of the extractor's event vocabulary (faster on general news).")
@click.option("--dask", "dask_workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Run extraction on a local Dask cluster of N worker processes.")
@click.option("--dask-scheduler", envvar="DASK_SCHEDULER_ADDRESS", default=None, metavar="ADDRESS",
              help="Run extraction on the workers of a running Dask cluster (tcp://host:8786).")
def extract(inputs, output, fmt, published, errors_file, quiet, batch_size, triage, dask_workers, dask_scheduler):
    """Extract ACLED-coded event mentions from articles.

    INPUT is a .txt, .html/.htm, .jsonl/.json, RSS/Atom (.xml/.rss/.atom) or WARC (.warc/.warc.gz) file,
    a directory (read recursively), or - for JSON Lines on stdin. Exit status: 0 when every input was
    read, 2 when some were skipped (each reported as "file:line: EWxxx reason").

    Example:

    \b
        eventwire extract reports/ feed.xml --output mentions.jsonl --errors skipped.txt
    """
    _quiet_parser_logs()
    stderr = click.get_text_stream("stderr")
    show_progress = not quiet and stderr.isatty()
    with ExitStack() as stack:
        out = output  # click opened --output and --errors (a bad path is a usage error naming the option)
        ready_gazetteer(show=show_progress)
        progress = stack.enter_context(article_progress(inputs, "extracting")) if show_progress else None
        skipped: list[ErrorRecord] = []

        def on_error(err: ErrorRecord) -> None:
            skipped.append(err)
            line = str(err)
            say(progress, line)
            if errors_file is not None:
                errors_file.write(line + "\n")
                errors_file.flush()

        articles = read_inputs(inputs, on_error=on_error, published=published, stdin=click.get_binary_stream("stdin"))
        if published is None:
            articles = _noticing(articles, UndatedNotice(lambda line: say(progress, line)))
        sink = _TableSink(out) if fmt == "table" else _JsonlSink(out)
        def done(_article) -> None:  # extracted, or skipped by triage: either way one more is done
            if progress is not None:
                progress.advance(progress.tasks[0].id)

        if dask_workers or dask_scheduler:
            import distributed  # noqa: F401  (imported now so its log levels can be lowered below)

            _quiet_parser_logs()
        try:
            for article, mentions, _report in scale.run(articles, triage=triage, workers=dask_workers,
                                                        scheduler=dask_scheduler, batch_size=batch_size,
                                                        on_skip=done, on_error=on_error, reports=False):
                sink.write(mentions)
                done(article)
        except ResolveError as exc:
            raise click.ClickException(str(exc)) from exc
        sink.close()
    if skipped:
        sys.exit(EXIT_SKIPPED)


def _noticing(articles, notice):
    for article in articles:
        notice(article)
        yield article


# Libraries that log routine events on stderr, where only EWxxx lines belong: the HTML parsers log
# ordinary bad input at ERROR (the EWxxx line already says it), Dask logs its cluster's life at INFO.
NOISY_LOGGERS = {"trafilatura": logging.CRITICAL, "htmldate": logging.CRITICAL, "courlan": logging.CRITICAL,
                 "charset_normalizer": logging.CRITICAL, "distributed": logging.WARNING}


def _quiet_parser_logs() -> None:
    # Kept under --verbose (root at INFO), where their detail can help explain an EW112.
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        for name, level in NOISY_LOGGERS.items():
            logging.getLogger(name).setLevel(level)


class _JsonlSink:
    def __init__(self, out) -> None:
        self.out = out

    def write(self, mentions: list[Mention]) -> None:
        for m in mentions:
            self.out.write(json.dumps(m.to_contract(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class _TableSink:
    """Rows are kept until the end: a table is for reading by a person, so runs that use it are small."""

    def __init__(self, out) -> None:
        from rich.table import Table

        self.out = out
        self.table = Table(*(header for header, _ in TABLE_COLUMNS), title="Event mentions")

    def write(self, mentions: list[Mention]) -> None:
        for m in mentions:
            row = m.to_contract()
            row["attribution"] = "; ".join(f"{a['holder']} ({a['holder_kind']})" for a in row["attribution"]) or None
            self.table.add_row(*("" if row[f] is None else str(row[f]) for _, f in TABLE_COLUMNS))

    def close(self) -> None:
        from rich.console import Console

        Console(file=self.out, width=160 if not self.out.isatty() else None).print(self.table)
