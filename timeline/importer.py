"""`import FILE`: events from Knight Lab TimelineJS3 JSON or from CSV, as event files.

Formats (told apart by the content: JSON starts with `{`):

- TimelineJS3 JSON: `events[]` with `start_date`/`end_date` objects (year, month, day,
  hour, minute, second), `text.headline` → title, `text.text` (HTML) → summary in
  Markdown, `media` → media (url, alt, caption, credit), `group` → a tag, `unique_id` →
  the id, `display_date` → "c." (approximate), "(uncertain)" and a time's UTC offset.
  Our own `timelinejs.json` export writes the place, status, sources and corrections
  into `text.text` in the wording of `timeline.exports.describe`; they are read back.
- CSV with TimelineJS's sheet columns (Year, Month, Day, Time, End Year, End Month, End
  Day, End Time, Display Date, Headline, Text, Media, Media Credit, Media Caption, Media
  Thumbnail, Type, Group, Background), or with our own columns (date, end, title,
  summary, tags, actors, source_url, source_title, source_publisher, source_published,
  and optionally id, place, status, claimed_by, related, source_archive; the plural
  names of our `events.csv` export are accepted too). `|` separates list items; rows
  with the same date and title are one event with several sources.

Every event is checked by the loader itself before it is written; an event that cannot
be valid is reported with its row (`FILE:ROW:`) or its place in the JSON (`FILE: event
N:`) and nothing is written for it. An event without a source is written as a draft.
Files go to `events/YEAR/ID.yaml` and never overwrite anything.

This module also holds what `draft` shares: rendering and writing checked event files.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import html
import io
import json
import os
import re
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from timeline.dates import MONTHS, DateError, DatePoint, EventDate, check_order, parse_point
from timeline.editor_schema import SCHEMA_PATH
from timeline.exports.describe import STATUS_LABELS
from timeline.load import EXTENSION, discover, read_event
from timeline.model import ID_MAX, ID_PATTERN, RESERVED_IDS, suggest_id
from timeline.problems import Position, Problem, Problems, Severity, display_path
from timeline.scaffold import event_id, yaml_text
from timeline.schema import STATUSES
from timeline.site import NotASite, SitePaths, today

# -- writing checked event files (shared with `draft`) ---------------------------------


@dataclass
class EventFile:
    """An event file to write: its YAML lines, comments for the contributor, and its id."""

    title: str
    when: EventDate
    comments: list[str]
    lines: list[str]
    draft: bool = False
    id: str = ""  # an id given by the input (unique_id, id column); else from date and title
    unsourced: bool = False  # a draft that has no source yet (allowed to lack 'sources')
    label: str = ""  # where it came from, for messages: "FILE:3", "FILE: event 2"


@dataclass
class NewFile:
    path: Path | None  # where it was (or would be) written; None when refused
    problems: list[Problem] = field(default_factory=list)


_MD_ESCAPE = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)(?:([#>]|[-+*](?=\s|$)|=+\s*$)|(\d+)([.)])(?=\s|$))")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly this text (no markup, no raw HTML)."""
    text = _MD_ESCAPE.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")
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


def render_file(f: EventFile, schema_ref: str | None) -> str:
    out = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    for comment in f.comments:
        for line in textwrap.wrap(re.sub(r"\s+", " ", comment), 96) or [""]:
            out.append(f"# {line}".rstrip())
    return "\n".join(out + f.lines) + "\n"


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… within the id length limit."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: ID_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def validate(text: str, stem: str, shown: str, paths: SitePaths, ids: frozenset[str],
             unsourced: bool) -> list[Problem]:  # fmt: skip
    """The loader's errors for this file's text, judged as if it were published.

    A draft is checked with `status: reported` so that its problems count as errors
    here whatever `check` later makes of drafts; only a missing source is allowed, and
    only for a draft written without one.
    """
    judged = text.replace("\nstatus: draft\n", "\nstatus: reported\n")
    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="timeline-") as tmp:
        path = Path(tmp) / f"{stem}{EXTENSION}"
        path.write_text(judged, encoding="utf-8")
        read_event(path, shown, stem, paths.events, ids | {stem}, problems, today())
    return [
        p
        for p in problems.errors
        if not (unsourced and p.message == "an event file has no 'sources'")
    ]


