"""JSON Lines: one consolidated event per line, per the contract (mention fields + event_id, sources,
mentions), with disagreements and outlets as extras."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from . import exporter


@exporter("jsonl")
def jsonl(events: Iterable[dict]) -> Iterator[str]:
    for ev in events:
        yield json.dumps(ev, ensure_ascii=False) + "\n"
