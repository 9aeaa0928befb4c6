"""`import`: TimelineJS3 JSON and CSV (TimelineJS's sheet and our columns) → event files."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import Site, event_yaml
from timeline import importer
from timeline.arguments import make_parser
from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports import render_exports
from timeline.load import load_tree, read_event
from timeline.markup import render_summary
from timeline.problems import Problems
from timeline.site import SitePaths
from timeline.tomarkdown import html_to_markdown, markdown_text, plain_text

TODAY = date(2023, 11, 14)  # the conftest's SOURCE_DATE_EPOCH


def run(site: Site, *args: str) -> int:
    """The command exactly as the command line parses it, then run()."""
    parsed = make_parser().parse_args(["--root", str(site.root), "import", *args])
    return importer.run(SitePaths(parsed.root), parsed)


def written(site: Site) -> dict[str, str]:
    """Every event file under events/, by path relative to the site."""
    return {
        p.relative_to(site.root).as_posix(): p.read_text("utf-8")
        for p in sorted((site.root / "events").rglob("*.yaml"))
    }


def load(path: Path, site: Site) -> tuple[object, Problems]:
    problems = Problems()
    stem = path.name[:-5]
    ids = frozenset(p.name[:-5] for p in (site.root / "events").rglob("*.yaml"))
    event, _ = read_event(path, path.name, stem, site.root / "events", ids, problems, TODAY)
    return event, problems


# -- TimelineJS3 JSON ------------------------------------------------------------------

SLIDES = {
    "title": {"text": {"headline": "A timeline made elsewhere"}},
    "events": [
        {
            "start_date": {"year": "2019", "month": "1", "day": "23"},
            "text": {
                "headline": "Guaid&oacute; sworn in",
                "text": "<p>Opposition leader <b>Juan Guaidó</b> took an oath in "
                "<a href='https://www.example.org/caracas'>Caracas</a>.</p>"
                "<p>Crowds gathered <i>early</i>.<img src='x.jpg'></p>",
            },
            "media": {
                "url": "https://www.example.org/crowd.jpg",
                "alt": "A crowd",
                "caption": "<em>Supporters</em> gather",
                "credit": "Example Photo",
            },
            "group": "recognition",
            "unique_id": "guaido-oath",
        },
        {
            "start_date": {"year": 2019, "month": 1},
            "end_date": {"year": 2019, "month": 3},
            "display_date": "c. January 2019 – March 2019",
            "text": {"headline": "Months of protest"},
        },
        {
            "start_date": {"year": 2019, "month": 1, "day": 23, "hour": 14, "minute": 30},
            "text": {"headline": "A speech at half past two"},
        },
        {"start_date": {"month": 1}, "text": {"headline": "No year"}},
        {"start_date": {"year": 2019}, "text": {"headline": "Bad id"}, "unique_id": "Slide 5"},
        {"start_date": {"year": 2019, "month": 2, "day": 30}, "text": {"headline": "No such day"}},
        {"start_date": {"year": 2019}, "text": {"text": "<p>No headline</p>"}},
    ],
}


def test_timelinejs_json_becomes_event_files(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("slides.json", json.dumps(SLIDES))
    assert run(site, str(site.root / "slides.json")) == 1  # some events are refused
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{site.root}/slides.json: event 4: error: start_date has no year",
        '    hint: write "start_date": {"year": 2019, "month": 1}',
        f"{site.root}/slides.json: event 5: error: unique_id 'Slide 5' is not a valid id "
        "(lowercase a-z, digits and single hyphens, at most 80 characters)",
        "    hint: write it as slide-5, or leave it empty to name the file from the date and title",
        f"{site.root}/slides.json: event 6: error: start_date: 2019-02-30 is not a real day — "
        "February 2019 has 28 days",
        "    hint: the last day of that month is 2019-02-28",
        f"{site.root}/slides.json: event 7: error: the event has no text.headline",
        "    hint: give every slide a headline",
    ]
    assert out.splitlines() == [
        "wrote events/2019/guaido-oath.yaml (draft)",
        "wrote events/2019/2019-01-months-of-protest.yaml (draft)",
        "wrote events/2019/2019-01-23-a-speech-at-half-past-two.yaml (draft)",
        f"imported 3 event(s) from {site.root}/slides.json (3 draft(s)); 0 already in the site; "
        "4 refused",
    ]
    files = written(site)
    assert files["events/2019/guaido-oath.yaml"] == textwrap.dedent("""\
        # Imported by `timeline import` from slides.json: event 1.
        # Left out of the text: <img>.
        # A draft: the input gives no source for it (its status was confirmed). Add the articles that
        # report it under 'sources:', then set the status.
        title: Guaidó sworn in
        date: 2019-01-23
        summary: |
          Opposition leader **Juan Guaidó** took an oath in [Caracas](https://www.example.org/caracas).

          Crowds gathered *early*.
        status: draft
        tags: [recognition]
        media:
          src: "https://www.example.org/crowd.jpg"
          alt: A crowd
          caption: Supporters gather
          credit: Example Photo
    """)  # noqa: E501
    months = files["events/2019/2019-01-months-of-protest.yaml"]
    assert "date: 2019-01~\nend: 2019-03\n" in months
    speech = files["events/2019/2019-01-23-a-speech-at-half-past-two.yaml"]
    assert "# The input gives the time 14:30 without a UTC offset; only the day is kept." in (
        speech
    )
    assert "date: 2019-01-23\n" in speech


def test_imported_drafts_have_no_error_but_the_missing_source(site: Site) -> None:
    site.add("slides.json", json.dumps(SLIDES))
    run(site, str(site.root / "slides.json"))
    for path in (site.root / "events").rglob("*.yaml"):
        _, problems = load(path, site)
        assert [p.message for p in problems.errors] == ["an event file has no 'sources'"]


@pytest.mark.parametrize(
    ("slide", "message"),
    [
        ({"text": {"headline": ["A", "B"]}}, "text.headline must be text, not a list"),
        ({"text": {"headline": "A", "text": {"x": 1}}}, "text.text must be text, not an object"),
        ({"text": {"headline": "A"}, "group": ["g"]}, "group must be text, not a list"),
        ({"text": {"headline": "A"}, "media": "x.jpg"}, "media must be an object, not text"),
        ({"text": {"headline": "A"}, "media": {"url": "https://www.example.org/p.jpg",
          "alt": True}}, "media.alt must be text, not true or false"),
        ({"text": "A"}, "text must be an object, not text"),
    ],
)  # fmt: skip
def test_a_slide_value_of_the_wrong_kind_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], slide: dict, message: str
) -> None:
    """Python's spelling of a list or an object ("['A', 'B']") was written as the title,
    summary or tag, and a media that is not an object was left out without a word."""
    path = site.add(
        "slides.json", json.dumps({"events": [{"start_date": {"year": 2019}, **slide}]})
    )
    assert run(site, str(path)) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{path}: event 1: error: {message}"
    assert written(site) == {}


def test_bad_json_is_reported_at_its_line_and_column(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("broken.json", '{"events": [\n  {"start_date": }\n]}')
    assert run(site, str(site.root / "broken.json")) == 1
    assert capsys.readouterr().err == (
        f"{site.root}/broken.json:2:18: error: not valid JSON: Expecting value\n"
    )
    site.add("other.json", '{"slides": []}')
    assert run(site, str(site.root / "other.json")) == 1
    assert "not a TimelineJS3 file: there is no 'events' list" in capsys.readouterr().err
    assert written(site) == {}


# -- round trip through our own export -------------------------------------------------

ROUND_TRIP = {
    "2019-01-10-maduro-sworn-in": event_yaml(
        "Maduro sworn in for a second term", "2019-01-10",
        "place: Caracas, Venezuela\ntags: [inauguration, legitimacy]\nactors: [Nicolás Maduro]\n",
    ),
    "2019-01-21-contractors": """\
        title: Contractors reported in Venezuela
        date: 2019-01-21/2019-01-25
        summary: |
          Reuters reported, citing *people close to them*, that contractors had flown in.

          - one claim: about 400 men
          - another: small groups of 2 < 3 & "quotes"

          > Moscow had "no such information".
        status: claimed
        claimed_by: Reuters (unnamed sources)
        tags: [russia]
        sources:
          - url: https://www.example.org/a/
            title: "Exclusive: contractors, guards | Reuters"
            publisher: Reuters, Moscow
            published: 2019-01-25T14:30-04:00
            archive: https://web.archive.org/web/2019/https://www.example.org/a/
          - url: https://www.example.org/b/
            title: A second report \\ with a backslash
            publisher: Example News
        corrections:
          - date: 2019-02-01
            note: An earlier version gave the wrong number.
    """,
    "2019-01-approximate": event_yaml(
        "Talks at some point", "2019-01~", "status: disputed\nplace: Lima\n"
    ),
    "2019-01-23-speech": event_yaml(
        "A speech with a time", "2019-01-23T14:30-04:00",
        "media:\n  src: https://www.example.org/p.jpg\n  alt: A podium\n  caption: The podium\n",
    ),
    "2019-01-24-uncertain": event_yaml("Maybe this day", "2019-01-24?", "status: reported\n"),
    "2019-markdown": event_yaml(
        "Markup survives", "2019", 'summary: |\n  A [link](https://www.example.org/x "t"), '
        "`code`, **bold *both***, a  \n  break, 1. not a list, and AT&T.\n",
    ).replace("summary: In our own words.\n", ""),
}  # fmt: skip


def export(
    site: Site, name: str = "timelinejs.json", base_url: str = "/", language: str = "en"
) -> bytes:
    problems = Problems()
    tree = load_tree(site.root, site.root / "events", problems, TODAY)
    assert problems.errors == []
    config = SiteConfig(language=language)
    config = config.with_base_url(base_url) if base_url != "/" else config
    files, _ = render_exports(Chronology(tree.events), config, datetime(2023, 11, 14, tzinfo=UTC))
    return files[name]


@pytest.mark.parametrize(
    ("base_url", "language"),
    [
        ("/", "en"),
        ("https://example.org/venezuela/", "en"),
        ("https://example.org/venezuela/", "es"),
        ("https://example.org/venezuela/", "fr"),
        ("/", "pt-BR"),
        ("https://example.org/venezuela/", "de"),
    ],
)
def test_export_import_export_gives_the_same_timelinejs(
    site: Site, tmp_path: Path, base_url: str, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Our export's words and dates are read back in the language it was written in."""
    for ident, text in ROUND_TRIP.items():
        site.event(ident, text)
    first = export(site, base_url=base_url, language=language)
    (tmp_path / "timelinejs.json").write_bytes(first)
    again = Site(tmp_path / "again")
    assert run(again, str(tmp_path / "timelinejs.json")) == 0
    assert export(again, base_url=base_url, language=language) == first
    claimed = (again.root / "events/2019/2019-01-21-contractors.yaml").read_text()
    assert "status: claimed\nclaimed_by: Reuters (unnamed sources)\n" in claimed
    assert "    publisher: Reuters, Moscow\n    published: 2019-01-25T14:30-04:00\n" in claimed
    # Our export's display_date is our own wording of the date: no comment about it.
    assert not [name for name, text in written(again).items() if "display_date" in text]
    # Imported again, each event is found by its id, and the input agrees with every file
    # on all it gives (it has no actors).
    before = written(again)
    capsys.readouterr()
    assert run(again, str(tmp_path / "timelinejs.json")) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(ROUND_TRIP) and all(": note: " in line for line in err)
    assert written(again) == before


def test_our_timelinejs_imported_into_its_own_site_differs_in_nothing(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TimelineJS keeps one tag per event (its group, our first tag): an event with two
    tags imported back from our export is no difference; a group the file lacks is. A
    summary's Markdown comes back spelled otherwise ('_a_' for '*a*'): the same summary."""
    events = ROUND_TRIP
    for ident, text in events.items():
        site.event(ident, text)
    exported = export(site)
    (tmp_path / "timelinejs.json").write_bytes(exported)
    before = written(site)
    assert run(site, str(tmp_path / "timelinejs.json")) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(events) and all(": note: " in line for line in err)
    other = exported.replace(b'"group": "inauguration"', b'"group": "elsewhere"')
    assert other != exported
    (tmp_path / "other.json").write_bytes(other)
    assert run(site, str(tmp_path / "other.json")) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert len(warned) == 1 and warned[0].endswith("the input differs from it in 'tags'")
    assert written(site) == before


def test_export_import_export_gives_the_same_csv(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for ident, text in ROUND_TRIP.items():
        site.event(ident, text)
    first = export(site, "events.csv")
    assert b"guards \\| Reuters" in first and b"source_archive" in first
    (tmp_path / "events.csv").write_bytes(first)
    again = Site(tmp_path / "again")
    assert run(again, str(tmp_path / "events.csv")) == 0
    assert export(again, "events.csv") == first
    imported = (again.root / "events/2019/2019-01-21-contractors.yaml").read_text()
    assert (
        '  - url: "https://www.example.org/a/"\n'
        '    title: "Exclusive: contractors, guards | Reuters"\n'
        "    publisher: Reuters, Moscow\n"
        "    published: 2019-01-25T14:30-04:00\n"
        '    archive: "https://web.archive.org/web/2019/https://www.example.org/a/"\n'
        '  - url: "https://www.example.org/b/"\n'
        '    title: "A second report \\\\ with a backslash"\n'
        "    publisher: Example News\n"
    ) in imported
    before = written(again)
    capsys.readouterr()
    assert run(again, str(tmp_path / "events.csv")) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(ROUND_TRIP) and all(": note: " in line for line in err)
    assert written(again) == before


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("source_titles", "Venezuela crisis | Reuters | Second"),
        ("source_publishers", "Reuters"),
        ("source_published", "2019-01-23 | 2019-01-24 | 2019-01-25"),
        ("source_archive", "https://web.archive.org/web/2019/https://www.example.org/a/"),
    ],
)
def test_source_lists_of_unequal_length_are_a_row_error(
    site: Site, capsys: pytest.CaptureFixture[str], column: str, cell: str
) -> None:
    good = {
        "source_titles": "Venezuela crisis \\| Reuters | Second",
        "source_publishers": "Reuters | Example News",
        "source_published": "2019-01-23 | 2019-01-24",
        "source_archive": "",
    }
    good[column] = cell
    columns = ["date", "title", "source_urls", *good]
    values = ["2019-01-23", "Two sources", "https://www.example.org/a/ | https://www.example.org/b/",
              *good.values()]  # fmt: skip
    lines = [",".join(columns), ",".join(f'"{v}"' for v in values), "2019-01-24,Fine,,,,,"]
    csv_file = site.add("events.csv", "\n".join(lines) + "\n")
    assert run(site, str(csv_file)) == 1
    out, err = capsys.readouterr()
    n = len([v for v in cell.split(" | ")])
    assert err.splitlines() == [
        f"{csv_file}:2: error: {column} has {n} item(s) but source_urls has 2",
        "    hint: the source columns are parallel: give one item per source, in the same order "
        "('|' between them; an empty item for a source without it; \\| for a '|' in a value)",
    ]
    assert out.splitlines() == [
        "wrote events/2019/2019-01-24-fine.yaml (draft)",
        f"imported 1 event(s) from {csv_file} (1 draft(s)); 0 already in the site; 1 refused",
    ]


ESCAPED = """\
date,title,source_urls,source_titles,source_publishers,source_archive
2019-01-23,Two sources,https://www.example.org/a/ | https://www.example.org/b/,Venezuela crisis \\| Reuters | Back\\\\slash,Reuters | Example News,https://web.archive.org/web/2019/https://www.example.org/a/ |
"""  # noqa: E501


def test_an_escaped_pipe_in_a_source_title_is_one_title(site: Site) -> None:
    csv_file = site.add("events.csv", ESCAPED)
    assert run(site, str(csv_file)) == 0
    text = written(site)["events/2019/2019-01-23-two-sources.yaml"]
    assert '    title: "Venezuela crisis | Reuters"\n' in text
    assert '    title: "Back\\\\slash"\n' in text  # YAML's escape for one backslash
    assert text.count("    archive: ") == 1


# -- CSV -------------------------------------------------------------------------------

OURS = """\
date,title,summary,tags,actors,source_url,source_title,source_publisher,source_published
2019-01-23,Guaidó sworn in,He took an oath.,recognition|protest,Juan Guaidó | Nicolás Maduro,https://www.example.org/a/,First report,Example News,2019-01-23
2019-01-23,Guaidó sworn in,,protest|crowds,,https://www.example.org/b/,Second report,Other News,2019-01-24
2019-01-24,An event without a source,Said somewhere.,,,,,,
2019-01-32,A bad date,,,,https://www.example.org/c/,Third,Example News,
2019-01-25,A source without a title,,,,https://www.example.org/d/,,Example News,
2019-01-26,Two rows that disagree,One summary.,,,https://www.example.org/e/,E,Example News,
2019-01-26,Two rows that disagree,Another summary.,,,https://www.example.org/f/,F,Example News,
,,,,,,,,
2019-01-27,A bad address,,,,www.example.org/g,G,Example News,
"""  # noqa: E501


def test_our_csv_merges_rows_splits_lists_and_refuses_bad_rows(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = site.add("events.csv", OURS)
    assert run(site, str(csv_file)) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{csv_file}:5: error: the date: 2019-01-32 is not a real day — January 2019 has 31 days",
        "    hint: the last day of that month is 2019-01-31",
        f"{csv_file}:6: error: the source https://www.example.org/d/ has no source_title",
        "    hint: give the article's headline and who published it ('|' between several)",
        f"{csv_file}:7: error: not written: another row of this event (same date and title) "
        "has an error",
        "    hint: fix that row, then import the file again",
        f"{csv_file}:8: error: this row repeats the event of row 7 (same date and title) with "
        "another summary",
        "    hint: give the summary once, or make the two rows agree",
        f"{csv_file}:10: error: 'url': the address 'www.example.org/g' has no scheme",
        "    hint: did you mean https://www.example.org/g?",
    ]
    assert out.splitlines() == [
        "wrote events/2019/2019-01-23-guaido-sworn-in.yaml",
        "wrote events/2019/2019-01-24-an-event-without-a-source.yaml (draft)",
        f"imported 2 event(s) from {csv_file} (1 draft(s)); 0 already in the site; 5 refused",
    ]
    files = written(site)
    assert sorted(files) == [
        "events/2019/2019-01-23-guaido-sworn-in.yaml",
        "events/2019/2019-01-24-an-event-without-a-source.yaml",
    ]
    assert files["events/2019/2019-01-23-guaido-sworn-in.yaml"] == textwrap.dedent("""\
        # Imported by `timeline import` from events.csv:2.
        title: Guaidó sworn in
        date: 2019-01-23
        summary: |
          He took an oath.
        status: confirmed
        tags: [recognition, protest, crowds]
        actors: [Juan Guaidó, Nicolás Maduro]
        sources:
          - url: "https://www.example.org/a/"
            title: First report
            publisher: Example News
            published: 2019-01-23
          - url: "https://www.example.org/b/"
            title: Second report
            publisher: Other News
            published: 2019-01-24
    """)
    draft = files["events/2019/2019-01-24-an-event-without-a-source.yaml"]
    assert "status: draft\n" in draft and "sources" not in draft.split("\n", 3)[-1]
    event, problems = load(site.root / "events/2019/2019-01-23-guaido-sworn-in.yaml", site)
    assert problems.errors == [] and len(event.sources) == 2


SHEET = """\
Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background
2019,,,,,,,,,Venezuela 2019,<p>A sheet.</p>,,,,,title,,
2019,1,23,14:30,,,,,,Guaidó sworn in,<p>He took an <b>oath</b>.</p>,https://www.example.org/p.jpg,AP,A crowd,,,recognition,
2019,1,21,,2019,1,25,,,Contractors,<p>Reported.</p>,,,,,,russia,
,1,2,,,,,,,No year,,,,,,,,
2019,Feb,4,,,,,,,Europe recognises Guaidó,,,,,,,,
2019,1,25,,2019,1,20,,,Backwards,,,,,,,,
"""  # noqa: E501


def test_timelinejs_sheet_csv(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = site.add("sheet.csv", SHEET)
    assert run(site, str(csv_file)) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{csv_file}:2: note: a TimelineJS title row is not an event; skipped",
        f"{csv_file}:5: error: Year is empty",
        "    hint: every event needs at least a year",
        f"{csv_file}:7: error: End Year/Month/Day: the end (2019-01-20) is before the start "
        "(2019-01-25)",
        "    hint: swap the two dates",
    ]
    assert out.splitlines() == [
        "wrote events/2019/2019-01-23-guaido-sworn-in.yaml (draft)",
        "wrote events/2019/2019-01-21-contractors.yaml (draft)",
        "wrote events/2019/2019-02-04-europe-recognises-guaido.yaml (draft)",
        f"imported 3 event(s) from {csv_file} (3 draft(s)); 0 already in the site; 2 refused",
    ]
    sworn = written(site)["events/2019/2019-01-23-guaido-sworn-in.yaml"]
    # The sheet has no alt text column filled: the picture is left out, and said so.
    assert "has no alt text and was left out" in sworn and "\nmedia:" not in sworn
    assert "without a UTC offset; only the day is kept" in sworn
    assert "summary: |\n  He took an **oath**.\n" in sworn
    assert "tags: [recognition]\n" in sworn
    assert (
        "date: 2019-01-21\nend: 2019-01-25\n"
        in written(site)["events/2019/2019-01-21-contractors.yaml"]
    )


DISPLAY_DATES = """\
Year,Month,Day,Display Date,Headline
1990,,,About 1990,Roughly then
2019,1,23,23 January 2019?,Maybe then
2019,3,,Early spring 2019,In spring
2019,1,,c. January 2019,Our own wording
2019,1,24,24 January 2019,Said as we say it
"""


def test_timelinejs_display_date_is_kept_as_a_qualifier_or_a_comment(site: Site) -> None:
    csv_file = site.add("sheet.csv", DISPLAY_DATES)
    assert run(site, str(csv_file)) == 0
    files = written(site)
    roughly = files["events/1990/1990-roughly-then.yaml"]
    assert "date: 1990~\n" in roughly
    assert '# The input\'s Display Date "About 1990" is kept as an approximate date (~).\n' in (
        roughly
    )
    maybe = files["events/2019/2019-01-23-maybe-then.yaml"]
    assert "date: 2019-01-23?\n" in maybe
    assert '# The input\'s Display Date "23 January 2019?" is kept as an uncertain date (?).\n' in (
        maybe
    )
    spring = files["events/2019/2019-03-in-spring.yaml"]
    assert "date: 2019-03\n" in spring
    assert (
        '# The input\'s Display Date "Early spring 2019" is not a date we can show: our pages '
        "write the date\n# from 'date' (here from Year/Month/Day). Put what it adds in the "
        "summary if it matters.\n"
    ) in spring
    # Our own export's wording says nothing that the date does not: no comment.
    own = files["events/2019/2019-01-our-own-wording.yaml"]
    assert "date: 2019-01~\n" in own and "Display Date" not in own
    assert "Display Date" not in files["events/2019/2019-01-24-said-as-we-say-it.yaml"]


def test_timelinejs_json_display_date_is_kept_too(site: Site) -> None:
    slides = {"events": [
        {"start_date": {"year": 2019, "month": 3}, "display_date": "Spring 2019",
         "text": {"headline": "In spring"}},
        {"start_date": {"year": 2019}, "display_date": "circa 2019",
         "text": {"headline": "Some time"}},
    ]}  # fmt: skip
    site.add("slides.json", json.dumps(slides))
    assert run(site, str(site.root / "slides.json")) == 0
    files = written(site)
    spring = files["events/2019/2019-03-in-spring.yaml"]
    assert '# The input\'s display_date "Spring 2019" is not a date we can show' in spring
    assert "(here from start_date/end_date)" in spring
    assert "date: 2019~\n" in files["events/2019/2019-some-time.yaml"]


@pytest.mark.parametrize(
    ("cell", "message", "hint"),
    [
        ("06/04/2019", "'06/04/2019' is ambiguous (day/month or month/day?)",
         "write it as YYYY-MM-DD: 2019-04-06 if the day comes first, 2019-06-04 if the month "
         "does"),
        ("16/01/2023", "'16/01/2023' is not in our date format", "did you mean 2023-01-16?"),
        ("2019/06/04", "'2019/06/04' uses '/' between the parts of a date",
         "did you mean 2019-06-04?"),
        ("2019-01-21/2019-01-32", "2019-01-32 is not a real day — January 2019 has 31 days",
         "the last day of that month is 2019-01-31"),
    ],
)  # fmt: skip
def test_a_date_cell_gets_the_date_parsers_message_for_the_whole_cell(
    site: Site, capsys: pytest.CaptureFixture[str], cell: str, message: str, hint: str
) -> None:
    csv_file = site.add("dates.csv", f"date,title\n{cell},A date\n")
    assert run(site, str(csv_file)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_file}:2: error: the date: {message}",
        f"    hint: {hint}",
    ]
    assert written(site) == {}


