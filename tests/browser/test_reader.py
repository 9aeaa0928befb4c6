"""What a reader sees, in Chromium: the chronology, filters, search, accessibility."""

from __future__ import annotations

import json
import subprocess
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.conftest import NODE, TOOLS_PREFIX, Handler, Watched
from timeline.cli import main


def shipped(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "timeline.json").read_text())["events"]


def visible_events(watched: Watched) -> int:
    return watched.page.locator("li.event:visible").count()


def test_the_chronology_renders(watched: Watched, base_url: str, site_dir: Path) -> None:
    page = watched.page
    page.goto(base_url)
    expect(page.locator("h1")).to_have_text("Venezuela 2019, a sourced chronology")
    events = shipped(site_dir)
    assert page.locator("li.event").count() == len(events) >= 12
    for item in page.locator("li.event").all():
        assert item.locator("ul.sources a").count() >= 1  # every event shows a source
    sworn = page.locator("[id='2019-01-23-guaido-sworn-in']")
    expect(sworn.locator("time").first).to_have_attribute("datetime", "2019-01-23")
    expect(
        page.locator("[id='2019-01-21-russian-contractors-reported-in-venezuela'] .status")
    ).to_contain_text("Claim, not confirmed")


def test_filters_work_in_place_and_live_in_the_address(
    watched: Watched, base_url: str, site_dir: Path
) -> None:
    page = watched.page
    page.goto(base_url)
    events = shipped(site_dir)
    expect(page.locator("form.filters")).to_be_visible()
    page.select_option("select[name=tag]", "embassy")
    with_tag = [e for e in events if "embassy" in e["tags"]]
    assert visible_events(watched) == len(with_tag) > 0
    assert page.url.endswith("?tag=embassy")
    expect(page.locator(".filter-status")).to_have_text(
        f"{len(with_tag)} of {len(events)} events shown."
    )
    page.reload()  # the address alone restores the filter
    assert visible_events(watched) == len(with_tag)
    expect(page.locator("select[name=tag]")).to_have_value("embassy")
    page.select_option("select[name=actor]", "nicolas-maduro")
    assert page.url.endswith("?tag=embassy&actor=nicolas-maduro")
    page.go_back()  # each choice is a step in the history
    expect(page.locator("select[name=actor]")).to_have_value("")
    assert page.url.endswith("?tag=embassy")
    assert visible_events(watched) == len(with_tag)
    page.click("button[type=reset]")
    expect(page.locator("li.event:visible")).to_have_count(len(events))
    assert "?" not in page.url
    page.goto(base_url + "?actor=nobody-here")
    expect(page.locator(".filter-status")).to_have_text(
        "No event on this page has the actor “nobody-here”. "
    )


def test_a_choice_made_with_the_arrow_keys_is_one_step_in_the_history(
    watched: Watched, base_url: str
) -> None:
    """Moving through a list with the arrow keys changes it at each key: the options
    passed over are not each a step that the back button must undo."""
    page = watched.page
    page.goto(base_url)
    select = page.locator("select[name=tag]")
    select.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    assert chosen and page.url.endswith(f"?tag={chosen}")
    page.locator("select[name=actor]").focus()
    page.keyboard.press("ArrowDown")
    assert "&actor=" in page.url
    page.go_back()  # the actor's choice
    assert page.url.endswith(f"?tag={chosen}")
    page.go_back()  # the tag's, in one step
    assert "?" not in page.url
    expect(select).to_have_value("")


def test_a_shared_filter_address(watched: Watched, base_url: str, site_dir: Path) -> None:
    page = watched.page
    page.goto(base_url + "?actor=nicolas-maduro&tag=russia")
    wanted = [
        e for e in shipped(site_dir) if "Nicolás Maduro" in e["actors"] and "russia" in e["tags"]
    ]
    assert visible_events(watched) == len(wanted) > 0
    for day in page.locator("section.day").all():  # empty days are hidden too
        if day.is_visible():
            assert day.locator("li.event:visible").count() > 0


def test_without_javascript_filters_are_links(
    browser: Browser, base_url: str, site_dir: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url)
    expect(page.locator("form.filters")).to_be_hidden()
    assert page.locator("li.event:visible").count() == len(shipped(site_dir))
    page.locator("li.tag a", has_text="#embassy").first.click()
    expect(page).to_have_url(base_url + "tags/embassy/")
    expect(page.locator("h1")).to_have_text("embassy")
    with_tag = [e for e in shipped(site_dir) if "embassy" in e["tags"]]
    assert page.locator("li.event").count() == len(with_tag)
    page.goto(base_url + "years/2019/01/")
    expect(page.locator("h1")).to_have_text("January 2019")
    context.close()


