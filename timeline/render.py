"""Chronology → the list of pages and their bytes.

Templates come from the site's templates/ first and the package's theme second,
file by file. Autoescaping is on for every template whatever its name, undefined
names are errors, and contributor text only ever reaches a template as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from timeline.chronology import Chronology, Term
from timeline.config import SiteConfig
from timeline.model import Event, slugify

THEME = Path(__file__).parent / "theme"
STATIC = "static"


@dataclass(frozen=True)
class Page:
    path: str  # in the output, e.g. "events/x/index.html"
    template: str
    context: dict[str, Any]

    @property
    def root(self) -> str:
        """The relative prefix from this page back to the site's root."""
        return "../" * self.path.count("/")

    @property
    def url_path(self) -> str:
        return self.path.removesuffix("index.html")


def make_environment(site_templates: Path) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(site_templates))
    loaders.append(jinja2.FileSystemLoader(THEME))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    return env


def event_url(event: Event) -> str:
    return f"events/{event.id}/"


def term_href(kind: str, name: str) -> str:
    """The link to a tag's or actor's page, from any of its spellings."""
    return f"{kind}s/{quote(slugify(name), safe='')}/"


def term_url(term: Term) -> str:
    return term_href(term.kind, term.name)


def plan_pages(chron: Chronology) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    tags, actors = chron.tags(), chron.actors()
    pages = [
        Page("index.html", "index.html", {"years": chron.years(), "count": len(chron.events)}),
        Page("404.html", "404.html", {}),
        Page("tags/index.html", "terms.html", {"kind": "tag", "terms": tags}),
        Page("actors/index.html", "terms.html", {"kind": "actor", "terms": actors}),
    ]
    for event in chron.events:
        pages.append(
            Page(
                f"events/{event.id}/index.html",
                "event.html",
                {
                    "event": event,
                    "previous": chron.previous(event),
                    "next": chron.next(event),
                    "related": chron.related(event),
                },
            )
        )
    for term in (*tags, *actors):
        pages.append(Page(f"{term.kind}s/{term.slug}/index.html", "term.html", {"term": term}))
    return pages


def render_pages(
    env: jinja2.Environment, pages: list[Page], config: SiteConfig
) -> dict[str, bytes]:
    shared = {
        "site": config,
        "event_url": event_url,
        "term_url": term_url,
        "term_href": term_href,
        "edit_url": lambda e: edit_url(config, e),
        "history_url": lambda e: history_url(config, e),
    }
    env.globals.update(shared)
    out: dict[str, bytes] = {}
    for page in pages:
        template = env.get_template(page.template)
        # A 404 page is served at any depth: only an absolute root works there.
        root = urlsplit(config.base_url).path if page.path == "404.html" else page.root
        html = template.render(
            **page.context,
            root=root,
            page_path=page.url_path,
            canonical=(config.base_url + page.url_path) if config.absolute else "",
        )
        out[page.path] = html.encode("utf-8")
    return out


def edit_url(config: SiteConfig, event: Event) -> str:
    if not config.repository:
        return ""
    return f"{config.repository}/edit/{config.branch}/{quote(event.path)}"


def history_url(config: SiteConfig, event: Event) -> str:
    if not config.repository:
        return ""
    return f"{config.repository}/commits/{config.branch}/{quote(event.path)}"


def static_files(site_templates: Path) -> dict[str, bytes]:
    """The theme's static assets, each replaced by the site's file of the same name."""
    out: dict[str, bytes] = {}
    for base in (THEME / STATIC, site_templates / STATIC):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.is_symlink():
                out[f"{STATIC}/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return out
