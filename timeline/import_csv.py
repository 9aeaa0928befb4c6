"""`import` of CSV: rows with TimelineJS's sheet columns, or with ours → items.

- Cells are separated by ',', or by ';' or a tab (as spreadsheets in many languages
  save them): the one that makes the first row name the most known columns. A row with
  more cells than the first row names (a separator in a cell without quotes) is refused.
- TimelineJS's sheet columns: Year, Month, Day, Time, End Year, End Month, End Day, End
  Time, Display Date, Headline, Text, Media, Media Credit, Media Caption, Media
  Thumbnail, Type, Group, Background. A Title or Era row is not an event and is skipped.
- Our own columns: date, end, title, summary, tags, actors, source_url, source_title,
  source_publisher, source_published, and optionally id, place, status, claimed_by,
  related, source_archive; the plural names of our `events.csv` export are accepted too.
  `|` separates list items, and inside an item `\\|` is a "|" and `\\\\` a backslash (as
  our export writes them; any other backslash is kept as it is). The source columns are
  parallel: each gives one item per source URL, or none at all for the optional
  source_published and source_archive; a row whose lists disagree is refused. Rows with
  the same date and title are one event with several sources, and nothing is written for
  it when one of its rows is refused. `date` is a date or an interval START/END, read by
  the event files' own date parser, whose message and hint a bad cell gets.
- TimelineJS's Display Date is ours to write, so it is not copied; "c.", "about" and
  the like make the date approximate (`~`), "?" or "uncertain" uncertain (`?`), and any
  other wording is kept in a comment of the event file (`timeline.import_timelinejs`).

A row is labelled `FILE:ROW`, row 1 being the header, as in a spreadsheet.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator

from timeline.dates import MONTHS, DateError, DatePoint, EventDate, parse_date, parse_point
from timeline.import_item import Item, Refused, RowError, Source, given_id, parse_when, span_of
from timeline.import_timelinejs import build_point, display_note, read_media, read_slide_text
from timeline.schema import STATUSES
from timeline.tomarkdown import one_line, plain_text

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
# The columns whose cells may hold line breaks; every other one is a single line.
MULTILINE = frozenset({"summary", "text", "media caption"})


def cell(row: dict[str, str], key: str) -> str:
    value = (row.get(key) or "").strip()
    if value.startswith("'") and value[1:].startswith(_FORMULA):  # our export's neutralising
        value = value[1:]
    return value


def split_list(value: str) -> list[str]:
    """A list cell's items: `|` between them, `\\|` and `\\\\` for a "|" or "\\" inside one."""
    if not value.strip():
        return []
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\" and value[i + 1 : i + 2] in ("|", "\\"):
            current.append(value[i + 1])
            i += 2
            continue
        if char == "|":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    items.append("".join(current).strip())
    return items


def separator(text: str) -> str:
    """The character between cells: the one that makes the most known column names of the
    first row. A spreadsheet writes ';' where the decimal mark is a comma (French,
    Spanish, German…), and a copy of its cells is separated by tabs."""
    known = {*OUR_COLUMNS, *TIMELINEJS_COLUMNS}

    def named(candidate: str) -> int:
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), delimiter=candidate), [])
        except csv.Error:  # a first row that cannot be read: read_csv says why
            return 0
        return sum(h.strip().lower() in known for h in first)

    return max((",", ";", "\t"), key=named)  # the first of the best: ',' on a tie


def read_csv(text: str, name: str) -> tuple[list[Item], Refused, list[str]]:
    """Items, refused rows, and notes about rows that are not events (title slides)."""
    text = text.replace("\r\n", "\n")
    sep = separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise RowError("the file is empty", "the first row names the columns") from None
    except csv.Error:
        raise unreadable("of the first row ") from None
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
    for number, values in rows(reader, name, refused):
        row = dict(zip(columns, values, strict=False))
        label = f"{name}:{number}"
        if not any(v.strip() for v in values):
            continue
        key = None
        try:
            check_lines(row, columns, sep)
            if any(v.strip() for v in values[len(columns) :]):
                shown = {"\t": "a tab"}.get(sep, f"'{sep}'")
                raise RowError(
                    f"this row has {len(values)} cells, but the first row names "
                    f"{len(columns)} columns",
                    f"a cell that holds {shown} must be put in double quotes, as spreadsheets "
                    "save it",
                )
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


