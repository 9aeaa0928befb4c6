"""The pipeline of a build: files → checked events → chronology → pages → output.

Each stage reuses what the last build made from the same inputs (timeline.cache):
unchanged files are not parsed again, the last page plan is kept when no event moved
(timeline.blueprint), pages whose key is unchanged are not rendered again (and stay
untouched in the output), the exports reuse each event's pieces and the search index
is only rebuilt for the shards whose event pages changed.
"""

from __future__ import annotations

import contextlib
import filecmp
import functools
import gc
import hashlib
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from timeline.blueprint import Blueprint, Reused, draw, reuse
from timeline.buildstate import Walk, remember
from timeline.cache import (
    BuildCache,
    OutputBodies,
    Parsed,
    Resident,
    Stored,
    code_version,
    drop_other_pieces,
    load_cache,
    load_pieces,
    save_cache,
    save_events,
    save_pieces,
)
from timeline.chronology import Chronology
from timeline.config import SiteConfig, load_config
from timeline.load import MEDIA_DIR, load_tree
from timeline.locales import interface
from timeline.memory import give_back
from timeline.pagekeys import PageKeys
from timeline.pages import Page, newest_listed, plan_pages, sitemap_page
from timeline.parallel import in_background
from timeline.problems import Position, Problems, display_path
from timeline.render import STATIC, page_renderer, static_files
from timeline.search import Indexer
from timeline.site import Built, Checked, SitePaths, source_date, today
from timeline.templating import THEME, CompiledTemplates, make_environment
from timeline.write import Output, Written
from timeline.yamlsafe import YamlError, decode

T = TypeVar("T")


def check_site(
    paths: SitePaths,
    drafts: bool = False,
    cache: BuildCache | None = None,
    walk: Walk | None = None,
) -> Checked:
    """The site's settings and events, checked; `cache` is the last build's, `walk`
    the folders of events/ as the build's key read them (discover.event_entries)."""
    paths.require()
    problems = Problems()
    config = load_config(paths.root, problems)
    previous, settled = (cache.parsed, cache.started_ns) if cache else ({}, 0)
    tree = load_tree(
        paths.root, paths.events, problems, today(), drafts=drafts,
        previous=previous, settled_ns=settled, walk=walk,
    )  # fmt: skip
    return Checked(config, tree, problems)


def without_cycle_collector(work: Callable[..., T]) -> Callable[..., T]:
    """Run `work` with Python's cyclic garbage collector paused.

    A build makes millions of long-lived objects (the cache, the events, the pages) and
    no reference cycles worth collecting: the collector would walk them again and again.
    """

    @functools.wraps(work)
    def paused(*args: Any, **kwargs: Any) -> T:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused


@without_cycle_collector
def run(
    paths: SitePaths,
    out: Path,
    result: Built,
    *,
    key: str,
    base_url: str | None,
    drafts: bool,
    clean: bool,
    resident: Resident | None = None,
    walk: Walk | None = None,
) -> None:
    with result.stage("load and check"):
        code = code_version()
        if clean:
            cache = BuildCache(code)
        elif resident is not None:
            cache = resident.load(paths.root, out, code)
        else:
            cache = load_cache(paths.root, out, code)
        # When this build began reading: `walk` (if any) took the files' stats before.
        started = walk.started_ns if walk is not None else time.time_ns()
        checked = check_site(paths, drafts, cache, walk)
        give_back()  # the workers' results, read
    result.problems = checked.problems
    if checked.problems.errors:
        return
    config = checked.config.with_base_url(base_url) if base_url else checked.config
    parsed = checked.tree.parsed
    published = [entry for entry in parsed.values() if drafts or not entry.facts.draft]
    check_templates(paths, result.problems)
    if result.problems.errors:
        return
    settings = repr((config, base_url))
    fresh = BuildCache(code, settings=settings, started_ns=started, parsed=parsed)
    made = make_site(paths, out, result, config, cache, fresh, published, clean=clean)
    if made is None:
        return
    # Only the parsed entries hold the events now: each is dropped as its pickle is saved.
    pages, pieces, events_saved = made
    result.events = len(published)
    with result.stage("save cache"):
        fresh.pages = pages
        saved = save_cache(paths.root, out, fresh, cache, pieces, events_saved())
        if saved is not None and resident is not None:
            resident.keep(paths.root, out, fresh, pieces, saved)
        remember(paths.root, out, key, result.events, result.problems, fresh.written)


