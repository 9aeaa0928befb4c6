"""Where a summary's problems are reported: the line and column where each is written."""

from __future__ import annotations

import pytest

from tests.conftest import SOURCE, Site
from timeline.markup import check_url

PICTURE = "pictures go in the 'media:' field, not in the summary"
HEADING = "headings are not allowed in a summary; use **bold** for emphasis"
RULE = "horizontal rules are not allowed in a summary"
CODE = "code blocks are not allowed in a summary"
CHARS = "copy the address from the browser's address bar (it percent-encodes such characters)"


def event(summary: str) -> str:
    """An event whose `summary:` key is on line 3, written as `summary` gives it."""
    return f"title: Something happened\ndate: 2019-01-23\nsummary: {summary}\n{SOURCE}"


def literal(*lines: str) -> str:
    """A `summary: |` block (line 3), its lines from line 4 on, indented by two spaces."""
    return "|\n" + "\n".join(f"  {line}" if line else "" for line in lines)


def errors(site: Site, capsys: pytest.CaptureFixture[str], text: str) -> list[str]:
    site.event("x", text)
    assert site.run("check") == 1
    return capsys.readouterr().out.splitlines()[:-1]


def error(where: str, tag: str, hint: str) -> list[str]:
    return [
        f"events/x.yaml:{where}: error: the summary contains <{tag}>, which is not allowed",
        f"    hint: {hint}",
    ]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        pytest.param(
            literal("First line.", "![img](https://example.org/a.png)"),
            error("5:3", "img", PICTURE), id="picture-on-its-line",
        ),
        pytest.param(
            literal("See ![img](https://example.org/a.png) here."),
            error("4:7", "img", PICTURE), id="picture-in-a-sentence",
        ),
        pytest.param(
            literal("See ![the map][1] here.", "", "[1]: https://example.org/a.png"),
            error("4:7", "img", PICTURE), id="picture-by-reference",
        ),
        pytest.param(
            literal("Intro.", "", "# H"), error("6:3", "h1", HEADING), id="heading",
        ),
        pytest.param(
            literal("Intro.", "", "> A quote.", ">", "> ## H"),
            error("8:5", "h2", HEADING), id="heading-in-a-quote",
        ),
        pytest.param(
            literal("Intro.", "", "The title", "========="),
            error("6:3", "h1", HEADING), id="setext-heading-with-equals",
        ),
        pytest.param(
            literal("Intro.", "", "The title", "---"),
            error("6:3", "h2", HEADING), id="setext-heading-with-dashes",
        ),
        pytest.param(
            literal("Intro.", "", "---", "", "More."), error("6:3", "hr", RULE), id="rule",
        ),
        pytest.param(
            literal("Intro.", "", "    code()", "    more()"),
            error("6:7", "pre", CODE), id="indented-code",
        ),
        pytest.param(
            literal("Intro.", "", "    # code, not a heading", "", "# H"),
            [*error("6:7", "pre", CODE), *error("8:3", "h1", HEADING)],
            id="a-code-block-then-a-heading",
        ),
        pytest.param(
            literal("# One", "", "Words.", "", "# Two"),
            [*error("4:3", "h1", HEADING), *error("8:3", "h1", HEADING)],
            id="two-headings",
        ),
        pytest.param(
            literal("Read [this](https://exa&#9;mple.org) now."),
            [
                "events/x.yaml:4:15: error: a link in the summary: the address "
                "'https://exa\tmple.org' contains a tab",
                f"    hint: {CHARS}",
            ],
            id="escaped-tab-in-a-link",
        ),
        pytest.param(
            ">\n  Intro words,\n  more words.\n\n  ![img](https://example.org/a.png)",
            error("7:3", "img", PICTURE), id="folded",
        ),
        pytest.param(
            "Intro words\n  and ![img](https://example.org/a.png)",
            error("4:7", "img", PICTURE), id="plain-on-two-lines",
        ),
        pytest.param(
            "'It''s ![img](https://example.org/a.png)'",
            error("3:17", "img", PICTURE), id="single-quoted",
        ),
        pytest.param(
            '"Caf\\u00e9 \\"news\\"\\n\\n# H"', error("3:33", "h1", HEADING),
            id="double-quoted-with-escapes",
        ),
    ],
)  # fmt: skip
def test_a_summary_problem_is_reported_where_it_is_written(
    site: Site, capsys: pytest.CaptureFixture[str], summary: str, expected: list[str]
) -> None:
    assert errors(site, capsys, event(summary)) == expected


def test_a_problem_whose_place_is_not_looked_for_stays_at_the_summary_start(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twenty constructs are placed; each further one is reported at the summary's start
    (placing one takes some 25 conversions of the summary), listed first."""
    headings = [line for n in range(22) for line in (f"# H{n}", "")]
    lines = errors(site, capsys, event(literal(*headings)))
    assert [line.split(": error")[0] for line in lines[::2]] == [
        "events/x.yaml:3:10",
        "events/x.yaml:3:10",
        *(f"events/x.yaml:{4 + 2 * n}:3" for n in range(20)),
    ]


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("https://exa mple.org", "a space"),
        ("https://exa\tmple.org", "a tab"),
        ("https://exa\nmple.org", "a line break"),
        ("https://exa\u00a0mple.org", "a no-break space (U+00A0)"),
        ("https://exa\u2003mple.org", "the invisible character U+2003 (em space)"),
        ("https://exa\x1cmple.org", "the invisible character U+001C"),
        ("https://exa|mple.org", "'|'"),
    ],
)
def test_an_address_names_the_character_it_may_not_hold(url: str, named: str) -> None:
    assert check_url(url) == (f"the address '{url}' contains {named}", CHARS)


def test_problems_past_those_placed_stay_at_the_summarys_start(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only so many constructs of one summary are placed; a link past them whose address
    is written more than once stays at the summary's start, not at the first address."""
    lines = [f"para {n} [x](ftp://same)" for n in range(25)]
    blocks = [line for text in lines for line in (text, "")]
    found = errors(site, capsys, event(literal(*blocks)))
    where = [line.split(": error:")[0] for line in found if ": error:" in line]
    assert where == ["events/x.yaml:3:10"] * 5 + [  # problems are listed by place
        f"events/x.yaml:{4 + 2 * n}:{14 if n < 10 else 15}" for n in range(20)
    ]