def write_events(
    paths: SitePaths,
    out: Path,
    files: list[EventFile],
    *,
    dry_run: bool = False,
    by_year: bool = False,
    extra_ids: frozenset[str] = frozenset(),
) -> list[NewFile]:
    """Write each file under `out` (in YEAR/ folders when `by_year`), checked, never over
    another; an id the input did not give gets -2, -3… when it is taken."""
    found = discover(paths.root, paths.events, Problems())
    existing = {p.name[: -len(EXTENSION)]: p for p in found}
    taken = set(existing)
    if out.is_dir():
        taken |= {p.name[: -len(EXTENSION)] for p in out.rglob(f"*{EXTENSION}")}
    schema = paths.root / SCHEMA_PATH
    results: list[NewFile] = []
    for f in files:
        folder = out / f"{f.when.start.year:04d}" if by_year else out
        if f.id and f.id in taken:
            where = display_path(existing[f.id], paths.root) if f.id in existing else None
            results.append(NewFile(None, [error(
                f"the id '{f.id}' is already used by {where or 'another event of this input'}",
                "an event is imported once; remove the row, or give it another id",
            )]))  # fmt: skip
            continue
        stem = f.id or free_id(event_id(f.title, f.when.edtf()), taken)
        ref = None
        if schema.is_file():
            ref = Path(os.path.relpath(schema.absolute(), folder.absolute())).as_posix()
        text = render_file(f, ref)
        path = folder / f"{stem}{EXTENSION}"
        shown = display_path(path.absolute(), paths.root.absolute())
        problems = validate(text, stem, shown, paths, frozenset(taken | extra_ids), f.unsourced)
        taken.add(stem)
        if problems or dry_run:
            results.append(NewFile(None if problems else path, problems))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        while not create(path, text):  # a file appeared that the tree did not show
            if f.id:
                results.append(NewFile(None, [error(f"{shown} exists", "")]))
                break
            stem = free_id(stem, taken)
            taken.add(stem)
            path = folder / f"{stem}{EXTENSION}"
        else:
            results.append(NewFile(path))
    return results


def create(path: Path, text: str) -> bool:
    try:
        with path.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        return False
    return True


def error(message: str, hint: str) -> Problem:
    return Problem(Position(""), Severity.ERROR, message, hint)


# -- HTML → Markdown -------------------------------------------------------------------


_PARAGRAPHS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6"}


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
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
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
            text = re.sub(r"\s+", " ", "".join(self._text[start_text:])).strip()
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

    def handle_data(self, data: str) -> None:
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
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text or ""))).strip()


# -- dates in words (our display format) -----------------------------------------------

_MONTH_WORD = "|".join(MONTHS)
_DISPLAY = re.compile(
    rf"(?P<c>c\. )?(?:(?P<day>\d{{1,2}}) )?(?:(?P<month>{_MONTH_WORD}) )?(?P<year>\d{{4}})"
    r"(?:, (?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))? \(UTC(?:(?P<sign>[+−-])(?P<oh>\d{2}):"
    r"(?P<om>\d{2}))?\))?(?P<u> \(uncertain\))?"
)
_OFFSET = re.compile(r"\(UTC(?:([+−-])(\d{2}):(\d{2}))?\)")


def parse_display(text: str) -> DatePoint | None:
    """'25 January 2019', 'c. January 2019', '23 January 2019, 14:30 (UTC−04:00)' → a point."""
    m = _DISPLAY.fullmatch(text.strip())
    if m is None:
        return None
    iso = m["year"]
    if m["month"]:
        iso += f"-{MONTHS.index(m['month']) + 1:02d}"
        if m["day"]:
            iso += f"-{int(m['day']):02d}"
    if m["h"]:
        iso += f"T{m['h']}:{m['mi']}" + (f":{m['s']}" if m["s"] else "")
        iso += f"{'-' if m['sign'] in '−-' else '+'}{m['oh']}:{m['om']}" if m["sign"] else "Z"
    iso += "~" if m["c"] else "?" if m["u"] else ""
    try:
        return parse_point(iso)
    except DateError:
        return None


