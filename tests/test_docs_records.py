"""docs/records.md says what the code does: every field of every record, every error code, every limit; and the
README links it and states the same limits (issue 13 section 6). A change to one without the other fails here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.errors import Errors
from eventwire.ingest import limits
from eventwire.merge.reconcile import EVENT_FIELDS
from eventwire.records import Article, Mention

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.issue(13)


def _section(title: str) -> str:
    start = DOC.index(f"## {title}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end if end > 0 else None]


def _documented_fields(section: str) -> set[str]:
    return {f for cell in re.findall(r"^\| ([^|]+) \|", section, re.M) for f in re.findall(r"`(\w+)`", cell)}


def test_the_readme_links_the_records_document():
    assert "(docs/records.md)" in README


def test_every_article_field_is_documented():
    assert _documented_fields(_section("Input: the article record")) == set(Article.__slots__) - {"source"}


def test_every_mention_field_is_documented():
    assert _documented_fields(_section("Output 1")) == {*Mention.CONTRACT_FIELDS, "notes", "trigger"}


def test_every_consolidated_event_field_is_documented():
    extra = _documented_fields(_section("Output 2"))
    assert extra == {"event_id", "sources", "outlets", "mentions", "disagreements"}
    assert set(EVENT_FIELDS) <= set(Mention.CONTRACT_FIELDS)  # "the mention's fields", as the text says


def test_every_error_code_is_documented():
    codes = {name for name in vars(Errors) if name.startswith("EW")}
    assert set(re.findall(r"^\| (EW\d{3}) \|", _section("What could not be used"), re.M)) == codes


def _mib(n: int) -> str:
    return f"{n // 2**20} MiB"


@pytest.mark.parametrize("stated", [
    _mib(limits.MAX_LINE_BYTES), _mib(limits.MAX_FILE_BYTES), _mib(limits.MAX_HTML_BYTES),
    f"{limits.MAX_HTML_TAGS:,} tags", f"{limits.MAX_TEXT_CHARS:,} characters", f"{limits.MAX_ID_CHARS} characters",
])
def test_the_limits_stated_are_the_limits_applied(stated):
    assert stated in _section("Limits") and stated in README


def test_the_remaining_limits_are_stated_in_the_document():
    assert f"{limits.FALLBACK_MAX_TAGS:,} tags" in DOC
    assert f"{pipeline.BATCH_CHARS:,} characters" in _section("Limits")
    assert f"{limits.EARLIEST_PUBLISHED}..{limits.LATEST_PUBLISHED}" in DOC
    assert f"{limits.EARLIEST_PUBLISHED.year}-{limits.LATEST_PUBLISHED.year}" in README