def test_search_finds_an_event(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url + "search/")
    box = page.locator("#search input")
    expect(box).to_be_visible()
    box.fill("Ryabkov")
    result = page.locator("#search a[href*='ryabkov-warns']").first
    expect(result).to_be_visible(timeout=15000)
    result.click()
    expect(page.locator("h1")).to_contain_text("Ryabkov")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "events/2019-01-23-guaido-sworn-in/",
        "tags/embassy/",
        "years/2019/01/",
        "actors/",
        "search/",
    ],
)
def test_no_accessibility_violations(watched: Watched, base_url: str, path: str) -> None:
    page = watched.page
    page.goto(base_url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_holds_in_both_colour_schemes(
    browser: Browser, base_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url)
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert (background == "rgb(22, 22, 21)") == (scheme == "dark")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_keep_their_contrast_in_both_colour_schemes(
    browser: Browser, base_url: str, scheme: str
) -> None:
    """Pagefind's box and results are drawn in the theme's colours: its own dark grey text
    would be unreadable on the dark background (WCAG 1.4.3)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "search/")
    page.locator("#search input").fill("Maduro")
    expect(page.locator("#search .pagefind-ui__result").first).to_be_visible(timeout=15000)
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    context.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 375), ("narrow", 320)])
def test_layout_fits_and_is_captured(
    browser: Browser, base_url: str, artifacts: Path, name: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts / f"index-{name}.png"), full_page=False)
    page.goto(base_url + "events/2019-01-23-guaido-sworn-in/")
    page.screenshot(path=str(artifacts / f"event-{name}.png"), full_page=False)
    context.close()
    assert overflow <= 0, f"the page is wider than a {width}px screen"


def test_long_words_and_addresses_wrap_on_a_narrow_screen(browser: Browser, tmp_path: Path) -> None:
    """A source's address as its title, an address in a summary, a long word: each wraps
    (WCAG 1.4.10 reflow) instead of making the page wider than a 320 px screen."""
    from tests.conftest import Site

    long = "https://www.example.org/2019/01/23/an-address-far-longer-than-a-phone-is-wide.html"
    site = Site(tmp_path / "site")
    site.event(
        "2019-01-23-a",
        f"title: Anticonstitutionnellementanticonstitutionnellement\ndate: 2019-01-23\n"
        f"summary: See <{long}>.\ntags: [anticonstitutionnellementanticonstitutionnellement]\n"
        f"sources:\n  - url: {long}\n    title: {long}\n    publisher: Example\n",
    )
    assert site.run("build") == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, site=site.out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    wider = {}
    try:
        for path in ("", "events/2019-01-23-a/", "tags/"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
            wider[path] = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert wider == {"": 0, "events/2019-01-23-a/": 0, "tags/": 0}


def test_print_spells_out_source_addresses(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url)
    page.emulate_media(media="print")
    after = page.evaluate(
        "getComputedStyle(document.querySelector('ul.sources a'), '::after').content"
    )
    nav_display = page.evaluate(
        "getComputedStyle(document.querySelector('header.site nav')).display"
    )
    context.close()
    assert after.startswith('" <') and "attr" not in after
    assert nav_display == "none"


def test_print_is_dark_on_white_in_dark_mode_too(browser: Browser, base_url: str) -> None:
    """A reader in dark mode prints on white paper, where backgrounds are not printed: a
    status label or a day's heading in the dark scheme's light colours would be unreadable."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url)
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        "['p.status', '.day > h4', '.when', 'ul.terms a'].map("
        "(s) => getComputedStyle(document.querySelector(s)).color)"
    )
    context.close()
    light = [c for c in colours if sum(map(int, c[4:-1].split(", "))) > 3 * 128]
    assert light == [], f"light text on the printed page: {colours}"


