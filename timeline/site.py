"""The two verbs, `check` and `build`; the command line prints what they return.

A build whose inputs are all unchanged is answered here, before the libraries that
reading and rendering need are imported (that alone takes longer than the answer);
any other build runs the pipeline in timeline.pipeline.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.buildstate import Walk, inputs_key, lock_file, unchanged
from timeline.cache import CacheChanged
from timeline.problems import Problems
from timeline.write import WriteStats, check_output, one_build_at_a_time, recover

if TYPE_CHECKING:
    from timeline.cache import Resident
    from timeline.config import SiteConfig
    from timeline.load import Tree

CONFIG_FILE = "site.yaml"  # the site's settings, at its root (timeline.config reads it)


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
    from timeline.pipeline import check_site  # imported when needed: see the docstring

    return check_site(paths, drafts)


def build(
    paths: SitePaths,
    out: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    clean: bool = False,
    progress: Callable[[str], None] | None = None,
    resident: Resident | None = None,
) -> Built:
    """Check, render and write the site; `clean` ignores what earlier builds left.
    `resident` keeps the build cache in memory from one build to the next (`serve`)."""
    started = time.perf_counter()
    out = out or paths.default_out
    check_output(out, [paths.root, paths.events, paths.templates], [paths.events, paths.templates])
    result = Built(Problems(), out=out, progress=progress)
    with one_build_at_a_time(lock_file(paths.root, out)):  # `serve` and `build` take turns
        recover(out)
        options = {"out": str(out.absolute()), "base_url": base_url or "", "drafts": str(drafts)}
        walk = Walk()  # events/ as the key's walk found it: the build reuses it
        key = inputs_key(paths.root, paths.events, paths.templates, options, walk)
        same = None if clean else unchanged(paths.root, out, key)
        if same is not None:  # nothing this build reads has changed: nothing to do
            result.events, files, result.problems = same
            result.stats = WriteStats(0, files, 0)
        else:
            from timeline.pipeline import run  # imported when needed: see the docstring

            try:
                run(
                    paths, out, result, key=key, base_url=base_url, drafts=drafts,
                    clean=clean, resident=resident, walk=walk,
                )  # fmt: skip
            except CacheChanged as exc:
                raise SiteError(str(exc)) from None
    result.seconds = time.perf_counter() - started
    return result
