"""JSON Lines: one consolidated event per line, per the contract (mention fields + event_id, sources,
mentions), with disagreements and outlets as extras."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from . import exporter


@exporter("jsonl")
def write_jsonl(events: Iterable[dict], out: TextIO) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        n += 1
    return n
