"""Contributor text → safe HTML, and the rules for links.

Markdown is converted by python-markdown, then everything is passed through nh3
(Ammonia) with a tight allow-list. Before that, the converted HTML is inspected
so that anything the sanitiser would drop is reported as an error at load time
instead of silently vanishing from the page.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.inlinepatterns import LinkInlineProcessor

ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "q"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "q": {"cite"}}
LINK_SCHEMES = {"http", "https", "mailto"}
_BAD_URL_CHARS = re.compile(r"[\s\"'<>\\^`{|}]")
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]"
)

_TAG_HINTS = {
    "h1": "headings are not allowed in a summary; use **bold** for emphasis",
    "img": "pictures go in the 'media:' field, not in the summary",
    "hr": "horizontal rules are not allowed in a summary",
    "pre": "code blocks are not allowed in a summary",
    "table": "tables are not allowed in a summary",
}


_CHARACTER_NAMES = {
    " ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a line break",
    "\u00a0": "a no-break space (U+00A0)",
}  # fmt: skip


def _character(char: str) -> str:
    """A character as a message names it: 'a tab', not a blank between two quotes."""
    if char in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[char]
    if not char.isspace():
        return f"'{char}'"
    name = unicodedata.name(char, "")
    return f"the invisible character U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")


def check_url(url: str) -> tuple[str, str] | None:
    """Return (message, hint) if `url` is not a public http(s) address, else None."""
    if not url:
        return "the address is empty", "write the full address, starting with https://"
    if _BAD_URL_CHARS.search(url):
        bad = _BAD_URL_CHARS.search(url)
        assert bad is not None
        return (
            f"the address '{url}' contains {_character(bad.group())}",
            "copy the address from the browser's address bar (it percent-encodes such characters)",
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme or (scheme not in ("http", "https") and "." in scheme):
        return f"the address '{url}' has no scheme", f"did you mean https://{url.lstrip('/')}?"
    if scheme not in ("http", "https"):
        return (
            f"links must start with http:// or https://, not '{parts.scheme}:'",
            "link to the article's web address",
        )
    if parts.username is not None or parts.password is not None:
        return (
            f"the address '{url}' carries a user name or password",
            "remove the part before '@'",
        )
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return f"the address '{url}' has an invalid port", "remove the ':…' after the host name"
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return f"the address '{url}' has no host", "write it as https://host/path"
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return f"the host '{host}' is not a valid domain name", "check the address"
    if not _HOSTNAME.fullmatch(ascii_host):
        return (
            f"the host '{host}' is not a public domain name",
            "link to a public web address such as https://www.example.org/…",
        )
    return None


# What a problem is about, to find where it is written: its tag ("!--" for a comment),
# where that tag starts in the HTML (line, column), and texts to look for from the tag's
# start in the Markdown (an attribute's name; a link's address as decoded, then as written).
_About = tuple[str, tuple[int, int], tuple[str, ...]]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str, _About]] = []  # message, hint, what it is about

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            hint = _TAG_HINTS.get("h1" if re.fullmatch(r"h[1-6]", tag) else tag)
            self.problems.append(
                (
                    f"the summary contains <{tag}>, which is not allowed",
                    hint or "write Markdown: **bold**, *italic*, [text](https://…), lists",
                    (tag, self.getpos(), ()),
                )
            )
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(
                    (
                        f"the summary's <{tag}> has the attribute '{name}', which is not allowed",
                        "write Markdown instead of HTML",
                        (tag, self.getpos(), (name,)),
                    )
                )
            elif name in ("href", "cite"):
                self._check_link(tag, name, value or "")

    def _check_link(self, tag: str, name: str, href: str) -> None:
        if href.lower().startswith("mailto:"):
            return
        found = check_url(href)
        if found:
            written = _ATTRIBUTE[name].search(self.get_starttag_text() or "")
            where = (href, next(filter(None, written.groups()), "")) if written else (href,)
            self.problems.append(
                (f"a link in the summary: {found[0]}", found[1], (tag, self.getpos(), where))
            )

    def handle_comment(self, data: str) -> None:
        self.problems.append(
            (
                "the summary contains an HTML comment, which would not be published",
                "delete the comment; notes for reviewers belong in the pull request",
                ("!--", self.getpos(), ()),
            )
        )


# An address as the HTML writes it (character references kept, as the Markdown may have).
_ATTRIBUTE = {
    name: re.compile(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
    for name in ("href", "cite")
}


_BRACKET = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> list[int | None]:
    """python-markdown's `LinkInlineProcessor._findBracketEnds`, a step per bracket.

    For each index of `data`: the index just past the `]` that closes the bracket open
    before that index, or None. Markdown's own takes a Python step per character, a third
    of the time spent reading an event file; here the indexes between two brackets share
    their depth, so they are kept as one run and filled with one slice.
    """
    ends: list[int | None] = [None] * (len(data) + 1)
    runs: list[tuple[int, int, int]] = []  # first, last + 1, depth; depths never fall
    depth = 0
    first = 0
    for bracket in _BRACKET.finditer(data):
        past = bracket.end()
        runs.append((first, past, depth))
        depth += 1 if bracket.group() == "[" else -1
        first = past
        while runs and depth < runs[-1][2]:
            start, stop, _ = runs.pop()
            ends[start:stop] = [past] * (stop - start)
    return ends


_PROBE = "[a]b[[c]d]]e[f[g]"  # nested, closed, unclosed and stray brackets

# python-markdown's inline patterns that open with a lookbehind, and the same patterns
# written to open with what every match starts with. A regular expression that opens with
# a lookbehind is tried at every index of the text; one that opens with a character (or a
# lookahead for one of a set) is tried only where that character is. Each pattern is
# scanned over each piece of every summary: the backtick's took 27 µs on a 120-word
# summary, now 7, the three of '[' 7 µs each, now under 1. The matches, and their groups,
# are the same.
FASTER_PATTERNS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": r"(?=[\\`])(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)",
    r"(?<!\!)\[": r"\[(?<!\!\[)",
}


def _markdown() -> markdown.Markdown:
    """The summaries' converter: python-markdown's own, with `bracket_ends` for its
    bracket matching wherever the two agree, and its patterns that `FASTER_PATTERNS`
    names written faster (a later python-markdown that changes either keeps its own)."""
    md = markdown.Markdown(extensions=[], output_format="html")
    for processor in md.inlinePatterns:
        compiled = processor.getCompiledRegExp()
        faster = FASTER_PATTERNS.get(compiled.pattern)
        if faster is not None:
            processor.compiled_re = re.compile(faster, compiled.flags)
        own = getattr(type(processor), "_findBracketEnds", None)
        if not isinstance(processor, LinkInlineProcessor) or own is None:
            continue
        if own(_PROBE) == bracket_ends(_PROBE):
            processor._findBracketEnds = bracket_ends  # type: ignore[method-assign]
    return md


_MARKDOWN = _markdown()


def render_summary(text: str) -> tuple[str, list[tuple[str, str, int | None]]]:
    """Markdown → sanitised HTML, plus (message, hint, where) of everything disallowed.

    `where` is the index in `text` where the problem is written (a picture's `!`, a
    heading's `#`, a link's address…), or None when that cannot be told. It is looked
    for only when there are problems: the summary is converted again, in parts or
    changed, until what made the HTML is found (`_placed`).
    """
    html = _MARKDOWN.reset().convert(text)
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    problems = inspector.problems
    return sanitise(html), _placed(text, html, problems) if problems else []


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# -- Where a problem is written in the Markdown ----------------------------------------------
# Markdown keeps no positions, so its own conversion is asked: the line where the n-th
# <h2> is made is the first line whose text up to it makes n of them; the n-th picture is
# the last one made by the shortest start of the text that makes n (`_inline`).

_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre"})
_UNDERLINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*")  # under a setext heading's text
# How many of one summary's faulty constructs are placed (the others stay at the summary's
# start): placing one takes some 25 conversions of (parts of) the summary.
_MAX_PLACED = 20


class _Tags(HTMLParser):
    """Every start tag of an HTML text (and comment, as "!--"), with where it starts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[int, int]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, self.getpos()))

    def handle_comment(self, data: str) -> None:
        self.found.append(("!--", self.getpos()))


