"""Command-line interface: a thin layer over the library. Each command lives in its own module."""
from __future__ import annotations

import logging

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
def cli(verbose: bool) -> None:
    """eventwire: news reports of political violence and protest in, evidence-linked event records out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _register() -> None:
    # Imported for their side effect of adding commands to `cli`.
    from . import assess_cmd, db_cmd, extract_cmd, places_cmd, serve_cmd, watch_cmd  # noqa: F401


def main() -> None:
    _register()
    cli()