def check_lines(row: dict[str, str], columns: list[str], sep: str) -> None:
    """Refuse what a double quote that opens a cell and is never closed does: it takes in
    the rows after it as the cell's text, so that they would be lost without a word. A
    one-line cell (a title, a date, an address) may not run over lines at all; a summary
    (TimelineJS's Text, a caption) may, but not over lines that read as rows of the file."""
    for column, value in row.items():
        lines = value.strip().split("\n")
        if len(lines) == 1:
            continue
        if column not in MULTILINE:
            rows_in = any(sep in line for line in lines[1:])
            raise RowError(
                f"the '{column}' cell runs over {len(lines)} lines"
                + (", taking in what look like the rows after it" if rows_in else ""),
                "write it on one line; if a double quote opens the cell, close it (write a "
                'double quote inside a cell as two "")',
            )
        taken = [line for line in lines[1:] if reads_as_row(line, columns, sep)]
        if taken:
            raise RowError(
                f"the '{column}' cell takes in {len(taken)} line(s) that read as rows of the "
                f"file, from '{taken[0][:60]}'",
                "a double quote that opens the cell is never closed: close it (write a double "
                'quote inside a cell as two "")',
            )


def reads_as_row(line: str, columns: list[str], sep: str) -> bool:
    """Whether a line of a cell has the cells of a row, with a date where the file has its
    dates (our 'date', or TimelineJS's 'year')."""
    cells = next(csv.reader([line], delimiter=sep), [])
    if len(cells) != len(columns):
        return False
    if "date" in columns:
        try:
            parse_date(cells[columns.index("date")])
        except DateError:
            return False
        return True
    return re.fullmatch(r"-?[0-9]{1,4}", cells[columns.index("year")].strip()) is not None


def rows(
    reader: Iterator[list[str]], name: str, refused: Refused
) -> Iterator[tuple[int, list[str]]]:
    """The rows after the first, numbered as in a spreadsheet. A row csv cannot read ends
    the file, refused: a double quote that opens a cell and is never closed takes in the
    rest of the file, until the cell is past csv's limit."""
    number = 2
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            refused.append((number, f"{name}:{number}", unreadable()))
            return
        yield number, values
        number += 1


def unreadable(where: str = "") -> RowError:
    return RowError(
        f"a cell {where}is longer than {csv.field_size_limit():,} characters",
        "a cell that begins with a double quote ends at the next one: close it, and write a "
        'double quote inside a cell as two ("")',
    )


def read_tljs_row(row: dict[str, str], label: str, number: int) -> Item:
    title = plain_text(cell(row, "headline"))
    if not title:
        raise RowError("Headline is empty", "every event needs a headline")
    display = plain_text(cell(row, "display date"))
    start_display, _, end_display = display.partition(" – ")
    notes: list[str] = []
    start = sheet_point(row, "", start_display, notes)
    end = sheet_point(row, "end ", end_display, notes) if cell(row, "end year") else None
    when = span_of(start, end, "End Year/Month/Day")
    note = display_note(display, "Display Date", "Year/Month/Day", when)
    item = Item(label, [number], title, when, notes=[*notes, note] if note else notes)
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


def row_sources(row: dict[str, str]) -> list[Source]:
    def column(name: str) -> tuple[str, list[str]]:
        """The header that names the column here (ours or the export's plural), its items."""
        plural = name + "s"
        used = plural if plural in row and not cell(row, name) else name
        return used, split_list(cell(row, used))

    (url_column, urls), (_, titles) = column("source_url"), column("source_title")
    (_, publishers), (_, published) = column("source_publisher"), column("source_published")
    (_, archives) = column("source_archive")
    if not urls:
        if titles or publishers:
            raise RowError(
                "the source has a title or publisher but no source_url",
                "add the article's address, or empty the other source columns",
            )
        return []
    for name in ("source_title", "source_publisher", "source_published", "source_archive"):
        used, values = column(name)
        if values and len(values) != len(urls):
            raise RowError(
                f"{used} has {len(values)} item(s) but {url_column} has {len(urls)}",
                "the source columns are parallel: give one item per source, in the same order "
                "('|' between them; an empty item for a source without it; \\| for a '|' in a "
                "value)",
            )
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