def test_readme_says_what_import_writes_when_some_rows_are_refused() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    paragraph = readme.split("`import FILE` reads", 1)[1].split("\n\n", 1)[0]
    text = " ".join(paragraph.split())
    assert (
        "The valid events are written even when other rows are refused; every refused row is "
        "reported, and the exit code is then 1 (0 when no row was refused: every row was "
        "written or already in the site)."
    ) in text
    assert "Display Date" in text
    assert "\\|" in text  # how to write a '|' inside a value
    again = readme.split("Importing a file again", 1)[1].split("\n\n", 1)[0]
    assert "(the same date and title); skipped" in again.replace("\n", " ")
    assert "never changes a file" in again
    assert "skipped events leave the exit code at 0" in " ".join(again.split())


def test_excel_unicode_text_is_read(site: Site) -> None:
    """Excel's "Unicode text" (Texte Unicode, Texto Unicode): UTF-16 with its byte-order
    mark, cells separated by tabs. It was refused as not UTF-8 (byte 0xFF at offset 0)."""
    rows = [
        "date\ttitle\tsource_url\tsource_title\tsource_publisher",
        "2019-01-23\tGuaidó jura\thttps://www.example.org/a/\tJura\tEjemplo",
    ]
    sheet = site.add("hoja.txt", "\r\n".join(rows).encode("utf-16"))
    assert run(site, str(sheet)) == 0
    assert "title: Guaidó jura\n" in written(site)["events/2019/2019-01-23-guaido-jura.yaml"]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_spreadsheet_saved_with_semicolons_or_tabs_is_read(
    site: Site, capsys: pytest.CaptureFixture[str], sep: str
) -> None:
    """Excel set to French, Spanish or German saves "CSV" with ';' (its BOM and CRLF too)."""
    header = ["date", "title", "summary", "source_url", "source_title", "source_publisher"]
    row = ["2019-01-23", "Guaidó jura", "Dice: «sí, juro»", "https://www.example.org/a/",
           "Guaidó, presidente", "Ejemplo"]  # fmt: skip
    text = "\ufeff" + sep.join(header) + "\r\n" + sep.join(row) + "\r\n"
    csv_file = site.add("hoja.csv", text.encode("utf-8"))
    assert run(site, str(csv_file)) == 0
    assert capsys.readouterr().err == ""
    files = written(site)
    assert list(files) == ["events/2019/2019-01-23-guaido-jura.yaml"]
    text = files["events/2019/2019-01-23-guaido-jura.yaml"]
    assert "title: Guaidó, presidente\n" in text and "Dice: «sí, juro»" in text


