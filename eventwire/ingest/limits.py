"""Size limits and byte-level checks shared by every reader.

The limits keep one hostile or broken input from exhausting memory or time: a JSONL line is parsed whole,
and a .txt/.html/.json/feed file is read whole, so each is capped; an HTML page is cut before parsing and a
text before the language pipeline, whose time and memory grow with its length. Corpora larger than
MAX_FILE_BYTES belong in JSONL or WARC, which stream record by record. Only regular files are read: a FIFO
or a device (a link to /dev/zero) could block or never end.
"""
from __future__ import annotations

import itertools
import os
import re
import stat
from datetime import date
from typing import BinaryIO

from ..errors import InputError

# One JSONL line (one article record); news articles are rarely above 100 KB.
MAX_LINE_BYTES = 5 * 1024 * 1024
# One whole-file input (.txt, .html, .json, a feed) and one WARC response body.
MAX_FILE_BYTES = 64 * 1024 * 1024
# An HTML page is cut to this many bytes and tags before parsing: the extractor's time grows with the square
# of its elements (10,000 paragraphs took minutes; a 60 MB page 3.5 GB). A news page has a few thousand
# elements; scripts and inline data are bytes, not tags, and fit under the byte limit.
MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_HTML_TAGS = 50_000
# Beyond this many tags the fallback extractors (jusText, readability), which compare every paragraph with its
# neighbours, are skipped: the main extraction alone stays within seconds.
FALLBACK_MAX_TAGS = 5_000
# One article's text, in characters (a long feature is ~50,000): the language pipeline takes about 0.3 ms
# and 6 KB per character of the densest text, so this keeps one article under a minute and 1 GB.
MAX_TEXT_CHARS = 100_000
# Ids are keys on every database back end (the store's id column holds 255 characters).
MAX_ID_CHARS = 255
# Publication dates that relative dates ("yesterday", "last week") and merge windows can be reckoned from.
EARLIEST_PUBLISHED = date(1800, 1, 1)
LATEST_PUBLISHED = date(2199, 12, 31)
# A NUL byte among the first bytes marks a binary file (images, PDFs, UTF-16 text): it is not UTF-8 news.
SNIFF_BYTES = 8192
# Characters no database stores and no UTF-8 encoder writes: NUL and halves of surrogate pairs (JSON's
# "\ud800" escape). They become U+FFFD, one character for one, so offsets into the text keep.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In an id they are refused instead, with every other control character (an id is a key, not text).
_BAD_ID_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_FILE_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
               (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory"))


class InputErrorAt(InputError):
    """An InputError that knows the line it happened on (1-based), for the ErrorRecord."""

    def __init__(self, code: str, *, line: int | None, **kwargs):
        super().__init__(code, **kwargs)
        self.line = line


def open_input(path: str) -> BinaryIO:
    """`path` opened for binary reading if it is a regular file (links followed); EW116 otherwise.

    Opened non-blocking, so a FIFO without a writer is refused at once instead of waiting forever.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError("EW116", kind=next((k for test, k in _FILE_KINDS if test(mode)), "special file"))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file(path: str) -> bytes:
    """The whole file, refused if it is larger than MAX_FILE_BYTES or binary.

    The limit counts the bytes read, not the size the file claims (files in /proc claim 0).
    """
    with open_input(path) as fh:
        if os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES:
            raise InputError("EW115", limit=MAX_FILE_BYTES)
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError("EW115", limit=MAX_FILE_BYTES)
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


def storable(text: str) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD (same length: offsets into it keep)."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def check_id(value: str) -> str:
    """An id every back end can key on: at most MAX_ID_CHARS characters, no control characters; else EW118."""
    if len(value) > MAX_ID_CHARS:
        raise InputError("EW118", detail=f"{len(value)} characters, at most {MAX_ID_CHARS}")
    bad = _BAD_ID_CHAR.search(value)
    if bad:
        char = ord(bad.group())
        what = "a lone surrogate" if 0xD800 <= char <= 0xDFFF else "a control character"
        raise InputError("EW118", detail=f"contains {what}, U+{char:04X}")
    return value


def check_published(value: date, *, raw: object = None) -> date:
    """A publication date within EARLIEST_PUBLISHED..LATEST_PUBLISHED; else EW117."""
    if not EARLIEST_PUBLISHED <= value <= LATEST_PUBLISHED:
        raise InputError("EW117", value=str(raw if raw is not None else value), low=EARLIEST_PUBLISHED,
                         high=LATEST_PUBLISHED)
    return value


def cap_text(text: str) -> str:
    """`text` cut to at most MAX_TEXT_CHARS, at the last space when there is one near the end."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    head = text[:MAX_TEXT_CHARS + 1]  # one more: a space right after the limit ends a whole word
    start = max(0, len(head) - 1000)
    space = re.search(r"\s\S*\Z", head[start:])
    return (head[:start + space.start()] if space else head[:MAX_TEXT_CHARS]).rstrip()


def cut_html(data: bytes) -> bytes:
    """An HTML page cut to at most MAX_HTML_BYTES and MAX_HTML_TAGS, before a tag when it can be (never inside
    a character of an ASCII-compatible encoding: "<" is no byte of a multi-byte one)."""
    head = data[:MAX_HTML_BYTES]
    over = next(itertools.islice(re.finditer(rb"<", head), MAX_HTML_TAGS, None), None)
    if over is not None:
        return head[:over.start()]
    if len(data) <= MAX_HTML_BYTES:
        return data
    tag = head.rfind(b"<")
    return head[:tag] if tag > 0 else head