def _margin(line: str) -> int:
    """How many blanks and quote marks ('>') come before a line's text."""
    return len(line) - len(line.lstrip(" \t>"))


def _count(text: str, tag: str) -> int:
    """How many `tag`s the Markdown `text` makes."""
    return sum(name == tag for name, _ in _Tags(_MARKDOWN.reset().convert(text)).found)


def _placed(
    text: str, html: str, problems: list[tuple[str, str, _About]]
) -> list[tuple[str, str, int | None]]:
    """Each problem with the index in `text` where it is written (None: not known)."""
    tags = _Tags(html).found
    starts: dict[tuple[str, int], int | None] = {}
    placed: list[tuple[str, str, int | None]] = []
    for message, hint, (tag, at, needles) in problems:
        nth = sum(name == tag and pos <= at for name, pos in tags)
        if (tag, nth) not in starts:
            place = _block if tag in _BLOCKS else _inline
            starts[tag, nth] = place(text, tag, nth) if len(starts) < _MAX_PLACED else None
        start = starts[tag, nth]
        for needle in filter(None, needles):
            pattern = re.compile(re.escape(needle), re.I)
            if start is None:  # not placed: the needle tells only if it is written once
                found = list(itertools.islice(pattern.finditer(text), 2))
                if len(found) == 1:
                    start = found[0].start()
                    break
                continue
            match = pattern.search(text, start)
            if match:
                start = match.start()
                break
        placed.append((message, hint, start))
    return placed


def _block(text: str, tag: str, nth: int) -> int | None:
    """Where the `nth` block `tag` (a heading, rule or code block) is written."""
    lines = text.split("\n")
    if _count(text, tag) < nth:
        return None
    # the fewest lines that make `nth` of them
    n = _least(1, len(lines), lambda size: _count("\n".join(lines[:size]), tag) >= nth) - 1
    line = lines[n]
    raw = re.search(rf"<{tag}(?=[\s/>]|$)", line, re.I)
    if raw:
        col = raw.start()
    elif tag == "pre":
        col = len(line) - len(line.lstrip())
    elif tag != "hr" and n > 0 and _UNDERLINE.fullmatch(line):  # setext: the text above
        n -= 1
        col = _margin(lines[n])
    elif tag != "hr" and "#" in line:
        col = line.index("#")
    else:
        col = _margin(line)
    return sum(len(before) + 1 for before in lines[:n]) + col


def _inline(text: str, tag: str, nth: int) -> int | None:
    """Where the `nth` `tag` of the text (a picture, a link, raw HTML) opens: the shortest
    start of the text that makes `nth` of them ends with it, and the latest character from
    which that start still makes one is where it opens (a picture's `!`, a link's `[`)."""
    if _count(text, tag) < nth:
        return None
    end = _least(1, len(text), lambda size: _count(text[:size], tag) >= nth)
    return _least(0, end, lambda start: not _count(text[start:end], tag)) - 1


def _least(low: int, high: int, holds: Callable[[int], bool]) -> int:
    """The least number from `low` to `high` for which `holds`, which holds for every
    number above it and for `high` at least (a search by halves)."""
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    return low