def make_site(
    paths: SitePaths,
    out: Path,
    result: Built,
    config: SiteConfig,
    cache: BuildCache,
    fresh: BuildCache,
    published: list[Parsed],
    *,
    clean: bool,
) -> tuple[dict[str, str], list[str], Callable[[], dict[str, frozenset] | None]] | None:
    """Plan, render and write the site, filling in `fresh` (the cache the save keeps) but
    for its pages' keys, which are returned with the exports' cache shards and the save
    of the parsed events' shards (`save_events`: done already, or to be done by calling
    it); None when a template fails (told in `result`). Its own function: the events,
    pages and renderers it makes are let go when it returns, before the save (600 MB of
    events at 100,000)."""
    code, settings = fresh.code, fresh.settings
    with contextlib.ExitStack() as stack:
        # Each file goes to the output's staging area as it is made: none waits in memory
        # for the others.
        output = stack.enter_context(
            Output(out, records=cache.written, manifest=cache.manifest, reuse=not clean)
        )
        try:
            with result.stage("plan pages"):
                # A second process makes the exports while the pages are planned and
                # rendered: it reads the last build's pieces, writes the files and keeps the
                # pieces itself, so only the files' names and hashes come back. It starts
                # first, given stand-ins for the events (pieces are looked up by digest), and
                # unpickles only those it makes pieces of; when the settings are not the
                # last build's (no piece is reused), it gets the events, unpickled here and
                # shared with it (this process needs them all then too).
                whole = cache.settings != settings
                events = tuple(entry.event if whole else Stored(entry) for entry in published)
                exported = Chronology(events)  # type: ignore[arg-type]
                exports = in_background(
                    make_exports,
                    exported,
                    config,
                    build_time(entry.facts.newest_day for entry in published),
                    output.scratch(),
                    (paths.root, out, cache, not whole),
                )
                stack.callback(exports.cancel)  # on a failure; nothing once collected
                compiled = CompiledTemplates(cache.compiled)
                env = make_environment(paths.templates, compiled)
                static, assets = static_files(paths.templates, interface(config.language).locale)
                fresh.templates = dict(cache.templates)
                every = (code, settings, assets)  # what every page depends on
                planner = Planner(env, every, cache, fresh.templates)
                reused = planner.reuse(published)
                if reused is None:
                    chron = exported if whole else Chronology(tuple(e.event for e in published))
                    planned = planner.plan(chron, config)
                else:
                    planned = planner.again(reused)
                keys = planned.keys
            with result.stage("render pages"):
                # The pages besides the event pages (listings, indexes) that must be made
                # again, in the order of the newest event each lists: so each event's list
                # item is dropped soon after it is made (see render.Items).
                indexed = {path for _, shard in planned.shards for path in shard}
                others = {path: keys[path] for path in keys if path not in indexed}
                others_kept = unchanged_pages(out, others, cache.pages, cache.written)
                listings = sorted(
                    (planned.page(path) for path in others if path not in others_kept),
                    key=newest_listed,
                )
                render = page_renderer(env, planned.home, config, assets, listings)

                def make(paths: Iterable[str]) -> Iterator[str]:
                    """Each page of `paths` rendered into the output, or kept as it is
                    there when its key is the last build's (told as they are reached:
                    the first shard's pages go to Pagefind sooner)."""
                    pages = {path: keys[path] for path in paths}
                    kept = unchanged_pages(out, pages, cache.pages, cache.written)
                    output.keep(kept)
                    for path in pages:
                        if path not in kept:
                            output.put(path, render(planned.page(path)))
                        yield path

                # The event pages first, shard by shard: Pagefind indexes each shard in
                # processes of its own as soon as its pages are ready, while this one
                # renders the next and then the listings. Shards with pages of new keys
                # go first, so Pagefind starts on them sooner.
                search = Indexer(out, output.scratch(), cache.search, cache.written)
                stack.callback(search.cancel)  # on a failure: waits for what runs
                fresh_keys = {path for path, key in keys.items() if cache.pages.get(path) != key}
                ordered = sorted(planned.shards, key=lambda named: fresh_keys.isdisjoint(named[1]))
                for name, shard in ordered:
                    found = {
                        path: (output.path_of(path), output.files[path].sha256)
                        for path in make(shard)
                    }
                    search.add(name, found)
                output.keep(others_kept)
                for page in listings:
                    output.put(page.path, render(page))
                    search.poll()
                del env.globals["item"]  # what is left of the items: nothing after needs them
                give_back()
        except Exception as exc:
            if not report_template_error(exc, paths, result.problems):
                raise
            return None
        # After an edit (the last plan reused), the parsed events' shards of the cache are
        # saved while the exports and the search index are still being made by other
        # processes, which this one would wait for. Not after a new plan: the build still
        # holds its events and plan, and that save's own memory would add to the build's
        # peak (1,041 MiB against 947 for a cold build of 100,000 events); it comes last.
        early = reused is not None
        with result.stage("save events"):
            saved = save_events(paths.root, out, fresh, cache) if early else None

        def events_saved() -> dict[str, frozenset] | None:
            """The parsed events' shards, saved above, or else now."""
            return saved if early else save_events(paths.root, out, fresh, cache)

        # A failure of either ends the build here (the stack waits for the other).
        with result.stage("exports (rest)"):
            made, pieces = exports.collect()
        with result.stage("search index (rest)"):
            index, index_kept, fresh.search = search.collect()
        with result.stage("write"):
            for name, (file, sha256) in {**made, **index}.items():
                output.adopt(name, file, sha256)
            del made, index  # let go before the plan is drawn: a name per page at 100k
            give_back()
            for name, data in {**static, **media_files(published, paths.events)}.items():
                output.put(name, data)
            output.keep(index_kept)
            result.stats, fresh.written = output.commit()
            fresh.manifest = output.manifest_stat()
    # Drawing the plan is the build's peak (the events are still held): what only the
    # rendering needed is let go first (the output let go of the old manifest as it
    # committed: 55 MB at 100,000 events).
    del listings, others, others_kept, indexed
    give_back()
    with result.stage("draw plan"):  # as the cache keeps it: it needs the events
        fresh.blueprint = planned.to_keep()
    fresh.compiled = compiled.known
    return {path: keys[path] for path in fresh.written if path in keys}, pieces, events_saved


