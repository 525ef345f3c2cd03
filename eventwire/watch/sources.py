"""The sources a watcher follows, and the file that lists them (`sources.toml`):

    [[source]]
    url = "https://news.example/world/rss.xml"   # RSS/Atom feed, (news) sitemap, or a local folder
    outlet = "News Example"
    country = "KEN"          # where the outlet reports from (ISO3), optional
    language = "en"
    every = "15m"            # poll interval; the watcher's --every when absent

`eventwire sources add/list/remove` edit it; the file stays plain TOML a person can edit too.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_FILE = "sources.toml"
FIELDS = ("url", "outlet", "country", "language", "every")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 1.0  # seconds: a lower interval is a typo, not a polling plan


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    url: str  # a feed or sitemap URL, or a folder path
    outlet: str | None = None
    country: str | None = None
    language: str | None = None
    every: str | None = None  # "10m"; None: the watcher's default

    @property
    def is_folder(self) -> bool:
        return urlsplit(self.url).scheme not in ("http", "https")

    @property
    def folder(self) -> str:
        return self.url.removeprefix("file://")

    def interval(self, default: float) -> float:
        return parse_duration(self.every) if self.every else default


def parse_duration(value: str, *, minimum: float = MIN_EVERY) -> float:
    """'90s', '10m', '2h', '1d' or a number of seconds -> seconds (at least `minimum`)."""
    m = _DURATION.match(str(value))
    if not m or float(m.group(1)) * _UNITS[m.group(2)] < minimum:
        raise ValueError(f"{value!r} is not a duration like 90s, 10m, 2h or 1d (at least {minimum:g} s)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def source_for(arg: str) -> Source:
    """A source named on the command line: a URL, or a folder (kept as an absolute path)."""
    if urlsplit(arg).scheme in ("http", "https"):
        return Source(url=arg)
    return Source(url=os.path.abspath(arg.removeprefix("file://")))


def load(path: str | os.PathLike) -> list[Source]:
    """The sources listed in `path`; ValueError naming the file and entry for a bad one."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    out = []
    for i, row in enumerate(raw.get("source", []), 1):
        unknown = set(row) - set(FIELDS)
        if unknown or not isinstance(row.get("url"), str) or not row["url"].strip():
            what = f"unknown fields {sorted(unknown)}" if unknown else "missing 'url'"
            raise ValueError(f"{path}: source {i}: {what}")
        src = Source(**{k: (str(v) if v is not None else None) for k, v in row.items()})
        if src.every:
            try:
                parse_duration(src.every)
            except ValueError as exc:
                raise ValueError(f"{path}: source {i}: every: {exc}") from None
        out.append(src)
    return out


def save(path: str | os.PathLike, sources: list[Source]) -> None:
    """Write `sources` as TOML (atomically: a crash leaves the old file or the new one)."""
    lines = ["# Sources followed by `eventwire watch` (edit by hand or with `eventwire sources add/remove`).", ""]
    for src in sources:
        lines.append("[[source]]")
        for key, value in asdict(src).items():
            if value is not None:
                # A JSON string with non-ASCII kept is a valid TOML basic string.
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    tmp = Path(f"{path}.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def add(path: str | os.PathLike, source: Source) -> bool:
    """Add `source` (or replace the one with its URL); False when it was already listed unchanged."""
    sources = load(path) if Path(path).exists() else []
    kept = [s for s in sources if s.url != source.url]
    if len(kept) < len(sources) and source in sources:
        return False
    save(path, kept + [source])
    return True


def remove(path: str | os.PathLike, url: str) -> bool:
    """Remove the source with `url`; False when none was listed."""
    sources = load(path) if Path(path).exists() else []
    kept = [s for s in sources if s.url != url]
    if len(kept) == len(sources):
        return False
    save(path, kept)
    return True
