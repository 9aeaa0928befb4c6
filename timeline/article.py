"""Reading a news article: its text in sentences, and what it says about itself.

An article is plain text or a saved HTML page. From HTML we take the headline, the
publisher, the publication date and the canonical address from the page's own meta
data — Open Graph (`og:title`, `og:site_name`, `og:url`), `article:published_time`,
`<link rel="canonical">` and a JSON-LD `NewsArticle` — in that order of preference,
then `<h1>` or `<title>` for the headline. In JSON-LD, a node given by reference
(`"publisher": {"@id": "…#org"}`, the usual shape of an `@graph`) is looked up among the
page's nodes. Character references left in meta data — a meta tag escaped twice
(`&amp;amp;`), HTML entities inside JSON-LD strings — are decoded, so a publisher is
"Example & Co", never "Example &amp; Co". The page's language comes from `<html lang>`,
`og:locale` or JSON-LD's `inLanguage`. The body text comes from `<article>` (or an
`itemprop="articleBody"` element) when the page has one, without navigation, scripts,
headings, figures and page furniture. A plain-text article's first line is its
headline when it stands alone (followed by a blank line, no closing full stop).

Everything here uses the standard library (html.parser, json).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "BlogPosting", "Report",
}  # fmt: skip
_SKIP = {
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
    "form", "button", "select", "figure", "iframe", "head", "title",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "blockquote", "section", "article", "main", "br", "tr",
    "td", "th", "table", "dd", "dt", "pre", "hr", *_HEADINGS,
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}
_PUBLISHED = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*"
)
# Invisible characters that event files refuse (controls, bidirectional overrides).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Article:
    """An article's text (paragraphs of plain text) and its own description of itself."""

    paragraphs: tuple[str, ...]
    headline: str = ""
    publisher: str = ""
    published: date | None = None
    url: str = ""
    is_html: bool = False
    language: str = ""  # as the page says (`<html lang>`, og:locale, inLanguage)

    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in split_sentences(p)]


def clean(text: str) -> str:
    """One line of text: invisible characters dropped, every run of white space one space."""
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", text)).strip()


def parse_published(text: str) -> date | None:
    """The day of an ISO 8601 time stamp as written (the publisher's own calendar day)."""
    m = _PUBLISHED.fullmatch(text or "")
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    return head.startswith("<") or bool(
        re.search(r"<(html|head|body|article|p|div|meta)\b", head, re.I)
    )


def read_article(text: str) -> Article:
    return read_html(text) if looks_like_html(text) else read_plain(text)


def read_plain(text: str) -> Article:
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", normal) if clean(b)]
    headline = ""
    if (
        len(blocks) > 1
        and "\n" not in blocks[0]
        and len(blocks[0]) <= 200
        and not clean(blocks[0]).endswith((".", "!", "?", ":", ";", ","))
    ):
        headline = clean(blocks.pop(0))
    return Article(tuple(clean(b) for b in blocks), headline=headline)


