"""`import` of Knight Lab TimelineJS3 JSON: slides → items.

- `events[]` with `start_date`/`end_date` objects (year, month, day, hour, minute,
  second), `text.headline` → title, `text.text` (HTML) → summary in Markdown, `media` →
  media (url, alt, caption, credit), `group` → a tag, `unique_id` → the id.
- `display_date` (a sheet's Display Date): our pages write every date themselves, so the
  text is not copied, but nothing in it is dropped silently. "c.", "ca.", "circa",
  "about", "around", "approximately" or "roughly" at its start make the date approximate
  (`~`); a "?", "uncertain", "possibly", "perhaps" or "probably" make it uncertain (`?`);
  a "(UTC−04:00)" gives a time's offset. Unless it is exactly how we would show the date
  (our own export's wording), the event file gets a comment quoting it and saying what
  was made of it (`display_note`).
- Our own `timelinejs.json` export writes the place, status, sources and corrections
  into `text.text` in the wording of `timeline.exports.describe`, in its site's language;
  they are read back in any language of the interface (`timeline.import_ours`).

The slide text, media and date parts are read the same way for the rows of a CSV file
with TimelineJS's sheet columns (`timeline.import_csv`).
"""

from __future__ import annotations

import re

from timeline.dates import DateError, DatePoint, EventDate, parse_point
from timeline.import_item import Item, Refused, RowError, Source, given_id, span_of
from timeline.import_ours import ENGLISH, OurWords, ours, read_date, read_display
from timeline.tomarkdown import Block, html_to_markdown, plain_text

# -- dates in words (our display format, in any language: timeline.import_ours) --------

_OFFSET = re.compile(r"\(UTC(?:([+−-])(\d{2}):(\d{2}))?\)")
_APPROXIMATE = re.compile(r"(?:c\.|ca\.|circa|about|around|approx\.|approximately|roughly)\s", re.I)
_UNCERTAIN = re.compile(r"\?|\b(?:uncertain|possibly|perhaps|probably)\b", re.I)


def qualifier(display: str) -> str:
    """'~' for a display date that says 'c.', 'about'…; '?' for one that says '?'; or ''.
    Our own wording says it in the site's language ('hacia el 23 de enero de 2019')."""
    point = read_display(display)
    if point is not None:
        return "~" if point.approximate else "?" if point.uncertain else ""
    if _APPROXIMATE.match(display.strip()):
        return "~"
    return "?" if _UNCERTAIN.search(display) else ""


def display_note(display: str, field: str, origin: str, when: EventDate) -> str | None:
    """The comment for a display date that is not our own wording of `when`, or None."""
    if not display:
        return None
    start, _, end = display.partition(" – ")
    if read_display(start) == when.start and (
        read_display(end) == when.end if end else when.end is None
    ):
        return None  # exactly how our pages show this date: it adds nothing
    kind = {"~": "an approximate date (~)", "?": "an uncertain date (?)"}
    q = qualifier(start) or qualifier(end)
    if q:
        return f'The input\'s {field} "{display}" is kept as {kind[q]}.'
    return (
        f'The input\'s {field} "{display}" is not a date we can show: our pages write the date '
        f"from 'date' (here from {origin}). Put what it adds in the summary if it matters."
    )


# -- the text of a slide ---------------------------------------------------------------


def read_slide_text(text: str, item: Item) -> None:
    """Summary, and what our export adds around it: place, status, sources, corrections."""
    blocks, dropped = html_to_markdown(text)
    if dropped:
        item.notes.append(
            "Left out of the text: " + ", ".join(f"<{t}>" for t in sorted(set(dropped))) + "."
        )
    words = ours([b.text for b in blocks])  # the layout of our own export, and its language
    kept: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        listed = nxt is not None and nxt.tag in ("ul", "ol") and b.tag == "p"
        if words and listed and b.text in (words.sources, words.corrections):
            assert nxt is not None
            for entry in nxt.items:
                if b.text == words.sources:
                    item.sources.append(read_source_item(*entry, words))
                else:
                    item.corrections.append(read_correction_item(entry[0], words))
            i += 2
            continue
        status = status_paragraph(b, words or ENGLISH)
        if status and not item.status:
            item.status, item.claimed_by = status
        elif words and b.text == words.about and len(b.links) == 1:
            pass  # the link to the event's page that our export adds
        elif words and i == 0 and is_place(b):
            item.place = b.text
        else:
            kept.append(b)
        i += 1
    item.summary = "\n\n".join(b.md for b in kept if b.md.strip())


