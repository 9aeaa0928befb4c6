"""The whole pipeline: files → checked events → chronology → pages → output.

`check` and `build` are the two verbs; the command line prints what they return.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2

from timeline.chronology import Chronology
from timeline.config import SiteConfig, load_config
from timeline.load import MEDIA_DIR, Tree, load_tree
from timeline.problems import Position, Problems
from timeline.render import make_environment, plan_pages, render_pages, static_files
from timeline.write import WriteStats, check_output, write_site


class NotASite(Exception):
    """The folder is not a timeline site (exit code 2)."""


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
            raise NotASite(
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
    notes: list[str] = field(default_factory=list)


def today() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (for reproducible checks)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def check(paths: SitePaths) -> Checked:
    paths.require()
    problems = Problems()
    config = load_config(paths.root, problems)
    tree = load_tree(paths.root, paths.events, problems, today())
    return Checked(config, tree, problems)


def build(
    paths: SitePaths,
    out: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    clean: bool = False,
) -> Built:
    started = time.perf_counter()
    out = out or paths.default_out
    check_output(out, [paths.root, paths.events, paths.templates])
    checked = check(paths)
    result = Built(checked.problems, out=out)
    if checked.problems.errors:
        return result
    config = checked.config.with_base_url(base_url) if base_url else checked.config
    events = [e for e in checked.tree.events if drafts or not e.is_draft]
    chron = Chronology(tuple(events))
    try:
        env = make_environment(paths.templates)
        files = render_pages(env, plan_pages(chron), config)
    except jinja2.TemplateError as exc:
        report_template_error(exc, paths, result.problems)
        return result
    files.update(static_files(paths.templates))
    files.update(media_files(chron, paths.events))
    result.stats = write_site(out, files, reuse=not clean)
    result.events = len(events)
    result.seconds = time.perf_counter() - started
    return result


def media_files(chron: Chronology, events_dir: Path) -> dict[str, bytes]:
    """The local pictures that published events name (checked at load time)."""
    out: dict[str, bytes] = {}
    for event in chron.events:
        if event.media and event.media.is_local:
            out[event.media.src] = events_dir.joinpath(*event.media.src.split("/")).read_bytes()
    assert all(k.startswith(MEDIA_DIR + "/") for k in out)
    return out


def report_template_error(exc: jinja2.TemplateError, paths: SitePaths, problems: Problems) -> None:
    """A broken template is the maintainer's content error: point at its line."""
    filename, line = "", 0
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename or exc.name or "", exc.lineno
    else:
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename.endswith(".html"):
                filename, line = code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    shown = filename
    for base in (paths.root, Path(__file__).parent):
        try:
            shown = Path(filename).resolve().relative_to(base.resolve()).as_posix()
            break
        except ValueError:
            continue
    problems.error(
        Position(shown or "templates/", line or 1, 1),
        f"template error: {exc.message or type(exc).__name__}",
        "fix the template in templates/ (delete it to fall back to the built-in one)",
    )