# -- rows: what an input row says ------------------------------------------------------


class RowError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Source:
    url: str
    title: str
    publisher: str
    published: str = ""
    archive: str = ""


@dataclass
class Item:
    """One event read from the input, before it is written."""

    label: str
    rows: list[int]
    title: str
    when: EventDate
    id: str = ""
    place: str = ""
    summary: str = ""
    status: str = ""
    claimed_by: str = ""
    tags: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def to_event_file(item: Item, name: str = "") -> EventFile:
    origin = item.label.replace(name, Path(name).name, 1) if name else item.label
    comments = [f"Imported by `timeline import` from {origin}.", *item.notes]
    status = item.status or "confirmed"
    claimed_by = item.claimed_by
    unsourced = not item.sources
    if unsourced:
        if status != "draft":
            comments.append(
                f"A draft: the input gives no source for it (its status was {status}"
                + (f", claimed by {claimed_by}" if claimed_by else "")
                + "). Add the articles that report it under 'sources:', then set the status."
            )
        status, claimed_by = "draft", ""
    lines = [f"title: {yaml_text(item.title)}", f"date: {item.when.start.edtf()}"]
    if item.when.end:
        lines.append(f"end: {item.when.end.edtf()}")
    if item.place:
        lines.append(f"place: {yaml_text(item.place)}")
    if item.summary:
        lines.append("summary: |")
        lines += [f"  {line}" if line.strip() else "" for line in item.summary.split("\n")]
    lines.append(f"status: {status}")
    if claimed_by:
        lines.append(f"claimed_by: {yaml_text(claimed_by)}")
    for key, values in (("tags", item.tags), ("actors", item.actors), ("related", item.related)):
        if values:
            lines.append(f"{key}: [" + ", ".join(yaml_text(v, in_list=True) for v in values) + "]")
    if item.sources:
        lines.append("sources:")
    for s in item.sources:
        lines.append(f"  - url: {yaml_text(s.url)}")
        lines.append(f"    title: {yaml_text(s.title)}")
        lines.append(f"    publisher: {yaml_text(s.publisher)}")
        if s.published:
            lines.append(f"    published: {s.published}")
        if s.archive:
            lines.append(f"    archive: {yaml_text(s.archive)}")
    if item.media:
        lines.append("media:")
        for key in ("src", "alt", "caption", "credit"):
            if item.media.get(key):
                lines.append(f"  {key}: {yaml_text(item.media[key])}")
    if item.corrections:
        lines.append("corrections:")
        for day, note in item.corrections:
            lines += [f"  - date: {day}", f"    note: {yaml_text(note)}"]
    return EventFile(
        item.title, item.when, comments, lines, draft=status == "draft", id=item.id,
        unsourced=unsourced, label=item.label,
    )  # fmt: skip


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def span_of(start: DatePoint, end: DatePoint | None, what: str) -> EventDate:
    """A date, or an interval when the end differs from the start."""
    if end is None or end == start:
        return EventDate(start)
    try:
        check_order(start, end)
    except DateError as exc:
        raise RowError(f"{what}: {exc.message}", exc.hint) from None
    return EventDate(start, end)


def parse_when(start: str, end: str = "") -> EventDate:
    try:
        first = parse_point(start)
        last = parse_point(end) if end else None
        if last is not None:
            check_order(first, last)
    except DateError as exc:
        raise RowError(f"the date: {exc.message}", exc.hint) from None
    return EventDate(first, last)


# -- TimelineJS: the text of a slide ---------------------------------------------------


