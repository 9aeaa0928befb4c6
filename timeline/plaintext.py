"""Sanitised summary HTML → plain text for formats without markup (iCalendar, CSV)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "ul", "ol", "blockquote"}


class _Text(HTMLParser):
    """Paragraphs become blank-line separated blocks, list items '- ' or '1. ' lines,
    and a link's address follows its text in parentheses (unless the text is the address).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; [-1] for ul
        self.hrefs: list[tuple[str, int]] = []
        self.prefix = ""  # a list item's indent and marker, written before its first line

    def flush(self, blank: bool = False) -> None:
        text = re.sub(r"\s+", " ", "".join(self.line)).strip()
        if text:
            self.lines.append(self.prefix + text)
            self.prefix = " " * len(self.prefix)
        self.line = []
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.flush(blank=not self.lists)
        if tag == "ul":
            self.lists.append([-1])
        elif tag == "ol":
            self.lists.append([0])
        elif tag == "li":
            self.flush()
            counter = self.lists[-1] if self.lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
            indent = "  " * max(len(self.lists) - 1, 0)
            self.prefix = indent + ("- " if counter[0] < 0 else f"{counter[0]}. ")
        elif tag == "br":
            self.flush()
        elif tag == "a":
            self.hrefs.append((dict(attrs).get("href") or "", len(self.line)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.hrefs:
            href, start = self.hrefs.pop()
            shown = "".join(self.line[start:]).strip()
            if href and href != shown and f"mailto:{shown}" != href:
                self.line.append(f" ({href})")
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
            if not self.lists:
                self.flush(blank=True)
        elif tag in _BLOCKS or tag == "li":
            self.flush(blank=tag != "li" and not self.lists)
            if tag == "li":
                self.prefix = ""

    def handle_data(self, data: str) -> None:
        self.line.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n".join(parser.lines).strip()