def make_exports(
    chron: Chronology,
    config: SiteConfig,
    moment: datetime,
    scratch: Path,
    cache_at: tuple[Path, Path, BuildCache, bool],
) -> tuple[dict[str, tuple[Path, str]], list[str]]:
    """The exports, written to files in `scratch` (output path → (file, sha256)), made
    from the last build's per-event pieces where they serve and keeping this build's in
    the build cache (`cache_at`: site root, output, the last build's cache, whether it was
    made with the same settings) — all in whichever process makes them: pieces and files
    are tens of megabytes, which this way never travel between processes. Returns the
    files and the names of the pieces' cache shards. `chron` may hold stand-ins for its
    events (`cache.Stored`): an event is unpickled only if a piece of it must be made."""
    # Imported here, in the process that makes them (icalendar alone takes 35 ms to load).
    from timeline.exports import each_export
    from timeline.exports.memo import Body, Memo

    root, out, previous, same_settings = cache_at

    def load(kind: str) -> dict[str, bytes | Body]:
        return load_pieces(root, out, previous, kind) if same_settings else {}

    pieces = Memo(config, load=load, store=OutputBodies(out))
    made: dict[str, tuple[Path, str]] = {}
    kept: list[str] = []
    for n, (name, chunks) in enumerate(each_export(chron, config, moment, pieces)):
        file = scratch / f"export-{n}"
        sha256 = hashlib.sha256()
        with file.open("wb") as handle:
            for chunk in chunks:  # written as they come: no file is held whole
                handle.write(chunk)
                sha256.update(chunk)
        made[name] = (file, sha256.hexdigest())
        stats = _stats_of(file, out / name, previous.written.get(name), made[name][1])
        pieces.written(name, stats)
        kept += save_pieces(root, out, pieces.take(), previous)  # and one file's pieces
    drop_other_pieces(root, out, kept)
    return made, kept


