"""Text as Markdown: plain text that renders as itself, and HTML (TimelineJS) → Markdown.

`markdown_text` escapes plain text so that it renders exactly as written (a quote in a
draft's summary, a text node of imported HTML). `html_to_markdown` inverts what
python-markdown and nh3 write for our summaries, so that a summary survives export and
import unchanged; `plain_text` and `one_line` give one line of plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_MD_ESCAPE = re.compile(r"([\\`*_\[\]])")
# An "&" that could start a character reference ("&amp;", "&#38", "&copy"): HTML reads
# some even without their ";". A free-standing "&" ("Example & Co") shows as itself and
# is left readable in the file.
_ENTITY = re.compile(r"&(?=[#A-Za-z0-9])")
_LINE_START = re.compile(r"^(\s*)(?:([#>]|[-+*](?=\s|$)|=+\s*$)|(\d+)([.)])(?=\s|$))")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly this text (no markup, no raw HTML)."""
    text = _ENTITY.sub("&amp;", _MD_ESCAPE.sub(r"\\\1", text)).replace("<", "&lt;")
    lines = []
    for line in text.split("\n"):
        m = _LINE_START.match(line)
        if m and m.group(2):  # a heading, quote, list item or rule marker
            rest = line[m.end(1) :]
            line = m.group(1) + ("&#61;" + rest[1:] if rest[0] == "=" else "\\" + rest)
        elif m and m.group(3):  # "1." would start a numbered list
            line = m.group(1) + m.group(3) + "\\" + line[m.end(3) :]
        lines.append(line)
    return "\n".join(lines)


# -- HTML → Markdown -------------------------------------------------------------------


_PARAGRAPHS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6"}
_CODE = ("script", "style")  # elements whose content is code, never text
_CODE_ELEMENT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass
class Block:
    """A top-level block of the text: its Markdown, its plain text, links and list items."""

    tag: str
    md: str
    text: str
    links: list[tuple[str, str]]
    items: list[tuple[str, list[tuple[str, str]]]]  # (plain text, links) per list item
    markup: bool


