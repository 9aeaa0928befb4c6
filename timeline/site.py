"""The whole pipeline: files → checked events → chronology → pages → output.

`check` and `build` are the two verbs; the command line prints what they return.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2

from timeline.buildstate import inputs_key, remember, unchanged
from timeline.chronology import Chronology
from timeline.config import SiteConfig, load_config
from timeline.exports import render_exports
from timeline.load import MEDIA_DIR, Tree, load_tree
from timeline.pages import plan_pages
from timeline.parallel import in_background
from timeline.problems import Position, Problems, display_path
from timeline.render import STATIC, THEME, make_environment, render_pages, static_files
from timeline.search import INDEX_DIR, build_index
from timeline.write import WriteStats, check_output, read_manifest, write_site
from timeline.yamlsafe import YamlError, decode


class SiteError(Exception):
    """Not a timeline site, or an environment the build cannot work in (exit code 2)."""


@dataclass(frozen=True)
class SitePaths:
    root: Path

    @property
    def events(self) -> Path:
        return self.root / "events"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def default_out(self) -> Path:
        return self.root / "output"

    def require(self) -> None:
        if not self.events.is_dir():
            raise SiteError(
                f"{self.root} has no events/ folder, so it is not a timeline site; "
                "run this in a site's folder or name one with --root DIR"
            )


@dataclass
class Checked:
    config: SiteConfig
    tree: Tree
    problems: Problems


@dataclass
class Built:
    problems: Problems
    events: int = 0
    stats: WriteStats | None = None
    seconds: float = 0.0
    out: Path | None = None
    stages: list[tuple[str, float]] = field(default_factory=list)
    progress: Callable[[str], None] | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one step of the build, for `build --profile`, and say it is under way."""
        if self.progress:
            self.progress(name)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages.append((name, time.perf_counter() - started))


def source_date() -> datetime | None:
    """The moment SOURCE_DATE_EPOCH names, if it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        if not epoch.isdigit():
            raise ValueError(epoch)
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise SiteError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time: give whole seconds since "
            "1970-01-01 UTC (e.g. the last commit's: git log -1 --format=%ct)"
        ) from None


def today() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (for reproducible checks)."""
    moment = source_date()
    return moment.date() if moment else date.today()


def check(paths: SitePaths, drafts: bool = False) -> Checked:
    paths.require()
    problems = Problems()
    config = load_config(paths.root, problems)
    tree = load_tree(paths.root, paths.events, problems, today(), drafts=drafts)
    return Checked(config, tree, problems)


def build(
    paths: SitePaths,
    out: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    clean: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Built:
    started = time.perf_counter()
    out = out or paths.default_out
    check_output(out, [paths.root, paths.events, paths.templates], [paths.events, paths.templates])
    result = Built(Problems(), out=out, progress=progress)
    options = {"out": str(out.absolute()), "base_url": base_url or "", "drafts": str(drafts)}
    key = inputs_key(paths.root, paths.events, paths.templates, options)
    same = None if clean else unchanged(paths.root, out, key)
    if same is not None:  # nothing this build reads has changed: nothing to do
        result.events, result.problems = same
        result.stats = WriteStats(0, len(read_manifest(out)), 0)
        result.seconds = time.perf_counter() - started
        return result
    with result.stage("load and check"):
        checked = check(paths, drafts)
    result.problems = checked.problems
    if checked.problems.errors:
        return result
    config = checked.config.with_base_url(base_url) if base_url else checked.config
    events = [e for e in checked.tree.events if drafts or not e.is_draft]
    chron = Chronology(tuple(events))
    check_templates(paths, result.problems)
    if result.problems.errors:
        return result
    exports = in_background(render_exports, chron, config, build_time(chron))
    try:
        with result.stage("render pages"):
            env = make_environment(paths.templates)
            static, assets = static_files(paths.templates)
            files = render_pages(env, plan_pages(chron), config, assets)
    except Exception as exc:
        if not report_template_error(exc, paths, result.problems):
            raise
        return result
    with result.stage("exports (rest)"):
        files.update(exports())
    files.update(static)
    files.update(media_files(chron, paths.events))

    def index(site: Path) -> None:
        with result.stage("search index"):
            build_index(site)

    with result.stage("write"):
        result.stats = write_site(out, files, reuse=not clean, index=(INDEX_DIR, index))
    result.events = len(events)
    remember(paths.root, out, key, result.events, result.problems)
    result.seconds = time.perf_counter() - started
    return result


def build_time(chron: Chronology) -> datetime:
    """The time stamp exports carry: SOURCE_DATE_EPOCH, else the newest date in the content.

    Never the clock, so the same content gives the same bytes.
    """
    moment = source_date()
    if moment is not None:
        return moment
    days = [e.date.start.first_day() for e in chron.events]
    days += [c.date.first_day() for e in chron.events for c in e.corrections]
    days += [s.published.first_day() for e in chron.events for s in e.sources if s.published]
    newest = max(days, default=date(1970, 1, 1))
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)


def media_files(chron: Chronology, events_dir: Path) -> dict[str, bytes]:
    """The local pictures that published events name (checked at load time)."""
    out: dict[str, bytes] = {}
    for event in chron.events:
        if event.media and event.media.is_local:
            out[event.media.src] = events_dir.joinpath(*event.media.src.split("/")).read_bytes()
    assert all(k.startswith(MEDIA_DIR + "/") for k in out)
    return out


def check_templates(paths: SitePaths, problems: Problems) -> None:
    """Templates must be UTF-8 text; say where one is not before Jinja stumbles on it."""
    if not paths.templates.is_dir():
        return
    for path in sorted(paths.templates.rglob("*")):
        if STATIC in path.relative_to(paths.templates).parts[:1] or not path.is_file():
            continue
        shown = display_path(path, paths.root)
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