def _stats_of(
    file: Path, there: Path, record: Written | None, sha256: str
) -> tuple[tuple[int, int, int], ...]:
    """The stats an export file may have in the output once the build is done: those of
    `file`, which the output adopts (moved: its time and inode go with it), and those of
    the file `there` already, which it keeps instead if that holds the same bytes (as the
    last build's `record` of it tells, or else the bytes themselves: after an upgrade or
    a lost cache, or a `touch`, the output's file often holds this build's bytes)."""
    stats = []
    with contextlib.suppress(OSError):
        st = file.lstat()
        stats.append((st.st_size, st.st_mtime_ns, st.st_ino))
        old = there.lstat()
        if record is not None and record.sha256 != sha256:
            return tuple(stats)  # another file: the output takes the new one
        if (
            record is not None and (old.st_size, old.st_mtime_ns) == (record.size, record.mtime_ns)
        ) or (stat.S_ISREG(old.st_mode) and filecmp.cmp(file, there, shallow=False)):
            stats.append((old.st_size, old.st_mtime_ns, old.st_ino))
    return tuple(stats)


@dataclass
class Planned:
    """The site's pages: their keys, each page by its path (made when asked for, if the
    last build's plan was reused), each event's home, the search index's shards, and the
    plan to keep for the next build."""

    keys: dict[str, str]
    page: Callable[[str], Page]
    home: dict[str, str]
    shards: list[tuple[str, tuple[str, ...]]]
    to_keep: Callable[[], Blueprint]  # the blueprint of the plan, drawn when asked for


class Planner:
    """Every page and its key: the last build's plan when it still holds (timeline.blueprint),
    with new keys for the pages that show an edited event; else a new plan. `every` is what
    every page depends on (PageKeys), `known` the templates' references (template_keys)."""

    def __init__(
        self,
        env: jinja2.Environment,
        every: Any,
        cache: BuildCache,
        known: dict[str, list[str] | None],
    ) -> None:
        self.env, self.every, self.cache, self.known = env, every, cache, known
        self.keyer: PageKeys | None = None

    def reuse(self, published: Iterable[Parsed]) -> Reused | None:
        last = self.cache.blueprint
        if last is None:
            return None
        templates = {template for template, _ in last.pages.values()}
        self.keyer = PageKeys(self.env, templates, self.every, self.known)
        return reuse(last, self.keyer.base, published)

    def again(self, reused: Reused) -> Planned:
        """The reused plan: the pages that show an edited event made again and keyed."""
        assert self.keyer is not None
        last, cache = reused.blueprint, self.cache
        unkeyed = {path for path in last.pages if path not in cache.pages}
        made = {path: reused.page(path) for path in sorted(reused.affected | unkeyed)}
        keys = {path: cache.pages[path] for path in last.pages if path not in made}
        keys.update(self.keyer.of(made.values(), reused.home))
        keys = {path: keys[path] for path in last.pages}  # in the plan's order

        def page(path: str) -> Page:
            return made[path] if path in made else reused.page(path)

        return Planned(keys, page, reused.home, reused.shards, lambda: last)

    def plan(self, chron: Chronology, config: SiteConfig) -> Planned:
        plan = plan_pages(chron)
        if config.absolute:  # a sitemap needs absolute addresses
            plan.pages.append(sitemap_page(plan.pages))
        templates = {page.template for page in plan.pages}
        keyer = self.keyer
        if keyer is None or set(keyer.templates) != templates:
            keyer = PageKeys(self.env, templates, self.every, self.known)
        keys = keyer.of(plan.pages, plan.home, chron.events)
        last, pages, base = self.cache.blueprint, self.cache.pages, keyer.base
        return Planned(
            keys,
            {page.path: page for page in plan.pages}.__getitem__,
            plan.home,
            plan.shards,
            lambda: draw(plan, base, chron, keys, last, pages),
        )


