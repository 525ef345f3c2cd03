"""Exporters, registered by format name (not switched on):

    write(fmt, events_iter, out_fh) -> int     # number of events written

Formats: "acled-csv" (ACLED's current columns), "geojson" (a FeatureCollection QGIS and Kepler.gl open),
"jsonl" (the contract's consolidated event). Each exporter streams: one event in memory at a time.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

Exporter = Callable[[Iterable[dict], TextIO], int]
EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str):
    def register(func: Exporter) -> Exporter:
        if name in EXPORTERS:
            raise ValueError(f"exporter {name!r} registered twice")
        EXPORTERS[name] = func
        return func
    return register


def write(fmt: str, events_iter: Iterable[dict], out_fh: TextIO) -> int:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(sorted(EXPORTERS))})")
    return EXPORTERS[fmt](events_iter, out_fh)


# Built-in exporters register themselves on import.
from . import acled_csv, geojson, jsonl  # noqa: E402,F401

__all__ = ["EXPORTERS", "exporter", "write"]
