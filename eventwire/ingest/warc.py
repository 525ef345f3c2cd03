"""Web archives (.warc, .warc.gz): each HTML response record is one page, read like an .html file.

Records are streamed by warcio one at a time. Records that are not successful HTML responses (requests,
metadata, redirects, images) are skipped quietly: an archive of a news site holds many of them.
"""
from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from datetime import date

from ..errors import InputError, describe, message
from ..records import Article, ErrorRecord
from . import limits
from .html import article_from_html, cut_notice

log = logging.getLogger(__name__)
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"


def read(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    from warcio.archiveiterator import ArchiveIterator

    _check_is_warc(path)
    with limits.open_input(path) as fh:
        records = ArchiveIterator(fh)
        number = 0
        while True:
            # Only the archive's own reading is guarded here: an error from warcio means the archive cannot
            # be read from this record on. A bug in the HTML extraction below costs one page, not the rest.
            number += 1
            try:
                record = next(records, None)
                if record is None:
                    return
                page = _html_page(record)
                # Read the body before asking for the offset: asking first skips past the record.
                body = record.content_stream().read(limits.MAX_HTML_BYTES + 1) if page is not None else b""
                offset = records.get_record_offset()  # reads the record to its end
                missing = getattr(record.raw_stream, "limit", 0)  # bytes its length promised but the file lacks
            except _reader_errors() as exc:
                log.debug("%s: warcio failed", path, exc_info=True)
                raise InputError("EW111", detail=f"record {number}: {_reason(exc)}") from None
            if missing:
                raise InputError("EW111", detail=f"record {number} at byte {offset} cut short: the file ends "
                                                 f"{missing} bytes before the record does")
            if page is None:
                continue
            uri, charset = page
            where = f"record {number} at byte {offset}, {uri}"
            if (notice := cut_notice(body)) is not None:
                yield ErrorRecord(source=path, line=None, code="EW121", reason=f"{notice} ({where})")
            try:
                article = article_from_html(body, source=f"{path}#{number}", url=uri, charset=charset,
                                            published=published)
            except InputError as exc:
                yield ErrorRecord(source=path, line=None, code=exc.code, reason=f"{exc.reason} ({where})")
                continue
            except Exception as exc:  # noqa: BLE001  a bug in HTML extraction: this page is skipped
                log.info("%s: %s: HTML extraction failed", path, where, exc_info=True)
                yield ErrorRecord(source=path, line=None, code="EW502",
                                  reason=f"{message('EW502', reason=describe(exc))} ({where})")
                continue
            yield article


def _reader_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a malformed archive: its own exceptions, and whatever its parser trips on (a
    ValueError for a bad length, an AttributeError for a response without a target URI, zlib and EOF errors
    for a broken gzip member)."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, AttributeError, EOFError, OSError,
            zlib.error)


def _reason(exc: BaseException) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    return str(exc).strip() if isinstance(exc, ArchiveLoadFailed) else describe(exc)


def _check_is_warc(path: str) -> None:
    # warcio also reads the older ARC format and takes any text for an ARC record: insist on WARC.
    with limits.open_input(path) as fh:
        head = fh.read(len(WARC_MAGIC))
        if head[:2] == GZIP_MAGIC:
            fh.seek(0)
            try:
                head = gzip.GzipFile(fileobj=fh).read(len(WARC_MAGIC))
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