class _Page(HTMLParser):
    """Collects meta data, JSON-LD blocks and the visible text blocks of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.lang = ""
        self.title = ""
        self.h1 = ""
        self.jsonld: list[str] = []
        self.blocks: list[tuple[str, bool]] = []  # (text, inside the article body)
        self._stack: list[str] = []
        self._skip = 0
        self._body_depth: int | None = None  # stack depth of the article element
        self._heading = 0
        self._line: list[str] = []
        self._capture: str | None = None  # "title", "h1" or "jsonld"
        self._captured: list[str] = []

    # -- structure --------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and not self.lang:
            self.lang = a.get("lang", "").strip()
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:  # decoded once by the parser; twice when escaped twice
                self.meta.setdefault(key, html.unescape(a["content"]).strip())
            return
        if tag == "link":
            rels = a.get("rel", "").lower().split()
            if "canonical" in rels and not self.canonical:
                self.canonical = a.get("href", "").strip()
            return
        if tag == "script" and a.get("type", "").lower().strip() == "application/ld+json":
            self._start_capture("jsonld")
        elif tag == "title" and not self.title:
            self._start_capture("title")
        elif tag == "h1" and not self.h1:
            self._start_capture("h1")
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._flush()
            return
        self._stack.append(tag)
        if tag in _BLOCKS:
            self._flush()
        if (
            tag in _SKIP
            or a.get("hidden") is not None
            or "display:none" in a.get("style", "").replace(" ", "")
        ):
            self._skip += 1
            self._stack[-1] = "\0" + tag  # remember that this element opened a skip
        if tag in _HEADINGS:
            self._heading += 1
        is_body = tag == "article" or a.get("itemprop", "").lower() == "articlebody"
        if is_body and self._body_depth is None and not self._skip:
            self._body_depth = len(self._stack)

    def handle_endtag(self, tag: str) -> None:
        if self._capture and tag == {"jsonld": "script"}.get(self._capture, self._capture):
            self._end_capture()
        if tag in _VOID or not any(t.lstrip("\0") == tag for t in self._stack):
            return
        while self._stack:
            opened = self._stack.pop()
            if opened.lstrip("\0") in _BLOCKS:
                self._flush()
            if opened.startswith("\0"):
                self._skip -= 1
            if opened.lstrip("\0") in _HEADINGS:
                self._heading -= 1
            if self._body_depth is not None and len(self._stack) < self._body_depth:
                self._body_depth = -1  # the article body is closed; keep the first only
            if opened.lstrip("\0") == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._captured.append(data)
        if not self._skip and not self._heading and self._capture != "jsonld":
            self._line.append(data)

    # -- helpers ----------------------------------------------------------------
    def _start_capture(self, what: str) -> None:
        self._capture, self._captured = what, []

    def _end_capture(self) -> None:
        text = "".join(self._captured)
        if self._capture == "jsonld":
            self.jsonld.append(text)
        elif self._capture == "title":
            self.title = clean(text)
        elif self._capture == "h1":
            self.h1 = clean(text)
        self._capture = None

    def _flush(self) -> None:
        text = clean("".join(self._line))
        self._line = []
        if text:
            inside = self._body_depth is not None and self._body_depth > 0
            self.blocks.append((text, inside))

    def close(self) -> None:
        super().close()
        self._flush()


def read_html(text: str) -> Article:
    page = _Page()
    page.feed(text)
    page.close()
    ld = json_ld_article(page.jsonld)
    inside = [t for t, body in page.blocks if body]
    paragraphs = inside or [t for t, _ in page.blocks]
    if not paragraphs and isinstance(ld.get("articleBody"), str):
        paragraphs = [clean(p) for p in re.split(r"\n\s*\n", ld["articleBody"]) if clean(p)]
    m = page.meta
    headline = m.get("og:title") or _text(ld.get("headline")) or page.h1 or page.title
    publisher = m.get("og:site_name") or _name(ld.get("publisher"))
    published = parse_published(m.get("article:published_time", "")) or parse_published(
        _text(ld.get("datePublished"))
    )
    url = (
        page.canonical or m.get("og:url") or _text(ld.get("url")) or _id(ld.get("mainEntityOfPage"))
    )
    return Article(
        tuple(paragraphs),
        headline=clean(headline),
        publisher=clean(publisher),
        published=published,
        url=url.strip(),
        is_html=True,
        language=clean(page.lang or m.get("og:locale", "").replace("_", "-"))
        or _text(ld.get("inLanguage")).strip(),
    )


def json_ld_article(blocks: list[str]) -> dict:
    """The first JSON-LD object of an article type (NewsArticle…), or {}; its values that
    are references to other nodes of the page ({"@id": …}) are replaced by those nodes."""
    found: list[object] = []
    for block in blocks:
        try:
            found.append(json.loads(block))
        except ValueError:
            continue
    nodes: dict[str, dict] = {}
    for data in found:
        _index(data, nodes)
    for data in found:
        for item in _walk(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str)):
                return {key: _resolve(value, nodes) for key, value in item.items()}
    return {}


def _walk(data: object) -> list[dict]:
    if isinstance(data, list):
        return [d for item in data for d in _walk(item)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []))]
    return []


def _index(data: object, nodes: dict[str, dict]) -> None:
    """Every node that has an "@id" and says more than it, at any depth, by its id."""
    if isinstance(data, list):
        for item in data:
            _index(item, nodes)
    elif isinstance(data, dict):
        if isinstance(data.get("@id"), str) and len(data) > 1:
            nodes.setdefault(data["@id"], data)
        for value in data.values():
            _index(value, nodes)


def _resolve(value: object, nodes: dict[str, dict]) -> object:
    """A reference ({"@id": x}, nothing else) → the node x; a list, item by item."""
    if isinstance(value, list):
        return [_resolve(v, nodes) for v in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return nodes.get(value["@id"], value)
    return value


def _text(value: object) -> str:
    """A JSON-LD string, its HTML character references decoded ('&amp;' → '&')."""
    return html.unescape(value) if isinstance(value, str) else ""


def _name(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _id(value: object) -> str:
    if isinstance(value, dict):
        return _text(value.get("@id")) or _text(value.get("url"))
    return _text(value)


# -- sentences ------------------------------------------------------------------------

# Titles before a name: a full stop after them never ends a sentence.
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "rev", "hon", "pres", "amb", "messrs",
}  # fmt: skip
# Other abbreviations end a sentence only when a typical first word follows ("… the U.S. He").
ABBREVIATIONS = {
    "jr", "sr", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "approx", "dept", "est", "fig", "p.m", "a.m", "u.s", "u.k", "u.n", "e.g",
    "i.e", "d.c",
}  # fmt: skip
STARTERS = {
    "he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "but", "and", "in", "on",
    "at", "this", "that", "these", "those", "his", "her", "their", "its", "our", "there",
    "meanwhile", "however", "after", "before", "when", "while", "as", "if", "some", "many",
}  # fmt: skip
_OPENING = "\"'\u201c\u2018(["
_BOUNDARY = re.compile(r"[.!?…]+([\"'”’)\]]*)\s+(?=[" + _OPENING + r"]?([A-Z0-9¿¡]\w*))")
_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; titles (Mr.), initials and abbreviations (Jan., U.S.) do
    not end one unless a typical first word (He, The…) follows the abbreviation."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        word = re.search(r"(\S+)$", paragraph[start : m.start() + 1])
        token = (word.group(1) if word else "").lower().strip(_OPENING).rstrip(".")
        if (
            m.group().startswith(".")
            and not m.group(1)
            and (
                token in TITLES
                or re.fullmatch(r"[a-z]", token or "x")
                or (token in ABBREVIATIONS and m.group(2).lower() not in STARTERS)
            )
        ):
            continue
        sentences.append(paragraph[start : m.end()].strip())
        start = m.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def is_statement(sentence: str) -> bool:
    """A sentence ends with its punctuation; bylines, captions and datelines do not."""
    return bool(_END.search(sentence)) and len(sentence.split()) >= 3
