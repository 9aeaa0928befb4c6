"""The command line: the only place that prints and exits.

Exit codes: 0 success, 1 content errors, 2 usage or environment errors.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from timeline import draft, importer
from timeline.config import SiteConfig
from timeline.init import InitRefused, init_site
from timeline.problems import format_github, format_json, format_text, plural
from timeline.scaffold import IdTaken, NewEvent, ScaffoldError, create_event
from timeline.search import SearchIndexError
from timeline.serve import DevServer
from timeline.site import SiteError, SitePaths, build, check
from timeline.write import OutputRefused

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out (exit code 2)."""


DESCRIPTION = """\
Build a static, sourced chronology from one YAML file per event.
Run in a site's folder (site.yaml, events/, templates/) or name it with --root."""


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the site's folder (default: the current folder)",
    )
    parser = argparse.ArgumentParser(
        prog="timeline", description=DESCRIPTION, parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build",
        parents=[common],
        help="check every event, then write the site (the default command)",
        description="Check every event, then write the site atomically: a failed build "
        "leaves the previous output untouched.",
    )
    b.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the site (default: ROOT/output)"
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help="the public address the site is served from (overrides site.yaml's base_url)",
    )
    b.add_argument(
        "--drafts", action="store_true", help="also publish events whose status is draft"
    )
    b.add_argument(
        "--profile", action="store_true", help="print the time each stage of the build took"
    )
    b.add_argument(
        "--quiet",
        action="store_true",
        help="print only problems: no progress, no summary line",
    )
    b.add_argument(
        "--clean",
        action="store_true",
        help="write every file anew instead of keeping unchanged files from the last build",
    )

    c = sub.add_parser(
        "check",
        parents=[common],
        help="check every event and site.yaml without writing anything",
        description="Check every event and site.yaml without writing anything; list every "
        "problem as path:line:col with a hint. Exit 1 if there is any error.",
    )
    c.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="check only these event files (and the rules across files that involve them)",
    )
    c.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text for people (default), github for workflow annotations, json for tools",
    )
    n = sub.add_parser(
        "new",
        parents=[common],
        help="write a new event file with the right name, ready to fill in",
        description="Write events/YEAR/DATE-TITLE.yaml with the fields in order and TODO "
        "where you must write; `check` names each TODO left. Never overwrites a file.",
    )
    n.add_argument("--title", required=True, help="what happened, one line (becomes the id)")
    n.add_argument("--date", required=True, help="when, e.g. 2019-01-23 (see README, Dates)")
    n.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="URL",
        help="an article's address (repeatable)",
    )
    n.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    n.add_argument(
        "--actor", action="append", default=[], help="a person or organisation (repeatable)"
    )
    v = sub.add_parser(
        "serve",
        parents=[common],
        help="build, serve on localhost, rebuild on change and reload the browser",
        description="Build the site, serve it on http://HOST:PORT/, watch events/, templates/ "
        "and site.yaml, rebuild after each burst of changes and reload open pages. When a "
        "build fails, pages show its problems until it is fixed. Ctrl-C stops.",
    )
    v.add_argument(
        "--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)"
    )
    v.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)"
    )
    v.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the site (default: ROOT/output)"
    )
    v.add_argument("--drafts", action="store_true", help="also show events whose status is draft")

    for module in (draft, importer):
        module.add_parser(sub, common)

    i = sub.add_parser(
        "init",
        help="start a new chronology in a new or empty folder",
        description="Write a new site that builds at once: site.yaml, one example event, "
        "an empty templates/, .gitignore, README.md, CONTRIBUTING.md, build.py, "
        "requirements.txt, the editor schema and GitHub workflows.",
    )
    i.add_argument("dir", type=Path, metavar="DIR", help="the new site's folder")
    i.add_argument("--title", help="the site's title (default: from the folder's name)")
    return parser


def with_default_command(argv: Sequence[str]) -> list[str]:
    """`timeline --out DIR` means `timeline build --out DIR`: build is the default command."""
    words = list(argv)
    i = 0
    while i < len(words) and (words[i] == "--root" or words[i].startswith("--root=")):
        i += 2 if words[i] == "--root" else 1
    if i < len(words) and words[i].startswith("-") and words[i] not in ("-h", "--help"):
        words.insert(i, "build")
    return words


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    paths = SitePaths(getattr(args, "root", Path.cwd()))
    try:
        if args.command in ("draft", "import"):
            return {"draft": draft, "import": importer}[args.command].run(paths, args)
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
    except (SiteError, OutputRefused, UsageError, SearchIndexError) as exc:
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
        count = len(wanted) if only else checked.tree.files
        print(
            f"checked {plural(count, 'event file')}: "
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
    problems name them; a folder stands for every event file in it."""
    events = paths.events.absolute().resolve()
    root = paths.root.absolute().resolve()
    candidates = [given.absolute().resolve()]
    if not given.is_absolute():
        candidates.append((paths.root / given).absolute().resolve())  # relative to the site
    inside = [c for c in candidates if c.exists() and (c == events or events in c.parents)]
    if not inside:
        raise UsageError(f"{given} is not a file or folder in {paths.events}")
    full = inside[0]
    found = sorted(full.rglob("*.yaml")) if full.is_dir() else [full]
    return {p.relative_to(root).as_posix() for p in found}


def run_serve(paths: SitePaths, host: str, port: int, out: Path | None, drafts: bool) -> int:
    paths.require()
    try:
        server = DevServer(paths, out or paths.default_out, host, port, drafts)
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port"
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
    try:
        written = init_site(target, title)
    except InitRefused as exc:
        raise UsageError(str(exc)) from None
    folder = shlex.quote(str(target))
    print(f"wrote {len(written)} files to {target}; build it with: cd {folder} && python build.py")
    print("before you push it: say in requirements.txt where timeline is installed from")
    return EXIT_OK


def run_new(paths: SitePaths, args: argparse.Namespace) -> int:
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
        print(f"timeline: error: cannot write the site: {exc}", file=sys.stderr)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
