"""Plain text from a letter's HTML, for the text part of an e-mail.

Letters use a handful of tags (headings, paragraphs, lists, a small table, line breaks), so
a small converter on the standard library's parser keeps the wording identical to the PDF
without another dependency.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "ul", "ol", "table", "tr", "main", "body"}
SKIPPED = {"style", "title", "head", "script"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; -1 for bullets
        self.skip = 0
        self.cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("ul", "ol"):
            self.out.append("\n\n")
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
                self.out.append(f"\n{counter[0]}. ")
            else:
                self.out.append("\n- ")
        elif tag == "tr":
            self.cells = []
            self.out.append("\n")
        elif tag in ("td", "th") and self.cells is not None:
            self.out.append(" | " if self.cells else "")
            self.cells.append(tag)
        elif tag in BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip -= 1
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.out.append("\n\n")
        elif tag == "tr":
            self.cells = None
        elif tag in BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = [line.strip() for line in "".join(parser.out).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