def test_a_row_with_more_cells_than_columns_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unquoted separator inside a cell shifts the row: its last cells were dropped
    without a word (here the tag 'protest')."""
    csv_file = site.add(
        "rows.csv",
        "date,title,source_url,source_title,source_publisher,tags\n"
        "2019-01-23,Sworn in,https://www.example.org/a/,A,Example News,crowds,protest\n"
        "2019-01-24,Trailing separators,https://www.example.org/b/,B,Example News,,,\n",
    )
    assert run(site, str(csv_file)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_file}:2: error: this row has 7 cells, but the first row names 6 columns",
        "    hint: a cell that holds ',' must be put in double quotes, as spreadsheets save it",
    ]
    assert list(written(site)) == ["events/2019/2019-01-24-trailing-separators.yaml"]


def test_a_quote_never_closed_is_refused_at_its_row(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell that begins with a double quote runs on to the next one: never closed, it
    takes in the rest of the file, and past csv's limit of a cell (131,072 characters) the
    reader's error was a traceback. The rows before it are written."""
    header = "date,title,source_url,source_title,source_publisher\n"
    good = "2019-01-23,Sworn in,https://www.example.org/a/,A,Example News\n"
    rest = "".join(f"2019-01-24,Row {n},https://www.example.org/{n}/,T,P\n" for n in range(3000))
    csv_file = site.add("rows.csv", header + good + '2019-01-24,"Unclosed,x,y,z\n' + rest)
    assert run(site, str(csv_file)) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"{csv_file}:3: error: a cell is longer than 131,072 characters",
        "    hint: a cell that begins with a double quote ends at the next one: close it, and "
        'write a double quote inside a cell as two ("")',
    ]
    assert list(written(site)) == ["events/2019/2019-01-23-sworn-in.yaml"]
    on_top = site.add("top.csv", '"date,title\n' + rest)  # the first row itself
    assert run(site, str(on_top)) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{on_top}: error: a cell of the first row is longer than 131,072 characters"
    )


