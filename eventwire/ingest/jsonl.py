"""JSON Lines (and .json) article records, one contract Article per line, streamed.

Each line is read with a hard cap (limits.MAX_LINE_BYTES): a longer line is skipped without being held
in memory. A `.json` file holds one record or an array of records and is read whole (capped at
limits.MAX_FILE_BYTES); a `.json` file that is really JSON Lines is read as such.
"""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from ..errors import InputError, message
from ..records import Article, ErrorRecord
from . import limits
from .fields import article_from_record

log = logging.getLogger(__name__)
_CHUNK = 1024 * 1024


def read(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    with limits.open_input(path) as fh:
        # Only the first line is sniffed: a NUL further down spoils that line alone (reported by line).
        limits.check_not_binary(fh.read(limits.SNIFF_BYTES).split(b"\n", 1)[0])
        fh.seek(0)
        yield from read_stream(fh, source=path, published=published)


def read_stream(fh: BinaryIO, *, source: str, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    """Articles from a binary stream of JSON lines; a bad line becomes an ErrorRecord and reading goes on."""
    lineno = 0
    while True:
        raw = fh.readline(limits.MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        content = raw[:-1] if raw.endswith(b"\n") else raw
        if len(content) > limits.MAX_LINE_BYTES:
            if not raw.endswith(b"\n"):
                _skip_rest_of_line(fh)
            yield ErrorRecord(source=source, line=lineno, code="EW107", reason=message("EW107", limit=limits.MAX_LINE_BYTES))
            continue
        if not content.strip():
            continue
        try:
            yield _parse_line(content, source=source, line=lineno, published=published)
        except InputError as exc:
            yield ErrorRecord(source=source, line=lineno, code=exc.code, reason=exc.reason)


def read_json(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    """A .json file: one record, an array of records, or (despite the name) JSON Lines."""
    data = limits.read_file(path)
    text = limits.decode_utf8(data)
    try:
        doc = _loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several top-level values: JSON Lines
            yield from read_stream(io.BytesIO(data), source=path, published=published)
            return
        raise InputError("EW105", detail=f"{_what(exc)} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(doc, list):
        yield article_from_record(doc, source=path, published=published)
        return
    for index, row in enumerate(doc, start=1):
        try:
            yield article_from_record(row, source=f"{path}#{index}", published=published)
        except InputError as exc:
            yield ErrorRecord(source=path, line=None, code=exc.code, reason=f"{exc.reason} (record {index})")


def count_lines(path: str) -> int:
    """Lines, counted in chunks without parsing: a progress estimate (blank lines count too)."""
    count, last = 0, b"\n"
    with limits.open_input(path) as fh:
        while chunk := fh.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _parse_line(content: bytes, *, source: str, line: int, published: date | None) -> Article:
    if b"\x00" in content:
        raise InputError("EW102")
    text = limits.decode_utf8(content, first_line=line)
    try:
        row = _loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("EW105", detail=f"{_what(exc)} at column {exc.colno}") from None
    return article_from_record(row, source=f"{source}:{line}", published=published)


def _what(exc: json.JSONDecodeError) -> str:
    # "Unterminated string starting at" names its own position: say "at column N" once.
    return exc.msg.removesuffix(" at")


def _loads(text: str):
    """json.loads, with what it cannot hold (deep nesting, integers beyond Python's digit limit) as EW119."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("EW119", detail="nested deeper than the parser's recursion limit") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise InputError("EW119", detail=str(exc).split(";")[0]) from None


def _skip_rest_of_line(fh: BinaryIO) -> None:
    while chunk := fh.readline(_CHUNK):
        if chunk.endswith(b"\n"):
            return
