"""Exporters, registered by format name (not switched on):

    write(fmt, events_iter, out_fh) -> int     # number of events written
    stream(fmt, events_iter) -> Iterator[str]  # the same text in blocks of about 64 KB (the HTTP API's)

Formats: "acled-csv" (ACLED's current columns), "geojson" (a FeatureCollection QGIS and Kepler.gl open),
"jsonl" (the contract's consolidated event). An exporter is a generator of text pieces over the events, so
it streams: one event in memory at a time, and a caller can hand each piece on as soon as it is made.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

Exporter = Callable[[Iterable[dict]], Iterator[str]]
EXPORTERS: dict[str, Exporter] = {}
BLOCK = 1 << 16  # characters per block of `stream`


def exporter(name: str):
    def register(func: Exporter) -> Exporter:
        if name in EXPORTERS:
            raise ValueError(f"exporter {name!r} registered twice")
        EXPORTERS[name] = func
        return func
    return register


def _exporter(fmt: str) -> Exporter:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(sorted(EXPORTERS))})")
    return EXPORTERS[fmt]


def write(fmt: str, events_iter: Iterable[dict], out_fh: TextIO) -> int:
    n = 0

    def counted():
        nonlocal n
        for ev in events_iter:
            n += 1
            yield ev

    for piece in _exporter(fmt)(counted()):
        out_fh.write(piece)
    return n


def stream(fmt: str, events_iter: Iterable[dict], *, block: int = BLOCK) -> Iterator[str]:
    pieces, size = [], 0
    for piece in _exporter(fmt)(events_iter):
        pieces.append(piece)
        size += len(piece)
        if size >= block:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


# Built-in exporters register themselves on import.
from . import acled_csv, geojson, jsonl  # noqa: E402,F401

__all__ = ["EXPORTERS", "exporter", "stream", "write"]