def test_a_line_break_in_a_one_line_cell_is_refused_at_its_row(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A double quote never closed within csv's limit took in the rows after it: they
    became the title of one event, and the import said nothing of them. A summary may
    run over lines; a title, a date or an address may not."""
    header = "date,title,summary,source_url,source_title,source_publisher\n"
    rows = [
        '2019-01-23,Sworn in,"Two\nparagraphs",https://www.example.org/a/,A,Example News\n',
        '2019-01-24,"Unclosed,x,https://www.example.org/b/,B,Example News\n',
        "2019-01-25,Lost,y,https://www.example.org/c/,C,Example News\n",
        "2019-01-26,Lost too,z,https://www.example.org/d/,D,Example News\n",
    ]
    csv_file = site.add("rows.csv", header + "".join(rows))
    assert run(site, str(csv_file)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_file}:3: error: the 'title' cell runs over 3 lines, taking in what look like "
        "the rows after it",
        "    hint: write it on one line; if a double quote opens the cell, close it (write a "
        'double quote inside a cell as two "")',
    ]
    assert list(written(site)) == ["events/2019/2019-01-23-sworn-in.yaml"]
    broken = site.add("broken.csv", header + '2019-01-27,"Two\nlines",s,https://e.org/,T,P\n')
    assert run(site, str(broken)) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{broken}:2: error: the 'title' cell runs over 2 lines"
    )
    in_summary = [
        *rows[:1],
        '2019-01-24,Open,"Unclosed,https://www.example.org/b/,B,P\n',
        *rows[2:],
    ]
    summary_file = site.add("summary.csv", header + "".join(in_summary))
    assert run(site, str(summary_file)) == 1
    said = capsys.readouterr().err.splitlines()  # and a note: the first row is known
    assert [line for line in said if "note:" not in line] == [
        f"{summary_file}:3: error: the 'summary' cell takes in 2 line(s) that read as rows of "
        "the file, from '2019-01-25,Lost,y,https://www.example.org/c/,C,Example News'",
        "    hint: a double quote that opens the cell is never closed: close it (write a "
        'double quote inside a cell as two "")',
    ]
    tljs = site.add(
        "sheet.csv",
        "Year,Month,Day,Headline,Text\n"
        '2019,1,23,Sworn in,"A text\nover lines, with commas, four of them, here"\n'
        '2019,1,24,Open,"Unclosed\n2019,1,25,Lost,Text\n',
    )
    assert run(site, str(tljs)) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{tljs}:3: error: the 'text' cell takes in 1 line(s) that read as rows of the file, "
        "from '2019,1,25,Lost,Text'"
    )


def test_unknown_columns_are_refused_with_a_suggestion(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = site.add("typo.csv", "date,title,sumary\n2019-01-23,A,B\n")
    assert run(site, str(csv_file)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_file}: error: unknown column 'sumary' in the first row",
        "    hint: did you mean 'summary'?",
    ]
    other = site.add("other.csv", "when,what\n2019,x\n")
    assert run(site, str(other)) == 1
    assert "does not name the columns of either format" in capsys.readouterr().err
    assert written(site) == {}


def test_an_id_the_site_has_is_its_event_and_the_same_slug_gets_2(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    original = site.event("2019-01-23-guaido-sworn-in", folder="events/2019").read_text()
    csv_file = site.add(
        "ids.csv",
        "id,date,title\n2019-01-23-guaido-sworn-in,2019-01-23,Again\n,2019-01-23,Guaido sworn in\n",
    )
    assert run(site, str(csv_file)) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{csv_file}:2: warning: already in the site as events/2019/2019-01-23-guaido-sworn-in.yaml"
        " (the same id); skipped, though the input differs from it in 'title', 'status'",
        "    hint: import never changes a file: if the input is right, edit the file by hand "
        "(or delete it and import again)",
    ]
    # Another event (the title differs) whose id made from the date and title is taken
    # gets -2 instead of overwriting.
    assert out.splitlines() == [
        "wrote events/2019/2019-01-23-guaido-sworn-in-2.yaml (draft)",
        f"imported 1 event(s) from {csv_file} (1 draft(s)); 1 already in the site; 0 refused",
    ]
    assert (site.root / "events/2019/2019-01-23-guaido-sworn-in.yaml").read_text() == original


ONCE = """\
date,title,summary,tags,source_url,source_title,source_publisher
2019-03-01,Budget passed,The assembly passes it.,budget,https://www.example.org/b/,Budget,Example News
2019-03-02,A strike,Said somewhere.,,,,
"""  # noqa: E501


def test_importing_a_file_again_writes_nothing_and_says_so(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = site.add("events.csv", ONCE)
    assert run(site, str(csv_file)) == 0
    before = written(site)
    assert sorted(before) == [
        "events/2019/2019-03-01-budget-passed.yaml",
        "events/2019/2019-03-02-a-strike.yaml",
    ]
    capsys.readouterr()
    assert run(site, str(csv_file)) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{csv_file}:2: note: already in the site as events/2019/2019-03-01-budget-passed.yaml "
        "(the same date and title); skipped",
        f"{csv_file}:3: note: already in the site as events/2019/2019-03-02-a-strike.yaml "
        "(the same date and title); skipped",
    ]
    assert out.splitlines() == [
        f"imported 0 event(s) from {csv_file} (0 draft(s)); 2 already in the site; 0 refused"
    ]
    assert written(site) == before
    # Letter case and spacing aside, the title is the same; so is a date made uncertain.
    again = site.add(
        "again.csv", ONCE.replace("2019-03-01,Budget passed,", "2019-03-01?,budget  PASSED,")
    )
    assert run(site, str(again), "--dry-run") == 0
    assert "0 event(s) from" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("The assembly passes it.", "error: control character U+0001 is not allowed"),
        ("https://www.example.org/b/", "error: 'url': the address 'notaurl' has no scheme"),
    ],
)
def test_a_row_the_site_has_is_still_checked(
    site: Site, capsys: pytest.CaptureFixture[str], change: str, message: str
) -> None:
    """A row of an event the site has is not written, but what is wrong with it is
    reported as for a new one (a control character used to end in a traceback)."""
    assert run(site, str(site.add("events.csv", ONCE))) == 0
    before = written(site)
    bad = "The assembly \x01passes it." if change.startswith("The") else "notaurl"
    again = site.add("again.csv", ONCE.replace(change, bad))
    capsys.readouterr()
    assert run(site, str(again)) == 1
    out, err = capsys.readouterr()
    assert f"{again}:2: {message}" in err.splitlines()
    assert out.splitlines() == [
        f"imported 0 event(s) from {again} (0 draft(s)); 1 already in the site; 1 refused"
    ]
    assert written(site) == before


def test_a_json_imported_again_finds_its_files_by_id_and_alike_slides_one_each(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    slide = {"start_date": {"year": 2019, "month": 3}, "text": {"headline": "Protests"}}
    slides = {"events": [*SLIDES["events"][:1], slide, slide]}
    site.add("slides.json", json.dumps(slides))
    assert run(site, str(site.root / "slides.json")) == 0
    before = written(site)
    assert sorted(before) == [
        "events/2019/2019-03-protests-2.yaml",
        "events/2019/2019-03-protests.yaml",
        "events/2019/guaido-oath.yaml",
    ]
    capsys.readouterr()
    assert run(site, str(site.root / "slides.json")) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{site.root}/slides.json: event 1: note: already in the site as "
        "events/2019/guaido-oath.yaml (the same id); skipped",
        f"{site.root}/slides.json: event 2: note: already in the site as "
        "events/2019/2019-03-protests.yaml (the same date and title); skipped",
        f"{site.root}/slides.json: event 3: note: already in the site as "
        "events/2019/2019-03-protests-2.yaml (the same date and title); skipped",
    ]
    assert out.splitlines() == [
        f"imported 0 event(s) from {site.root}/slides.json (0 draft(s)); 3 already in the site; "
        "0 refused"
    ]
    assert written(site) == before


def test_a_changed_row_is_skipped_and_what_changed_is_named(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = site.add("events.csv", ONCE)
    assert run(site, str(csv_file)) == 0
    before = written(site)
    capsys.readouterr()
    changed = ONCE.replace("The assembly passes it.", '"The assembly passes it, 80 to 20."')
    changed = changed.replace(",budget,", ",budget|economy,")
    site.add("events.csv", changed + "2019-03-03,A new event,Said.,,,,\n")
    assert run(site, str(csv_file)) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{csv_file}:2: warning: already in the site as events/2019/2019-03-01-budget-passed.yaml "
        "(the same date and title); skipped, though the input differs from it in 'summary', "
        "'tags'",
        "    hint: import never changes a file: if the input is right, edit the file by hand "
        "(or delete it and import again)",
        f"{csv_file}:3: note: already in the site as events/2019/2019-03-02-a-strike.yaml "
        "(the same date and title); skipped",
    ]
    assert out.splitlines() == [
        "wrote events/2019/2019-03-03-a-new-event.yaml (draft)",
        f"imported 1 event(s) from {csv_file} (1 draft(s)); 2 already in the site; 0 refused",
    ]
    assert {k: v for k, v in written(site).items() if k in before} == before
    # What the input leaves out is no difference: a place added to the file by hand.
    path = site.root / "events/2019/2019-03-02-a-strike.yaml"
    path.write_text(path.read_text() + "place: Caracas\n")
    assert run(site, str(csv_file), "--dry-run") == 0
    assert f"{csv_file}:3: note: already in the site" in capsys.readouterr().err


def test_another_title_on_the_same_day_with_the_same_article_is_written_with_a_warning(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = site.add("events.csv", ONCE)
    assert run(site, str(csv_file)) == 0
    capsys.readouterr()
    site.add("events.csv", ONCE.replace(",Budget passed,", ",Budget approved,"))
    assert run(site, str(csv_file)) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        f"{csv_file}:2: warning: events/2019/2019-03-01-budget-passed.yaml is of the same day "
        "and cites the same article (https://www.example.org/b/): is it the same event under "
        "another title?"
    )
    assert out.splitlines()[0] == "wrote events/2019/2019-03-01-budget-approved.yaml"


def test_different_events_whose_names_would_be_the_same_get_2(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two titles alike in their first 69 characters make the same file name: -2 it is,
    in the input as against the site, and importing it again finds each its own file."""
    head = "The assembly passes the 2019 budget after a night of debate on health and"
    site.event(
        "2019-03-01-the-assembly-passes-the-2019-budget-after-a-night-of-debate-on",
        event_yaml(f"{head} education in the states", "2019-03-01"),
        folder="events/2019",
    )
    csv_file = site.add(
        "events.csv",
        f"date,title\n2019-03-01,{head} education in the cities\n"
        f"2019-03-01,{head} schools in the cities\n",
    )
    assert run(site, str(csv_file)) == 0
    stem = "events/2019/2019-03-01-the-assembly-passes-the-2019-budget-after-a-night-of-debate"
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"wrote {stem}-on-2.yaml (draft)",
        f"wrote {stem}-on-3.yaml (draft)",
    ]
    assert run(site, str(csv_file)) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"imported 0 event(s) from {csv_file} (0 draft(s)); 2 already in the site; 0 refused"
    ]


