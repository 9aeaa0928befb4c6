"""Incremental builds: each one must leave exactly the bytes a cold build of the same input
makes, touch no file whose bytes did not change, survive failures and interruptions, and
never trust a cache file it did not sign.

Every scenario ends by comparing the whole output folder, byte for byte and the build's
own manifest included, with a cold `build --clean` of a fresh copy of the final input.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
import random
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.bccache import bc_magic, bc_version

from tests.conftest import Site, event_yaml
from timeline import buildstate, load, pages, parallel, pipeline, templating, write
from timeline import cache as build_cache
from timeline.cli import main
from timeline.problems import Problems
from timeline.site import Built, SitePaths
from timeline.site import build as site_build
from timeline.templating import THEME
from timeline.write import MANIFEST

# The small site: eight events over two months of 2019, with shared tags and actors.
EVENTS: dict[str, tuple[str, str, str, str]] = {  # id → title, date, tags, actors
    "2019-01-10-alpha-one": ("Alpha one headline", "2019-01-10", "[economy]", "[Maduro]"),
    "2019-01-15-alpha-two": ("Alpha two headline", "2019-01-15", "[economy, protest]", "[Guaido]"),
    "2019-01-20-alpha-three": ("Alpha three headline", "2019-01-20", "[protest]", "[Guaido]"),
    "2019-01-25-alpha-four": ("Alpha four headline", "2019-01-25", "[economy]", "[Maduro]"),
    "2019-02-05-beta-one": ("Beta one headline", "2019-02-05", "[protest]", "[Guaido]"),
    "2019-02-10-beta-two": ("Beta two headline", "2019-02-10", "[aid]", "[Lima Group]"),
    "2019-02-15-beta-three": ("Beta three headline", "2019-02-15", "[aid]", "[Lima Group]"),
    "2019-02-20-beta-four": ("Beta four headline", "2019-02-20", "[diplomacy]", "[Lima Group]"),
}
EDITED = "2019-01-15-alpha-two"  # its neighbours are alpha-one and alpha-three
FAR = "2019-02-15-beta-three"  # another month, other tags and actors
OLD_TITLE, NEW_TITLE = "Alpha two headline", "Renamed zebra headline"
EXPORTS = ("feed.atom", "calendar.ics", "timeline.json", "timelinejs.json", "events.csv")
BASE_URL = "https://example.org/chronology/"  # absolute: the site has a sitemap.xml too


def page(event_id: str) -> str:
    return f"events/{event_id}/index.html"


def event_text(event_id: str, title: str | None = None, extra: str = "") -> str:
    default, day, tags, actors = EVENTS[event_id]
    return event_yaml(
        title=title or default, date=day, extra=f"tags: {tags}\nactors: {actors}\n{extra}"
    )


@pytest.fixture
def small(site: Site) -> Site:
    """The eight-event site, with a sitemap, built once."""
    site.add("site.yaml", f"title: Old Site Name\nbase_url: {BASE_URL}\n")
    for event_id in EVENTS:
        site.event(event_id, event_text(event_id))
    assert site.run("build") == 0
    return site


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (mtime_ns, inode): a file that was rewritten or replaced changes both."""
    stats = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            stats[p.relative_to(folder).as_posix()] = (st.st_mtime_ns, st.st_ino)
    return stats


