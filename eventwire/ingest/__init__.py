"""Reading articles from files: one module per source format, each yielding records.Article.

    read_inputs(paths, on_error=..., published=None) -> Iterator[Article]

Formats (sources.READERS): .txt, .html/.htm, .jsonl/.json (contract Article records), RSS/Atom
(.xml/.rss/.atom), web archives (.warc/.warc.gz), directories (recursive, sorted) and "-" for JSON Lines
on standard input. Everything streams: one file, line or archive record at a time.

Bad input never stops a batch: each unreadable file, line or record becomes an ErrorRecord (codes EW1xx
in eventwire.errors) passed to `on_error`, and reading goes on; so does a bug in a reader (EW502, that
file skipped). Limits are in ingest.limits: every article's text is cut to MAX_TEXT_CHARS (EW120), and
its strings made storable (NUL and lone surrogates become U+FFFD, offsets unchanged).
"""
from __future__ import annotations

import dataclasses
import logging
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import BinaryIO

from ..errors import InputError, describe, message
from ..records import Article, ErrorRecord
from . import limits
from .sources import STDIN, expand, reader_for, suffix_of

__all__ = ["read_inputs", "estimate_count", "article_error", "STDIN"]

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
                    yield _admitted(item, on_error)
        except InputError as exc:
            on_error(ErrorRecord(source=path, line=getattr(exc, "line", None), code=exc.code, reason=exc.reason))
        except OSError as exc:
            on_error(ErrorRecord(source=path, line=None, code="EW109",
                                 reason=message("EW109", detail=exc.strerror or exc.__class__.__name__)))
        except Exception as exc:  # noqa: BLE001  a bug in a reader: this file is skipped, the run goes on
            log.info("%s: reader failed", path, exc_info=True)
            on_error(ErrorRecord(source=path, line=None, code="EW502", reason=message("EW502", reason=describe(exc))))


def _admitted(article: Article, on_error: Callable[[ErrorRecord], None]) -> Article:
    """The article with storable strings and its text within MAX_TEXT_CHARS (EW120 when cut)."""
    fixed = {}
    for name in ("text", "title", "url", "outlet"):
        value = getattr(article, name)
        if value is not None and (clean := limits.storable(value)) is not value:
            fixed[name] = clean
    if len(fixed.get("text", article.text)) > limits.MAX_TEXT_CHARS:
        fixed["text"] = limits.cap_text(fixed.get("text", article.text))
        on_error(article_error(article, "EW120", limit=limits.MAX_TEXT_CHARS, kept=len(fixed["text"])))
    return dataclasses.replace(article, **fixed) if fixed else article


_LINE = re.compile(r"(.*):(\d+)")


def article_error(article: Article, code: str, **kwargs) -> ErrorRecord:
    """An error about one article, naming its input and line ("file.jsonl:12") as readers record them."""
    where = _LINE.fullmatch(article.source or "")
    source, line = (where[1], int(where[2])) if where else (article.source or article.id, None)
    return ErrorRecord(source=source, line=line, code=code, reason=message(code, **kwargs))


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
    except (OSError, InputError):  # reading it will report why
        return 0

