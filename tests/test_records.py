"""Record behaviour that users see directly: the one-line error report."""
from __future__ import annotations

import pytest

from eventwire.records import ErrorRecord

pytestmark = pytest.mark.issue(13)


@pytest.mark.parametrize("name, shown", [
    ("reports/bad\nname.jsonl", "reports/bad\\nname.jsonl"),
    ("reports/\x1b[31mred\x1b[0m.jsonl", "reports/\\x1b[31mred\\x1b[0m.jsonl"),
    ("reports/cr\rover.jsonl", "reports/cr\\rover.jsonl"),
    ("reports/next\x85line\u2028sep.jsonl", "reports/next\\x85line\\u2028sep.jsonl"),
    ("reports/\u202etxt.exe", "reports/\\u202etxt.exe"),
])
def test_control_characters_in_a_file_name_are_escaped_on_one_line(name, shown):
    line = str(ErrorRecord(source=name, line=4, code="EW105", reason="malformed JSON"))
    assert line == f"{shown}:4: EW105 malformed JSON"
    assert len(line.splitlines()) == 1


def test_ordinary_names_and_other_scripts_are_shown_as_they_are():
    err = ErrorRecord(source="تقارير/گزارش\u200cها.jsonl", line=None, code="EW104", reason="empty text")
    assert str(err) == "تقارير/گزارش\u200cها.jsonl: EW104 empty text"  # a zero-width non-joiner is part of the word
