"""`eventwire ingest`, `eventwire events`, `eventwire export`: the event database from the command line.

Thin: each command opens the store and calls one library function (eventwire.store, eventwire.export).
"""
from __future__ import annotations

import json
import sys

import click

from ..errors import EventwireError
from . import cli

DEFAULT_DB = "eventwire.db"
EXIT_SKIPPED = 2


def db_option(func):
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="EVENTWIRE_DB",
                        help="Database URL (sqlite:///file.db, postgresql://user@host:port/db) or a SQLite file path.")(func)


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
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Articles per database commit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(inputs, db, published, batch_size, quiet):
    """Extract events from articles, store them and merge reports of the same event.

    Idempotent and resumable: articles already in the database are skipped before extraction. Exit
    status 2 when some inputs could not be read (each reported as "file:line: EWxxx reason").

    Example:

        eventwire ingest reports/ feed.xml --db events.db
    """
    from ..store.ingest import ingest as run

    store = _open(db)
    progress = None if quiet else _progress(inputs)
    task = progress.tasks[0].id if progress is not None else None

    def on_error(err) -> None:
        if progress is not None:
            progress.console.print(str(err), markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(str(err), err=True)

    def on_article(_article) -> None:
        if progress is not None:
            progress.advance(task)

    try:
        if progress is not None:
            progress.start()
        summary = run(store, inputs, batch_size=batch_size, published=published.date() if published else None,
                      on_error=on_error, on_article=on_article)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if progress is not None:
            progress.stop()
        counts = store.counts()
        store.close()
    click.echo(f"{summary.added} articles added, {summary.skipped} already stored, {summary.mentions} mentions, "
               f"{summary.events_created} new events; database: {counts['articles']} articles, "
               f"{counts['events']} events", err=True)
    if summary.errors:
        sys.exit(EXIT_SKIPPED)


def _progress(inputs):
    """Articles done, rate and (when the total can be told cheaply) ETA, on stderr."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    from ..ingest import estimate_count

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "? articles/s")

    progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                        console=Console(stderr=True))
    progress.add_task("ingest", total=estimate_count(inputs))
    return progress


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
@click.option("--country", help="ISO3 code or country name.")
@click.option("--type", "event_type", help="ACLED event type, e.g. 'Battles'.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events on or after this date.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events on or before this date.")
@click.option("--near", callback=_near, help="LAT,LON,KM: events within KM of a point.")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many reported deaths.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
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

    table = Table(*(h for h, _ in TABLE_COLUMNS), title=f"{len(rows)} of {total} events")
    for row in rows:
        table.add_row(*("" if row[f] is None else str(row[f]) for _, f in TABLE_COLUMNS))
    Console(file=out, width=None if out.isatty() else 200).print(table)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "geojson", "jsonl"]), required=True)
@click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True),
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
    click.echo(f"{n} events written", err=True)
