"""`eventwire ingest`, `eventwire events`, `eventwire export`: the event database from the command line.

Thin: each command opens the store and calls one library function (eventwire.store, eventwire.export).
"""
from __future__ import annotations

import json
import sys

import click

from ..errors import EventwireError
from . import cli
from .options import UndatedNotice, date_option, db_option, plural, published_option
from .progress import article_progress, ready_gazetteer, say

EXIT_SKIPPED = 2


def _open(db: str, *, create: bool = True):
    """The store at `db`; the read-only commands pass create=False (a missing SQLite file is an error)."""
    from ..store import Store

    try:
        return Store.open(db, create=create)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@published_option
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="Articles per database commit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--dask", "dask_workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Extract on a local Dask cluster of N worker processes (this process stores and merges).")
@click.option("--dask-scheduler", envvar="DASK_SCHEDULER_ADDRESS", default=None, metavar="ADDRESS",
              help="Extract on the workers of a running Dask cluster (tcp://host:8786).")
def ingest(inputs, db, published, batch_size, quiet, dask_workers, dask_scheduler):
    """Extract events from articles, store them and merge reports of the same event.

    Idempotent and resumable: articles already in the database are skipped before extraction. Exit
    status 2 when some inputs could not be read (each reported as "file:line: EWxxx reason").

    Example:

        eventwire ingest reports/ feed.xml --db events.db
    """
    from ..store.ingest import ingest as run

    store = _open(db)
    ready_gazetteer(show=not quiet and sys.stderr.isatty())
    progress = None if quiet else article_progress(inputs, "ingesting")
    task = progress.tasks[0].id if progress is not None else None

    def on_error(err) -> None:
        say(progress, str(err))

    def on_article(_article) -> None:
        if progress is not None:
            progress.advance(task)

    try:
        if progress is not None:
            progress.start()
        summary = run(store, inputs, batch_size=batch_size, published=published, on_error=on_error,
                      on_article=on_article, dask_workers=dask_workers, dask_scheduler=dask_scheduler,
                      on_read=UndatedNotice(lambda line: say(progress, line)) if published is None else None)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress is not None:
            progress.stop()
        counts = store.counts()
        store.close()
    click.echo(f"{plural(summary.added, 'article')} added, {summary.skipped} already stored, "
               f"{plural(summary.mentions, 'mention')}, {plural(summary.events_created, 'new event')}; database: "
               f"{plural(counts['articles'], 'article')}, {plural(counts['events'], 'event')}", err=True)
    if summary.errors:
        sys.exit(EXIT_SKIPPED)


def _near(_ctx, _param, value):
    if value is None:
        return None
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter("expected LAT,LON,KM, e.g. 11.85,13.16,50") from None
    return lat, lon, km


TABLE_COLUMNS = (("event id", "event_id"), ("date", "event_date"), ("event type", "event_type"),
                 ("sub-event type", "sub_event_type"), ("location", "location"), ("country", "iso3"),
                 ("actor 1", "actor1"), ("fatalities", "fatalities"), ("sources", "mentions"))


@cli.command()
@db_option
@click.option("--country", metavar="COUNTRY", help="ISO3 code or country name.")
@click.option("--type", "event_type", metavar="TYPE", help="ACLED event type, e.g. 'Battles'.")
@date_option("--since", help="Events on or after this date.")
@date_option("--until", help="Events on or before this date.")
@click.option("--near", callback=_near, metavar="LAT,LON,KM", help="Events within KM kilometres of a point.")
@click.option("--min-fatalities", type=click.IntRange(min=0), metavar="N", help="At least this many reported deaths.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, metavar="N",
              help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def events(db, country, event_type, since, until, near, min_fatalities, limit, fmt):
    """List merged events, newest first.

    Example:

        eventwire events --db events.db --country NGA --since 2024-01-01 --min-fatalities 10
    """
    from ..store import EventFilter

    flt = EventFilter(country=country, event_type=event_type, since=since.date() if since else None,
                      until=until.date() if until else None, near=near, min_fatalities=min_fatalities)
    store = _open(db, create=False)
    try:
        rows, total = store.events(flt, limit=limit)
    finally:
        store.close()
    out = click.get_text_stream("stdout")
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*(h for h, _ in TABLE_COLUMNS), title=f"{len(rows)} of {plural(total, 'event')}")
    for row in rows:
        table.add_row(*("" if row[f] is None else str(row[f]) for _, f in TABLE_COLUMNS))
    Console(file=out, width=None if out.isatty() else 200).print(table)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "geojson", "jsonl"]), required=True)
@click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="Where to write (default: stdout).")
def export(db, fmt, output):
    """Write every event in the database as ACLED CSV, GeoJSON or JSON Lines.

    Example:

        eventwire export --db events.db --format geojson --output events.geojson
    """
    from .. import export as exporters

    store = _open(db, create=False)
    try:
        with click.open_file(output, "w", encoding="utf-8", lazy=False) as out:
            n = exporters.write(fmt, store.iter_events(), out)
    finally:
        store.close()
    click.echo(f"{plural(n, 'event')} written", err=True)
