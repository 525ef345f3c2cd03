"""Size limits and byte-level checks shared by every reader.

The limits keep one hostile or broken file from exhausting memory: a JSONL line is parsed whole, and a
.txt/.html/.json/feed file is read whole, so each is capped. Corpora larger than MAX_FILE_BYTES belong in
JSONL or WARC, which stream record by record.
"""
from __future__ import annotations

import os

from ..errors import InputError

# One JSONL line (one article record); news articles are rarely above 100 KB.
MAX_LINE_BYTES = 5 * 1024 * 1024
# One whole-file input (.txt, .html, .json, a feed) and one WARC response body.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A NUL byte among the first bytes marks a binary file (images, PDFs, UTF-16 text): it is not UTF-8 news.
SNIFF_BYTES = 8192


class InputErrorAt(InputError):
    """An InputError that knows the line it happened on (1-based), for the ErrorRecord."""

    def __init__(self, code: str, *, line: int | None, **kwargs):
        super().__init__(code, **kwargs)
        self.line = line


def read_file(path: str) -> bytes:
    """The whole file, refused if it is larger than MAX_FILE_BYTES or binary."""
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise InputError("EW115", limit=MAX_FILE_BYTES)
    with open(path, "rb") as fh:
        data = fh.read()
    check_not_binary(data)
    return data


def check_not_binary(data: bytes) -> None:
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError("EW102")


def decode_utf8(data: bytes, *, first_line: int = 1) -> str:
    """UTF-8 text (a leading BOM dropped); invalid bytes raise EW103 naming the line they are on."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise InputErrorAt("EW103", line=line, detail=f"{exc.reason} at byte {exc.start}") from None
