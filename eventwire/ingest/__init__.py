"""Reading articles from files: one module per source format, each yielding records.Article.

    read_inputs(paths, on_error=..., published=None) -> Iterator[Article]

Formats (sources.READERS): .txt, .html/.htm, .jsonl/.json (contract Article records), RSS/Atom
(.xml/.rss/.atom), web archives (.warc/.warc.gz), directories (recursive, sorted) and "-" for JSON Lines
on standard input. Everything streams: one file, line or archive record at a time.

Bad input never stops a batch: each unreadable file, line or record becomes an ErrorRecord (codes EW1xx
in eventwire.errors) passed to `on_error`, and reading goes on. Limits are in ingest.limits.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import BinaryIO

from ..errors import InputError, message
from ..records import Article, ErrorRecord
from .sources import STDIN, expand, reader_for, suffix_of

__all__ = ["read_inputs", "estimate_count", "STDIN"]

log = logging.getLogger(__name__)


def read_inputs(paths: Sequence[str], *, on_error: Callable[[ErrorRecord], None], published: date | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Article]:
    """Every article in `paths`, in order; `published` is the date for articles that carry none.

    `stdin` is the binary stream read for "-" (default: the process's standard input).
    """
    for path in expand(paths, on_error=on_error):
        try:
            reader = reader_for(path)
            if path == STDIN:
                items = reader(stdin or sys.stdin.buffer, source=STDIN, published=published)
            else:
                items = reader(path, published=published)
            for item in items:
                if isinstance(item, ErrorRecord):
                    log.debug("skipped %s", item)
                    on_error(item)
                else:
                    yield item
        except InputError as exc:
            on_error(ErrorRecord(source=path, line=getattr(exc, "line", None), code=exc.code, reason=exc.reason))
        except OSError as exc:
            on_error(ErrorRecord(source=path, line=None, code="EW109",
                                 reason=message("EW109", detail=exc.strerror or exc.__class__.__name__)))


def estimate_count(paths: Sequence[str]) -> int | None:
    """How many articles `paths` hold, cheaply (for a progress bar's ETA); None when it cannot be told
    without parsing (feeds, archives, .json, standard input)."""
    total = 0
    for path in expand(paths, on_error=lambda _err: None):
        suffix = suffix_of(path) if path != STDIN else None
        if suffix in (".txt", ".html", ".htm"):
            total += 1
        elif suffix == ".jsonl":
            total += _lines(path)
        elif suffix is not None or path == STDIN:
            return None
    return total


def _lines(path: str) -> int:
    from .jsonl import count_lines

    try:
        return count_lines(path)
    except OSError:
        return 0

