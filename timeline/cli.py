"""The command line: the only place that prints and exits.

Exit codes: 0 success, 1 content errors, 2 usage or environment errors.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from timeline.arguments import make_parser, with_default_command
from timeline.problems import (
    display_path,
    format_github,
    format_json,
    format_text,
    os_error,
    plural,
)
from timeline.site import CONFIG_FILE, SiteError, SitePaths, build, check
from timeline.write import OutputRefused

# The commands' own modules are imported when their command runs: see timeline.arguments.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out (exit code 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    paths = SitePaths(getattr(args, "root", Path.cwd()))
    try:
        if args.command == "draft":
            from timeline import draft

            return draft.run(paths, args)
        if args.command == "import":
            from timeline import importer

            return importer.run(paths, args)
        if args.command == "check":
            return run_check(paths, args.format, args.paths)
        if args.command == "serve":
            return run_serve(paths, args.host, args.port, args.out, args.drafts)
        if args.command == "init":
            return run_init(args.dir, args.title)
        if args.command == "new":
            return run_new(paths, args)
        return run_build(
            paths,
            out=getattr(args, "out", None),
            base_url=getattr(args, "base_url", None),
            drafts=getattr(args, "drafts", False),
            clean=getattr(args, "clean", False),
            profile=getattr(args, "profile", False),
            quiet=getattr(args, "quiet", False),
        )
    except (SiteError, OutputRefused, UsageError) as exc:  # SearchIndexError is a SiteError
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("timeline: interrupted; the previous output is untouched", file=sys.stderr)
        return 130


def run_check(paths: SitePaths, fmt: str, only: list[Path]) -> int:
    paths.require()
    wanted: set[str] = set().union(*(shown_paths(paths, p) for p in only))
    checked = check(paths)
    problems = checked.problems.sorted()
    if only:
        problems = [p for p in problems if p.pos.path in wanted]
    errors = sum(p.is_error for p in problems)
    if fmt == "json":
        print(format_json(problems))
    elif fmt == "github":
        if problems:
            print(format_github(problems))
    else:
        if problems:
            print(format_text(problems))
        files = wanted - {CONFIG_FILE}
        given = sum(p.lower().endswith((".yaml", ".yml")) for p in files)  # not pictures
        count = given if only else checked.tree.files
        what = plural(count, "event file")
        if CONFIG_FILE in wanted:
            what = f"{CONFIG_FILE} and {what}" if files else CONFIG_FILE
        print(
            f"checked {what}: "
            f"{plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"
        )
    return EXIT_CONTENT if errors else EXIT_OK


def terminal_progress() -> Callable[[str], None] | None:
    """Say which stage a long build is in, on one line of a terminal (never in CI or a pipe)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(stage: str) -> None:
        sys.stderr.write(f"\r\x1b[K… {stage}")
        sys.stderr.flush()

    return show


def shown_paths(paths: SitePaths, given: Path) -> set[str]:
    """Files or folders from the command line (relative to here or to the site), as
    problems name them; a folder stands for every event file in it, and the site's
    site.yaml for itself."""
    events = paths.events.absolute().resolve()
    candidates = [unfollowed(given)]
    if not given.is_absolute():
        candidates.append(unfollowed(paths.root / given))  # relative to the site
    there = [c for c in candidates if c.is_symlink() or c.exists()]
    settings = (paths.root / CONFIG_FILE).absolute()
    if any(c == settings.parent.resolve() / CONFIG_FILE for c in there):
        return {CONFIG_FILE}  # as its problems name it
    inside = [events if c.resolve() == events else c for c in there]  # events/, a link too
    inside = [c for c in inside if c == events or events in c.parents]
    if not inside:
        where = display_path(paths.events, Path.cwd())
        raise UsageError(
            f"{given} is outside {where}/: check takes event files and folders under it, "
            f"and {CONFIG_FILE}"
            if there
            else f"{given} does not exist (check takes event files and folders under {where}/, "
            f"and {CONFIG_FILE})"
        )
    full = inside[0]
    # Every file, not only *.yaml: a .yml file, a symbolic link or a stray file has its
    # problem too (a link is named, never followed).
    found = [full]
    if full.is_dir() and not full.is_symlink():
        found = [p for p in full.rglob("*") if p.is_symlink() or not p.is_dir()]
    # Named as the loader names them, by their path under events/ (which may be a link).
    return {display_path(paths.events / p.relative_to(events), paths.root) for p in found}


