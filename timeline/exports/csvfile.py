"""events.csv: one row per event, for spreadsheets and data tools.

Columns: id, date, end, title, place, status, claimed_by, tags, actors, related,
summary, source_urls, source_titles, source_publishers, source_published, source_archive,
url.
- `date` and `end` are EDTF as in event files (`date` alone holds no interval: an
  interval's end is in `end`); `summary` is the Markdown as written; `url` is the page's
  address (relative to the site's root when `base_url` is "/").
- Lists (tags, actors, related and the source columns) are joined with " | ". Inside an
  item, a "|" is written "\\|" and a backslash "\\\\", so that "Venezuela crisis | Reuters"
  stays one title. To read a cell back, go left to right: a backslash and the character
  after it are that character, a "|" alone ends an item, and the white space around each
  item is dropped (`timeline.import_csv` does this). Other cells are written as they are.
- The source columns are parallel: the n-th URL, title, publisher, date and archived copy
  belong together, and each has one item per source (a source without a date or an
  archive leaves its place empty).
- UTF-8 without a byte-order mark, a header row, "\\n" line ends, quoting only where needed.
- Spreadsheet formula injection is neutralised: a cell that starts with =, +, -, @, a tab
  or a carriage return gets a leading apostrophe (OWASP's advice), so Excel, LibreOffice
  and Google Sheets show it as text instead of running it. Such a cell's text therefore
  differs from the event's by that apostrophe.

Each row is written on its own (`row_text`, kept in the exports' memo).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.memo import Memo
from timeline.exports.urls import page_url
from timeline.model import Event

COLUMNS = (
    "id", "date", "end", "title", "place", "status", "claimed_by", "tags", "actors",
    "related", "summary", "source_urls", "source_titles", "source_publishers",
    "source_published", "source_archive", "url",
)  # fmt: skip
JOIN = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_csv(
    chron: Chronology, config: SiteConfig, updated: datetime, memo: Memo
) -> Iterator[bytes | memoryview]:
    return memo.joined(
        "csv", chron.events, partial(row_text, config=config), "", (line(COLUMNS), "")
    )


def row_text(event: Event, config: SiteConfig) -> str:
    """The event's row as the csv module writes it, line end included."""
    return line([neutralise(cell) for cell in row(event, config)])


def line(cells: Iterable[str]) -> str:
    """One row as the csv module writes it: quoted only where needed, ending in "\\n"."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def row(event: Event, config: SiteConfig) -> list[str]:
    start, end = event.date.start, event.date.end
    sources = event.sources
    return [
        event.id,
        start.edtf(),
        end.edtf() if end else "",
        event.title,
        event.place,
        event.status,
        event.claimed_by,
        join(event.tags),
        join(event.actors),
        join(r.id for r in event.related),
        event.summary,
        join(s.url for s in sources),
        join(s.title for s in sources),
        join(s.publisher for s in sources),
        join(s.published.edtf() if s.published else "" for s in sources),
        join(s.archive or "" for s in sources),
        page_url(config, event),
    ]


def join(items: Iterable[str]) -> str:
    """List items joined with " | ", a "|" or backslash inside an item escaped."""
    return JOIN.join(item.replace("\\", "\\\\").replace("|", "\\|") for item in items)


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