def cold_build(site: Site, tmp_path: Path, *options: str) -> dict[str, bytes]:
    """A `build --clean` of a fresh copy of the site's input (no output, no cache)."""
    n = 0
    while (tmp_path / f"cold{n}").exists():
        n += 1
    root = tmp_path / f"cold{n}" / "site"

    def ignore(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != site.root:
            return []
        return [name for name in names if name == "output" or name.startswith(".timeline-")]

    shutil.copytree(site.root, root, ignore=ignore)
    assert main(["--root", str(root), "build", "--clean", *options]) == 0
    return tree_bytes(root / "output")


def assert_same_as_cold(site: Site, tmp_path: Path, *options: str) -> dict[str, bytes]:
    """The site's output is byte for byte what a cold build of its input makes."""
    built, cold = tree_bytes(site.out), cold_build(site, tmp_path, *options)
    assert sorted(built) == sorted(cold)
    differing = [name for name in cold if built[name] != cold[name]]
    assert differing == [], f"differs from a cold build: {differing}"
    assert len(built) > 10
    return built


def assert_untouched_unless_changed(
    before: dict[str, bytes],
    stats: dict[str, tuple[int, int]],
    after: dict[str, bytes],
    out: Path,
) -> None:
    """Every file whose bytes are the same as before kept its time and inode."""
    now = tree_stats(out)
    touched = [
        name for name in after if before.get(name) == after[name] and now[name] != stats[name]
    ]
    assert touched == [], f"rewritten although unchanged: {touched}"


def mentioning(files: dict[str, bytes], text: str) -> set[str]:
    return {name for name, data in files.items() if text.encode() in data}


# 1 and 2 -----------------------------------------------------------------------------


def test_title_edit_reaches_every_page_and_export_that_shows_it(
    small: Site, tmp_path: Path
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    assert mentioning(before, OLD_TITLE)  # the old title was there to be replaced
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    shows = {
        page(EDITED), page("2019-01-10-alpha-one"), page("2019-01-20-alpha-three"),
        "index.html", "years/2019/index.html", "years/2019/01/index.html",
        "tags/economy/index.html", "tags/protest/index.html", "actors/guaido/index.html",
        *EXPORTS,
    }  # fmt: skip
    assert shows <= mentioning(after, NEW_TITLE)
    for name in shows:
        assert after[name] != before[name], f"{name} was not updated"
    assert mentioning(after, OLD_TITLE) == set()
    assert_untouched_unless_changed(before, stats, after, small.out)


def test_files_that_do_not_show_an_edited_event_are_not_rewritten(
    small: Site, tmp_path: Path
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    now = tree_stats(small.out)
    untouched = [
        page(FAR), page("2019-02-10-beta-two"), page("2019-02-20-beta-four"),
        "years/2019/02/index.html", "tags/aid/index.html", "tags/diplomacy/index.html",
        "actors/lima-group/index.html", "404.html", "search/index.html", "robots.txt",
    ]  # fmt: skip
    for name in untouched:
        assert after[name] == before[name], name
        assert now[name] == stats[name], f"{name} was rewritten"
    assert any(name.startswith("static/style.") for name in after)
    for name in after:
        if name.startswith("static/"):
            assert now[name] == stats[name], f"{name} was rewritten"
    assert_untouched_unless_changed(before, stats, after, small.out)
    assert after[page(EDITED)] != before[page(EDITED)]
    assert NEW_TITLE.encode() in after[page(EDITED)]


def test_an_edited_title_re_renders_only_the_pages_that_show_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are given counts, not events, for their navigation and headings: the other
    year and month pages, the other pages of a tag and the indexes are not rendered."""
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)  # the eight events make many pages
    for event_id in EVENTS:
        site.event(event_id, event_text(event_id))
    assert site.run("build") == 0
    rendered: list[str] = []
    real = pipeline.page_renderer

    def spying(*args: Any) -> Any:
        render_page = real(*args)

        def render(page: pages.Page) -> bytes:
            rendered.append(page.path)
            return render_page(page)

        return render

    monkeypatch.setattr(pipeline, "page_renderer", spying)
    site.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert site.run("build") == 0
    assert sorted(rendered) == sorted(
        [
            *(page(i) for i in ("2019-01-10-alpha-one", EDITED, "2019-01-20-alpha-three")),
            "years/2019/01/index.html",  # its page of the month (of two)
            "tags/economy/index.html",  # and of each of its tags and actors
            "tags/protest/index.html",
            "actors/guaido/index.html",
        ]
    )  # not the front page either: it lists the latest events (here the two last)
    built = assert_same_as_cold(site, tmp_path)
    assert {"years/2019/index.html", "years/2019/01/page/2/index.html"} <= set(built)
    assert {"tags/economy/page/2/index.html", "tags/index.html", "index.html"} <= set(built)


# 3 and 4 -----------------------------------------------------------------------------


def test_deleted_event_is_gone_everywhere(small: Site, tmp_path: Path) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    (small.root / f"events/{EDITED}.yaml").unlink()
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    assert not (small.out / "events" / EDITED).exists()
    assert mentioning(after, EDITED) == set()
    assert mentioning(after, OLD_TITLE) == set()
    previous = after[page("2019-01-10-alpha-one")].decode()
    following = after[page("2019-01-20-alpha-three")].decode()
    assert 'href="../../events/2019-01-20-alpha-three/" rel="next"' in previous
    assert 'href="../../events/2019-01-10-alpha-one/" rel="prev"' in following
    for name in EXPORTS:
        assert after[name] != before[name]
    assert_untouched_unless_changed(before, stats, after, small.out)


def big_month(site: Site, count: int) -> list[str]:
    """`count` events in February 2019 (one month page holds 100), plus two in January."""
    ids = []
    for n in range(count):
        event_id = f"2019-02-{n % 28 + 1:02d}-item{n:03d}"
        site.event(
            event_id,
            event_yaml(title=f"Item {n:03d} title", date=event_id[:10], extra="tags: [bulk]\n"),
        )
        ids.append(event_id)
    site.event("2019-01-05-early", event_yaml(title="Early", date="2019-01-05"))
    site.event("2019-01-06-later", event_yaml(title="Later", date="2019-01-06"))
    return ids


def test_added_events_shift_pagination_as_a_cold_build_does(site: Site, tmp_path: Path) -> None:
    big_month(site, 110)
    assert site.run("build") == 0
    first, second = "years/2019/02/index.html", "years/2019/02/page/2/index.html"
    before = tree_bytes(site.out)
    assert second in before and "years/2019/02/page/3/index.html" not in before
    assert "tags/bulk/page/2/index.html" in before

    site.event("2019-02-01-aaa-new", event_yaml(title="Brand new first", date="2019-02-01"))
    assert site.run("build") == 0
    after = assert_same_as_cold(site, tmp_path)
    assert b"Brand new first" in after[first]
    assert after[second] != before[second]  # the last event of page 1 moved to page 2
    assert page("2019-02-01-aaa-new") in after

    for n in range(95):  # 15 + 1 events left: one page again
        (site.root / f"events/2019-02-{n % 28 + 1:02d}-item{n:03d}.yaml").unlink()
    assert site.run("build") == 0
    after = assert_same_as_cold(site, tmp_path)
    assert second not in after and not (site.out / "years/2019/02/page").exists()
    assert "tags/bulk/page/2/index.html" not in after


def test_added_event_in_the_small_site(small: Site, tmp_path: Path) -> None:
    small.event(
        "2019-01-16-gamma",
        event_yaml(title="Gamma inserted", date="2019-01-16", extra="tags: [protest]\n"),
    )
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    assert b"Gamma inserted" in after[page(EDITED)]  # its new neighbour
    assert b"Gamma inserted" in after[page("2019-01-20-alpha-three")]
    assert {"tags/protest/index.html", *EXPORTS} <= mentioning(after, "Gamma inserted")


# 5 and 6 -----------------------------------------------------------------------------


def test_template_override_rerenders_only_the_pages_that_use_it(
    small: Site, tmp_path: Path
) -> None:
    theme = (THEME / "event.html").read_text("utf-8")
    assert theme.count("In the chronology") == 1
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    small.add("templates/event.html", theme.replace("In the chronology", "Back to the story"))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    now = tree_stats(small.out)
    for event_id in EVENTS:
        assert b"Back to the story" in after[page(event_id)]
    for name in ("years/2019/01/index.html", "years/2019/02/index.html", "index.html"):
        assert now[name] == stats[name], f"{name} was rewritten"
    for name in after:
        if name.startswith(("tags/", "actors/")):
            assert now[name] == stats[name], f"{name} was rewritten"
    assert_untouched_unless_changed(before, stats, after, small.out)

    (small.root / "templates/event.html").unlink()
    assert small.run("build") == 0
    again = assert_same_as_cold(small, tmp_path)
    assert mentioning(again, "Back to the story") == set()
    assert again == before


@pytest.mark.parametrize(
    "include",
    [
        '{% include "note.html" %}',
        '{%- include "note.html" -%}',
        '{% include ("note.html") %}',
        '{%+ include "note.html" %}',
        '{% include "other.html" if false else "note.html" %}',
        '{%include"note.html"%}',
    ],
)
def test_a_change_to_an_included_template_reaches_the_pages_that_use_it(
    small: Site, tmp_path: Path, include: str
) -> None:
    theme = (THEME / "event.html").read_text("utf-8")
    marker = "{% block main %}\n"
    assert theme.count(marker) == 1
    small.add("templates/event.html", theme.replace(marker, f"{marker}<p>{include}</p>\n"))
    small.add("templates/note.html", "First note")
    small.add("templates/other.html", "Other note")
    assert small.run("build") == 0
    assert b"<p>First note</p>" in tree_bytes(small.out)[page(FAR)]
    small.add("templates/note.html", "Second note")
    assert small.run("build") == 0
    assert b"<p>Second note</p>" in tree_bytes(small.out)[page(FAR)]
    assert_same_as_cold(small, tmp_path)


def test_site_title_change_reaches_every_page_and_export(small: Site, tmp_path: Path) -> None:
    small.add("site.yaml", f"title: New Site Name\nbase_url: {BASE_URL}\n")
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    pages = [name for name in after if name.endswith(".html") and "pagefind" not in name]
    assert len(pages) > 20
    shows = mentioning(after, "New Site Name")
    assert set(pages) <= shows
    assert {"feed.atom", "calendar.ics", "timeline.json", "timelinejs.json"} <= shows
    assert mentioning(after, "Old Site Name") == set()


# 7 and 8 -----------------------------------------------------------------------------


def test_failed_build_leaves_output_as_it_was(
    small: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE).replace("2019-01-15", "2019-02-30"))
    assert small.run("build") == 1
    assert f"events/{EDITED}.yaml:2:7: error:" in capsys.readouterr().err
    assert tree_bytes(small.out) == before
    assert tree_stats(small.out) == stats
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert NEW_TITLE.encode() in assert_same_as_cold(small, tmp_path)[page(EDITED)]


def staging_folders(site: Site) -> list[Path]:
    return sorted(site.out.parent.glob(".timeline-staging-*"))


def interrupt_second_move(site: Site, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> int:
    """Build with `error` raised by the second move of the journal: after the journal is
    complete, with one file already moved in. Returns the build's exit code."""
    real_apply, real_replace = write._apply, os.replace
    moves: list[str] = []

    def replace(source: Any, target: Any) -> None:
        moves.append(str(target))
        if len(moves) == 2:
            raise error
        real_replace(source, target)

    def interrupted_apply(staging: Path, out: Path, key: bytes) -> None:
        with monkeypatch.context() as m:
            m.setattr(os, "replace", replace)
            real_apply(staging, out, key)

    with monkeypatch.context() as m:
        m.setattr(write, "_apply", interrupted_apply)
        code = site.run("build")
    assert len(moves) == 2
    (staging,) = staging_folders(site)
    assert (staging / "journal.json").is_file()
    return code


@pytest.mark.parametrize(
    ("error", "code", "next_build"),
    [
        (KeyboardInterrupt(), 130, ("build",)),
        (OSError(28, "No space left on device"), 2, ("build", "--clean")),
        (KeyboardInterrupt(), 130, ()),
        (OSError(28, "No space left on device"), 2, ()),
    ],
    ids=["interrupt-build", "oserror-clean-build", "interrupt-journal", "oserror-journal"],
)
def test_build_interrupted_while_moving_files_in_is_completed_by_the_next(
    small: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
    next_build: tuple[str, ...],
) -> None:
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert interrupt_second_move(small, monkeypatch, error) == code
    assert tree_bytes(small.out) != cold_build(small, tmp_path)  # half done
    if next_build:
        assert small.run(*next_build) == 0
    else:  # only what the next build does first: the journal alone completes the output
        write._sweep(small.out)
    after = assert_same_as_cold(small, tmp_path)
    assert NEW_TITLE.encode() in after[page(EDITED)]
    assert staging_folders(small) == []


def test_interrupted_build_then_undone_edit_gives_the_undone_output(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the moves, the edit undone, build again: the output of the original."""
    before = tree_bytes(small.out)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert interrupt_second_move(small, monkeypatch, KeyboardInterrupt()) == 130
    small.event(EDITED, event_text(EDITED))  # the edit is undone before the next build
    assert small.run("build") == 0
    assert mentioning(tree_bytes(small.out), NEW_TITLE) == set()
    assert tree_bytes(small.out) == before
    assert_same_as_cold(small, tmp_path)


def test_build_that_fails_before_its_journal_is_complete_changes_nothing(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    real_write = write._create
    staged: list[str] = []

    def failing_write(path: str, data: bytes) -> None:
        if Path(path).parent.name.startswith(".timeline-staging-"):
            staged.append(path)
            if len(staged) == 2:
                raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(write, "_create", failing_write)
    assert small.run("build") == 2
    assert len(staged) == 2
    assert tree_bytes(small.out) == before
    assert tree_stats(small.out) == stats
    assert staging_folders(small) == []
    monkeypatch.setattr(write, "_create", real_write)
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


# 9 and 10 ----------------------------------------------------------------------------


class Planted:
    """Unpickling this creates a file: the proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("payload", ["pickle", "garbage", "short"])
def test_a_cache_file_not_signed_by_the_user_is_not_loaded(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: str
) -> None:
    planted = build_cache.cache_file(small.root, small.out)
    assert planted.is_file()  # the build made one: the planted file takes its place
    marker = tmp_path / "marker"
    data = pickle.dumps((1, Planted(marker)))
    _, handle = pickle.loads(data)  # the payload works: loading it creates the marker
    handle.close()
    assert marker.exists()
    marker.unlink()
    blob = {
        "pickle": os.urandom(32) + data,
        "garbage": b"\x80" + os.urandom(200),
        "short": data[:10],
    }[payload]
    planted.write_bytes(blob)

    loaded: list[build_cache.BuildCache] = []
    real_load = pipeline.load_cache

    def spy(root: Path, out: Path, code: str) -> build_cache.BuildCache:
        loaded.append(real_load(root, out, code))
        return loaded[-1]

    monkeypatch.setattr(pipeline, "load_cache", spy)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))  # so the pipeline runs
    assert small.run("build") == 0
    assert not marker.exists()
    assert len(loaded) == 1 and loaded[0].parsed == {} and loaded[0].pages == {}
    assert_same_as_cold(small, tmp_path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths of the event files read (parsed) from now on."""
    calls: list[str] = []
    real = load.read_event

    def counting(path: Path, shown: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(shown)
        return real(path, shown, *args, **kwargs)

    monkeypatch.setattr(load, "read_event", counting)
    yield calls


def test_only_the_changed_file_is_parsed_again(
    small: Site, tmp_path: Path, parses: list[str]
) -> None:
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert parses == [f"events/{EDITED}.yaml"]
    assert_same_as_cold(small, tmp_path)


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    calls: list[str] = []
    real = jinja2.Environment.compile

    def counting(env: jinja2.Environment, source: Any, name: Any = None, *args: Any) -> Any:
        calls.append(name)
        return real(env, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return calls


def test_templates_are_compiled_again_only_when_their_source_changes(
    small: Site, tmp_path: Path, compiles: list[str]
) -> None:
    small.event("2019-01-30-untagged", event_yaml(date="2019-01-30"))
    assert small.run("build") == 0  # renders no tag or actor page
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert compiles == []  # nor for the event, month, tag and actor pages: kept throughout
    theme = (THEME / "event.html").read_text("utf-8")
    small.add("templates/event.html", theme.replace("In the chronology", "Back to the story"))
    assert small.run("build") == 0
    assert compiles == ["event.html"]
    assert b"Back to the story" in assert_same_as_cold(small, tmp_path)[page(EDITED)]


def test_compiled_templates_from_another_python_are_compiled_again() -> None:
    """Jinja refuses compiled code whose header is not its own (another Python's, say)."""
    env = templating.make_environment(Path("/nonexistent"), templating.CompiledTemplates({}))
    assert env.get_template("404.html").render  # compiled, and kept for the next build
    [(key, code)] = env.bytecode_cache.known.items()  # type: ignore[union-attr]
    other = b"j2" + pickle.dumps(bc_version, 2) + pickle.dumps((3 << 24) | 99, 2)  # 3.99's
    assert code.startswith(bc_magic) and len(other) == len(bc_magic)
    stale = templating.CompiledTemplates({key: other + code[len(bc_magic) :]})
    env = templating.make_environment(Path("/nonexistent"), stale)
    env.get_template("404.html")
    assert stale.known == {key: code}  # compiled again, and replaced


def test_only_the_edited_events_export_pieces_are_made_again(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports' pieces the last build kept (in the process that made them) are used:
    after an edit, only that event's calendar entry is made, and the files are a cold
    build's. (The exports are made in a forked process: it notes what it made in a file.)"""
    from timeline.exports import ics

    made = tmp_path / "made.txt"
    real = ics.vevent_text

    def counting(event: Any, config: Any) -> str:
        with made.open("a") as note:
            note.write(event.id + "\n")
        return real(event, config)

    monkeypatch.setattr(ics, "vevent_text", counting)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert made.read_text().split() == [EDITED]
    assert_same_as_cold(small, tmp_path)


def test_each_export_makes_only_the_pieces_of_events_edited_since_it_was_written(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The joined exports copy the pieces of unchanged events from the last build's files,
    build after build: after an edit, after an edit of another event, after a template
    edit that changes no export (the output keeps its files, not the new identical ones),
    and after an export file was edited by hand (its pieces are all made again)."""
    from timeline.exports import csvfile, ics, ownjson, timelinejs

    made = tmp_path / "made.txt"
    for module, name in [
        (ics, "vevent_text"), (ownjson, "event_text"), (timelinejs, "slide_text"),
        (csvfile, "row_text"),
    ]:  # fmt: skip
        real = getattr(module, name)

        def counting(event: Any, config: Any, real: Any = real, kind: str = name) -> str:
            with made.open("a") as note:  # the exports are made in a forked process
                note.write(f"{kind} {event.id}\n")
            return real(event, config)

        monkeypatch.setattr(module, name, counting)

    def build() -> dict[str, int]:
        made.write_text("")
        assert small.run("build") == 0
        return dict(Counter(made.read_text().split()))

    every = {"vevent_text": 1, "event_text": 1, "slide_text": 1, "row_text": 1}
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert build() == {**every, EDITED: 4}
    small.event(FAR, event_text(FAR, title="Far away renamed"))
    assert build() == {**every, FAR: 4}
    small.add("templates/404.html", "{% extends 'base.html' %}{% block main %}Lost{% endblock %}")
    kept = {name: (small.out / name).stat().st_ino for name in EXPORTS}
    assert build() == {}
    assert {name: (small.out / name).stat().st_ino for name in EXPORTS} == kept
    small.event(EDITED, event_text(EDITED, title="Renamed once more"))
    assert build() == {**every, EDITED: 4}
    for name in EXPORTS:  # touched: not trusted, yet the output keeps each (same bytes)
        st = (small.out / name).stat()
        os.utime(small.out / name, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    small.add("templates/404.html", "{% extends 'base.html' %}{% block main %}Gone{% endblock %}")
    assert build() == {kind: len(EVENTS) for kind in every} | dict.fromkeys(EVENTS, 4)
    small.event(FAR, event_text(FAR, title="Far, touched"))
    assert build() == {**every, FAR: 4}  # from the touched files the output kept
    with (small.out / "events.csv").open("ab") as handle:
        handle.write(b"a row added by hand\r\n")
    small.event(FAR, event_text(FAR))
    counted = build()
    assert counted["row_text"] == len(EVENTS) and counted["vevent_text"] == 1
    shutil.rmtree(small.root / buildstate.CACHE_DIR)  # lost: each piece made, the same bytes
    kept = {name: (small.out / name).stat().st_ino for name in EXPORTS}
    assert build() == {kind: len(EVENTS) for kind in every} | dict.fromkeys(EVENTS, 4)
    assert {name: (small.out / name).stat().st_ino for name in EXPORTS} == kept
    small.event(EDITED, event_text(EDITED))
    assert build() == {**every, EDITED: 4}  # from the files the output kept
    assert_same_as_cold(small, tmp_path)


def test_the_last_builds_records_stand_for_its_manifest_while_it_is_untouched(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading and checking the manifest of 21,500 files took 0.02 s of each build: the
    build cache's records of the same files serve instead, unless the manifest changed."""
    reads: list[Path] = []
    real = write.read_manifest
    monkeypatch.setattr(write, "read_manifest", lambda out: reads.append(out) or real(out))
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert reads == []
    manifest = small.out / MANIFEST
    manifest.write_text(manifest.read_text())  # the same text, another file
    small.event(EDITED, event_text(EDITED))
    assert small.run("build") == 0
    assert reads == [small.out.absolute()]
    assert_same_as_cold(small, tmp_path)


def test_a_touched_file_is_not_parsed_and_changes_nothing(
    small: Site, parses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    path = small.root / f"events/{EDITED}.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    capsys.readouterr()
    assert small.run("build") == 0
    assert " 0 files written, " in capsys.readouterr().out  # not the no-op: it did look
    assert parses == []
    assert tree_bytes(small.out) == before
    assert tree_stats(small.out) == stats


def test_an_unchanged_file_whose_related_event_was_deleted_is_checked_again(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-10-a", event_yaml(date="2019-01-10", extra="related: [2019-01-11-b]\n"))
    site.event("2019-01-11-b", event_yaml(date="2019-01-11"))
    assert site.run("build") == 0
    (site.root / "events/2019-01-11-b.yaml").unlink()
    capsys.readouterr()
    assert site.run("build") == 1
    err = capsys.readouterr().err
    assert "events/2019-01-10-a.yaml:4:11: error: related event '2019-01-11-b' does not exist" in (
        err
    )


# 11 ----------------------------------------------------------------------------------


def test_a_new_day_re_evaluates_the_future_date_warning(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-10-past", event_yaml(date="2019-01-10"))
    site.event("2023-11-20-soon", event_yaml(title="Soon", date="2023-11-20"))
    future = "events/2023-11-20-soon.yaml:2:7: warning: the date 2023-11-20 is in the future"
    for epoch, warned in (
        ("1700000000", True),  # 2023-11-14
        ("1701000000", False),  # 2023-11-26
        ("1700000000", True),
    ):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        capsys.readouterr()
        assert site.run("build") == 0
        assert (future in capsys.readouterr().err) is warned, epoch
        assert_same_as_cold(site, tmp_path)


def test_a_source_or_correction_dated_in_the_future_is_warned_while_it_is(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo such as published: 2032-… passed silently, and made the feed's and the
    calendar's time stamps; each such date is warned, and again on the days it still is."""
    site.event(
        "2023-11-10-later",
        "title: Later\ndate: 2023-11-10\nsummary: S.\n"
        "corrections:\n  - date: 2023-11-24\n    note: Fixed.\n"
        "sources:\n  - url: https://www.example.org/a/\n    title: A\n    publisher: P\n"
        "    published: 2023-11-20\n",
    )
    source = (
        "events/2023-11-10-later.yaml:11:16: warning: the source's publication date 2023-11-20 "
        "is in the future"
    )
    correction = (
        "events/2023-11-10-later.yaml:5:11: warning: the correction's date 2023-11-24 is in the "
        "future"
    )
    for epoch, warned in (
        ("1700000000", (True, True)),  # 2023-11-14
        ("1700611200", (False, True)),  # 2023-11-22
        ("1701000000", (False, False)),  # 2023-11-26
        ("1700000000", (True, True)),
    ):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        capsys.readouterr()
        assert site.run("build") == 0
        err = capsys.readouterr().err
        assert (source in err, correction in err) == warned, epoch
        assert_same_as_cold(site, tmp_path)


# 12 and 13 ---------------------------------------------------------------------------


def test_clean_build_after_incremental_ones_changes_no_byte(small: Site, tmp_path: Path) -> None:
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    (small.root / f"events/{FAR}.yaml").unlink()
    assert small.run("build") == 0
    small.event("2019-02-11-delta", event_yaml(title="Delta", date="2019-02-11"))
    assert small.run("build") == 0
    incremental = tree_bytes(small.out)
    assert small.run("build", "--clean") == 0
    assert tree_bytes(small.out) == incremental
    assert_same_as_cold(small, tmp_path)


@pytest.mark.parametrize("damage", ["delete", "edit same size", "edit", "delete export"])
def test_output_files_changed_by_hand_are_restored(
    small: Site, tmp_path: Path, damage: str
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    target = small.out / ("events.csv" if damage == "delete export" else page(FAR))
    if damage.startswith("delete"):
        target.unlink()
    elif damage == "edit same size":
        data = target.read_bytes()
        target.write_bytes(data.replace(b"Beta three", b"Beta thre!"))
    else:
        target.write_text("defaced")
    assert small.run("build") == 0
    assert tree_bytes(small.out) == before
    now = tree_stats(small.out)
    rel = target.relative_to(small.out).as_posix()
    changed = {name for name in now if now.get(name) != stats.get(name)}
    assert rel in changed and changed <= {rel, MANIFEST}  # nothing else was rewritten
    assert_same_as_cold(small, tmp_path)


def test_output_file_edited_by_hand_is_restored_while_another_event_changes(
    small: Site, tmp_path: Path
) -> None:
    far = small.out / page(FAR)
    far.write_bytes(far.read_bytes().replace(b"Beta three", b"Beta thre!"))
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert b"Beta thre!" not in far.read_bytes()
    assert_same_as_cold(small, tmp_path)


# More changes an incremental build must follow ----------------------------------------


@pytest.mark.parametrize("change", ["rename", "move to another month", "related title"])
def test_more_event_changes(small: Site, tmp_path: Path, change: str) -> None:
    before = tree_bytes(small.out)
    if change == "rename":  # the same bytes under another id
        (small.root / f"events/{EDITED}.yaml").rename(small.root / "events/2019-01-15-renamed.yaml")
        gone, shown = page(EDITED), page("2019-01-15-renamed")
    elif change == "move to another month":
        small.event(EDITED, event_text(EDITED).replace("2019-01-15", "2019-02-16"))
        gone, shown = "", "years/2019/02/index.html"
    else:  # alpha-four relates to alpha-two, then alpha-two's title changes
        small.event("2019-01-25-alpha-four", event_text("2019-01-25-alpha-four",
                    extra=f"related: [{EDITED}]\n"))  # fmt: skip
        assert small.run("build") == 0
        small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
        gone, shown = "", page("2019-01-25-alpha-four")
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    assert gone not in after
    assert after[shown] != before.get(shown)
    if change == "related title":
        assert b'<ul class="related">' in after[shown] and NEW_TITLE.encode() in after[shown]
    if change == "move to another month":
        assert OLD_TITLE.encode() not in after["years/2019/01/index.html"]
        assert OLD_TITLE.encode() in after["years/2019/02/index.html"]


@pytest.mark.parametrize("change", ["tags", "day", "add", "title"])
def test_the_sitemap_follows_the_page_plan(small: Site, tmp_path: Path, change: str) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    assert "sitemap.xml" in before
    if change == "tags":
        small.event(EDITED, event_text(EDITED).replace("[economy, protest]", "[brand-new]"))
    elif change == "day":
        small.event(EDITED, event_text(EDITED).replace("2019-01-15", "2019-01-16"))
    elif change == "add":
        small.event("2019-03-01-gamma", event_yaml(title="Gamma", date="2019-03-01"))
    else:
        small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    sitemap = after["sitemap.xml"].decode()
    if change in ("title", "day"):  # the same pages: the sitemap is not rewritten
        assert tree_stats(small.out)["sitemap.xml"] == stats["sitemap.xml"]
    else:
        assert after["sitemap.xml"] != before["sitemap.xml"]
    assert (f"{BASE_URL}tags/brand-new/" in sitemap) is (change == "tags")
    assert (f"{BASE_URL}years/2019/03/" in sitemap) is (change == "add")


@pytest.mark.parametrize(
    "steps",
    [
        [("--drafts",), (), ("--drafts",)],
        [("--base-url", "https://example.org/sub/"), (), ("--base-url", "https://x.org/")],
    ],
    ids=["drafts", "base-url"],
)
def test_changed_options_build_as_cold_builds_do(
    small: Site, tmp_path: Path, steps: list[tuple[str, ...]]
) -> None:
    small.event("2019-01-12-draft", event_yaml(title="A draft", date="2019-01-12",
                extra="status: draft\ntags: [economy]\n"))  # fmt: skip
    for options in steps:
        assert small.run("build", *options) == 0
        after = assert_same_as_cold(small, tmp_path, *options)
        assert (page("2019-01-12-draft") in after) is ("--drafts" in options)
        assert (b"https://example.org/sub/" in after["index.html"]) is ("sub/" in str(options))


def test_warnings_of_unchanged_files_are_reported_again(
    small: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    text = event_text(FAR).replace("summary: In our own words.\n", "")
    small.event(FAR, text)
    capsys.readouterr()
    assert small.run("build") == 0
    warning = f"events/{FAR}.yaml:1:1: warning: the event has no summary"
    assert warning in capsys.readouterr().err
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))  # another file changes
    assert small.run("build") == 0
    assert warning in capsys.readouterr().err


def test_changed_picture_and_stylesheet_reach_the_output(small: Site, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"first" * 10
    small.add("events/media/picture.png", png)
    small.event(FAR, event_text(FAR, extra="media:\n  src: media/picture.png\n  alt: A crowd\n"))
    assert small.run("build") == 0
    stats = tree_stats(small.out)
    small.add("events/media/picture.png", png.replace(b"first", b"other"))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    assert after["media/picture.png"] == png.replace(b"first", b"other")
    assert tree_stats(small.out)[page(FAR)] == stats[page(FAR)]  # the page itself is the same

    small.add("templates/static/style.css", "body { color: teal }")
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    (css,) = [name for name in after if name.startswith("static/style.")]
    assert after[css] == b"body { color: teal }"
    pages = [name for name in after if name.endswith(".html")]
    assert all(css.encode() in after[name] for name in pages)


@pytest.mark.parametrize("lost", ["cache", "output"])
def test_a_lost_cache_or_output_folder_rebuilds_the_same_bytes(
    small: Site, tmp_path: Path, lost: str
) -> None:
    before, stats = tree_bytes(small.out), tree_stats(small.out)
    if lost == "cache":
        shutil.rmtree(small.root / ".timeline-cache")
    else:
        shutil.rmtree(small.out)
    assert small.run("build") == 0
    assert tree_bytes(small.out) == before
    if lost == "cache":  # the files are compared with what they should be: none is rewritten
        assert tree_stats(small.out) == stats
    assert_same_as_cold(small, tmp_path)


def test_a_misnamed_settings_file_is_reported_by_the_next_build(
    small: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    small.add("site.yml", "title: Misnamed\n")
    assert small.run("build", "--clean") == 1  # a full build reports it ...
    capsys.readouterr()
    assert small.run("build") == 1  # ... and so must the next one
    assert "site.yml:1:1: error: the settings file is site.yaml, not site.yml" in (
        capsys.readouterr().err
    )


def test_a_shard_not_signed_by_the_user_is_not_loaded(small: Site, tmp_path: Path) -> None:
    """The parsed events and the exports' pieces live in shard files, each signed alone."""
    shards = sorted(small.root.glob(".timeline-cache/cache-*-*.pickle"))
    assert any("-parsed-" in p.name for p in shards) and any("-exports-" in p.name for p in shards)
    marker = tmp_path / "marker"
    data = pickle.dumps(Planted(marker))
    for path in shards:
        path.write_bytes(os.urandom(32) + data)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert not marker.exists()
    assert_same_as_cold(small, tmp_path)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE + " again"))
    assert small.run("build") == 0  # the shards the last build rewrote are read again
    assert_same_as_cold(small, tmp_path)


def test_an_edit_rewrites_only_the_cache_shards_of_the_edited_event(small: Site) -> None:
    """One shard of parsed events, and for each kind of export piece the shard that holds
    the event's piece."""
    folder = small.root / ".timeline-cache"

    def stamps() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.glob("*-*-*")}

    before = stamps()
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    after = stamps()
    changed = sorted(name for name in after if after[name] != before.get(name))
    parsed = [name for name in changed if "-parsed-" in name]
    exports = [n.split("-exports-")[1].rsplit("-", 1)[0] for n in changed if "-exports-" in n]
    # One shard, and the new file of its events' pickles; the shard's old one is gone.
    assert len(parsed) == 2 and parsed[1] == parsed[0].rsplit("-", 1)[0] + ".pickle"
    shards = [name for name in after if "-parsed-" in name and name.endswith(".pickle")]
    assert len([name for name in after if name.endswith(".events")]) == len(shards)
    assert set(exports) == {"atom", "ics-zones", "ics", "json", "timelinejs", "csv"}
    for kind in set(exports):  # the old piece's shard, and the new one's
        assert exports.count(kind) <= 2, kind
    assert not [name for name in changed if "-plan" in name]  # kept (its records are in main)
    small.event(EDITED, event_text(EDITED).replace("[Guaido]", "[Maduro]"))  # moves it
    assert small.run("build") == 0
    again = stamps()
    assert [name for name in again if name.endswith("-plan.pickle") and again[name] != after[name]]


def test_a_resident_cache_stands_in_for_the_files_only_while_they_are_its_own(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` keeps the build cache in memory: its next build does not read it back (the
    parsed events, the pages' keys), unless another build of the output rewrote it, or its
    own last build failed."""
    reads: list[Path] = []
    real = pipeline.load_cache

    def spy(root: Path, out: Path, code: str) -> build_cache.BuildCache:
        reads.append(out)
        return real(root, out, code)

    monkeypatch.setattr(build_cache, "load_cache", spy)
    resident = build_cache.Resident()
    paths = SitePaths(small.root)

    def build_with(title: str) -> Built:
        small.event(EDITED, event_text(EDITED, title=title))
        return site_build(paths, resident=resident)

    assert build_with("First title").stats is not None
    assert len(reads) == 1  # nothing in memory yet
    assert build_with("Second title").stats is not None
    assert len(reads) == 1  # from memory
    assert_same_as_cold(small, tmp_path)

    small.event(FAR, event_text(FAR, title="Built by another process"))
    assert small.run("build") == 0  # rewrites the cache's files
    assert build_with("Third title").stats is not None
    assert len(reads) == 2  # read back: memory was no longer what the files hold
    assert build_with("Fourth title").stats is not None
    assert len(reads) == 2

    small.event(FAR, "title: [broken\n")
    assert build_with("Fifth title").stats is None  # fails on content
    small.event(FAR, event_text(FAR, title="Mended"))
    assert build_with("Sixth title").stats is not None
    assert len(reads) == 3  # after a failure, from the files
    built = assert_same_as_cold(small, tmp_path)
    assert b"Sixth title" in built[page(EDITED)] and b"Mended" in built[page(FAR)]


def test_a_resident_cache_keeps_every_piece_and_parsed_event_it_can(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From memory as from the files: an edit makes only the edited event's pieces (the
    calendar's two kinds counted here) and rewrites one shard of parsed events."""
    from timeline.exports import ics

    resident = build_cache.Resident()
    paths = SitePaths(small.root)
    small.event(EDITED, event_text(EDITED, title="Kept in memory"))
    assert site_build(paths, resident=resident).stats is not None
    made = tmp_path / "made.txt"  # the exports may be made in a forked process

    def counting(name: str) -> None:
        real = getattr(ics, name)

        def count(event: Any, *args: Any, **kwargs: Any) -> Any:
            with made.open("a") as note:
                note.write(f"{name} {event.id}\n")
            return real(event, *args, **kwargs)

        monkeypatch.setattr(ics, name, count)

    counting("vevent_text")
    counting("event_zones")
    folder = small.root / ".timeline-cache"
    before = {p.name: p.stat().st_ino for p in folder.glob("*-parsed-*.pickle")}
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert site_build(paths, resident=resident).stats is not None
    assert sorted(made.read_text().split("\n")[:-1]) == [
        f"event_zones {EDITED}",
        f"vevent_text {EDITED}",
    ]
    after = {p.name: p.stat().st_ino for p in folder.glob("*-parsed-*.pickle")}
    assert len([name for name in after if after[name] != before.get(name)]) == 1
    # The kept events are read from the files of pickles the resident entries point at.
    small.event(FAR, event_text(FAR, title="Far, from memory"))
    assert site_build(paths, resident=resident).stats is not None
    assert_same_as_cold(small, tmp_path)


def test_the_events_pickles_are_read_one_by_one_and_a_changed_file_is_not_trusted(
    small: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parsed events' pickles live in files beside their shards and are read as the
    build needs them, each checked against the hash its signed shard holds: a file
    changed behind the build's back (here each byte of each file, sizes kept) is never
    unpickled. The build stops with a clear error and leaves the output as it was; the
    files are removed, so the next build reads the events again and is a cold build's."""
    folder = small.root / buildstate.CACHE_DIR
    files = sorted(folder.glob("*.events"))
    assert files
    for path in files:
        path.write_bytes(bytes(b ^ 0x55 for b in path.read_bytes()))
    before = tree_bytes(small.out)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    capsys.readouterr()
    assert small.run("build") == 2
    err = capsys.readouterr().err
    assert "a file of the build cache was changed by something else" in err
    assert "Traceback" not in err
    assert tree_bytes(small.out) == before
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_a_changed_file_of_pickles_found_while_saving_is_not_kept(
    small: Site, tmp_path: Path
) -> None:
    """Saving a shard reads back the pickles of the events the build did not ask for: one
    found changed there is not unpickled either; the cache is not kept (the build itself
    is done, and right), and the next build reads the events again."""
    for path in (small.root / buildstate.CACHE_DIR).glob("*.events"):
        path.write_bytes(bytes(b ^ 0x55 for b in path.read_bytes()))
    before = tree_bytes(small.out)
    event = small.root / f"events/{FAR}.yaml"
    st = event.stat()
    os.utime(event, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # its shard is saved again
    assert small.run("build") == 0
    assert tree_bytes(small.out) == before
    assert not list((small.root / buildstate.CACHE_DIR).glob("*.events"))
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_a_file_of_pickles_that_cannot_be_read_leaves_its_shard_unused(
    small: Site, tmp_path: Path
) -> None:
    for path in (small.root / buildstate.CACHE_DIR).glob("*.events"):
        path.unlink()
        path.mkdir()  # read, it fails (as a file made unreadable would)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_the_files_a_save_leaves_are_those_its_main_file_names(small: Site, tmp_path: Path) -> None:
    """A shard kept as it was keeps its file of pickles, even when its entries were read
    again (an event with a local picture is, every build); what an older layout or a
    stopped save left is removed; the exports' own files are left to their process."""
    folder = small.root / buildstate.CACHE_DIR
    stem = build_cache.cache_file(small.root, small.out).stem
    small.add("events/media/picture.png", b"\x89PNG\r\n\x1a\n first")
    small.event(FAR, event_text(FAR, extra="media:\n  src: media/picture.png\n  alt: A crowd\n"))
    assert small.run("build") == 0
    stray = [folder / f"{stem}-plan-events.pickle", folder / f".{stem}-parsed-3.pickle.x1y2"]
    for path in stray:
        path.write_bytes(b"left behind")
    pieces = sorted(p.name for p in folder.glob(f"*{stem}-exports-*"))
    for title in ("Renamed once", "Renamed twice", "Renamed thrice"):
        small.event(EDITED, event_text(EDITED, title=title))
        assert small.run("build") == 0
        events = sorted(folder.glob("*.events"))
        shards = sorted(folder.glob(f"{stem}-parsed-*.pickle"))
        assert len(events) == len(shards) > 1, title  # one file of pickles a shard, no more
        assert not [path for path in stray if path.exists()]
        assert sorted(p.name for p in folder.glob(f"*{stem}-exports-*")) != [] and pieces
    for path in (folder / name for name in os.listdir(folder)):
        assert path.name.startswith(("build-", f"{stem}.", f"{stem}-")), path.name
    small.event(FAR, event_text(FAR, title="Far, with its picture"))
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_a_save_removes_each_leftover_even_when_one_cannot_be(small: Site) -> None:
    folder = small.root / buildstate.CACHE_DIR
    stem = build_cache.cache_file(small.root, small.out).stem
    (folder / f"{stem}-a-folder").mkdir()
    (folder / f"{stem}-a-folder" / "inside").write_text("x")
    strays = [folder / f"{stem}-stray{n}.pickle" for n in range(20)]
    for path in strays:
        path.write_bytes(b"left behind")
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert not [path for path in strays if path.exists()]
    assert not (folder / f"{stem}-a-folder").exists()


def test_an_event_in_a_folder_named_pycache_is_watched_like_any_other(
    small: Site, tmp_path: Path
) -> None:
    """The build's key leaves out the generator's own `__pycache__`, not events/'s."""
    folder = small.root / "events/__pycache__"
    folder.mkdir()
    (small.root / f"events/{FAR}.yaml").rename(folder / f"{FAR}.yaml")
    assert small.run("build") == 0
    (folder / f"{FAR}.yaml").write_text(event_text(FAR, title="Far, in pycache"))
    assert small.run("build") == 0
    assert b"Far, in pycache" in (small.out / page(FAR)).read_bytes()
    assert_same_as_cold(small, tmp_path)


def test_a_file_gone_as_the_walk_meets_it_is_left_out(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor's short-lived file may vanish between the listing and its stat."""
    fleeting = small.root / "events/.fleeting.yaml.swp"
    fleeting.write_text("x")
    real = os.scandir

    class Listed:
        """Entries listed before, given as `os.scandir`'s are: an iterator and a context."""

        def __init__(self, found: list[os.DirEntry[str]]) -> None:
            self.entries = iter(found)

        def __iter__(self) -> Listed:
            return self

        def __next__(self) -> os.DirEntry[str]:
            return next(self.entries)

        def __enter__(self) -> Listed:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    def listing_then_gone(folder: Any) -> Listed:
        with real(folder) as entries:
            found = list(entries)
        if any(entry.path == str(fleeting) for entry in found):
            fleeting.unlink()  # listed, and gone before its stat
        return Listed(found)

    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    with monkeypatch.context() as patch:
        patch.setattr(buildstate.os, "scandir", listing_then_gone)  # os's own, for the build
        assert small.run("build") == 0
    assert not fleeting.exists()
    assert NEW_TITLE.encode() in (small.out / page(EDITED)).read_bytes()
    assert_same_as_cold(small, tmp_path)


def test_a_shard_whose_pickles_are_gone_is_read_again(small: Site, tmp_path: Path) -> None:
    for path in (small.root / buildstate.CACHE_DIR).glob("*.events"):
        path.unlink()
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_a_build_that_can_keep_no_cache_leaves_the_cache_alone(
    small: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = small.root / ".timeline-cache"
    before = sorted(p.name for p in folder.glob("*-exports-*"))
    assert before
    monkeypatch.setattr(build_cache, "secret", lambda: None)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert sorted(p.name for p in folder.glob("*-exports-*")) == before


def test_the_exports_pieces_are_kept_one_kind_per_shard(small: Site, tmp_path: Path) -> None:
    """So the exports' process keeps and forgets each file's pieces as soon as the file is
    made; shards it did not keep (an older layout's, say) are removed, and so is the
    temporary file of a shard whose writing was stopped (the build given up)."""
    folder = small.root / ".timeline-cache"
    stem = next(folder.glob("cache-*-parsed-*.pickle")).name.split("-parsed-")[0]
    kinds = {p.name.split("-exports-")[1].rsplit("-", 1)[0] for p in folder.glob("*-exports-*")}
    assert kinds == {"atom", "ics-zones", "ics", "json", "timelinejs", "csv"}
    old_layout = folder / f"{stem}-exports-a.pickle"
    old_layout.write_bytes(b"kept by an older version")
    stopped = folder / f".{stem}-exports-csv-9.pickle.x1y2z3"
    stopped.write_bytes(b"half a shard")
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert not old_layout.exists() and not stopped.exists()
    assert_same_as_cold(small, tmp_path)


# What a pull request may plant in the site folder or an output ------------------------


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_planted_journal_is_not_carried_out(small: Site, tmp_path: Path, where: str) -> None:
    """A staging folder with a journal that this user's build did not sign is only removed:
    nothing is written, moved or deleted, outside the output or in it."""
    staging = small.root / ".timeline-staging-output-4000000"
    staging.mkdir()
    (staging / "0").write_text("planted")
    ops = {
        "outside": [["put", "0", "../../written-outside.txt"], ["del", "", "../site.yaml"]],
        "inside": [["put", "0", "index.html"], ["del", "", f"events/{FAR}/index.html"]],
    }[where]
    (staging / "journal.json").write_text(json.dumps({"ops": ops, "mac": "0" * 64}))
    before = tree_bytes(small.out)
    write.recover(small.out)  # what every build does first
    assert tree_bytes(small.out) == before
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert (small.root / "site.yaml").is_file() and not (tmp_path / "written-outside.txt").exists()
    assert b"planted" not in (small.out / "index.html").read_bytes()
    assert not staging.exists()
    assert_same_as_cold(small, tmp_path)


def test_a_manifest_naming_files_outside_the_output_is_not_obeyed(
    small: Site, tmp_path: Path
) -> None:
    manifest = small.out / ".timeline-output.json"
    data = json.loads(manifest.read_text())
    data["files"]["../site.yaml"] = "0" * 64
    data["files"]["/etc/hostname"] = "0" * 64
    manifest.write_text(json.dumps(data))
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert (small.root / "site.yaml").is_file()
    assert_same_as_cold(small, tmp_path)


def test_a_linked_folder_in_the_output_is_not_written_through(
    small: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(small.out / "tags")
    (small.out / "tags").symlink_to(elsewhere)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 2
    assert "symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_folder_that_becomes_a_file_and_back(small: Site, tmp_path: Path) -> None:
    small.add("templates/static/img/logo.txt", "a logo")
    assert small.run("build") == 0
    shutil.rmtree(small.root / "templates/static/img")
    small.add("templates/static/img", "now a file")
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)
    (small.root / "templates/static/img").unlink()
    small.add("templates/static/img/logo.txt", "a logo again")
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


def test_another_outputs_interrupted_build_is_left_to_it(small: Site, tmp_path: Path) -> None:
    """out-2's staging folder matches the pattern out-* but is not out's to finish."""
    other = small.root / ".timeline-staging-output-2-4000000"
    other.mkdir()
    (other / "journal.json").write_text("[]")
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert other.is_dir()
    assert_same_as_cold(small, tmp_path)


def test_links_planted_in_the_cache_folder_are_not_written_through(
    small: Site, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache = small.root / ".timeline-cache"
    names = [p.name for p in cache.iterdir()]
    planted = {f".{n}{s}" for n in names for s in (".tmp", f".{os.getpid()}")}
    planted |= {f"{Path(n).stem}{s}" for n in names for s in (".tmp", f".{os.getpid()}")}
    for name in planted:
        (cache / name).symlink_to(victim)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert small.run("build") == 0
    assert victim.read_text() == "keep me"
    assert_same_as_cold(small, tmp_path)


def test_a_computed_include_beside_a_binary_static_file(small: Site, tmp_path: Path) -> None:
    small.add("templates/static/logo.png", b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    small.add("templates/_extra.html", "<p>extra</p>\n")
    small.add(
        "templates/404.html",
        '{% extends "base.html" %}{% block main %}{% set part = "_extra.html" %}'
        "{% include part %}{% endblock %}\n",
    )
    assert small.run("build") == 0
    small.add("templates/_extra.html", "<p>changed</p>\n")
    assert small.run("build") == 0
    assert b"changed" in (small.out / "404.html").read_bytes()
    assert_same_as_cold(small, tmp_path)


def test_a_second_build_of_the_same_output_waits_for_the_first(small: Site) -> None:
    """`serve` and `build` of one output take turns: their in-place changes never mix."""
    lock = buildstate.lock_file(small.root, small.out)
    finished = threading.Event()
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    with write.one_build_at_a_time(lock):  # a first build, still running
        worker = threading.Thread(target=lambda: (small.run("build"), finished.set()))
        worker.start()
        assert not finished.wait(1.0)  # the second build waits
    worker.join(60)
    assert finished.is_set()
    assert NEW_TITLE.encode() in (small.out / f"events/{EDITED}/index.html").read_bytes()


def test_the_search_index_has_a_bounded_number_of_shards() -> None:
    """A reader's search asks every shard: at most MAX_SHARDS full ones and a partial one,
    however large the chronology, and the shards are as small as that bound allows; events
    added in a new year move no shard's bounds until the size doubles."""
    import itertools
    from types import SimpleNamespace

    from timeline.search import MAX_SHARDS, SHARD_EVENTS, shard_size, shards

    def cut(counts: list[int], size: int) -> int:  # shards made at `size`, counted afresh
        made, held = [], 0
        for count in counts:
            if held >= size:
                made, held = [*made, held], 0
            held += count
        return len(made) + (held > 0)

    def events(count: int, per_year: int) -> list:
        return [
            SimpleNamespace(date=SimpleNamespace(start=SimpleNamespace(year=1900 + n // per_year)))
            for n in range(count)
        ]

    assert shard_size([10]) == SHARD_EVENTS
    assert shard_size([SHARD_EVENTS] * (MAX_SHARDS + 1)) == SHARD_EVENTS  # 32 full, 1 last
    assert shard_size([SHARD_EVENTS] * (MAX_SHARDS + 2)) == 2 * SHARD_EVENTS
    # Years larger than the size make shards larger than it: the shards are what counts.
    assert shard_size([SHARD_EVENTS + SHARD_EVENTS // 2] * (MAX_SHARDS + 1)) == SHARD_EVENTS
    for count, per_year in itertools.product((1, 999, 10_000, 100_000, 250_000), (50, 400)):
        made = shards(events(count, per_year))  # type: ignore[arg-type]
        assert sum(len(part) for _, part in made) == count
        assert len(made) <= MAX_SHARDS + 1, count
        counts = [per_year] * (count // per_year) + [count % per_year] * (count % per_year > 0)
        size = shard_size(counts)
        assert all(len(part) >= size for _, part in made[:-1])
        # The smallest size that keeps the bound: half of it would make too many shards.
        assert size == SHARD_EVENTS or cut(counts, size // 2) > MAX_SHARDS + 1
        years = [{e.date.start.year for e in part} for _, part in made]
        assert all(not a & b for a, b in itertools.pairwise(years)), "a year is never split"
    before = shards(events(100_000, 50))  # type: ignore[arg-type]
    after = shards(events(100_050, 50))  # type: ignore[arg-type]
    settled = len(before) - 1  # all but the newest shard keep their bounds
    assert [(n, len(p)) for n, p in after[:settled]] == [(n, len(p)) for n, p in before[:-1]]


def test_pieces_kept_by_a_failed_build_of_other_code_are_not_used(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports' process keeps its pieces before the build completes. A build of other
    code (an upgrade) that then fails leaves the last good main file naming those shards:
    the next build of the first code must not take the other code's pieces."""
    from timeline import search
    from timeline.exports import ics

    real = ics.vevent_text

    def other_code(event: Any, config: Any) -> str:
        return real(event, config).replace("SUMMARY:", "SUMMARY:other code ")

    def fails(folder: Path, subdir: str) -> None:
        raise search.SearchIndexError("Pagefind failed (planted)")

    with monkeypatch.context() as m:
        m.setattr(pipeline, "code_version", lambda: "other code")
        m.setattr(ics, "vevent_text", other_code)
        m.setattr(search, "build_index", fails)
        small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
        assert small.run("build") == 2
    assert small.run("build") == 0
    assert b"other code" not in (small.out / "calendar.ics").read_bytes()
    assert_same_as_cold(small, tmp_path)


def test_a_file_put_again_with_the_outputs_bytes_stays_as_it_is(tmp_path: Path) -> None:
    """In place, what an earlier `put` staged for a path is dropped when the path is put
    again with the bytes the output has (or kept): the journal must not write it."""
    out = tmp_path / "out"
    with write.Output(out) as first:
        for name, data in {"a.html": b"one", "b.html": b"two", "c.html": b"three"}.items():
            first.put(name, data)
        _, last = first.commit()
    with write.Output(out, records=last) as output:
        output.put("a.html", b"changed")
        output.put("b.html", b"changed too")
        output.put("a.html", b"one")
        output.put("d.html", b"new")  # staged after a drop: its own name, not a reused one
        output.keep({"b.html": last["b.html"]})
        output.put("c.html", b"three")
        stats, _ = output.commit()
    assert tree_bytes(out) | {MANIFEST: b""} == {
        "a.html": b"one", "b.html": b"two", "c.html": b"three", "d.html": b"new", MANIFEST: b"",
    }  # fmt: skip
    assert stats.written == 1


@pytest.mark.parametrize("change", [None, 0, 5 << 20])  # the same; a byte first; a byte late
def test_an_adopted_file_is_compared_with_the_outputs_a_block_at_a_time(
    tmp_path: Path, change: int | None
) -> None:
    """With no record of the last build (its cache gone, or made by other code), a file
    made elsewhere (an export) is compared with the output's without reading either
    whole: an export of 100,000 events is 300 MB."""
    import tracemalloc

    out, scratch_bytes = tmp_path / "out", bytes(range(256)) * (24 << 12)  # 24 MiB
    with write.Output(out) as first:
        first.put("timeline.json", scratch_bytes)
        first.commit()
    before = (out / "timeline.json").stat().st_mtime_ns
    new = bytearray(scratch_bytes)
    if change is not None:
        new[change] ^= 1
    with write.Output(out) as output:  # no records: the manifest is all it knows
        made = output.scratch() / "made"
        made.write_bytes(new)
        sha = write.digest(bytes(new))
        tracemalloc.start()
        output.adopt("timeline.json", made, sha)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        stats, _ = output.commit()
    assert (out / "timeline.json").read_bytes() == new
    assert peak < 4 << 20
    if change is None:
        assert (stats.written, stats.unchanged) == (0, 1)
        assert (out / "timeline.json").stat().st_mtime_ns == before
        assert not made.exists()
    else:
        assert (stats.written, stats.unchanged) == (1, 0)


def test_a_background_job_given_up_cleans_up_after_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed build gives up the exports' process: it is asked to stop (not killed
    outright), so a file it is writing is removed by the code writing it."""
    import time

    from timeline import parallel

    # Other tests of the session (the browser's) may leave threads running, which makes
    # the build do this work in its own process; this work is safe to fork regardless.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    in_background = parallel.in_background
    partial = tmp_path / "partial"

    def work() -> None:
        partial.write_text("half")
        try:
            time.sleep(60)
        finally:
            partial.unlink()

    job = in_background(work)
    for _ in range(500):
        if partial.exists():
            break
        time.sleep(0.01)
    assert partial.exists()
    started = time.monotonic()
    job.cancel()
    assert not partial.exists()
    assert time.monotonic() - started < 5


def test_a_background_job_collects_its_reference_cycles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build pauses the cycle collector (pipeline.without_cycle_collector); the
    exports' process collects the cycles its work makes (json's indenting encoder leaves
    one per call), and leaves what it inherited alone."""
    import gc
    import weakref

    from timeline import parallel

    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # see the test above

    class Node:
        pass

    def work() -> tuple[bool, bool]:
        first = Node()
        first.me = first  # type: ignore[attr-defined]
        made = weakref.ref(first)
        del first
        for _ in range(10_000):  # garbage enough for the collector to run by itself
            node = Node()
            node.me = node  # type: ignore[attr-defined]
        return made() is None, gc.get_freeze_count() > 0

    collecting = gc.isenabled()
    gc.disable()
    try:
        assert parallel.in_background(work).collect() == (True, True)
        assert not gc.isenabled()  # the parent's collector is as it was
    finally:
        if collecting:
            gc.enable()


def test_work_that_cannot_be_forked_is_done_at_once_and_fails_when_collected() -> None:
    """Where the build cannot fork (the dev server's threads), the exports are made at
    once, as a process would make them meanwhile: the build lets go of the events they
    read once its pages are rendered. A failure is raised when collected, as a process's."""
    done: list[int] = []
    job = parallel.in_process(done.append, 1)
    assert done == [1]
    assert job.collect() is None
    failing = parallel.in_process(lambda: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        failing.collect()


def test_the_background_work_yields_the_cores_to_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The exports' process runs at a lower priority than the build's own, which (with
    Pagefind) the build waits on first; the build's own priority is left as it was."""
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # see the tests above
    here = os.nice(0)
    there = parallel.in_background(os.nice, 0).collect()
    assert there == min(here + parallel.BACKGROUND_NICE, 19) > here
    assert os.nice(0) == here


def test_the_sitemap_follows_pages_split_by_their_size(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A longer summary can split a listing in two (pages stop at about PAGE_BYTES): the
    sitemap must then list the new page, though no date, tag or actor changed."""
    monkeypatch.setattr(pages, "PAGE_BYTES", 6000)  # three of these events, not much more
    site.add("site.yaml", f"title: Old Site Name\nbase_url: {BASE_URL}\n")
    for event_id in EVENTS:
        site.event(event_id, event_text(event_id))
    assert site.run("build") == 0
    split = f"{BASE_URL}tags/economy/page/2/"
    assert split not in (site.out / "sitemap.xml").read_text()
    longer = "summary: " + "Many more words in our own summary. " * 60
    site.event(EDITED, event_text(EDITED).replace("summary: In our own words.", longer))
    assert site.run("build") == 0
    after = assert_same_as_cold(site, tmp_path)
    assert "tags/economy/page/2/index.html" in after
    assert split in after["sitemap.xml"].decode()


# The last build's plan (timeline.blueprint) ---------------------------------------------

SUMMARY = "summary: In our own words."


def test_the_plan_is_taken_only_with_the_main_file_it_was_saved_with(
    small: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each drawn plan has a token, kept in the main file with its events' records: a
    plan shard that another save left (its main file never written) is not taken."""
    code = build_cache.code_version()
    loaded = build_cache.load_cache(small.root, small.out, code)
    assert loaded.blueprint is not None and loaded.blueprint.token
    other = dataclasses.replace(loaded.blueprint, token="another plan")
    with monkeypatch.context() as patch:
        main_file_unwritable(small, patch)
        fresh = dataclasses.replace(loaded, blueprint=other)
        events = build_cache.save_events(small.root, small.out, fresh, loaded)
        assert build_cache.save_cache(small.root, small.out, fresh, loaded, [], events) is None
    assert build_cache.load_cache(small.root, small.out, code).blueprint is None
    again = build_cache.load_cache(small.root, small.out, code)
    fresh = dataclasses.replace(again, blueprint=other)
    events = build_cache.save_events(small.root, small.out, fresh, again)
    assert events is not None
    assert build_cache.save_cache(
        small.root, small.out, fresh, again, list(again.piece_parts), events
    )
    taken = build_cache.load_cache(small.root, small.out, code).blueprint
    assert taken is not None and taken.token == "another plan"


def test_a_plan_shard_newer_than_the_main_file_is_not_taken(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's shard is written before the main file, which holds its events' records
    and the pages' keys: when the main file cannot be written, the next build must not
    pair that shard with the older keys (found by review: an edit then put back kept the
    pages that show it with the edit's title)."""
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    with monkeypatch.context() as patch:
        main_file_unwritable(small, patch)
        assert small.run("build") == 0
    small.event(FAR, event_text(FAR, title="Beta three, retitled"))
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)
    small.event(EDITED, event_text(EDITED))  # its first title again
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)
    # A plan drawn again (a template changed) and kept, beside an older main file.
    theme = (THEME / "event.html").read_text()
    small.add("templates/event.html", theme.replace("{% block title %}", "{% block title %}1 "))
    with monkeypatch.context() as patch:
        main_file_unwritable(small, patch)
        assert small.run("build") == 0
    assert small.run("build") == 0
    (small.root / "templates/event.html").unlink()
    assert small.run("build") == 0
    assert_same_as_cold(small, tmp_path)


@pytest.mark.parametrize(
    ("change", "plans_again"),
    [
        ("title", False),
        ("summary a little longer", False),
        ("source title", False),
        ("status", False),
        ("place", False),
        ("summary long enough to split its listings", True),
        ("day", True),
        ("time within its day", True),
        ("tags", True),
        ("tag respelled", True),
        ("actors", True),
        ("related", True),
        ("draft", True),
        ("add", True),
        ("delete", True),
        ("template", True),
    ],
)
def test_an_edit_that_moves_no_event_reuses_the_last_plan(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, plans_again: bool
) -> None:
    """The pages are planned again only when a cold build could plan them otherwise; the
    output is a cold build's either way."""
    monkeypatch.setattr(pages, "PAGE_BYTES", 6000)  # each listing holds about three events
    assert small.run("build", "--clean") == 0  # planned with the smaller pages
    planned: list[int] = []
    real = pipeline.plan_pages
    monkeypatch.setattr(pipeline, "plan_pages", lambda chron: planned.append(1) or real(chron))
    text = event_text(EDITED)
    edited = {
        "title": text.replace(OLD_TITLE, NEW_TITLE),
        "summary a little longer": text.replace(SUMMARY, SUMMARY + " And a few more."),
        "source title": text.replace("title: An article", "title: Another article"),
        "status": text + "status: reported\n",
        "place": text + "place: Caracas\n",
        "summary long enough to split its listings": text.replace(
            SUMMARY, SUMMARY + " Many more words in our own summary." * 40
        ),
        "day": text.replace("2019-01-15", "2019-01-16"),
        "time within its day": text.replace("2019-01-15", "2019-01-15T10:00Z"),
        "tags": text.replace("[economy, protest]", "[economy]"),
        "tag respelled": text.replace("[economy, protest]", "[Economy, protest]"),
        "actors": text.replace("[Guaido]", "[Guaido, Maduro]"),
        "related": text + "related: [2019-02-05-beta-one]\n",
        "draft": text + "status: draft\n",
    }
    if change in edited:
        small.event(EDITED, edited[change])
    elif change == "add":
        small.event("2019-01-16-new", event_yaml(title="New one", date="2019-01-16"))
    elif change == "delete":
        (small.root / f"events/{EDITED}.yaml").unlink()
    else:
        small.add("templates/404.html", "<p>Not here.</p>\n")
    assert small.run("build") == 0
    assert bool(planned) is plans_again
    assert_same_as_cold(small, tmp_path)
    planned.clear()
    assert small.run("build") == 0  # nothing changed: nothing planned, nothing written
    assert planned == []


def main_file_unwritable(site: Site, patch: pytest.MonkeyPatch) -> None:
    """The build cache's main file for `site` cannot be written (a full disk), its shards
    can: a save that stops half-way."""
    main_file = build_cache.cache_file(site.root, site.out)
    real = build_cache._write_signed

    def failing(path: Path, key: bytes, value: Any) -> None:
        if path == main_file:
            raise OSError(28, "No space left on device")
        real(path, key, value)

    patch.setattr(build_cache, "_write_signed", failing)


def test_a_plan_kept_by_a_save_that_stopped_half_way_is_not_trusted(
    small: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parsed events' shards are written before the main file, which holds the plan:
    if the main file cannot be written, the next build finds newer parsed events beside
    an older plan. The plan tells by itself which events it was made with."""
    small.event(EDITED, event_text(EDITED).replace("[Guaido]", "[Guaido, Maduro]"))
    with monkeypatch.context() as patch:
        main_file_unwritable(small, patch)
        assert small.run("build") == 0  # the site is built; its cache only half kept
    small.event(FAR, event_text(FAR, title="Beta three, retitled"))
    assert small.run("build") == 0
    after = assert_same_as_cold(small, tmp_path)
    assert b"Alpha two headline" in after["actors/maduro/index.html"]


@pytest.mark.parametrize(
    ("change", "plans_again"),
    [
        ("the front page stops fitting it", True),
        ("the front page still fits it", False),
        ("the latest events' page changes", True),
        ("a year-long event's title", False),
    ],
)
def test_what_the_plan_uses_of_a_cut_decides_whether_it_is_kept(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, plans_again: bool
) -> None:
    """Of the whole chronology's cut, the plan uses only whether it fits on the front page;
    of the latest events', only the first page."""
    fits = change.startswith("the front page")
    monkeypatch.setattr(pages, "PAGE_BYTES", 18_000 if fits else 6000)
    site.add("site.yaml", f"title: Old Site Name\nbase_url: {BASE_URL}\n")
    for event_id in EVENTS:
        site.event(event_id, event_text(event_id))
    site.event("2019-year", event_yaml(title="The year itself", date="2019"))
    # The newest, alone in its month, tag and actor: of the lists that hold it, only the
    # whole chronology's and the latest events' can change with its size.
    newest = "2019-03-01-gamma"
    gamma = event_yaml(title="Gamma", date="2019-03-01", extra="tags: [g]\nactors: [G]\n")
    site.event(newest, gamma)
    assert site.run("build") == 0
    front = (site.out / "index.html").read_text()
    assert (f'id="{EDITED}"' in front) is fits  # the whole chronology on the front page
    planned: list[int] = []
    real = pipeline.plan_pages
    monkeypatch.setattr(pipeline, "plan_pages", lambda chron: planned.append(1) or real(chron))
    more = {
        "the front page stops fitting it": " Many more words in our own summary." * 60,
        "the front page still fits it": " A few more words.",
        "the latest events' page changes": " Many more words in our own summary." * 30,
    }
    if change == "a year-long event's title":
        site.event("2019-year", event_yaml(title="The whole year", date="2019"))
    else:
        site.event(newest, gamma.replace(SUMMARY, SUMMARY + more[change]))
    assert site.run("build") == 0
    assert bool(planned) is plans_again
    after = assert_same_as_cold(site, tmp_path)
    every = [*EVENTS, "2019-year", newest]
    listed = [i for i in every if f'id="{i}"'.encode() in after["index.html"]]
    assert (listed == every) is (change == "the front page still fits it")


def test_checks_across_files_see_the_kept_events_as_the_first_build_did(
    small: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spellings and links to drafts are checked on every event, those kept in the build
    cache included, from what the cache keeps of them (`cache.Facts`): the same problems
    at the same places as when the files were read."""
    small.event(FAR, event_text(FAR).replace("[Lima Group]", "[Grupo de Lima, lima group]"))
    small.event("2019-02-28-draft", event_yaml(title="Not yet", date="2019-02-28",
                extra="status: draft\n"))  # fmt: skip
    assert small.run("build") == 0
    first = capsys.readouterr().err
    spelling = f"events/{FAR}.yaml:5:25: warning: the actor 'lima group' is spelled"
    assert spelling in first
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))  # another file changes
    assert small.run("build") == 0
    assert capsys.readouterr().err == first
    small.event(EDITED, event_text(EDITED, extra="related: [2019-02-28-draft]\n"))
    assert small.run("build") == 1  # a published event may not name a draft
    error = f"events/{EDITED}.yaml:6:11: error: related event '2019-02-28-draft' is a draft"
    assert error in capsys.readouterr().err
    small.event(FAR, event_text(FAR, extra="related: [2019-02-28-draft]\n"))
    small.event(EDITED, event_text(EDITED))
    assert small.run("build") == 1  # FAR is read again; the draft is kept
    assert f"events/{FAR}.yaml:6:11: error: related event" in capsys.readouterr().err


def test_an_edit_that_moves_no_event_unpickles_only_the_events_it_shows(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build cache keeps each event pickled: a build that reuses the last plan reads
    the facts of every event but unpickles only those on the pages it makes again (the
    exports, none)."""
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)  # a month a page: no page lists them all
    for month in range(1, 13):
        for day in (5, 15, 25):
            event_id = f"2019-{month:02d}-{day:02d}-item"
            extra = f"tags: [month-{month}]\nactors: [Actor {month}-{day}]\n"
            site.event(event_id, event_yaml(title=f"Item {month} {day}", date=event_id[:10],
                       extra=extra))  # fmt: skip
    assert site.run("build") == 0
    unpickled: list[str] = []
    real = build_cache.Parsed.event

    def counting(entry: build_cache.Parsed) -> Any:
        if entry._event is None:
            unpickled.append(entry.facts.id)
        return real.fget(entry)  # type: ignore[attr-defined]

    monkeypatch.setattr(build_cache.Parsed, "event", property(counting))
    # The exports made in this process, so that what they unpickle is counted too: they
    # get stand-ins, and look their pieces up by digest.
    monkeypatch.setattr(pipeline, "in_background", parallel.in_process)
    edited = "2019-06-15-item"
    site.event(edited, event_yaml(title="Item retitled", date="2019-06-15",
               extra="tags: [month-6]\nactors: [Actor 6-15]\n"))  # fmt: skip
    assert site.run("build") == 0
    # Its neighbours, which its month's and tag's pages also show, and theirs: the
    # neighbours' pages are made again, and show their other neighbours too.
    assert sorted(unpickled) == [f"2019-{d}-item" for d in ("05-25", "06-05", "06-25", "07-05")]
    assert_same_as_cold(site, tmp_path)


def test_a_build_lets_its_events_go_once_saved_and_reads_them_back_when_asked(
    small: Site, tmp_path: Path
) -> None:
    """The save is made in the memory the events took: each parsed entry a build read lets
    its event go once the event's pickle is in the cache's file. A resident cache
    (`serve`) gives the event back from that file when a later build asks."""
    resident = build_cache.Resident()
    paths = SitePaths(small.root)
    small.event(EDITED, event_text(EDITED, title=NEW_TITLE))
    assert site_build(paths, resident=resident, clean=True).stats is not None  # reads all
    assert resident.cache is not None
    entries = resident.cache.parsed
    assert len(entries) > 3 and all(entry._event is None for entry in entries.values())
    assert entries[f"events/{EDITED}.yaml"].event.title == NEW_TITLE
    small.event(FAR, event_text(FAR, title="Beta three, retitled"))
    assert site_build(paths, resident=resident).stats is not None
    assert_same_as_cold(small, tmp_path)


def test_a_kept_event_is_unpickled_once_and_its_stand_in_gives_it_whole(site: Site) -> None:
    site.event(EDITED, event_text(EDITED))
    tree = load.load_tree(site.root, site.root / "events", Problems(), date(2024, 1, 1))
    [fresh] = tree.parsed.values()
    assert site.run("build") == 0
    cache = build_cache.load_cache(site.root, site.out, build_cache.code_version())
    [entry] = cache.parsed.values()  # as the next build finds it
    assert entry.facts == fresh.facts
    stand_in = build_cache.Stored(entry)
    assert (stand_in.digest, stand_in.order) == (fresh.digest, fresh.event.order)
    assert entry._event is None  # the digest and the order did not unpickle it
    assert stand_in.title == "Alpha two headline" and entry.event is entry.event
    assert copy.copy(stand_in).tags == ("economy", "protest")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_build_as_cold_builds_do(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Sequences of edits of every kind, on small pages (so that sizes move events between
    pages): after each build, the output is a cold build's, whether the plan was kept or
    made again."""
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    monkeypatch.setattr(pages, "PAGE_BYTES", 5000)
    rng = random.Random(seed)
    site.add("site.yaml", f"title: Random\nbase_url: {BASE_URL}\n")
    events: dict[str, dict[str, str]] = {}

    def write(event_id: str) -> None:
        e = events[event_id]
        extra = f"tags: [{e['tags']}]\nactors: [{e['actors']}]\n{e['more']}"
        text = event_yaml(title=e["title"], date=e["date"], extra=extra)
        site.event(event_id, text.replace("In our own words.", e["summary"]))

    def named(event_id: str) -> bool:
        return any(event_id in other["more"] for other in events.values())

    def add(n: int) -> str:
        event_id = f"2019-0{rng.randint(1, 3)}-{rng.randint(10, 28)}-e{n}"
        events[event_id] = {
            "title": f"Event {n}", "date": event_id[:10], "summary": "In our own words.",
            "tags": rng.choice(["a", "b", "a, b"]), "actors": rng.choice(["X", "Y"]), "more": "",
        }  # fmt: skip
        return event_id

    for n in range(12):
        write(add(n))
    assert site.run("build") == 0
    changes = ["title", "summary", "tags", "day", "related", "draft", "add", "delete"]
    for step in range(8):
        change, event_id = rng.choice(changes), rng.choice(sorted(events))
        e = events[event_id]
        if change == "title":
            e["title"] += " again"
        elif change == "summary":  # from one line to about two kilobytes
            e["summary"] = "Long words of a summary in our own words. " * rng.randint(1, 50)
        elif change == "tags":
            e["tags"] = rng.choice(["a", "b", "c", "a, c"])
        elif change == "day":  # the file keeps its name: a warning, not an error
            e["date"] = f"{e['date'][:8]}{rng.randint(1, 28):02d}"
        elif change == "related":
            published = [i for i in events if i != event_id and "draft" not in events[i]["more"]]
            e["more"] = f"related: [{rng.choice(published)}]\n"
        elif change == "draft" and not named(event_id):
            e["more"] = "" if "draft" in e["more"] else "status: draft\n"
        elif change == "add":
            event_id = add(100 + step)
        elif change == "delete" and not named(event_id):
            (site.root / f"events/{event_id}.yaml").unlink()
            del events[event_id]
        if event_id in events:
            write(event_id)
        assert site.run("build") == 0, (step, change, event_id)
        assert_same_as_cold(site, tmp_path)
