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

    Hidden files and directories (".git", ".DS_Store") inside a directory are not inputs and are skipped.
    A path that does not exist, a link loop and a directory that cannot be listed are reported as EW109;
    FIFOs and devices are passed on, for the reader to refuse (EW116) without opening them for long.
    """
    for path in paths:
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, on_error=on_error)
        else:
            try:
                os.stat(path)
            except OSError as exc:  # missing, a dangling link, a link loop
                on_error(_unreadable(path, exc.strerror or type(exc).__name__))
                continue
            yield path


def _walk(root: str, seen: frozenset[str] = frozenset(), *, on_error: Callable[[ErrorRecord], None]) -> Iterator[str]:
    # Files and subdirectories sorted together by name, so the order is that of the sorted paths.
    # Linked directories are followed once each along a path, so a link loop ends.
    real = os.path.realpath(root)
    if real in seen:
        return
    try:
        with os.scandir(root) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        on_error(_unreadable(root, exc.strerror or type(exc).__name__))
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError as exc:  # a file link loop ("Too many levels of symbolic links")
            on_error(_unreadable(entry.path, exc.strerror or type(exc).__name__))
            continue
        if is_dir:
            yield from _walk(entry.path, seen | {real}, on_error=on_error)
        else:
            yield entry.path


def _unreadable(path: str, detail: str) -> ErrorRecord:
    return ErrorRecord(source=path, line=None, code="EW109", reason=InputError("EW109", detail=detail).reason)


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
