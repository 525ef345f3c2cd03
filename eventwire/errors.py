"""One catalogue of error codes, and the exception tree.

    EventwireError
     ├── InputError     an input file, line or field could not be read (becomes an ErrorRecord)
     ├── ResolveError   a gazetteer or model could not be loaded
     └── StoreError     the database refused an operation

Codes are stable so users can search for them; add new ones at the end of their group.
"""
from __future__ import annotations


class Errors:
    # Input (EW1xx)
    EW101 = "unknown file type {suffix!r} (expected .txt, .html, .htm, .jsonl, .json, .xml, .rss, .atom, .warc, .warc.gz)"
    EW102 = "binary file, not text"
    EW103 = "not valid UTF-8 ({detail})"
    EW104 = "empty text"
    EW105 = "malformed JSON ({detail})"
    EW106 = "missing or empty field 'text'"
    EW107 = "line longer than {limit} bytes"
    EW108 = "field {field!r} has the wrong type ({detail})"
    EW109 = "file not found or unreadable ({detail})"
    EW110 = "feed could not be parsed ({detail})"
    EW111 = "web archive record could not be read ({detail})"
    EW112 = "no article text found in HTML"
    EW113 = "published date {value!r} is not YYYY-MM-DD or ISO-8601"
    EW114 = "record is a JSON {kind}, not an object"
    EW115 = "file larger than {limit} bytes"
    EW116 = "not a regular file ({kind}): not read"
    EW117 = "published date {value!r} is outside {low}..{high}"
    EW118 = "unusable id ({detail})"
    EW119 = "JSON beyond the reader's limits ({detail})"
    EW120 = "text longer than {limit} characters: only the first {kept} were read"
    EW121 = "HTML page over {bytes} bytes or {tags} tags: only its first {kept} bytes were parsed"
    # Resolution (EW2xx)
    EW201 = "gazetteer could not be built ({detail})"
    EW202 = "language pipeline {name!r} could not be loaded ({detail})"
    # Store (EW3xx)
    EW301 = "unsupported database URL {url!r}"
    EW302 = "database error ({detail})"
    EW303 = "no database at {path} (read-only commands never create one; `eventwire ingest ... --db {path}` does)"
    EW304 = "cannot use {path} as a database: {detail}"
    # Assessment (EW4xx)
    EW401 = "source assessment failed ({detail})"
    # Our own bugs (EW5xx): one article or file is skipped, the run goes on
    EW501 = "internal error in article {id}: {reason}"
    EW502 = "internal error while reading: {reason}"


def message(code: str, **kwargs) -> str:
    return getattr(Errors, code).format(**kwargs)


def describe(exc: BaseException) -> str:
    """An exception as one short line for an error record: its type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 300 else text[:297] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class InputError(EventwireError):
    def __init__(self, code: str, **kwargs):
        self.code = code
        self.reason = message(code, **kwargs)
        super().__init__(f"{code} {self.reason}")


class ResolveError(EventwireError):
    pass


class StoreError(EventwireError):
    pass
