"""Contract article records (dicts) -> Article, with every field checked (../shared/contract/README.md)."""
from __future__ import annotations

from datetime import date, datetime

from ..errors import InputError
from ..records import Article
from .limits import check_id, check_published, storable

# Optional string fields of the contract's Article record.
OPTIONAL_STRINGS = ("url", "outlet", "title")
_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def parse_published(value: object) -> date | None:
    """'YYYY-MM-DD' or full ISO-8601 -> date; None/'' -> None.

    A timestamp keeps its own calendar date, not the UTC one: the outlet's local date is the anchor for
    "yesterday" in its text.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError("EW108", field="published", detail=f"{_kind(value)}, expected a string or null")
    text = value.strip()
    try:
        day = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError("EW113", value=value) from None
    return check_published(day, raw=value)


def article_from_record(row: object, *, source: str, published: date | None = None) -> Article:
    """One contract record -> Article; `published` fills in a missing publication date."""
    if not isinstance(row, dict):
        raise InputError("EW114", kind=_kind(row))
    text = row.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise InputError("EW106")
    if not isinstance(text, str):
        raise InputError("EW108", field="text", detail=f"{_kind(text)}, expected a string")
    text = storable(text)  # before the content hash: a lone surrogate cannot be encoded
    optional = {}
    for name in OPTIONAL_STRINGS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError("EW108", field=name, detail=f"{_kind(value)}, expected a string or null")
        optional[name] = storable(value) if value else None
    return Article(
        id=_article_id(row.get("id"), text=text, url=optional["url"]),
        text=text,
        published=parse_published(row.get("published")) or published,
        source=source,
        **optional,
    )


def _article_id(value: object, *, text: str, url: str | None) -> str:
    if value is None or value == "":
        return Article.content_id(text, url)
    # Integer ids are common in exported datasets; they are kept, as strings.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError("EW108", field="id", detail=f"{_kind(value)}, expected a string")
    return check_id(value)


def _kind(value: object) -> str:
    return _JSON_KINDS.get(type(value), type(value).__name__)