def unchanged_pages(
    out: Path, keys: dict[str, str], previous: dict[str, str], written: dict[str, Written]
) -> dict[str, Written]:
    """The pages whose key is the last build's and whose file nobody has changed since."""
    kept: dict[str, Written] = {}
    base = f"{out}/"  # a string: tens of thousands of Path objects would cost more than the stats
    for path, key in keys.items():
        file = written.get(path)
        if file is not None and previous.get(path) == key and file.still_at(base + path):
            kept[path] = file
    return kept


def build_time(days: Iterable[date]) -> datetime:
    """The time stamp exports carry: SOURCE_DATE_EPOCH, else the newest date in the content
    (`days`: each event's `newest_day`).

    Never the clock, so the same content gives the same bytes.
    """
    moment = source_date()
    if moment is not None:
        return moment
    newest = max(days, default=date(1970, 1, 1))
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)


def media_files(published: list[Parsed], events_dir: Path) -> dict[str, bytes]:
    """The local pictures that published events name (checked at load time)."""
    out: dict[str, bytes] = {}
    for entry in published:
        src = entry.facts.local_media
        if src is not None:
            out[src] = events_dir.joinpath(*src.split("/")).read_bytes()
    assert all(k.startswith(MEDIA_DIR + "/") for k in out)
    return out


def check_templates(paths: SitePaths, problems: Problems) -> None:
    """Templates must be UTF-8 text; say where one is not before Jinja stumbles on it.
    A symbolic link in templates/ is refused, as in events/: a template or a static
    file linked from elsewhere (templates/static → /etc) would publish what is there."""
    if not paths.templates.is_dir():
        return
    for path in sorted(paths.templates.rglob("*")):  # rglob enters no linked folder
        shown = display_path(path, paths.root)
        if path.is_symlink():
            problems.error(
                Position(shown),
                "symbolic links are not allowed in templates/",
                "replace the link with the file or folder itself",
            )
            continue
        if STATIC in path.relative_to(paths.templates).parts[:1] or not path.is_file():
            continue
        try:
            decode(path.read_bytes(), shown)
        except YamlError as exc:
            problems.error(exc.pos, exc.message, exc.hint)
        except OSError as exc:
            problems.error(Position(shown), f"cannot read the template: {exc.strerror}")


def report_template_error(exc: Exception, paths: SitePaths, problems: Problems) -> bool:
    """A broken template is the maintainer's content error: point at its line.

    Returns False when no template is to blame (then it is our bug, and re-raised).
    """
    homes = [paths.templates.resolve(), THEME.resolve()]
    filename, line = "", 1
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename or exc.name or "", exc.lineno
    else:
        tb = exc.__traceback__
        while tb is not None:
            frame_file = Path(tb.tb_frame.f_code.co_filename)
            if any(home in frame_file.resolve().parents for home in homes):
                filename, line = str(frame_file), tb.tb_lineno
            tb = tb.tb_next
    if isinstance(exc, jinja2.TemplateNotFound):
        message, hint = (
            f"template '{exc.name}' was not found",
            "templates are looked up in templates/, then in the built-in theme; check the name",
        )
    elif isinstance(exc, jinja2.TemplateError):
        message, hint = (
            f"template error: {exc.message or type(exc).__name__}",
            "fix the template in templates/ (delete it to fall back to the built-in one)",
        )
    elif filename:
        message, hint = (
            f"template error: {type(exc).__name__}: {exc}",
            "fix the expression on this line of the template",
        )
    else:
        return False
    shown = filename
    for base in (paths.root, Path(__file__).parent):
        try:
            shown = Path(filename).resolve().relative_to(base.resolve()).as_posix()
            break
        except ValueError:
            continue
    problems.error(Position(shown or "templates/", line or 1, 1), message, hint)
    return True