def read_slide_text(text: str, item: Item) -> None:
    """Summary, and what our export adds around it: place, status, sources, corrections."""
    blocks, dropped = html_to_markdown(text)
    if dropped:
        item.notes.append(
            "Left out of the text: " + ", ".join(f"<{t}>" for t in sorted(set(dropped))) + "."
        )
    ours = any(b.text == "Sources:" for b in blocks)  # the layout of our own export
    kept: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.tag == "p" and b.text in ("Sources:", "Corrections:") and nxt and nxt.tag in (
            "ul", "ol",
        ):  # fmt: skip
            for entry in nxt.items:
                if b.text == "Sources:":
                    item.sources.append(read_source_item(*entry))
                else:
                    item.corrections.append(read_correction_item(entry[0]))
            i += 2
            continue
        status = status_paragraph(b)
        if status and not item.status:
            item.status, item.claimed_by = status
        elif ours and b.text == "About this event" and len(b.links) == 1:
            pass  # the link to the event's page that our export adds
        elif ours and i == 0 and is_place(b):
            item.place = b.text
        else:
            kept.append(b)
        i += 1
    item.summary = "\n\n".join(b.md for b in kept if b.md.strip())


def status_paragraph(b: Block) -> tuple[str, str] | None:
    """Our export's status line: '**Claim, not confirmed — source of the claim: X**'."""
    if b.tag != "p" or not (b.md.startswith("**") and b.md.endswith("**")):
        return None
    labels = {label: status for status, label in STATUS_LABELS.items()}
    label, _, claimed = b.text.partition(" — source of the claim: ")
    return (labels[label], claimed) if label in labels else None


def is_place(b: Block) -> bool:
    """Our export's first paragraph when the event has a place: short, plain, no full stop."""
    return (
        b.tag == "p"
        and not b.markup
        and 0 < len(b.text) <= 120
        and not re.search(r"[.!?:;…\"”’)]$", b.text)
    )


def read_source_item(text: str, links: list[tuple[str, str]]) -> Source:
    """'<a href=URL>Title</a>, Publisher, 25 January 2019 (<a href=…>archived copy</a>)'."""
    if not links:
        raise RowError(f"the source '{text}' has no link", "a source is a link to the article")
    url, title = links[0]
    rest = text[len(title) :] if text.startswith(title) else text
    archive = ""
    if len(links) > 1 and links[1][1] == "archived copy":
        archive = links[1][0]
        rest = rest.replace("(archived copy)", "")
    rest = rest.strip().strip(",").strip()
    published = None
    for m in re.finditer(", ", rest):  # the date is the longest tail that reads as one
        published = parse_display(rest[m.end() :])
        if published is not None:
            rest = rest[: m.start()]
            break
    day = published.edtf() if published else ""
    return Source(url, title.strip(), rest.strip(), day, archive)


def read_correction_item(text: str) -> tuple[str, str]:
    day, _, note = text.partition(": ")
    point = parse_display(day)
    if point is None or point.day is None:
        raise RowError(
            f"the correction '{text}' does not start with its day",
            "write corrections as '1 February 2019: what changed'",
        )
    return point.edtf(), note.strip()


# -- TimelineJS3 JSON ------------------------------------------------------------------


Refused = list[tuple[int, str, RowError]]  # (order, label, why)


def read_timelinejs(data: object, name: str) -> tuple[list[Item], Refused]:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise RowError(
            "not a TimelineJS3 file: there is no 'events' list",
            'TimelineJS3 JSON is {"title": {…}, "events": [{…}, …]}',
        )
    items: list[Item] = []
    refused: Refused = []
    for n, slide in enumerate(data["events"], 1):
        label = f"{name}: event {n}"
        try:
            items.append(read_slide(slide, label, n))
        except RowError as exc:
            refused.append((n, label, exc))
    return items, refused


