"""`import FILE`: events from Knight Lab TimelineJS3 JSON or from CSV, as event files.

The format is told apart by the content: JSON starts with `{`. TimelineJS3 JSON is read
by `timeline.import_timelinejs`; CSV, with TimelineJS's sheet columns or with our own
(those of our `events.csv` export), by `timeline.import_csv`.

Every event is checked by the loader itself before it is written; an event that cannot
be valid is reported with its row (`FILE:ROW:`) or its place in the JSON (`FILE: event
N:`) and nothing is written for it. The valid events are written all the same, so the
exit code 1 of a run with refused rows does not mean that nothing was written (a file
that cannot be read at all, or whose columns are unknown, writes nothing). An event
without a source is written as a draft. Files go to `events/YEAR/ID.yaml` and never
overwrite anything (`timeline.eventfile`). An event the site already has is skipped, with
a note, or a warning when the input says otherwise than its file (`timeline.import_known`),
so that importing a file again writes nothing twice; skipping is no error.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

from timeline.eventfile import EventFile, render_file, shown, validate, write_events
from timeline.import_csv import read_csv
from timeline.import_item import Item, Refused, RowError, to_event_file
from timeline.import_known import KnownEvents, Match, differences, known_events
from timeline.import_timelinejs import read_timelinejs
from timeline.inputfile import InputError, read_text, report
from timeline.site import SiteError, SitePaths


@dataclass(frozen=True)
class Input:
    """What an import file gives: its events, the rows refused, notes on rows that are no
    events, and the lists its format holds only in part (TimelineJS: one tag, its group)."""

    items: list[Item]
    refused: Refused
    notes: list[str]
    in_part: frozenset[str] = frozenset()


def read_items(text: str, name: str) -> Input:
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RowError(
                f"{name}:{exc.lineno}:{exc.colno}: error: not valid JSON: {exc.msg}"
            ) from None
        items, refused = read_timelinejs(data, name)
        return Input(items, refused, [], frozenset({"tags"}))
    return Input(*read_csv(text, name))


def run(paths: SitePaths, args: argparse.Namespace) -> int:
    name = args.file
    try:
        paths.require()
        text = read_text(name, "the file", "save it as UTF-8 (CSV UTF-8 in a spreadsheet)")
    except SiteError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        return exc.report()
    try:
        given = read_items(text, name)
    except RowError as exc:
        if exc.message.startswith(f"{name}:"):
            print(exc.message, file=sys.stderr)
        else:
            report(name, exc.message, exc.hint)
        return 1
    for note in given.notes:
        print(note, file=sys.stderr)
    out = args.out if args.out is not None else paths.events
    files = [to_event_file(item, name) for item in given.items]
    site = known_events(paths, out)
    known = site.find(files)
    new = [f for f, k in zip(files, known, strict=True) if k is None]
    planned = frozenset(f.id for f in files if f.id)
    results = iter(
        write_events(paths, out, new, dry_run=args.dry_run, by_year=True, extra_ids=planned)
    )
    failed = len(given.refused)
    for _, label, exc in given.refused:
        report(label, exc.message, exc.hint)
    good = drafts = skipped = 0
    ids = frozenset(site.by_id) | planned
    for f, k in zip(files, known, strict=True):
        if k is not None:
            # A row the site has is still checked as if it were new: it is not written,
            # but what is wrong with it (a control character, a bad address) is reported.
            stem = k.known.id
            text = render_file(f, None)
            wrong = validate(text, stem, shown(paths, k.known.path), paths, ids, f.unsourced)
            if wrong:
                failed += 1
                for p in wrong:
                    report(f.label, p.message, p.hint)
                continue
            skipped += 1
            say_known(paths, f, k, given.in_part)
            continue
        r = next(results)
        if r.problems:
            failed += 1
            for p in r.problems:
                report(f.label, p.message, p.hint)
        elif r.path is not None:
            good += 1
            drafts += f.draft
            verb = "would write" if args.dry_run else "wrote"
            print(f"{verb} {shown(paths, r.path)}" + (" (draft)" if f.draft else ""))
            say_look_alike(paths, f, site)
    verb = "checked" if args.dry_run else "imported"
    print(
        f"{verb} {good} event(s) from {name} ({drafts} draft(s)); "
        f"{skipped} already in the site; {failed} refused"
        + ("; nothing written (--dry-run)" if args.dry_run else "")
    )
    return 1 if failed else 0


def say_known(paths: SitePaths, f: EventFile, match: Match, in_part: frozenset[str]) -> None:
    """An event the site has: a note, or a warning when the input says otherwise."""
    where = f"already in the site as {shown(paths, match.known.path)} ({match.why})"
    changed = differences(f, match.known, in_part)
    if not changed:
        print(f"{f.label}: note: {where}; skipped", file=sys.stderr)
        return
    print(
        f"{f.label}: warning: {where}; skipped, though the input differs from it in "
        + ", ".join(f"'{key}'" for key in changed),
        file=sys.stderr,
    )
    print(
        "    hint: import never changes a file: if the input is right, edit the file by hand "
        "(or delete it and import again)",
        file=sys.stderr,
    )


def say_look_alike(paths: SitePaths, f: EventFile, site: KnownEvents) -> None:
    """A new event of the same day as a file of the site, citing the same article."""
    alike = site.look_alike(f)
    if alike is None:
        return
    known, url = alike
    print(
        f"{f.label}: warning: {shown(paths, known.path)} is of the same day and cites the "
        f"same article ({url}): is it the same event under another title?",
        file=sys.stderr,
    )
    print(
        "    hint: if it is, delete one of the two files; import knows an event by its id, "
        "or by its date and title",
        file=sys.stderr,
    )
