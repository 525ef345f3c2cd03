"""Web archives (.warc, .warc.gz): each HTML response record is one page, read like an .html file.

Records are streamed by warcio one at a time. Records that are not successful HTML responses (requests,
metadata, redirects, images) are skipped quietly: an archive of a news site holds many of them.
"""
from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from datetime import date

from ..errors import InputError
from ..records import Article, ErrorRecord
from . import limits
from .html import article_from_html

log = logging.getLogger(__name__)
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"


def read(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _check_is_warc(path)
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        number = 0
        try:
            for record in records:
                number += 1
                page = _html_page(record)
                if page is None:
                    continue
                uri, charset = page
                # Read the body before asking for the offset: asking first skips past the record.
                body = record.content_stream().read(limits.MAX_FILE_BYTES + 1)
                where = f"record {number} at byte {records.get_record_offset()}, {uri}"
                try:
                    if len(body) > limits.MAX_FILE_BYTES:
                        raise InputError("EW115", limit=limits.MAX_FILE_BYTES)
                    yield article_from_html(body, source=f"{path}#{number}", url=uri, charset=charset,
                                            published=published)
                except InputError as exc:
                    yield ErrorRecord(source=path, line=None, code=exc.code, reason=f"{exc.reason} ({where})")
        except ArchiveLoadFailed as exc:
            raise InputError("EW111", detail=f"record {number + 1}: {str(exc).strip()}") from None
        except Exception as exc:  # noqa: BLE001
            # warcio reports a malformed record with whatever its parser trips on (AttributeError for a
            # response without a target URI, ValueError for a bad length...): the archive is unreadable
            # from here on, and that is an input error, not a crash of the batch.
            log.debug("%s: warcio failed", path, exc_info=True)
            raise InputError("EW111", detail=f"record {number + 1}: {type(exc).__name__}: {exc}") from None


def _check_is_warc(path: str) -> None:
    # warcio also reads the older ARC format and takes any text for an ARC record: insist on WARC.
    with open(path, "rb") as fh:
        magic = fh.read(2)
    opener = gzip.open if magic == GZIP_MAGIC else open
    with opener(path, "rb") as fh:
        try:
            head = fh.read(len(WARC_MAGIC))
        except (OSError, EOFError) as exc:
            raise InputError("EW111", detail=f"gzip: {exc}") from None
    if head != WARC_MAGIC:
        raise InputError("EW111", detail="not a WARC file (no WARC/ header)")


def _html_page(record) -> tuple[str | None, str | None] | None:
    """(target URI, declared charset) of a successful HTML page record, else None."""
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            log.debug("skipping %s: HTTP %s", uri, status)
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    kind, _, params = ctype.partition(";")
    if kind.strip().lower() not in HTML_TYPES:
        return None
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return uri, charset
