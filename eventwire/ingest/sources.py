"""Input paths -> the files to read, in a deterministic order, each with the reader for its format."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from importlib import import_module

from ..errors import InputError
from ..records import ErrorRecord

STDIN = "-"
# File name ending -> "module:function" of the reader (in this package). Longest ending wins, so
# ".warc.gz" is a web archive. Standard input is always JSON Lines.
READERS = {
    ".txt": "txt:read",
    ".html": "html:read",
    ".htm": "html:read",
    ".jsonl": "jsonl:read",
    ".json": "jsonl:read_json",
    ".xml": "feed:read",
    ".rss": "feed:read",
    ".atom": "feed:read",
    ".warc": "warc:read",
    ".warc.gz": "warc:read",
}
_BY_LENGTH = sorted(READERS, key=len, reverse=True)


def expand(paths: Sequence[str], *, on_error: Callable[[ErrorRecord], None]) -> Iterator[str]:
    """Files named or found under the directories named, recursively, in sorted order; "-" is kept.

    Hidden files and directories (".git", ".DS_Store") inside a directory are not inputs and are skipped;
    a path that does not exist is reported as EW109.
    """
    for path in paths:
        if path == STDIN or os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        else:
            on_error(ErrorRecord(source=path, line=None, code="EW109", reason=InputError("EW109", detail="no such file or directory").reason))


def _walk(root: str, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    # Files and subdirectories sorted together by name, so the order is that of the sorted paths.
    # Linked directories are followed once each along a path, so a link loop ends.
    real = os.path.realpath(root)
    if real in seen:
        return
    with os.scandir(root) as scan:
        entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir():
            yield from _walk(entry.path, seen | {real})
        else:
            yield entry.path


def suffix_of(path: str) -> str | None:
    """The known ending of `path` (".warc.gz", ".html", ...) or None."""
    lowered = path.lower()
    return next((s for s in _BY_LENGTH if lowered.endswith(s)), None)


def reader_for(path: str) -> Callable:
    """The reader function for `path`; EW101 when its ending is not a known format."""
    if path == STDIN:
        return import_module(f"{__package__}.jsonl").read_stream
    suffix = suffix_of(path)
    if suffix is None:
        raise InputError("EW101", suffix=os.path.splitext(path)[1] or os.path.basename(path))
    module, function = READERS[suffix].split(":")
    return getattr(import_module(f"{__package__}.{module}"), function)