def test_dry_run_checks_but_writes_nothing(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = site.add("events.csv", OURS)
    assert run(site, str(csv_file), "--dry-run") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "would write events/2019/2019-01-23-guaido-sworn-in.yaml"
    assert out[-1] == (
        f"checked 2 event(s) from {csv_file} (1 draft(s)); 0 already in the site; 5 refused; "
        "nothing written (--dry-run)"
    )
    assert written(site) == {}


def test_out_writes_elsewhere_in_year_folders(site: Site) -> None:
    csv_file = site.add("events.csv", OURS)
    run(site, str(csv_file), "--out", str(site.root / "events/imported"))
    assert sorted(written(site)) == [
        "events/imported/2019/2019-01-23-guaido-sworn-in.yaml",
        "events/imported/2019/2019-01-24-an-event-without-a-source.yaml",
    ]


def test_input_that_cannot_be_read(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, str(site.root / "nothing.csv")) == 2
    assert "timeline: error: cannot read" in capsys.readouterr().err
    latin = site.add("latin.csv", "date,title\n2019,Caf\xe9\n".encode("latin-1"))
    assert run(site, str(latin)) == 1
    assert capsys.readouterr().err.startswith(
        f"{latin}: error: the file is not UTF-8 (byte 0xE9 at offset 19)"
    )


# -- Markdown from HTML ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2 * 3 = 6 and a_b [x] `y` \\ <b> & &amp;", "# not a heading", "- not a list",
     "1. not a list", "> not a quote", "===", "+ plus",
     "Example & Co, AT&T; &copy &#38 &#x26; &amp;amp; &lt & &"],
)  # fmt: skip
def test_plain_text_becomes_markdown_that_shows_exactly_it(text: str) -> None:
    html, problems = render_summary(markdown_text(text))
    assert problems == []
    blocks, _ = html_to_markdown(html)
    assert [b.text for b in blocks] == [text]


def test_a_bare_ampersand_stays_readable_in_markdown() -> None:
    # Only an "&" that Markdown would read as a character reference is escaped.
    assert markdown_text("Example & Co News") == "Example & Co News"
    assert markdown_text("AT&T, &#38 and &copy") == "AT&amp;T, &amp;#38 and &amp;copy"


def test_a_script_or_style_is_left_out_with_its_code(site: Site) -> None:
    """TimelineJS text and headlines are HTML: what a <script> or <style> holds is code, and
    it goes with the element that the file's comment says was left out."""
    blocks, dropped = html_to_markdown(
        "<p>Voted.</p><script>alert(1)</script><p>Counted.<style>p { color: red }</style></p>"
    )
    assert [b.md for b in blocks] == ["Voted.", "Counted."]
    assert dropped == ["script", "style"]
    assert plain_text("Voted <SCRIPT type='x'>alert(1)</script>today") == "Voted today"
