"""HTML fragments (feed summaries and content) -> plain text, keeping paragraph breaks.

Feed entries carry short HTML snippets, not pages: boilerplate removal would discard them, so tags are
simply dropped, with a line break where a block element ends.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements after which a reader sees a new line.
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
})
# Elements whose content is never text.
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: entities decoded, runs of spaces collapsed, one line per block."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = _SPACES.sub(" ", "".join(collector.parts))
    lines = (line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()
