"""What the command line accepts: every command and option, with its --help text.

Kept apart from what the commands do (timeline.cli), so that reading the command
line imports nothing heavy: a build with nothing to do answers in a fraction of the
time the rendering libraries take to import.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

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
        help="check only these event files or folders under events/, or site.yaml (and "
        "the rules across files that involve them)",
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
        "--port", type=port, default=8000, help="the port (default 8000; 0 picks a free one)"
    )
    v.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)"
    )
    v.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the site (default: ROOT/output)"
    )
    v.add_argument("--drafts", action="store_true", help="also show events whose status is draft")

    add_draft(sub, common)
    add_import(sub, common)

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


def add_draft(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "draft",
        parents=[common],
        help="write draft events from a news article's dated statements",
        description="Read an article (plain text or a saved HTML page; - reads standard "
        "input), find the sentences that carry a date cue in English (an explicit date, a "
        "weekday, 'this week', 'last month', a deadline such as '72 hours'), resolve each "
        "against the publication date, and write one draft event per statement (status: "
        "draft) with a short attributed quote, the article as its source and the known "
        "actors it names. Prints a table of what it found. Never overwrites a file.",
    )
    p.add_argument(
        "article",
        metavar="ARTICLE",
        help="the article: a .txt or .html file, or - for standard input",
    )
    p.add_argument(
        "--url", metavar="URL", help="the article's address (default: its canonical link)"
    )
    p.add_argument(
        "--published",
        metavar="DATE",
        help="the day it was published, YYYY-MM-DD (default: from its meta data); "
        "weekdays and 'yesterday' are counted from it",
    )
    p.add_argument("--publisher", metavar="NAME", help="who published it (default: og:site_name)")
    p.add_argument(
        "--headline", metavar="TEXT", help="the article's headline (default: og:title, <h1>, "
        "or a plain-text article's first line)"
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the drafts (default: events/drafts)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the table but write no file")


def add_import(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import",
        parents=[common],
        help="write event files from a TimelineJS3 JSON file or a CSV file",
        description="Read Knight Lab TimelineJS3 JSON, or CSV with TimelineJS's sheet "
        "columns or with ours (date, end, title, summary, tags, actors, source_url, "
        "source_title, source_publisher, source_published; '|' between list items, '\\|' "
        "for a '|' inside one; rows "
        "with the same date and title are one event with several sources), and write one "
        "checked event file per event to events/YEAR/. A row that cannot become a valid "
        "event is reported with its row number and nothing is written for it, while the "
        "valid events are written; the exit code is 1 when any row was refused. An event "
        "without a source is written as a draft. An event the site already has (a file with "
        "its id, or with its date and title) is skipped with a note, so importing a file "
        "again writes nothing twice; a warning names the keys where the input differs from "
        "that file, which is left for you to edit. Never overwrites or changes a file.",
    )
    p.add_argument("file", metavar="FILE", help="a .json (TimelineJS3) or .csv file")
    p.add_argument(
        "--out", type=Path, metavar="DIR",
        help="the folder to write into, in YEAR/ sub-folders (default: events/)",
    )  # fmt: skip
    p.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but write no file"
    )


def port(text: str) -> int:
    """A TCP port number, 0 to 65535 (argparse reports the ValueError as a usage error)."""
    number = int(text)
    if not 0 <= number <= 65535:
        raise ValueError(text)
    return number
