"""Chronology → the list of pages and their bytes, rendered in the environment that
`timeline.templating` makes."""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from timeline.config import SiteConfig
from timeline.locales import ENGLISH_LOCALE, Locale, interface
from timeline.model import Event
from timeline.pages import Page, listed
from timeline.schema import STATUS_LABELS
from timeline.templating import THEME, Environment, speak
from timeline.urls import event_url, media_href, month_url, term_href, term_url, year_url

STATIC = "static"


def page_renderer(
    env: Environment,
    home: Mapping[str, str],
    config: SiteConfig,
    assets: dict[str, str],
    listings: Iterable[Page] = (),
) -> Callable[[Page], bytes]:
    """A function that renders a page of the plan to its bytes; `home` maps an event's id to
    the listing that shows it (`Plan.home`), `assets` a static file's name to its
    fingerprinted path. Its event items are made once for the pages it renders, and each
    dropped when the last of `listings` that shows it is rendered (see `Items`)."""
    shared = {
        "site": config,
        "event_url": event_url,
        "media_href": media_href,
        "term_url": term_url,
        "term_href": term_href,
        "year_url": year_url,
        "month_url": month_url,
        "home": lambda e: home.get(e.id, event_url(e)),
        "asset": lambda name: assets[name],
        "edit_url": lambda e: edit_url(config, e),
        "history_url": lambda e: history_url(config, e),
        "summary_text": summary_text,
        "STATUS_LABELS": STATUS_LABELS,
        "json_ld": lambda e, url: json_ld(e, url),
    }
    env.globals.update(shared)
    speak(env, interface(config.language))
    items = env.globals["item"] = Items(env)
    items.expect(listings)

    def render(page: Page) -> bytes:
        template = env.get_template(page.template)
        # A 404 page is served at any depth: only an absolute root works there.
        root = urlsplit(config.base_url).path if page.path == "404.html" else page.root
        html = template.render(
            **page.context,
            root=root,
            page_path=page.url_path,
            canonical=(config.base_url + page.url_path) if config.absolute else "",
        )
        items.rendered(page)
        return html.encode("utf-8")

    # Rendering stays in one process: the second core is making the exports meanwhile.
    # Measured on 10,000 events, pages rendered by forked workers took longer (9.2 s
    # against 8.1 s): copying the results back costs more than the core gives.
    return render


_ROOT = "\x00root\x00"  # stands for a page's root prefix in a cached event item
_LEVEL = "\x00level\x00"  # stands for its heading level, when the theme's macro makes it


class Items:
    """`item(event, root, level)`: the `event_item` macro, rendered once per event.

    An event is listed on several pages (chronology, year, month, each tag and actor); its
    HTML differs between them only by the relative root prefix and the heading level,
    which are put in after. The theme's macro only prints its level; a site's own macro
    might compute with it, so that one is rendered once per event and level.

    `expect(pages)` counts, for each event, the pages still to render that list it
    (`pages.listed`); when the last of them has been rendered (`rendered`), its item is
    dropped. Rendered in the order of their newest event (`pages.newest_listed`), the
    listings that show an event come close together, so a cold build holds few items at a
    time (at most 5,475 of 10,000 events'; fewer in proportion at 100,000, where a page of
    an actor spans about a year) instead of every event's to the end (3.6 KB each). An
    item asked for again is made again.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.theme = Path(env.get_template("_macros.html").filename or "").parent == THEME
        self.made: dict[str, dict[int, str]] = {}  # event id → level (0: any) → HTML
        self.pending: Counter[str] = Counter()  # event id → listings to render that show it

    def __call__(self, event: Event, root: str, level: int) -> Markup:
        made = self.made.setdefault(event.id, {})
        key = 0 if self.theme else level
        html = made.get(key)
        if html is None:
            # Looked up now, not before: the module sees every global, `item` included.
            macros = self.env.get_template("_macros.html").module
            shown = _LEVEL if self.theme else level
            html = made[key] = str(macros.event_item(event, _ROOT, shown))  # type: ignore[attr-defined]
        if self.theme:
            html = html.replace(_LEVEL, str(int(level)))
        return Markup(html.replace(_ROOT, root))

    def expect(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.pending.update(event.id for event in listed(page))

    def rendered(self, page: Page) -> None:
        for event in listed(page):
            left = self.pending[event.id] - 1
            if left > 0:
                self.pending[event.id] = left
            elif left == 0:  # (below: a page not expected, which counts for nothing)
                del self.pending[event.id]
                self.made.pop(event.id, None)


def edit_url(config: SiteConfig, event: Event) -> str:
    if not config.repository:
        return ""
    return f"{config.repository}/edit/{config.branch}/{quote(event.path)}"


def history_url(config: SiteConfig, event: Event) -> str:
    if not config.repository:
        return ""
    return f"{config.repository}/commits/{config.branch}/{quote(event.path)}"


def static_files(
    site_templates: Path, locale: Locale = ENGLISH_LOCALE
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The theme's static assets, each replaced by the site's file of the same name; the
    theme's scripts with their messages in `locale`'s language (a site's own are as written).

    Stylesheets and scripts get their content hash in their name (style.1a2b3c4d.css),
    so a host may cache them for ever; returns the files and name → path for templates.
    """
    found: dict[str, bytes] = {}
    for base in (THEME / STATIC, site_templates / STATIC):
        if not base.is_dir() or base.is_symlink():  # a link: refused (check_templates)
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.is_symlink():
                name = path.relative_to(base).as_posix()
                data = path.read_bytes()
                if base == THEME / STATIC and name in locale.scripts:
                    data = locale.script(name, data.decode("utf-8")).encode("utf-8")
                found[name] = data
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for name, data in sorted(found.items()):
        stem, dot, ext = name.rpartition(".")
        if dot and ext in ("css", "js"):
            target = f"{STATIC}/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"
        else:
            target = f"{STATIC}/{name}"
        files[target] = data
        names[name] = target
    return files, names


def summary_text(event: Event, limit: int = 200) -> str:
    """The summary as one line of plain text, for descriptions and previews."""
    text = _one_line(event.summary_text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


@functools.lru_cache(maxsize=8)
def _one_line(text: str) -> str:
    """`text` with each run of white space made one space (an event page asks three
    times: its description, its social preview's and its JSON-LD's)."""
    return " ".join(text.split())


def json_ld(event: Event, url: str) -> Markup:
    """schema.org Event data at the date's real precision, safe inside a <script>."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.date.start.html(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.date.end:
        data["endDate"] = event.date.end.html()
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    if event.summary_html:
        data["description"] = summary_text(event, 500)
    if url:
        data["url"] = url
    if event.tags:
        data["keywords"] = ", ".join(event.tags)
    data["subjectOf"] = [
        {
            "@type": "NewsArticle",
            "headline": s.title,
            "url": s.url,
            "publisher": {"@type": "Organization", "name": s.publisher},
            **({"datePublished": s.published.html()} if s.published else {}),
        }
        for s in event.sources
    ]
    # Compact: with no indentation json uses its C encoder (an event page's costliest part).
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)
