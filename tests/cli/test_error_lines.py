"""Error lines on stderr stay one line per error whatever a file is called (issue 13)."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.issue(13)


def test_a_file_name_with_a_newline_and_an_escape_cannot_forge_error_lines(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "notes\nfake.jsonl: EW000 all fine\x1b[2K.pdf").write_text("not a report")
    proc = subprocess.run([sys.executable, "-m", "eventwire", "extract", str(folder)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if "EW" in line]
    assert lines == [f"{folder}/notes\\nfake.jsonl: EW000 all fine\\x1b[2K.pdf: EW101 unknown file type '.pdf' "
                     "(expected .txt, .html, .htm, .jsonl, .json, .xml, .rss, .atom, .warc, .warc.gz)"]