def read_slide(slide: object, label: str, n: int) -> Item:
    if not isinstance(slide, dict):
        raise RowError("the event is not an object", 'each event is {"start_date": …}')
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    title = plain_text(str(text.get("headline") or ""))
    if not title:
        raise RowError("the event has no text.headline", "give every slide a headline")
    display = plain_text(str(slide.get("display_date") or ""))
    start_display, _, end_display = display.partition(" – ")
    notes: list[str] = []
    start = date_object(slide.get("start_date"), "start_date", start_display, notes)
    end = None
    if slide.get("end_date"):
        end = date_object(slide.get("end_date"), "end_date", end_display, notes)
    item = Item(label, [n], title, span_of(start, end, "end_date"), notes=notes)
    item.id = given_id(str(slide.get("unique_id") or "").strip(), "unique_id")
    group = plain_text(str(slide.get("group") or ""))
    if group:
        item.tags = [group]
    read_slide_text(str(text.get("text") or ""), item)
    media = slide.get("media")
    if isinstance(media, dict) and media.get("url"):
        read_media(media, item)
    return item


def date_object(obj: object, what: str, display: str, notes: list[str]) -> DatePoint:
    """A TimelineJS date object → a point; a time needs the offset `display_date` gives."""
    if not isinstance(obj, dict) or str(obj.get("year", "")).strip() == "":
        raise RowError(f"{what} has no year", f'write "{what}": {{"year": 2019, "month": 1}}')
    parts = {}
    for key in ("year", "month", "day", "hour", "minute", "second"):
        value = str(obj.get(key, "")).strip()
        if value and not re.fullmatch(r"-?\d+", value):
            raise RowError(f"{what}.{key} '{value}' is not a number")
        parts[key] = int(value) if value else None
    return build_point(parts, what, display, notes)


def build_point(parts: dict, what: str, display: str, notes: list[str]) -> DatePoint:
    year, month, day = parts["year"], parts.get("month"), parts.get("day")
    if year <= 0 or year > 9999:
        raise RowError(f"{what}: the year {year} is not supported", "years run from 1 to 9999")
    if day is not None and month is None:
        raise RowError(f"{what} has a day but no month", "give the month too")
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    hour = parts.get("hour")
    if hour is not None and day is not None:
        offset = _OFFSET.search(display)
        clock = f"{hour:02d}:{parts.get('minute') or 0:02d}"
        if parts.get("second") is not None:
            clock += f":{parts['second']:02d}"
        if offset:
            sign, oh, om = offset.groups()
            iso += f"T{clock}" + (f"{'-' if sign in '−-' else '+'}{oh}:{om}" if sign else "Z")
        else:
            notes.append(
                f"The input gives the time {clock} without a UTC offset; only the day is kept. "
                f"Add the time as {iso}T{clock}+HH:MM (the place's offset) if it matters."
            )
    if display.startswith("c. "):
        iso += "~"
    elif display.endswith("(uncertain)"):
        iso += "?"
    try:
        return parse_point(iso)
    except DateError as exc:
        raise RowError(f"{what}: {exc.message}", exc.hint) from None


def read_media(media: dict, item: Item) -> None:
    url = str(media.get("url") or "").strip()
    alt = plain_text(str(media.get("alt") or media.get("title") or ""))
    if not url.lower().startswith(("http://", "https://")):
        item.notes.append(f"The media '{url}' is not a web address and was left out.")
        return
    if not alt:
        item.notes.append(
            f"The media {url} has no alt text and was left out; add 'media:' with 'alt:'."
        )
        return
    item.media = {"src": url, "alt": alt}
    for key in ("caption", "credit"):
        value = plain_text(str(media.get(key) or ""))
        if value:
            item.media[key] = value


# -- CSV -------------------------------------------------------------------------------

