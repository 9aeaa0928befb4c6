"""Every address the built site gives leads to a file it wrote: page links, assets, local
pictures (whatever their names hold) and the exports' picture addresses."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import Site, event_yaml

PNG = b"\x89PNG\r\n\x1a\n"
STANDIN = "https://site.invalid/"  # the site's address where it has none (base_url "/")
# What an address may hold (RFC 3986): anything else must be percent-encoded.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


class _Addresses(HTMLParser):
    """(attribute, value) of every address of a page: href, src, Open Graph pictures, and
    the search index's bundles (folders holding a pagefind.js)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        for name in ("href", "src"):
            if name in given:
                self.found.append((name, given[name]))
        if tag == "meta" and given.get("property") in ("og:image", "og:url"):
            self.found.append((given["property"], given.get("content", "")))
        for bundle in given.get("data-bundles", "").split():
            self.found.append(("data-bundles", bundle + "pagefind.js"))


def addresses(page: Path) -> list[tuple[str, str]]:
    parser = _Addresses()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    return parser.found


def target(out: Path, base: str, address: str) -> Path | None:
    """The file of the output that `address` (absolute, or relative to the root) names
    once the site is served at `base`; None for an address outside the site."""
    at = urlsplit(urljoin(base, address))._replace(query="", fragment="").geturl()
    if not at.startswith(base):
        return None
    path = out / unquote(at[len(base) :])
    return path / "index.html" if path.is_dir() or at.endswith("/") else path


def broken_links(out: Path, base_url: str = "/") -> list[str]:
    """Each address of each HTML page of `out` that names no file the build wrote."""
    base = base_url if base_url != "/" else STANDIN
    broken = []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        here = urljoin(base, rel)  # 404.html's links start with "/": they resolve the same
        for name, address in addresses(page):
            if not URL_CHARACTERS.fullmatch(address):
                broken.append(f"{rel}: {name}={address!r} is not a valid address")
                continue
            found = target(out, base, urljoin(here, address))
            if found is not None and not found.is_file():
                broken.append(f"{rel}: {name}={address!r} names no file")
    return broken


# -- local pictures whose names need percent-encoding ---------------------------------------

NAMES = ["a#1.png", "b?x.png", "crowd photo.png", "100%.png", "médïa/фото.jpg"]


def picture_site(site: Site) -> dict[str, str]:
    """An event per picture name; returns each event's id → its picture's path under events/."""
    pictures = {}
    for day, name in enumerate(NAMES, start=1):
        src = f"media/{name}"
        event_id = f"2019-03-{day:02d}-picture"
        site.add(f"events/{src}", PNG + name.encode())
        site.event(
            event_id,
            event_yaml(
                f"Picture {day}", f"2019-03-{day:02d}", f"media: {{src: {src!r}, alt: x}}\n"
            ),
        )
        pictures[event_id] = src
    return pictures


def picture_file(out: Path, base: str, url: str) -> bytes:
    """The bytes of the picture `url` names, after checking it is a valid address."""
    assert URL_CHARACTERS.fullmatch(url), url
    assert not urlsplit(url).query and not urlsplit(url).fragment, url
    found = target(out, base, url)
    assert found is not None and found.is_file(), url
    return found.read_bytes()


@pytest.mark.parametrize("base_url", ["/", "https://example.org/sub/"])
def test_pictures_with_any_name_have_addresses_that_lead_to_their_file(
    site: Site, base_url: str
) -> None:
    pictures = picture_site(site)
    assert site.run("build", "--base-url", base_url) == 0
    out, base = site.out, base_url if base_url != "/" else STANDIN
    own = {e["id"]: e for e in json.loads((out / "timeline.json").read_bytes())["events"]}
    js = {e["unique_id"]: e for e in json.loads((out / "timelinejs.json").read_bytes())["events"]}
    for event_id, src in pictures.items():
        picture = (out / src).read_bytes()  # written under its own name
        assert picture == PNG + src.removeprefix("media/").encode()
        found = dict(addresses(out / "events" / event_id / "index.html"))
        assert (
            picture_file(out, base, urljoin(base, f"events/{event_id}/{found['src']}")) == picture
        )
        assert own[event_id]["media"]["src"] == src  # the field as the event file gives it
        assert picture_file(out, base, own[event_id]["media"]["url"]) == picture
        if base_url == "/":
            assert "og:image" not in found  # no absolute address to give
            assert "media" not in js[event_id]  # TimelineJS would resolve it elsewhere
        else:
            assert picture_file(out, base, found["og:image"]) == picture
            assert own[event_id]["media"]["url"].startswith(base_url)
            assert picture_file(out, base, js[event_id]["media"]["url"]) == picture
    assert broken_links(out, base_url) == []


def test_an_address_with_a_raw_hash_is_caught_by_the_link_check(tmp_path: Path) -> None:
    """The checker itself: a '#' or a space left in a picture's address is reported."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a#1.png").write_bytes(PNG)
    (tmp_path / "index.html").write_text(
        '<img src="media/a#1.png" alt=""><img src="media/a%231.png" alt="">'
        '<img src="media/a 1.png" alt=""><a href="https://elsewhere.example/">x</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: src='media/a#1.png' names no file",
        "index.html: src='media/a 1.png' is not a valid address",
    ]


# -- a chronology with nothing published --------------------------------------------


@pytest.mark.parametrize("events", ["none", "drafts only", "the last one removed"])
def test_a_site_with_no_published_event_has_no_broken_link(site: Site, events: str) -> None:
    """Pagefind makes no index of no page: the search page then loads none of its files."""
    if events == "drafts only":
        site.event("2019-01-23-draft", event_yaml(extra="status: draft\n"))
    if events == "the last one removed":  # an incremental build drops the index it had
        site.event("2019-01-23-gone")
        assert site.run("build") == 0
        assert (site.out / "pagefind" / "pagefind-ui.js").is_file()
        assert broken_links(site.out) == []
        (site.root / "events" / "2019-01-23-gone.yaml").unlink()
    assert site.run("build") == 0
    assert not (site.out / "pagefind").exists()
    assert (site.out / "search" / "index.html").is_file()
    assert broken_links(site.out) == []
    search = (site.out / "search" / "index.html").read_text("utf-8")
    assert "pagefind" not in search
    assert "Nothing to search yet" in search
