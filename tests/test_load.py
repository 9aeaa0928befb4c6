"""Validation of event files: exact messages and positions, all in one pass."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from tests.conftest import SOURCE, Site, event_yaml
from timeline.load import load_tree
from timeline.problems import Problems
from timeline.schema import EVENT


def check_output(site: Site, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = site.run("check")
    return code, capsys.readouterr().out.splitlines()


def test_valid_event_passes(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-ok")
    code, lines = check_output(site, capsys)
    assert code == 0
    assert lines == ["checked 1 event file: 0 errors, 0 warnings"]


def test_unknown_key_gets_did_you_mean(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-x", event_yaml(extra="titel: Typo\nsumary: typo\n"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:4] == [
        "events/2019-01-23-x.yaml:4:1: error: unknown key 'titel' in an event file",
        "    hint: did you mean 'title'?",
        "events/2019-01-23-x.yaml:5:1: error: unknown key 'sumary' in an event file",
        "    hint: did you mean 'summary'?",
    ]


@pytest.mark.parametrize("typo", ["titel", "Title"])
def test_a_misspelled_title_is_one_problem_that_says_to_rename_it(
    site: Site, capsys: pytest.CaptureFixture[str], typo: str
) -> None:
    site.event("2019-01-23-x", f"date: 2019-01-23\n{typo}: A\nsummary: x\n" + SOURCE)
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines == [
        f"events/2019-01-23-x.yaml:2:1: error: unknown key '{typo}' in an event file, which has "
        "no 'title'",
        f"    hint: rename '{typo}' to 'title'",
        "checked 1 event file: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("text", "where", "typo", "key", "within"),
    [
        ("title: A\ndate: 2019-01-23\nsumary: x\n" + SOURCE, "3:1", "sumary", "summary",
         "an event file"),
        (event_yaml().replace("    published: 2019-01-25", "    publishd: 2019-01-25"), "8:5",
         "publishd", "published", "a source"),
    ],
)  # fmt: skip
def test_a_misspelled_expected_key_is_not_also_a_missing_one(
    site: Site,
    capsys: pytest.CaptureFixture[str],
    text: str,
    where: str,
    typo: str,
    key: str,
    within: str,
) -> None:
    """A summary and a source's date are expected (their absence is a warning): misspelled,
    they are one error, not also a warning that they are missing."""
    site.event("2019-01-23-x", text)
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines == [
        f"events/2019-01-23-x.yaml:{where}: error: unknown key '{typo}' in {within}, which "
        f"has no '{key}'",
        f"    hint: rename '{typo}' to '{key}'",
        "checked 1 event file: 1 error, 0 warnings",
    ]


def test_a_missing_key_beside_an_unrelated_unknown_key_is_still_reported(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a close match is taken for a misspelling: 'headline' is not 'title', a second
    misspelling of a key already claimed is an unknown key, and a key that is there makes
    a close match a plain "did you mean"."""
    site.event(
        "2019-01-23-x",
        "headline: A\ndate: 2019-01-23\nsummry: x\nsumary: y\n"
        "sources:\n  - url: https://www.example.org/a/\n    title: T\n    publisher: P\n"
        "    publishr: Q\n",
    )
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines == [
        "events/2019-01-23-x.yaml:1:1: error: unknown key 'headline' in an event file",
        "    hint: allowed keys: " + ", ".join(EVENT),
        "events/2019-01-23-x.yaml:1:1: error: an event file has no 'title'",
        "    hint: add 'title:' — what happened, in one line of plain text",
        "events/2019-01-23-x.yaml:3:1: error: unknown key 'summry' in an event file, which has "
        "no 'summary'",
        "    hint: rename 'summry' to 'summary'",
        "events/2019-01-23-x.yaml:4:1: error: unknown key 'sumary' in an event file",
        "    hint: did you mean 'summary'?",
        "events/2019-01-23-x.yaml:9:5: error: unknown key 'publishr' in a source",
        "    hint: did you mean 'publisher'?",
        "events/2019-01-23-x.yaml:6:5: warning: the source has no 'published' date",
        "    hint: add published: YYYY-MM-DD",
        "checked 1 event file: 5 errors, 1 warning",
    ]


