"""The page plan of large chronologies: every event listed once, no page over 100 events."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Site, event_yaml
from timeline.pages import PAGE_SIZE


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
