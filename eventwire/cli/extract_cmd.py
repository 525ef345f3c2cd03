"""`eventwire extract`: articles in, one JSON line per event mention out."""
from __future__ import annotations

import json
import sys

import click

from .. import pipeline
from ..records import Article
from . import cli


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Where to write (default stdout).")
def extract(inputs, output):
    """Extract ACLED-coded event mentions from articles.

    Example:

        eventwire extract reports/ --output mentions.jsonl
    """
    def read():
        for path in inputs:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        r = json.loads(line)
                        from datetime import date
                        pub = date.fromisoformat(r["published"][:10]) if r.get("published") else None
                        yield Article(id=str(r["id"]), text=r["text"], published=pub, title=r.get("title"), outlet=r.get("outlet"), url=r.get("url"))
    for _article, ms in pipeline.extract(read()):
        for m in ms:
            output.write(json.dumps(m.to_contract(), ensure_ascii=False) + "\n")