def test_timelinejs_loads_our_export(watched: Watched, base_url: str, site_dir: Path) -> None:
    """Knight Lab's TimelineJS3, served locally, reads timelinejs.json: one slide per event."""
    harness = site_dir / "__harness.html"
    dist = f"{TOOLS_PREFIX}@knight-lab/timelinejs/dist"
    harness.write_text(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>TimelineJS</title>"
        '<link rel=icon href="data:,">'
        f'<link rel=stylesheet href="{dist}/css/timeline.css">'
        f'<script src="{dist}/js/timeline.js"></script></head><body>'
        '<div id=embed style="width:1000px;height:600px"></div><script>'
        "window.tl = new TL.Timeline('embed', '/timelinejs.json', {hash_bookmark: false,"
        f" font: null, script_path: '{dist}/js/'}});"
        "</script></body></html>"
    )
    page = watched.page
    page.goto(base_url + "__harness.html")
    expected = len(json.loads((site_dir / "timelinejs.json").read_text())["events"])
    page.wait_for_function(
        "window.tl && window.tl.config && window.tl.config.events", timeout=20000
    )
    count = page.evaluate("window.tl.config.events.length")
    ids = page.evaluate("window.tl.config.events.map(e => e.unique_id)")
    assert count == expected == len(shipped(site_dir))
    assert "2019-01-23-guaido-sworn-in" in ids
    expect(page.locator(".tl-slide")).to_have_count(expected + 1)  # one per event, and the title


def test_every_page_is_valid_html(site_dir: Path) -> None:
    """The Nu Html Checker (vnu) finds no error in any generated page."""
    jar = NODE / "vnu-jar/build/dist/vnu.jar"
    pages = sorted(str(p) for p in site_dir.rglob("*.html") if p.name != "__harness.html")
    assert len(pages) > 30
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages[:10], indent=1)


def test_serve_reloads_an_open_page_and_shows_errors(browser: Browser, tmp_path: Path) -> None:
    """An open tab follows the dev server: an edit reloads it, a broken file shows problems."""
    from tests.conftest import Site, event_yaml
    from timeline.serve import DevServer
    from timeline.site import SitePaths

    site = Site(tmp_path / "site")
    site.event("2019-01-23-a", event_yaml(title="Before the edit"))
    server = DevServer(SitePaths(site.root), site.out, port=0, log=lambda _: None)
    server.start()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server.url + "events/2019-01-23-a/")
        expect(page.locator("h1")).to_have_text("Before the edit")
        site.event("2019-01-23-a", event_yaml(title="After the edit"))
        expect(page.locator("h1")).to_have_text("After the edit", timeout=15000)
        site.event("2019-01-23-a", "title: [broken\n")
        expect(page.locator("h1")).to_have_text("Build failed", timeout=15000)
        expect(page.locator("ul.problems")).to_contain_text("events/2019-01-23-a.yaml:1:8")
        site.event("2019-01-23-a", event_yaml(title="Fixed again"))
        expect(page.locator("h1")).to_have_text("Fixed again", timeout=15000)
    finally:
        context.close()
        server.stop()


SHARD_YEARS = {2017: "Quetzalcoatl", 2018: "Ouagadougou", 2019: "Zanzibar"}


@pytest.fixture
def sharded_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site whose search index is in three shards, one per year (one event per shard)."""
    import timeline.search

    monkeypatch.setattr(timeline.search, "SHARD_EVENTS", 1)
    root = tmp_path / "sharded"
    (root / "events").mkdir(parents=True)
    (root / "site.yaml").write_text("title: Shards\n")
    for year, word in SHARD_YEARS.items():
        (root / f"events/{year}-03-01-{word.lower()}.yaml").write_text(
            f"title: Meeting in {word}\ndate: {year}-03-01\nsummary: Talks were held in {word}.\n"
            "sources:\n  - url: https://example.org/a\n    title: A report\n"
            "    publisher: Example News\n    published: 2019-03-02\n",
            "utf-8",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["--root", str(root), "build", "--quiet"]) == 0
    return root / "output"


def test_search_looks_in_every_shard_of_the_index(browser: Browser, sharded_site: Path) -> None:
    bundles = sorted(p.name for p in (sharded_site / "pagefind").iterdir() if p.is_dir())
    assert bundles == ["2017", "2018", "2019"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, site=sharded_site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
        box = page.locator("#search input")
        for year, word in SHARD_YEARS.items():  # the oldest shards are merged into the newest
            box.fill(word)
            result = page.locator(f"#search a[href$='/events/{year}-03-01-{word.lower()}/']")
            expect(result.first).to_be_visible(timeout=15000)
            expect(page.locator("#search .pagefind-ui__result")).to_have_count(1)
    finally:
        page.close()
        server.shutdown()
        server.server_close()