def status_paragraph(b: Block, words: OurWords) -> tuple[str, str] | None:
    """Our export's status line: '**Claim, not confirmed — source of the claim: X**'."""
    if b.tag != "p" or not (b.md.startswith("**") and b.md.endswith("**")):
        return None
    label, _, claimed = b.text.partition(words.claim)
    return (words.labels[label], claimed) if label in words.labels else None


def is_place(b: Block) -> bool:
    """Our export's first paragraph when the event has a place: short, plain, no full stop."""
    return (
        b.tag == "p"
        and not b.markup
        and 0 < len(b.text) <= 120
        and not re.search(r"[.!?:;…\"”’)]$", b.text)
    )


def read_source_item(text: str, links: list[tuple[str, str]], words: OurWords) -> Source:
    """'<a href=URL>Title</a>, Publisher, 25 January 2019 (<a href=…>archived copy</a>)'."""
    if not links:
        raise RowError(f"the source '{text}' has no link", "a source is a link to the article")
    url, title = links[0]
    rest = text[len(title) :] if text.startswith(title) else text
    archive = ""
    if len(links) > 1 and links[1][1] == words.archived:
        archive = links[1][0]
        rest = rest.replace(f"({words.archived})", "")
    rest = rest.strip().strip(",").strip()
    published = None
    for m in re.finditer(", ", rest):  # the date is the longest tail that reads as one
        published = read_date(rest[m.end() :], words.dates)
        if published is not None:
            rest = rest[: m.start()]
            break
    day = published.edtf() if published else ""
    return Source(url, title.strip(), rest.strip(), day, archive)


def read_correction_item(text: str, words: OurWords) -> tuple[str, str]:
    day, _, note = text.partition(": ")
    point = read_date(day, words.dates)
    if point is None or point.day is None:
        raise RowError(
            f"the correction '{text}' does not start with its day",
            "write corrections as '1 February 2019: what changed'",
        )
    return point.edtf(), note.strip()


# -- slides ----------------------------------------------------------------------------


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
    text = slide.get("text") or {}
    if not isinstance(text, dict):
        raise RowError(
            f"text must be an object, not {KINDS[type(text)]}",
            'write "text": {"headline": "…", "text": "…"}',
        )
    title = plain_text(text_at(text, "headline", "text.headline"))
    if not title:
        raise RowError("the event has no text.headline", "give every slide a headline")
    display = plain_text(text_at(slide, "display_date", "display_date"))
    start_display, _, end_display = display.partition(" – ")
    notes: list[str] = []
    start = date_object(slide.get("start_date"), "start_date", start_display, notes)
    end = None
    if slide.get("end_date"):
        end = date_object(slide.get("end_date"), "end_date", end_display, notes)
    when = span_of(start, end, "end_date")
    note = display_note(display, "display_date", "start_date/end_date", when)
    item = Item(label, [n], title, when, notes=[*notes, note] if note else notes)
    item.id = given_id(text_at(slide, "unique_id", "unique_id").strip(), "unique_id")
    group = plain_text(text_at(slide, "group", "group"))
    if group:
        item.tags = [group]
    read_slide_text(text_at(text, "text", "text.text"), item)
    media = slide.get("media") or {}
    if not isinstance(media, dict):
        raise RowError(
            f"media must be an object, not {KINDS[type(media)]}",
            'write "media": {"url": "https://…", "alt": "…"}',
        )
    if media.get("url"):
        read_media(media, item)
    return item


KINDS = {list: "a list", dict: "an object", bool: "true or false", str: "text", int: "a number",
         float: "a number"}  # fmt: skip


def text_at(obj: dict, key: str, where: str) -> str:
    """A value of the JSON that is text (a number is taken as written); a list, an object
    or true/false is an error, never its Python spelling in an event file."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RowError(f"{where} must be text, not {KINDS[type(value)]}", f'write it as "{key}": "…"')


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
    iso += qualifier(display)
    try:
        return parse_point(iso)
    except DateError as exc:
        raise RowError(f"{what}: {exc.message}", exc.hint) from None


def read_media(media: dict, item: Item) -> None:
    url = text_at(media, "url", "media.url").strip()
    alt = plain_text(text_at(media, "alt", "media.alt") or text_at(media, "title", "media.title"))
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
        value = plain_text(text_at(media, key, f"media.{key}"))
        if value:
            item.media[key] = value