TIMELINEJS_COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time",
    "display date", "headline", "text", "media", "media credit", "media caption",
    "media thumbnail", "media alt", "alt text", "type", "group", "background",
)  # fmt: skip
OUR_COLUMNS = (
    "id", "date", "end", "title", "place", "summary", "status", "claimed_by", "tags",
    "actors", "related", "source_url", "source_title", "source_publisher", "source_published",
    "source_archive", "source_urls", "source_titles", "source_publishers", "source_archives",
    "url",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(row: dict[str, str], key: str) -> str:
    value = (row.get(key) or "").strip()
    if value.startswith("'") and value[1:].startswith(_FORMULA):  # our export's neutralising
        value = value[1:]
    return value


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|")] if value.strip() else []


def read_csv(text: str, name: str) -> tuple[list[Item], Refused, list[str]]:
    """Items, refused rows, and notes about rows that are not events (title slides)."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RowError("the file is empty", "the first row names the columns") from None
    columns = [h.strip().lower() for h in header]
    ours = "title" in columns and "date" in columns
    if not ours and not ("headline" in columns and "year" in columns):
        raise RowError(
            "the first row does not name the columns of either format",
            "TimelineJS: Year, Month, Day, …, Headline, Text; ours: date, title, summary, "
            "source_url, source_title, source_publisher, …",
        )
    known = OUR_COLUMNS if ours else TIMELINEJS_COLUMNS
    for col in columns:
        if col and col not in known:
            close = difflib.get_close_matches(col, known, n=1)
            raise RowError(
                f"unknown column '{col}' in the first row",
                f"did you mean '{close[0]}'?" if close else "known columns: " + ", ".join(known),
            )
    items: list[Item] = []
    refused: Refused = []
    notes: list[str] = []
    merged: dict[tuple[str, str], Item] = {}
    bad: set[tuple[str, str]] = set()
    for number, values in enumerate(reader, 2):  # row 1 is the header, as in a spreadsheet
        row = dict(zip(columns, values, strict=False))
        label = f"{name}:{number}"
        if not any(v.strip() for v in values):
            continue
        key = None
        try:
            if ours:
                title, when = our_key(row)
                key = (when.edtf(), title)
                merge_row(row, key, Item(label, [number], title, when), merged, items)
            elif cell(row, "type").lower() in ("title", "era"):
                kind = cell(row, "type").lower()
                notes.append(f"{label}: note: a TimelineJS {kind} row is not an event; skipped")
            else:
                items.append(read_tljs_row(row, label, number))
        except RowError as exc:
            refused.append((number, label, exc))
            if key is not None:
                bad.add(key)
    for key in bad:  # nothing is written for an event one of whose rows is refused
        item = merged.get(key)
        if item is not None:
            items.remove(item)
            for number in item.rows:
                refused.append((number, f"{name}:{number}", RowError(
                    "not written: another row of this event (same date and title) has an error",
                    "fix that row, then import the file again",
                )))  # fmt: skip
    return items, sorted(refused, key=lambda r: r[0]), notes


def read_tljs_row(row: dict[str, str], label: str, number: int) -> Item:
    title = plain_text(cell(row, "headline"))
    if not title:
        raise RowError("Headline is empty", "every event needs a headline")
    display = plain_text(cell(row, "display date"))
    start_display, _, end_display = display.partition(" – ")
    notes: list[str] = []
    start = sheet_point(row, "", start_display, notes)
    end = sheet_point(row, "end ", end_display, notes) if cell(row, "end year") else None
    item = Item(label, [number], title, span_of(start, end, "End Year/Month/Day"), notes=notes)
    group = plain_text(cell(row, "group"))
    item.tags = [group] if group else []
    read_slide_text(cell(row, "text"), item)
    if cell(row, "media"):
        read_media({
            "url": cell(row, "media"),
            "alt": cell(row, "media alt") or cell(row, "alt text"),
            "caption": cell(row, "media caption"),
            "credit": cell(row, "media credit"),
        }, item)  # fmt: skip
    return item


def sheet_point(row: dict[str, str], prefix: str, display: str, notes: list[str]) -> DatePoint:
    what = f"{prefix.title()}Year/Month/Day"
    parts: dict[str, int | None] = {}
    for key in ("year", "month", "day"):
        value = cell(row, prefix + key)
        if key == "month" and value and not value.isdigit():
            match = [i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(value.lower()[:3])]
            value = str(match[0]) if match else value
        if value and not re.fullmatch(r"-?\d+", value):
            raise RowError(f"{prefix.title()}{key.title()} '{value}' is not a number")
        parts[key] = int(value) if value else None
    if parts["year"] is None:
        raise RowError(f"{prefix.title()}Year is empty", "every event needs at least a year")
    clock = cell(row, prefix + "time")
    if clock:
        m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", clock)
        if m is None:
            raise RowError(f"{prefix.title()}Time '{clock}' is not a time", "write it as 14:30")
        hour = int(m[1]) % 12 + (12 if (m[4] or "").lower() == "pm" else 0) if m[4] else int(m[1])
        parts.update(hour=hour, minute=int(m[2]), second=int(m[3]) if m[3] else None)
    return build_point(parts, what, display, notes)


def our_key(row: dict[str, str]) -> tuple[str, EventDate]:
    title, date_text, end = one_line(cell(row, "title")), cell(row, "date"), cell(row, "end")
    if not title:
        raise RowError("'title' is empty", "every event needs a title")
    if not date_text:
        raise RowError("'date' is empty", "write the date as YYYY-MM-DD (or YYYY-MM, YYYY)")
    if "/" in date_text and end:
        raise RowError("the end is given twice: in 'date' (START/END) and in 'end'", "keep one")
    if "/" in date_text:
        return title, parse_when(*date_text.split("/", 1))
    return title, parse_when(date_text, end)


def merge_row(
    row: dict[str, str], key: tuple[str, str], new: Item, merged: dict[tuple[str, str], Item],
    items: list[Item],
) -> None:  # fmt: skip
    """Add the row's event, or merge it into the event of an earlier row with its key."""
    sources = row_sources(row)
    fields = {
        "id": given_id(cell(row, "id"), "id"), "place": one_line(cell(row, "place")),
        "summary": cell(row, "summary").strip(), "status": cell(row, "status").lower(),
        "claimed_by": one_line(cell(row, "claimed_by")),
    }  # fmt: skip
    if fields["status"] and fields["status"] not in STATUSES:
        close = difflib.get_close_matches(fields["status"], STATUSES, n=1)
        raise RowError(
            f"unknown status '{fields['status']}'",
            f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(STATUSES),
        )
    item = merged.get(key)
    if item is None:
        item = merged[key] = new
        items.append(item)
    else:
        for name, value in fields.items():
            if value and getattr(item, name) and getattr(item, name) != value:
                raise RowError(
                    f"this row repeats the event of row {item.rows[0]} (same date and title) "
                    f"with another {name}",
                    f"give the {name} once, or make the two rows agree",
                )
        item.rows += new.rows
    for name, value in fields.items():
        if value and not getattr(item, name):
            setattr(item, name, value)
    for name in ("tags", "actors", "related"):
        for value in split_list(cell(row, name)):
            if value and value not in getattr(item, name):
                getattr(item, name).append(value)
    for source in sources:
        if all(s.url != source.url for s in item.sources):
            item.sources.append(source)


def given_id(value: str, what: str) -> str:
    """An id the input names; refused (never fixed) when it breaks the id rules."""
    if value and (not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX or value in RESERVED_IDS):
        fix = suggest_id(value)
        raise RowError(
            f"{what} '{value}' is not a valid id (lowercase a-z, digits and single hyphens, "
            f"at most {ID_MAX} characters)",
            (f"write it as {fix}, " if fix and fix not in RESERVED_IDS else "")
            + "or leave it empty to name the file from the date and title",
        )
    return value


def row_sources(row: dict[str, str]) -> list[Source]:
    def column(name: str) -> list[str]:
        return split_list(cell(row, name) or cell(row, name + "s"))

    urls, titles = column("source_url"), column("source_title")
    publishers, published = column("source_publisher"), column("source_published")
    archives = column("source_archive")
    if not urls:
        if titles or publishers:
            raise RowError(
                "the source has a title or publisher but no source_url",
                "add the article's address, or empty the other source columns",
            )
        return []
    sources = []
    for n, url in enumerate(urls):

        def at(values: list[str], n: int = n) -> str:
            return values[n] if n < len(values) else ""

        if not url:
            raise RowError(f"source {n + 1} has no source_url", "give each source its address")
        if not at(titles) or not at(publishers):
            missing = " and ".join(
                name for name, v in (("source_title", titles), ("source_publisher", publishers))
                if not at(v)
            )  # fmt: skip
            raise RowError(
                f"the source {url} has no {missing}",
                "give the article's headline and who published it ('|' between several)",
            )
        day = at(published)
        if day:
            try:
                parse_point(day)
            except DateError as exc:
                raise RowError(f"source_published: {exc.message}", exc.hint) from None
        sources.append(Source(url, at(titles), at(publishers), day, at(archives)))
    return sources


# -- the command -----------------------------------------------------------------------


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import",
        parents=[common],
        help="write event files from a TimelineJS3 JSON file or a CSV file",
        description="Read Knight Lab TimelineJS3 JSON, or CSV with TimelineJS's sheet "
        "columns or with ours (date, end, title, summary, tags, actors, source_url, "
        "source_title, source_publisher, source_published; '|' between list items; rows "
        "with the same date and title are one event with several sources), and write one "
        "checked event file per event to events/YEAR/. A row that cannot become a valid "
        "event is reported with its row number and nothing is written for it; an event "
        "without a source is written as a draft. Never overwrites a file.",
    )
    p.add_argument("file", metavar="FILE", help="a .json (TimelineJS3) or .csv file")
    p.add_argument(
        "--out", type=Path, metavar="DIR",
        help="the folder to write into, in YEAR/ sub-folders (default: events/)",
    )  # fmt: skip
    p.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but write no file"
    )