class _ToMarkdown(HTMLParser):
    """TimelineJS text (HTML) → top-level blocks of Markdown.

    Inverts what python-markdown and nh3 write for our summaries (p, strong, em, a, code,
    ul/ol/li, blockquote, br), so that a summary survives export and import unchanged;
    other elements keep their text. Each block keeps its plain text and links too, so the
    parts that our export adds (place, status, sources, corrections) can be recognised.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.dropped: list[str] = []
        self._reset()
        self._href: list[tuple[str, str, int, int]] = []
        self._lists: list[list[int]] = []  # one counter per open list; [-1] for ul
        self._quote = 0
        self._quote_paras = 0
        self._code = 0
        self._script = 0  # inside <script> or <style>: code, not text
        self._after_br = False
        self._structural = True  # white space here is layout, not text
        self._item_start = (0, 0)

    def _reset(self) -> None:
        self._tag = ""
        self._md: list[str] = []
        self._text: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._items: list[tuple[str, list[tuple[str, str]]]] = []
        self._markup = False

    def _open(self, tag: str) -> None:
        if not self._tag:
            self._tag = tag

    def _flush(self) -> None:
        md = "".join(self._md).strip()
        text = one_line("".join(self._text))
        if md.strip() or text:
            self.blocks.append(
                Block(self._tag or "p", md, text, self._links, self._items, self._markup)
            )
        self._reset()

    def _nested(self) -> bool:
        return bool(self._lists or self._quote)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _PARAGRAPHS:
            if self._quote:
                if self._quote_paras:
                    self._md.append("\n>\n> ")
                self._quote_paras += 1
            elif not self._lists:
                self._flush()
                self._open(tag)
            self._structural = True
        elif tag in ("ul", "ol"):
            if not self._nested():
                self._flush()
                self._open(tag)
            self._lists.append([-1] if tag == "ul" else [0])
            self._structural = True
        elif tag == "li":
            counter = self._lists[-1] if self._lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
            if self._md and not "".join(self._md).endswith("\n"):
                self._md.append("\n")
            indent = "    " * max(len(self._lists) - 1, 0)
            self._md.append(indent + ("- " if counter[0] < 0 else f"{counter[0]}. "))
            self._item_start = (len(self._text), len(self._links))
            self._structural = True
        elif tag == "blockquote":
            if not self._nested():
                self._flush()
                self._open(tag)
            self._quote += 1
            self._quote_paras = 0
            self._md.append("> ")
            self._structural = True
        elif tag in ("strong", "b", "em", "i", "code"):
            self._md.append({"strong": "**", "b": "**", "code": "`"}.get(tag, "*"))
            self._code += tag == "code"
            self._markup = True
            self._structural = False
        elif tag == "a":
            self._href.append((a.get("href", ""), a.get("title", ""), len(self._md),
                               len(self._text)))  # fmt: skip
            self._md.append("[")
            self._markup = True
            self._structural = False
        elif tag == "br":
            self._md.append("  \n" + ("> " if self._quote else ""))
            self._text.append(" ")
            self._after_br = True
        elif tag == "q":
            self._md.append("“")
            self._text.append("“")
        elif tag in ("img", "iframe", "video", "audio", "script", "style", "table", "object"):
            self.dropped.append(tag)
            self._script += tag in _CODE

    def handle_endtag(self, tag: str) -> None:
        if tag in _PARAGRAPHS:
            if not self._nested():
                self._flush()
            self._structural = True
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            if not self._nested():
                self._flush()
            self._structural = True
        elif tag == "li":
            start_text, start_links = self._item_start
            text = one_line("".join(self._text[start_text:]))
            self._items.append((text, self._links[start_links:]))
            self._structural = True
        elif tag == "blockquote":
            self._quote = max(0, self._quote - 1)
            if not self._nested():
                self._flush()
            self._structural = True
        elif tag in ("strong", "b", "em", "i", "code"):
            self._md.append({"strong": "**", "b": "**", "code": "`"}.get(tag, "*"))
            self._code -= tag == "code" and self._code > 0
        elif tag == "a" and self._href:
            href, title, at, text_at = self._href.pop()
            label = "".join(self._md[at + 1 :])
            if href.lower().startswith(("http://", "https://", "mailto:")):
                target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                titled = ' "' + title.replace('"', "&quot;") + '"' if title else ""
                self._md[at:] = [f"[{label}]({target}{titled})"]
                self._links.append((href, re.sub(r"\s+", " ", "".join(self._text[text_at:]))))
            else:
                self._md[at:] = [label]
        elif tag == "q":
            self._md.append("”")
            self._text.append("”")
        elif tag in _CODE:
            self._script -= self._script > 0

    def handle_data(self, data: str) -> None:
        if self._script:
            return  # a script's or a style's code is left out with its element
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        if self._after_br:
            data = data.removeprefix("\n")
            self._after_br = False
        if not data.strip() and (self._structural or not (self._tag or self._nested())):
            return  # layout between tags
        if not self._tag and not self._nested():
            self._open("p")  # text outside any block: a paragraph of its own
        self._structural = False
        self._text.append(data)
        if self._code:
            self._md.append(data)
            return
        text = markdown_text(data)
        if self._quote:
            text = text.replace("\n", "\n> ")
        elif self._lists:
            text = text.replace("\n", "\n" + "    " * len(self._lists))
        self._md.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_markdown(text: str) -> tuple[list[Block], list[str]]:
    parser = _ToMarkdown()
    parser.feed(text or "")
    parser.close()
    return parser.blocks, parser.dropped


def plain_text(text: str) -> str:
    """HTML (a headline, a caption) → one line of plain text."""
    text = _CODE_ELEMENT.sub(" ", text or "")
    return one_line(html.unescape(re.sub(r"<[^>]*>", " ", text)))


def one_line(text: str) -> str:
    """Every run of white space one space, none at either end."""
    return re.sub(r"\s+", " ", text or "").strip()