def unfollowed(given: Path) -> Path:
    """`given` made absolute, its folders' links resolved but not its own name's: a
    symbolic link in events/ is the contributor's file, not what it points at."""
    full = Path(os.path.abspath(given))
    return full.parent.resolve() / full.name if full.name else full


def run_serve(paths: SitePaths, host: str, port: int, out: Path | None, drafts: bool) -> int:
    import errno
    import socket

    from timeline.serve import DevServer

    gc.enable()  # long-running: the cycle collector is needed (see `entry`)
    paths.require()
    try:
        server = DevServer(paths, out or paths.default_out, host, port, drafts)
    except OSError as exc:
        # A name that does not resolve, or an address this machine does not have, is the
        # host's fault, not the port's.
        host_fault = isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL
        other = "--host" if host_fault else "--port"
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another {other}"
        ) from None
    try:
        server.start()
        print(f"serving {server.url} — watching for changes; Ctrl-C stops", flush=True)
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        server.stop()
    return EXIT_OK


def run_init(target: Path, title: str | None) -> int:
    from timeline.init import InitRefused, init_site

    try:
        written = init_site(target, title)
    except InitRefused as exc:
        raise UsageError(str(exc)) from None
    folder = shlex.quote(str(target))
    print(f"wrote {len(written)} files to {target}; build it with: cd {folder} && python build.py")
    print("before you push it: say in requirements.txt where timeline is installed from")
    return EXIT_OK


def run_new(paths: SitePaths, args: argparse.Namespace) -> int:
    from timeline.scaffold import IdTaken, NewEvent, ScaffoldError, create_event

    paths.require()
    new = NewEvent(
        title=args.title,
        date=args.date,
        sources=tuple(args.source),
        tags=tuple(args.tag),
        actors=tuple(args.actor),
    )
    try:
        path = create_event(paths.root, new)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except IdTaken as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote {path.relative_to(paths.root).as_posix()}: fill in each TODO, then run check")
    return EXIT_OK


def run_build(
    paths: SitePaths,
    *,
    out: Path | None,
    base_url: str | None,
    drafts: bool,
    clean: bool,
    profile: bool = False,
    quiet: bool = False,
) -> int:
    if base_url is not None:
        from timeline.config import SiteConfig

        try:
            SiteConfig().with_base_url(base_url)
        except ValueError as exc:
            print(f"timeline: error: --base-url: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        result = build(
            paths, out=out, base_url=base_url, drafts=drafts, clean=clean,
            progress=None if quiet else terminal_progress(),
        )  # fmt: skip
    except OSError as exc:
        print(f"timeline: error: cannot write the site: {os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    if result.progress:
        sys.stderr.write("\r\x1b[K")
    problems = result.problems.sorted()
    if problems:
        print(format_text(problems), file=sys.stderr)
    if result.stats is None:
        errors = sum(p.is_error for p in problems)
        print(
            f"build failed: {plural(errors, 'error')}; the previous output is untouched",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    if quiet:
        return EXIT_OK
    if profile:
        for name, seconds in result.stages:
            print(f"  {name:<16} {seconds:7.2f} s")
    s = result.stats
    print(
        f"built {plural(result.events, 'event')}: {s.written} files written, "
        f"{s.unchanged} unchanged, {s.removed} removed in {result.seconds:.2f} s → {result.out}"
    )
    return EXIT_OK


def entry() -> NoReturn:
    """The command line as a program (the `timeline` script, `python -m timeline.cli`,
    build.py): `main`, then the process ends at once, as mypy ends its own.

    A build leaves hundreds of thousands of objects in reference cycles; collecting them
    before exiting took a quarter of a second at 10,000 events, for memory the system
    takes back whole anyway. So the cycle collector stays off for one-shot commands (a
    build pauses it in any case) and nothing is torn down: output is flushed, and every
    file the command wrote is already closed. `serve` runs for hours and turns the
    collector back on.
    """
    gc.disable()
    try:
        code = main()
    except BrokenPipeError:  # `check | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_CONTENT  # what was not read may have been a problem
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # closed, or a pipe gone
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
