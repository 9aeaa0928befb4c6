"""`draft`: a news article → one draft event per dated statement.

The article (plain text or a saved HTML page, `timeline.article`) is split into
sentences; each sentence with a date cue — an explicit date, a weekday, a relative
phrase, a deadline — is a statement, its cues resolved against the publication date
(`timeline.cues`, where the rules are).

Each statement gives one draft file (status `draft`, `timeline.statements`): a title
suggested from the sentence's subject and verb, a short attributed quote as the summary,
the article as the source, the actors already named in events/ that the sentence
mentions (`timeline.suggest`), and a comment saying which cue gave the date and how it
was resolved. Files are checked and written as `import` writes them (`timeline.eventfile`).
"""

from __future__ import annotations

import argparse
import sys

from timeline.article import Article, clean, read_article
from timeline.config import load_config
from timeline.dates import DateError, parse_point
from timeline.eventfile import NewFile, shown, write_events
from timeline.inputfile import InputError, read_text, report
from timeline.load import load_tree
from timeline.markup import check_url
from timeline.problems import Problems
from timeline.site import SiteError, SitePaths, today
from timeline.statements import Draft, SourceInfo, make_drafts, render_draft


def read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return read_text(
        name,
        "the article",
        "save it as UTF-8, or as HTML that declares its charset",
        declared_charset=True,
    )


def source_info(article: Article, args: argparse.Namespace) -> SourceInfo:
    """The article's description, the command line winning over the page's meta data."""
    url = (args.url or article.url or "").strip()
    headline = clean(args.headline or article.headline or "")
    publisher = clean(args.publisher or article.publisher or "")
    published = article.published
    if args.published:
        try:
            given = parse_point(args.published)
        except DateError as exc:
            raise InputError(f"--published: {exc.message} ({exc.hint})") from None
        if given.day is None:
            raise InputError("--published needs the day: write it as YYYY-MM-DD")
        published = given.first_day()
    missing = [
        option
        for option, value in (
            ("--url URL", url), ("--published YYYY-MM-DD", published),
            ("--publisher NAME", publisher), ("--headline TEXT", headline),
        )
        if not value
    ]  # fmt: skip
    if missing:
        what = "its meta tags do" if article.is_html else "a plain-text article does"
        raise InputError(
            f"the article's {', '.join(o.split()[0][2:] for o in missing)} "
            f"{'is' if len(missing) == 1 else 'are'} unknown ({what} not say); "
            f"give {' '.join(missing)}"
        )
    bad = check_url(url)
    if bad:
        raise InputError(f"the article's address: {bad[0]} ({bad[1]}); give --url URL")
    assert published is not None
    return SourceInfo(url, headline, publisher, published)


def known_actors(paths: SitePaths) -> list[str]:
    tree = load_tree(paths.root, paths.events, Problems(), today())
    return sorted({a for e in tree.events for a in e.actors})


def run(paths: SitePaths, args: argparse.Namespace) -> int:
    try:
        paths.require()
        article = read_article(read_input(args.article))
        source = source_info(article, args)
    except SiteError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        return exc.report()
    name = "standard input" if args.article == "-" else args.article
    drafts = make_drafts(article, source.published, known_actors(paths))
    note = language_note(article.language, load_config(paths.root, Problems()).language)
    if note:
        print(f"{name}: note: {note}", file=sys.stderr)
    out = args.out if args.out is not None else paths.events / "drafts"
    files = [render_draft(d, source) for d in drafts]
    results = write_events(paths, out, files, dry_run=args.dry_run)
    print_table(paths, drafts, results)
    errors = [(d, r) for d, r in zip(drafts, results, strict=True) if r.problems]
    for d, r in errors:
        for p in r.problems:  # a draft the loader would refuse: never written
            report(name, f'the draft for "{d.cue.text}": {p.message}', p.hint)
    written = sum(1 for r in results if r.path and not r.problems)
    if not drafts:
        print(f"found no dated statement in {name}; nothing written")
    elif args.dry_run:
        print(f"found {len(drafts)} dated statement(s) in {name}; --dry-run: nothing written")
    else:
        print(
            f"wrote {written} draft(s) to {shown(paths, out)}: check each against the article, "
            "then set its status"
        )
    return 1 if errors else 0


def language_note(article: str, site: str) -> str | None:
    """What to say when the article's language (as its page gives it, else the site's)
    is not English, the only one whose date words `draft` reads."""
    language, whose = (
        (article, "the article's language is") if article else (site, "the site's language is")
    )
    if language.split("-")[0].lower() == "en":
        return None
    return (
        'draft reads date cues in English only ("October 4, 2017", "on Wednesday", '
        f"\"last week\"); {whose} '{language}', and a date written in its words is not found"
    )


def print_table(paths: SitePaths, drafts: list[Draft], results: list[NewFile]) -> None:
    if not drafts:
        return
    rows = [("cue", "date", "sentence", "file")]
    for d, r in zip(drafts, results, strict=True):
        assert d.cue.when is not None
        when = d.cue.when.edtf() + (" (derived)" if d.cue.derived else "")
        start = d.sentence if len(d.sentence) <= 40 else d.sentence[:39].rstrip() + "…"
        target = shown(paths, r.path) if r.path else "(not written)"
        if r.problems:
            target = "(refused: see below)"
        rows.append((d.cue.text, when, start, target))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join([*(row[i].ljust(widths[i]) for i in range(3)), row[3]]))