def test_missing_required_fields(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-x", "place: Caracas\n")
    code, lines = check_output(site, capsys)
    assert code == 1
    assert "events/2019-01-23-x.yaml:1:1: error: an event file has no 'title'" in lines
    assert "events/2019-01-23-x.yaml:1:1: error: an event file has no 'date'" in lines
    assert "events/2019-01-23-x.yaml:1:1: error: an event file has no 'sources'" in lines
    i = lines.index("events/2019-01-23-x.yaml:1:1: error: an event file has no 'sources'")
    assert lines[i + 1] == "    hint: add 'sources:' — the articles that report it, at least one"


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        (
            "title: [a, b]",
            "1:8: error: 'title' must be text, not a list",
            "    hint: write one line of text, e.g. title: Guaidó sworn in as interim president",
        ),
        (
            "tags: recognition",
            "1:7: error: 'tags' must be a list, not text",
            "    hint: write a list, e.g. tags: [recognition, diplomacy]",
        ),
        (
            "media: https://example.org/x.jpg",
            "1:8: error: 'media' must be a mapping (key: value pairs), not text",
            "    hint: write 'media:' and its keys indented on the lines below",
        ),
    ],
)
def test_wrong_kinds(
    site: Site, capsys: pytest.CaptureFixture[str], line: str, message: str, hint: str
) -> None:
    text = line + "\n" + event_yaml().replace("title: Something happened\n", "")
    if line.startswith("title"):
        text = line + "\ndate: 2019-01-23\n" + SOURCE
    site.event("2019-01-23-x", text)
    code, lines = check_output(site, capsys)
    assert code == 1
    i = lines.index(f"events/2019-01-23-x.yaml:{message}")
    assert lines[i + 1] == hint