def read_items(text: str, name: str) -> tuple[list[Item], Refused, list[str]]:
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RowError(
                f"{name}:{exc.lineno}:{exc.colno}: error: not valid JSON: {exc.msg}"
            ) from None
        items, refused = read_timelinejs(data, name)
        return items, refused, []
    return read_csv(text, name)


def report(label: str, message: str, hint: str = "", kind: str = "error") -> None:
    print(f"{label}: {kind}: {message}", file=sys.stderr)
    if hint:
        print(f"    hint: {hint}", file=sys.stderr)


def run(paths: SitePaths, args: argparse.Namespace) -> int:
    try:
        paths.require()
    except NotASite as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    name = args.file
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        print(f"timeline: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report(name, f"the file is not UTF-8 (byte 0x{data[exc.start]:02X} at offset "
               f"{exc.start})", "save it as UTF-8 (CSV UTF-8 in a spreadsheet)")  # fmt: skip
        return 1
    try:
        items, refused, notes = read_items(text, name)
    except RowError as exc:
        if exc.message.startswith(f"{name}:"):
            print(exc.message, file=sys.stderr)
        else:
            report(name, exc.message, exc.hint)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    out = args.out if args.out is not None else paths.events
    files = [to_event_file(item, name) for item in items]
    planned = frozenset(f.id for f in files if f.id)
    results = write_events(paths, out, files, dry_run=args.dry_run, by_year=True, extra_ids=planned)
    failed = len(refused)
    for _, label, exc in refused:
        report(label, exc.message, exc.hint)
    for f, r in zip(files, results, strict=True):
        if r.problems:
            failed += 1
            for p in r.problems:
                report(f.label, p.message, p.hint)
        elif r.path is not None:
            shown = display_path(r.path.absolute(), paths.root.absolute())
            verb = "would write" if args.dry_run else "wrote"
            print(f"{verb} {shown}" + (" (draft)" if f.draft else ""))
    good = len(files) - sum(1 for r in results if r.problems)
    drafts = sum(1 for f, r in zip(files, results, strict=True) if f.draft and not r.problems)
    verb = "checked" if args.dry_run else "imported"
    print(
        f"{verb} {good} event(s) from {name} ({drafts} draft(s)); "
        f"{failed} refused" + ("; nothing written (--dry-run)" if args.dry_run else "")
    )
    return 1 if failed else 0
