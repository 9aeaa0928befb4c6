"""The page plan of large chronologies: every event listed once, no page over 100 events
or 300 KB."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Site, event_yaml
from timeline.pages import PAGE_BYTES, PAGE_SIZE, page_bounds


def listed(page: Path) -> list[str]:
    return re.findall(r'<li class="event[^"]*" id="([^"]+)"', page.read_text())


def test_large_chronology_is_split_and_every_event_has_a_home(site: Site) -> None:
    ids = []
    for n in range(130):  # known only to the year: more than a page
        ids.append(f"y-{n:03d}")
        site.event(ids[-1], event_yaml(title=f"Year {n}", date="2019"))
    for n in range(230):  # one month: three pages
        ids.append(f"2019-03-{n % 28 + 1:02d}-m-{n:03d}")
        site.event(ids[-1], event_yaml(title=f"March {n}", date=f"2019-03-{n % 28 + 1:02d}"))
    assert site.run("build") == 0
    out = site.out

    front = out / "index.html"
    assert len(listed(front)) == 20
    assert "Latest events" in front.read_text()
    year_pages = [out / "years/2019/index.html", out / "years/2019/page/2/index.html"]
    month_pages = [
        out / "years/2019/03/index.html",
        out / "years/2019/03/page/2/index.html",
        out / "years/2019/03/page/3/index.html",
    ]
    for page in (*year_pages, *month_pages):
        assert 0 < len(listed(page)) <= PAGE_SIZE, page
    year_only = sorted(i for i in ids if "-m-" not in i)
    assert sorted(i for p in year_pages for i in listed(p)) == year_only
    assert sorted(i for p in month_pages for i in listed(p)) == sorted(i for i in ids if "-m-" in i)
    assert not (out / "years/2019/page/3").exists()

    for event_id in ids:  # "In the chronology" leads to a page that lists the event
        page = (out / f"events/{event_id}/index.html").read_text()
        href = re.search(r'<a href="([^"]+)">In the chronology</a>', page).group(1)
        target, anchor = href.removeprefix("../../").split("#")
        assert anchor == event_id
        assert event_id in listed(out / target / "index.html"), href
    for page in out.rglob("*.html"):
        assert page.stat().st_size < 300_000, page


def test_long_events_make_more_pages_not_larger_ones(site: Site) -> None:
    """Events at every length limit of the schema, in text that escaping lengthens (`&`,
    quotes) and scripts that take two or three bytes a letter, would make a 100-event
    page of several megabytes: listings split sooner, and no page passes 300 KB."""

    def text(unit: str, limit: int) -> str:  # as long as the field may be, in YAML
        return json.dumps((unit * limit)[:limit], ensure_ascii=False)

    risky = "\"Q\" & 'A' "
    url = text("a=b&", 1990 - len("https://news.example.org/?"))[1:-1]
    sources = "".join(
        f"""
          - url: "https://news{n}.example.org/?{url}"
            title: {text(risky + "Заголовок ", 300)}
            publisher: {text(risky, 120)}
            published: 2019-03-28
            archive: "https://web.archive.org/web/2019/{n}?{url[:1900]}"
        """
        for n in range(6)
    )
    summary = json.dumps(("Гуайдо & «Мадуро» **присягу** " * 200)[:5000], ensure_ascii=False)
    tags = ", ".join(text(f"抗议{n}", 60) for n in range(3))
    actors = ", ".join(text(f"Рябков{n} ", 100) for n in range(3))
    ids = [f"2019-03-{n % 28 + 1:02d}-long-{n:03d}" for n in range(120)]
    for n, event_id in enumerate(ids):
        site.event(
            event_id,
            f"title: {text(risky, 200)}\ndate: 2019-03-{n % 28 + 1:02d}\n"
            f"place: {text(risky, 120)}\nstatus: claimed\nclaimed_by: {text(risky, 200)}\n"
            f"summary: {summary}\ntags: [{tags}]\nactors: [{actors}]\n"
            f"corrections:\n  - date: 2019-03-28\n    note: {text(risky, 2000)}\n"
            f"sources:{sources}",
        )
    assert site.run("build", "--quiet") == 0
    out = site.out
    tag, actor = out / "tags", out / "actors"
    for folder in (out / "years/2019/03", *tag.iterdir(), *actor.iterdir()):
        if not folder.is_dir():
            continue
        shown = sorted(folder.rglob("index.html"))
        assert len(shown) > 2, folder  # 120 short events would make two
        listed_ids = [i for page in shown for i in listed(page)]
        assert sorted(listed_ids) == sorted(ids), folder  # each one, once
        assert all(0 < len(listed(page)) < PAGE_SIZE for page in shown), folder
    sizes = {page: page.stat().st_size for page in out.rglob("*.html")}
    assert max(sizes.values()) < 300_000, max(sizes, key=sizes.__getitem__)


def test_pages_take_events_up_to_a_count_or_a_size() -> None:
    def bounds(*sizes: int) -> list[tuple[int, int]]:
        return page_bounds(sizes)

    assert bounds() == []
    assert bounds(*[1] * 250) == [(0, 100), (100, 200), (200, 250)]
    half = PAGE_BYTES // 2
    assert bounds(half, half, 1, half) == [(0, 2), (2, 4)]
    assert bounds(1, PAGE_BYTES + 1, 1) == [(0, 1), (1, 2), (2, 3)]  # too large: a page alone


def test_theme_list_item_is_the_macro_at_every_level_and_root(site: Site) -> None:
    """The theme's event item is rendered once per event and patched for each page's
    heading level and root: the patched HTML must be what the macro gives directly."""
    from timeline.chronology import Chronology
    from timeline.pages import plan_pages
    from timeline.pipeline import check_site
    from timeline.render import Items
    from timeline.site import SitePaths
    from timeline.templating import make_environment

    site.event("2019-01-23-a", event_yaml(title="A <b>", extra="tags: [x]\nactors: [Y]\n"))
    checked = check_site(SitePaths(site.root))
    chron = Chronology(tuple(checked.tree.events))
    env = make_environment(site.root / "templates")
    plan = plan_pages(chron)
    env.globals.update(
        event_url=lambda e: f"events/{e.id}/", term_href=lambda kind, t: f"{kind}s/{t}/",
        home=lambda e: plan.home[e.id], STATUS_LABELS={},
    )  # fmt: skip
    item = Items(env)
    macros = env.get_template("_macros.html").module
    event = chron.events[0]
    for root, level in (("", 2), ("../../", 4), ("../", 3), ("", 5)):
        direct = str(macros.event_item(event, root, level))
        assert str(item(event, root, level)) == direct
        assert f"<h{level} " in direct and f"</h{level}>" in direct


def test_a_site_macro_may_compute_with_the_heading_level(site: Site) -> None:
    """A site's own _macros.html is not patched: it is rendered for each level."""
    theme = (Path(__file__).parent.parent / "timeline/theme/_macros.html").read_text()
    start = theme.index("{% macro event_item")
    end = theme.index("{% endmacro %}", start)
    mine = (
        '{% macro event_item(e, root, level) %}<li class="event" id="{{ e.id }}">'
        '<p data-depth="{{ level * 10 }}">{{ e.title }}</p></li>'
    )
    site.add("templates/_macros.html", theme[:start] + mine + theme[end:])
    for n in range(3):
        text = event_yaml(title=f"E{n}", date=f"2019-01-2{n}", extra="tags: [x]\n")
        site.event(f"2019-01-2{n}-e{n}", text)
    assert site.run("build") == 0
    depths = {
        page: set(re.findall(r'data-depth="(\d+)"', (site.out / page).read_text()))
        for page in ("index.html", "years/2019/index.html")
    }
    assert all(depths.values())
    for page, found in depths.items():  # each page's own level, not the first one rendered
        assert all(int(d) % 10 == 0 and 20 <= int(d) <= 60 for d in found), (page, found)
    assert depths["index.html"] != depths["years/2019/index.html"]


def test_each_event_item_is_made_once_and_dropped_after_its_last_listing(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listings split over several pages, by month, tag and actor: the theme's item of
    each event is made once, and none is left when the listings are done."""
    from timeline import pages, render

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    ids = []
    for n in range(9):
        event_id = f"2019-0{1 + n % 3}-{10 + n}-e{n}"
        extra = f"tags: [t{n % 2}, all]\nactors: [A{n % 3}]\n"
        site.event(event_id, event_yaml(title=f"E{n}", date=event_id[:10], extra=extra))
        ids.append(event_id)
    made: list[str] = []
    seen: list[render.Items] = []

    class Counting(render.Items):
        def __init__(self, env: Any) -> None:
            super().__init__(env)
            seen.append(self)

        def __call__(self, event: Any, root: str, level: int) -> Any:
            if not self.made.get(event.id):
                made.append(event.id)
            return super().__call__(event, root, level)

    monkeypatch.setattr(render, "Items", Counting)
    assert site.run("build") == 0
    assert sorted(made) == sorted(ids)
    (items,) = seen
    assert items.made == {} and not items.pending