def test_sources_as_text_and_empty_sources(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a", "title: A\ndate: 2019-01-23\nsources: https://example.org/a\n")
    site.event("2019-01-23-b", "title: B\ndate: 2019-01-23\nsources: []\n")
    code, lines = check_output(site, capsys)
    assert code == 1
    assert "events/2019-01-23-a.yaml:3:10: error: 'sources' must be a list, not text" in lines
    assert "events/2019-01-23-b.yaml:3:10: error: 'sources' is empty" in lines


def test_date_errors_are_positioned(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-02-30-x", event_yaml(date="2019-02-30"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "events/2019-02-30-x.yaml:2:7: error: 'date': 2019-02-30 is not a real day — "
        "February 2019 has 28 days",
        "    hint: the last day of that month is 2019-02-28",
    ]


def test_natural_language_date_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("next", event_yaml(date="next week"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[0] == "events/next.yaml:2:7: error: 'date': 'next week' is not a date"


def test_yaml_typing_does_not_apply(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """`NO`, `12:30` and `0755` stay text; a bare YAML date is read by our parser."""
    site.event("2019-01-23-x", event_yaml(title="NO", extra="place: '0755'\ntags: [12:30, yes]\n"))
    assert site.run("build") == 0
    page = (site.out / "events/2019-01-23-x/index.html").read_text()
    assert 'dir="auto" data-pagefind-meta="title">NO</h1>' in page
    assert ">#12:30</a>" in page and ">#yes</a>" in page
    assert ">0755</span>" in page


def test_end_field(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-21-a", event_yaml(date="2019-01-21", extra="end: 2019-01-25\n"))
    site.event("2019-01-21-b", event_yaml(date="2019-01-21", extra="end: 2019-01-20\n"))
    site.event("2019-01-21-c", event_yaml(date="2019-01-21/2019-01-22", extra="end: 2019-01-25\n"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:4] == [
        "events/2019-01-21-b.yaml:4:6: error: 'end': the end (2019-01-20) is before the start "
        "(2019-01-21)",
        "    hint: swap the two dates",
        "events/2019-01-21-c.yaml:4:6: error: 'end' is given twice: in 'date' (START/END) and "
        "in 'end'",
        "    hint: keep one of the two",
    ]


def test_urls(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    text = "title: A\ndate: 2019-01-23\nsummary: x\nsources:\n" + "".join(
        f"  - url: {u}\n    title: T\n    publisher: P\n    published: 2019-01-23\n"
        for u in (
            "www.example.org/a",
            "ftp://example.org/a",
            "https://user:secret@example.org/a",
            "https://localhost/a",
            "https:///a",
        )
    )
    site.event("2019-01-23-x", text)
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines == [
        "events/2019-01-23-x.yaml:5:10: error: 'url': the address 'www.example.org/a' has no "
        "scheme",
        "    hint: did you mean https://www.example.org/a?",
        "events/2019-01-23-x.yaml:9:10: error: 'url': links must start with http:// or https://, "
        "not 'ftp:'",
        "    hint: link to the article's web address",
        "events/2019-01-23-x.yaml:13:10: error: 'url': the address "
        "'https://user:secret@example.org/a' carries a user name or password",
        "    hint: remove the part before '@'",
        "events/2019-01-23-x.yaml:17:10: error: 'url': the host 'localhost' is not a public "
        "domain name",
        "    hint: link to a public web address such as https://www.example.org/…",
        "events/2019-01-23-x.yaml:21:10: error: 'url': the address 'https:///a' has no host",
        "    hint: write it as https://host/path",
        "checked 1 event file: 5 errors, 0 warnings",
    ]


def test_source_needs_title_and_publisher(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event(
        "2019-01-23-x",
        "title: A\ndate: 2019-01-23\nsummary: x\nsources:\n  - url: https://example.org/a\n",
    )
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines == [
        "events/2019-01-23-x.yaml:5:5: error: a source has no 'title'",
        "    hint: add 'title:' — the article's headline",
        "events/2019-01-23-x.yaml:5:5: error: a source has no 'publisher'",
        "    hint: add 'publisher:' — who published it",
        "events/2019-01-23-x.yaml:5:5: warning: the source has no 'published' date",
        "    hint: add published: YYYY-MM-DD",
        "checked 1 event file: 2 errors, 1 warning",
    ]


def test_status_and_claims(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("a", event_yaml(extra="status: claimd\n"))
    site.event("b", event_yaml(extra="status: claimed\n"))
    site.event("c", event_yaml(extra="claimed_by: Someone\n"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:6] == [
        "events/a.yaml:4:9: error: unknown status 'claimd'",
        "    hint: did you mean 'claimed'?",
        "events/b.yaml:4:9: error: a claimed event must say who claims it",
        "    hint: add e.g. claimed_by: Reuters (unnamed sources)",
        "events/c.yaml:4:13: error: 'claimed_by' is only for status claimed or disputed",
        "    hint: set 'status: claimed', or remove 'claimed_by'",
    ]


def test_related_must_exist(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-guaido-sworn-in")
    site.event("b", event_yaml(extra="related: [2019-01-23-guaido-sworn, b]\n"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:4] == [
        "events/b.yaml:4:11: error: related event '2019-01-23-guaido-sworn' does not exist",
        "    hint: did you mean '2019-01-23-guaido-sworn-in'?",
        "events/b.yaml:4:36: error: an event cannot be related to itself",
        "    hint: remove this entry",
    ]


def test_an_empty_or_repeated_tag_is_named_as_such(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty entry was "'tag' is empty" with "remove the line" (it is one item of a line),
    and two spellings of one page were "listed twice" as if written the same."""
    site.event("a", event_yaml(extra='tags: [Élection, "", election]\nactors: ["  "]\n'))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:-1] == [
        "events/a.yaml:4:18: error: an entry of 'tags' is empty",
        "    hint: fill it in or remove it",
        "events/a.yaml:4:22: error: the tag 'election' is listed twice in 'tags' (first as "
        "'Élection' on line 4)",
        "    hint: remove one of them",
        "events/a.yaml:5:10: error: an entry of 'actors' is empty",
        "    hint: fill it in or remove it",
    ]


def test_warnings_do_not_fail(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2030-01-01-future", event_yaml(date="2030-01-01"))
    site.event("2019-01-24-misnamed", event_yaml(date="2019-01-23"))
    site.event("2019-01-23-nosummary", "title: A\ndate: 2019-01-23\n" + SOURCE)
    code, lines = check_output(site, capsys)
    assert code == 0
    assert lines == [
        "events/2019-01-23-nosummary.yaml:1:1: warning: the event has no summary",
        "    hint: add 'summary:' in your own words",
        "events/2019-01-24-misnamed.yaml:2:7: warning: the file name starts with 2019-01-24 but "
        "the date is 2019-01-23",
        "    hint: rename the file or correct the date, whichever is wrong",
        "events/2030-01-01-future.yaml:2:7: warning: the date 2030-01-01 is in the future",
        "    hint: a chronology records what has happened; check the year",
        "checked 3 event files: 0 errors, 3 warnings",
    ]


def test_summary_html_and_headings_are_errors(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("a", event_yaml(extra="").replace("summary: In our own words.", "summary: '# Big'"))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "events/a.yaml:3:11: error: the summary contains <h1>, which is not allowed",
        "    hint: headings are not allowed in a summary; use **bold** for emphasis",
    ]


def test_names_events_share_are_held_once(site: Site) -> None:
    """A build holds every event: the tags, actors, places and publishers that events
    share are one string each, and the days they share one date each, whether an event
    was read in this process or unpickled (from a worker process, or the build cache)."""
    extra = "place: Caracas\ntags: [economy]\nactors: [Juan Guaidó]\n"
    for day in ("23", "24"):
        site.event(f"2019-01-{day}-x", event_yaml(date=f"2019-01-{day}", extra=extra))
    tree = load_tree(site.root, site.root / "events", Problems(), date(2024, 1, 1))
    read = [entry.event for entry in tree.parsed.values()]
    unpickled = [pickle.loads(pickle.dumps(event)) for event in read]
    for a, b in [read, unpickled, (read[0], unpickled[1])]:
        assert a.tags == ("economy",) and a.tags[0] is b.tags[0]
        assert a.actors == ("Juan Guaidó",) and a.actors[0] is b.actors[0]
        assert a.place == "Caracas" and a.place is b.place
        assert a.sources[0].publisher is b.sources[0].publisher
        assert a.sources[0].published is b.sources[0].published  # 2019-01-25, once
        assert a.sources[0].title == b.sources[0].title
    assert read[0].date.start is unpickled[0].date.start != read[1].date.start


def test_spelling_variants_warn(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("a", event_yaml(extra="actors: [Juan Guaidó]\n"))
    site.event("b", event_yaml(extra="actors: [Juan Guaido]\n"))
    code, lines = check_output(site, capsys)
    assert code == 0
    assert lines[:2] == [
        "events/b.yaml:4:10: warning: the actor 'Juan Guaido' is spelled 'Juan Guaidó' in "
        "events/a.yaml",
        "    hint: use one spelling so that both events list it the same way",
    ]


def test_a_name_typed_composed_or_decomposed_is_one_name(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """'Zoë' with the letter 'ë' (NFC) and with 'e' and a combining diaeresis (NFD) look
    alike: they are one name, shown one way (composed), on one page, with no warning."""
    import unicodedata

    composed = "Zoë Ortiz"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    site.event("2019-01-23-a", event_yaml(extra=f"actors: [{composed}]\ntags: [{decomposed}]\n"))
    site.event("2019-01-23-b", event_yaml(extra=f"actors: [{decomposed}]\ntags: [{composed}]\n"))
    code, lines = check_output(site, capsys)
    assert (code, lines) == (0, ["checked 2 event files: 0 errors, 0 warnings"])
    tree = load_tree(site.root, site.root / "events", Problems(), date(2024, 1, 1))
    assert [(e.actors, e.tags) for e in tree.events] == [((composed,), (composed,))] * 2
    assert site.run("build") == 0
    assert sorted(p.name for p in (site.out / "actors").iterdir() if p.is_dir()) == ["zoe-ortiz"]
    pages = [p.read_text(encoding="utf-8") for p in site.out.rglob("*.html")]
    assert all(decomposed not in page for page in pages)
    assert sum(composed in page for page in pages) >= 4  # two events, two terms' pages


def test_a_tag_and_an_actor_may_share_a_spelling_apart(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tags and actors have pages of their own: 'Guaido' as a tag is no variant of the
    actor 'Guaidó'."""
    site.event("a", event_yaml(extra="actors: [Juan Guaidó]\ntags: [Guaido]\n"))
    site.event("b", event_yaml(extra="tags: [Juan Guaido]\nactors: [Guaidó]\n"))
    code, lines = check_output(site, capsys)
    assert code == 0
    assert not [line for line in lines if "is spelled" in line]


def test_corrections_and_media(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.add("events/media/crowd.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    site.event(
        "a",
        event_yaml(
            extra="""\
            media:
              src: media/crowd.jpg
              alt: A crowd in a street
            corrections:
              - date: 2019-02
                note: The day was wrong.
            """
        ),
    )
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "events/a.yaml:8:11: error: a correction's date needs the day",
        "    hint: write it as YYYY-MM-DD",
    ]


def test_every_problem_in_one_pass_sorted(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("b", event_yaml(date="2019-13"))
    site.event("a", "title: [x]\n")
    site.add("events/c.yaml", b"title: Guaid\xf3\n")
    code, lines = check_output(site, capsys)
    assert code == 1
    errors = [line.split(": error:")[0] for line in lines if ": error:" in line]
    assert errors == [
        "events/a.yaml:1:1",
        "events/a.yaml:1:1",
        "events/a.yaml:1:8",
        "events/b.yaml:2:7",
        "events/c.yaml:1:13",
    ]


def test_a_pipe_in_events_is_refused_without_hanging(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    site.event("2019-01-23-ok")
    os.mkfifo(site.root / "events/x.yaml")
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "events/x.yaml:1:1: error: not a regular file (a pipe, socket or device)",
        "    hint: remove it from events/",
    ]


def test_site_yaml_that_is_a_folder(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    (site.root / "site.yaml").mkdir()
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "site.yaml:1:1: error: cannot read the file: Is a directory",
        "    hint: check that it is a readable file",
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "place: \u200b\u200b\n",
            [
                "events/x.yaml:4:8: error: 'place' holds only invisible characters",
                "    hint: write a visible value or remove the line",
            ],
        ),
        (
            "tags: [a]\n# note\u2028titel: x\n",
            [
                "events/x.yaml:5:7: error: control character U+2028 is not allowed",
                "    hint: delete it; it is invisible in most editors (retype the text around it)",
            ],
        ),
    ],
)
def test_invisible_text(
    site: Site, capsys: pytest.CaptureFixture[str], extra: str, expected: list[str]
) -> None:
    site.event("x", event_yaml(extra=extra))
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == expected


def test_summary_comment_is_reported_on_its_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    text = event_yaml().replace(
        "summary: In our own words.\n",
        "summary: |\n  First paragraph.\n\n  <!-- a note for the reviewer -->\n",
    )
    site.event("x", text)
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "events/x.yaml:6:3: error: the summary contains an HTML comment, which would not be "
        "published",
        "    hint: delete the comment; notes for reviewers belong in the pull request",
    ]


def test_reserved_name_hint_is_not_itself_reserved(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("CON")
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[1] == "    hint: rename the file to con-event.yaml"


def test_base_url_that_is_a_path(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("a")
    site.add("site.yaml", "base_url: /venezuela/\n")
    code, lines = check_output(site, capsys)
    assert code == 1
    assert lines[:2] == [
        "site.yaml:1:11: error: base_url '/venezuela/' is a path, not an address",
        "    hint: give the full public address, e.g. https://example.org/venezuela/ (links "
        "inside the site are relative and work under any path)",
    ]


def test_a_draft_problems_are_warnings_until_drafts_are_published(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-ok")
    site.add("events/drafts/2019-01-24-d.yaml", "title: A draft\ndate: 2019-01-24\nstatus: draft\n")
    code, lines = check_output(site, capsys)
    assert code == 0
    assert lines[:2] == [
        "events/drafts/2019-01-24-d.yaml:1:1: warning: draft: an event file has no 'sources'",
        "    hint: add 'sources:' — the articles that report it, at least one",
    ]
    assert site.run("build") == 0
    assert not (site.out / "events/2019-01-24-d").exists()
    capsys.readouterr()
    assert site.run("build", "--drafts") == 1
    assert (
        "events/drafts/2019-01-24-d.yaml:1:1: error: an event file has no 'sources'"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("path", "root", "shown"),
    [
        ("/site/events/2019/a.yaml", "/site", "events/2019/a.yaml"),
        ("events/2019/a.yaml", ".", "events/2019/a.yaml"),  # `--root .`
        ("site/events/a.yaml", "site", "events/a.yaml"),
        ("../elsewhere/a.yaml", ".", "../elsewhere/a.yaml"),  # not under the root: as given
        ("/site/events/caf\udce9.yaml", "/site", "events/caf\\xe9.yaml"),
    ],
)
def test_a_path_is_shown_relative_to_the_site(path: str, root: str, shown: str) -> None:
    from pathlib import Path

    from timeline.problems import display_path

    assert display_path(Path(path), Path(root)) == shown
    assert display_path(path, Path(root)) == shown  # as a directory entry gives it


def test_bracket_ends_agree_with_python_markdown() -> None:
    """The summary's link brackets are matched as python-markdown's own code matches them
    (ours only replaces its step per character)."""
    import random

    from markdown.inlinepatterns import LinkInlineProcessor

    from timeline.markup import bracket_ends

    own = LinkInlineProcessor._findBracketEnds
    rnd = random.Random(5)
    texts = ["", "[", "]", "a", "[a](b) [c]", "]][[", "[[a]]]", "x[y[z]w"]
    texts += ["".join(rnd.choice("[]ab") for _ in range(rnd.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        assert bracket_ends(text) == own(text), text
    # and the summaries' converter uses it for every kind of link
    from timeline.markup import _MARKDOWN

    links = [p for p in _MARKDOWN.inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert len(links) == 6
    assert all(p._findBracketEnds is bracket_ends for p in links)


def test_a_python_markdown_whose_bracket_ends_mean_otherwise_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from markdown.inlinepatterns import LinkInlineProcessor

    from timeline import markup

    def other(data: str) -> list[int | None]:
        return [None] * (len(data) + 1)

    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(other))
    links = [p for p in markup._markdown().inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert links and all(p._findBracketEnds is other for p in links)


@pytest.mark.parametrize(
    "text",
    [
        "A [link](https://example.org/a) and [another [nested] one](https://example.org/b).",
        "[unclosed [brackets](https://example.org/c) ] ] [ end",
        "![a picture](https://example.org/p.png) in [text][ref]\n\n[ref]: https://example.org/r",
        "[short] and [short]\n\n[short]: https://example.org/s",
        "[[[[[[[[[[" * 50,
    ],
)
def test_summaries_render_as_python_markdown_renders_them(text: str) -> None:
    import markdown

    from timeline.markup import _MARKDOWN

    plain = markdown.Markdown(extensions=[], output_format="html")
    assert _MARKDOWN.reset().convert(text) == plain.convert(text)


def test_the_faster_patterns_match_as_python_markdowns_own() -> None:
    """Each inline pattern written faster finds the same matches, with the same groups,
    as python-markdown's, on texts dense in the characters they look for."""
    import random
    import re

    from timeline.markup import _MARKDOWN, FASTER_PATTERNS

    rnd = random.Random(11)
    texts = ["", "`", "\\`", "\\\\`", "![a]", "[a]", "a![b][c]", "\\\\\\\\``x`"]
    for _ in range(5000):
        texts.append("".join(rnd.choice("`\\[]!a ") for _ in range(rnd.randint(1, 30))))
    for own, faster in FASTER_PATTERNS.items():
        theirs, ours = re.compile(own), re.compile(faster)
        for text in texts:
            for start in range(len(text) + 1):
                expected = [(m.span(), m.groups()) for m in theirs.finditer(text, start)]
                assert [(m.span(), m.groups()) for m in ours.finditer(text, start)] == expected
    # python-markdown's own patterns are still these, and the converter uses the faster
    used = {p.compiled_re.pattern for p in _MARKDOWN.inlinePatterns}
    assert set(FASTER_PATTERNS.values()) <= used
    assert not set(FASTER_PATTERNS) & used


def test_summaries_dense_in_markup_render_as_python_markdown_renders_them() -> None:
    import random

    import markdown

    from timeline.markup import _MARKDOWN

    plain = markdown.Markdown(extensions=[], output_format="html")
    rnd = random.Random(12)
    pieces = ["`", "``", "\\", "[", "]", "![", "](https://example.org/x)", "**", "*", "_", "a"]
    pieces += [" ", "\n", "\n\n", "<b>", "&amp;", "[r]", "\n\n[r]: https://example.org/r\n", "- "]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        assert _MARKDOWN.reset().convert(text) == plain.reset().convert(text), text


def test_a_python_markdown_whose_patterns_changed_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    from markdown import inlinepatterns

    from timeline import markup

    monkeypatch.setattr(inlinepatterns, "BACKTICK_RE", r"(?<!\\)(`+)")
    for name in ("LINK_RE", "REFERENCE_RE"):
        monkeypatch.setattr(inlinepatterns, name, r"(?<!\!)(?<!\])\[")
    used = {p.compiled_re.pattern for p in markup._markdown().inlinePatterns}
    assert {r"(?<!\\)(`+)", r"(?<!\!)(?<!\])\["} <= used
    assert not set(markup.FASTER_PATTERNS.values()) & used
