"""Plain-text articles: the first non-empty line is the title, the rest is the text.

A file with a single non-empty line is all text and has no title. The id is a content hash of the whole
file (Article.content_id), not the file name: the same report saved twice under two names is one article,
and ids do not depend on where a corpus was unpacked.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..errors import InputError
from ..records import Article
from . import limits


def read(path: str, *, published: date | None = None) -> Iterator[Article]:
    whole = limits.decode_utf8(limits.read_file(path))
    yield article_from_text(whole, source=path, published=published)


def article_from_text(whole: str, *, source: str, published: date | None = None) -> Article:
    stripped = whole.strip()
    if not stripped:
        raise InputError("EW104")
    first, _, rest = stripped.partition("\n")
    title, text = (first.strip(), rest.strip()) if rest.strip() else (None, stripped)
    return Article(id=Article.content_id(stripped), text=text, title=title, published=published, source=source)
