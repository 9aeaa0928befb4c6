"""`draft`: articles we wrote ourselves → draft events, every cue resolved as documented."""

from __future__ import annotations

import io
import textwrap
from datetime import date

import pytest

from tests.conftest import Site, event_yaml
from timeline import draft
from timeline.arguments import make_parser
from timeline.article import read_article, split_sentences
from timeline.cues import find_cues
from timeline.load import read_event
from timeline.problems import Problems
from timeline.site import SitePaths
from timeline.statements import make_drafts
from timeline.suggest import MAX_QUOTE_WORDS, match_actors, short_quote, suggest_title

WED = date(2019, 1, 23)  # a Wednesday
FRI = date(2019, 1, 25)  # a Friday
MON = date(2019, 1, 28)  # a Monday
URL = "https://www.example.org/2019/01/25/venezuela/"


def run(site: Site, *args: str) -> int:
    """The command exactly as the command line parses it, then run()."""
    parsed = make_parser().parse_args(["--root", str(site.root), "draft", *args])
    return draft.run(SitePaths(parsed.root), parsed)


def cues(sentence: str, pub: date) -> list[tuple[str, str]]:
    return [(c.text, c.when.edtf() if c.when else f"+{c.amount} {c.unit}")
            for c in find_cues(sentence, pub)]  # fmt: skip


# -- resolution of every kind of cue ---------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "pub", "expected"),
    [
        # explicit dates, with and without a year
        ("It happened on October 4, 2017, in Madrid.", FRI, [("October 4, 2017", "2017-10-04")]),
        ("It happened on 4 October 2017.", FRI, [("4 October 2017", "2017-10-04")]),
        (
            "It happened on the 4th of October, 2017.",
            FRI,
            [("the 4th of October, 2017", "2017-10-04")],
        ),
        ("They met on Jan. 23 in Caracas.", FRI, [("Jan. 23", "2019-01-23")]),
        ("They met on 4 October in Caracas.", FRI, [("4 October", "2018-10-04")]),
        ("The vote was on 2019-01-23 in the end.", FRI, [("2019-01-23", "2019-01-23")]),
        ("Inflation peaked in January 2019, officials said.", FRI, [("January 2019", "2019-01")]),
        ("Prices rose in March, officials said.", FRI, [("in March", "2018-03")]),
        ("He has ruled since 2013 and will stay.", FRI, [("since 2013", "2013")]),
        ("Talks ran January 21-25 in Lima.", FRI, [("January 21-25", "2019-01-21/2019-01-25")]),
        # weekdays: the most recent on or before publication
        ("Talks were held on Friday in Lima.", FRI, [("on Friday", "2019-01-25")]),
        ("Talks were held Tuesday in Lima.", FRI, [("Tuesday", "2019-01-22")]),
        ("Talks were held on Saturday in Lima.", FRI, [("on Saturday", "2019-01-19")]),
        ("Talks were held last Friday in Lima.", FRI, [("last Friday", "2019-01-18")]),
        ("Talks will be held next Monday in Lima.", FRI, [("next Monday", "2019-01-28")]),
        ("Talks were held Wednesday night in Lima.", FRI, [("Wednesday night", "2019-01-23")]),
        # relative phrases
        ("He spoke today to reporters.", FRI, [("today", "2019-01-25")]),
        ("He spoke yesterday to reporters.", FRI, [("yesterday", "2019-01-24")]),
        ("He spoke last night to reporters.", FRI, [("last night", "2019-01-24")]),
        ("He spoke the day before yesterday.", FRI, [("the day before yesterday", "2019-01-23")]),
        ("Talks were held this week in Lima.", FRI, [("this week", "2019-01-21/2019-01-25")]),
        ("Talks were held last week in Lima.", FRI, [("last week", "2019-01-14/2019-01-20")]),
        ("Talks were held this month in Lima.", FRI, [("this month", "2019-01")]),
        ("Talks were held last month in Lima.", FRI, [("last month", "2018-12")]),
        ("Talks were held earlier this year.", FRI, [("earlier this year", "2019")]),
        ("Talks were held last year in Lima.", FRI, [("last year", "2018")]),
        ("Talks were held three days ago.", FRI, [("three days ago", "2019-01-22")]),
        ("Talks were held two weeks ago.", FRI, [("two weeks ago", "2019-01-11~")]),
        ("Talks were held a month ago.", FRI, [("a month ago", "2018-12")]),
        ("Russia warned over the weekend.", MON, [("over the weekend", "2019-01-26/2019-01-27")]),
        # deadlines: found here, counted from the statement's day in make_drafts
        ("He gave diplomats 72 hours to leave.", FRI, [("72 hours", "+72 hour")]),
        ("Voters must register within 30 days.", FRI, [("within 30 days", "+30 day")]),
        ("He was given a 30-day grace period.", FRI, [("30-day", "+30 day")]),
        ("Elections will follow within six months.", FRI, [("within six months", "+6 month")]),
        # a weekday before an explicit date is part of it
        ("On Wednesday, January 23, he left.", FRI, [("Wednesday, January 23", "2019-01-23")]),
    ],
)
def test_every_cue_type_resolves_against_the_publication_date(
    sentence: str, pub: date, expected: list[tuple[str, str]]
) -> None:
    assert cues(sentence, pub) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Shoppers crowded the malls on Black Friday.",
        "About 10,000 people marched in March 10,000 strong.",
        "May I say something about this?",
        "Nothing changed in the past 72 hours.",
        "He left 72 hours ago.",
        "The 30-year-old minister resigned.",
        # a hyphenated duration used as an adjective is not a deadline
        "Unions called a 24-hour general strike.",
        "Leaders met at the two-day summit.",
        "Protesters demanded the end of his 20-year rule.",
        "He gave a speech at the two-day summit.",
        "Maduro was given a twenty-four-hour tour of the base.",
    ],
)
def test_words_that_are_not_date_cues(sentence: str) -> None:
    assert find_cues(sentence, FRI) == []
    assert find_cues(sentence, WED) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Diplomats must leave within 72 hours.", [("within 72 hours", "+72 hour")]),
        ("He gave diplomats 72 hours to leave.", [("72 hours", "+72 hour")]),
        ("Elections will be held in 30 days.", [("in 30 days", "+30 day")]),
        ("He set a 30-day deadline for talks.", [("30-day", "+30 day")]),
        ("They issued a 72-hour ultimatum.", [("72-hour", "+72 hour")]),
    ],
)
def test_deadlines_are_phrases_of_time_allowed(sentence: str, expected: list) -> None:
    assert cues(sentence, WED) == expected


def test_this_weekend_is_the_coming_one_and_last_weekend_the_one_before_the_week() -> None:
    sun = date(2019, 1, 27)
    # Published on Wednesday 23: the weekend of that week is 26-27, the one before 19-20.
    assert cues("Protests are planned this weekend.", WED) == [
        ("this weekend", "2019-01-26/2019-01-27")
    ]
    assert cues("Protests grew last weekend.", WED) == [("last weekend", "2019-01-19/2019-01-20")]
    # Published on Sunday 27, "this weekend" is the current one; "last weekend" the one before.
    assert cues("Protests grew this weekend.", sun) == [("this weekend", "2019-01-26/2019-01-27")]
    assert cues("Protests grew last weekend.", sun) == [("last weekend", "2019-01-19/2019-01-20")]
    [this] = find_cues("Protests are planned this weekend.", WED)
    assert "Saturday and Sunday of the week of publication" in this.how
    assert "after publication" in this.how  # a future event, said so
    [last] = find_cues("Protests grew last weekend.", sun)
    assert "the week before the week of publication" in last.how


def test_this_friday_is_the_friday_of_the_publication_week_even_after_it() -> None:
    assert cues("Talks will be held this Friday in Lima.", WED) == [("this Friday", "2019-01-25")]
    assert cues("Talks were held this Monday in Lima.", WED) == [("this Monday", "2019-01-21")]
    assert cues("Talks were held this Friday in Lima.", date(2019, 1, 27)) == [
        ("this Friday", "2019-01-25")
    ]
    [cue] = find_cues("Talks will be held this Friday in Lima.", WED)
    assert "the Friday of the week of publication" in cue.how
    assert "after publication: a future event" in cue.how


def test_weeks_ago_is_approximate() -> None:
    assert cues("Talks were held two weeks ago.", WED) == [("two weeks ago", "2019-01-09~")]
    [cue] = find_cues("Talks were held two weeks ago.", WED)
    assert "approximate" in cue.how
    assert cues("Talks were held three days ago.", WED) == [("three days ago", "2019-01-20")]


@pytest.mark.parametrize(
    ("sentence", "pub", "expected"),
    [
        ("Talks ran from January 30 to February 2 in Lima.", date(2019, 2, 5),
         [("from January 30 to February 2", "2019-01-30/2019-02-02")]),
        ("Talks ran from 30 January to 2 February in Lima.", date(2019, 2, 5),
         [("from 30 January to 2 February", "2019-01-30/2019-02-02")]),
        # the year rule applies to the start; the end follows it, across the new year
        ("Talks ran from December 30 to January 2 in Lima.", date(2019, 1, 5),
         [("from December 30 to January 2", "2018-12-30/2019-01-02")]),
        ("Talks ran from February 10 to February 12 in Lima.", date(2019, 2, 5),
         [("from February 10 to February 12", "2018-02-10/2018-02-12")]),
        ("Talks ran from January 21 to 25 in Lima.", FRI,
         [("from January 21 to 25", "2019-01-21/2019-01-25")]),
        ("Talks ran between December 30, 2018 and January 2, 2019.", FRI,
         [("between December 30, 2018 and January 2, 2019", "2018-12-30/2019-01-02")]),
        ("Talks ran from December 30 to January 2, 2019.", FRI,
         [("from December 30 to January 2, 2019", "2018-12-30/2019-01-02")]),
    ],
)  # fmt: skip
def test_from_one_date_to_another_is_an_interval(
    sentence: str, pub: date, expected: list[tuple[str, str]]
) -> None:
    assert cues(sentence, pub) == expected


def test_a_weekday_on_the_day_of_publication_is_that_day() -> None:
    # Published on a Wednesday: "on Wednesday" is the same day, "Thursday" the week before.
    assert cues("The vote was held on Wednesday.", WED) == [("on Wednesday", "2019-01-23")]
    assert cues("The vote was held on Thursday.", WED) == [("on Thursday", "2019-01-17")]
    assert cues("The vote was held on Tuesday.", WED) == [("on Tuesday", "2019-01-22")]
    assert cues("The vote was held last Wednesday.", WED) == [("last Wednesday", "2019-01-16")]


def test_a_date_without_a_year_across_the_new_year() -> None:
    jan2 = date(2019, 1, 2)
    assert cues("It began on December 30 in Caracas.", jan2) == [("December 30", "2018-12-30")]
    assert cues("It began on Jan. 1 in Caracas.", jan2) == [("Jan. 1", "2019-01-01")]
    assert cues("It began on January 3 in Caracas.", jan2) == [("January 3", "2018-01-03")]
    assert cues("It began in December, he said.", jan2) == [("in December", "2018-12")]
    # 29 February goes back to the last leap year on or before publication.
    assert cues("It began on February 29 in Caracas.", jan2) == [("February 29", "2016-02-29")]


def test_this_week_is_an_interval_from_monday_to_publication() -> None:
    assert cues("Protests grew this week.", FRI) == [("this week", "2019-01-21/2019-01-25")]
    assert cues("Protests grew earlier this week.", WED) == [
        ("earlier this week", "2019-01-21/2019-01-23")
    ]
    # Published on a Monday, "this week" is that one day.
    assert cues("Protests grew this week.", MON) == [("this week", "2019-01-28")]


def test_a_deadline_is_a_derived_event_counted_from_the_statement() -> None:
    article = read_article("On Wednesday, Maduro gave US diplomats 72 hours to leave.\n")
    [statement, deadline] = make_drafts(article, FRI, [])
    assert statement.cue.when.edtf() == "2019-01-23"
    assert not statement.cue.derived
    assert deadline.cue.derived
    assert deadline.cue.when.edtf() == "2019-01-26"
    assert "derived, 72 hour(s) after 2019-01-23" in deadline.cue.how
    assert deadline.title == "Deadline (72 hours) ends: Maduro gives US diplomats 72 hours to leave"


def test_a_deadline_uses_the_paragraphs_previous_date_then_publication() -> None:
    text = "Maduro spoke on Wednesday in Caracas. He gave diplomats 72 hours to leave.\n\n"
    text += "Voters must register within 30 days, officials said. They have 36 hours to vote."
    drafts = make_drafts(read_article(text), FRI, [])
    derived = [(d.cue.text, d.cue.when.edtf()) for d in drafts if d.cue.derived]
    # 72 hours after Wednesday 23; 30 days after publication; 36 hours: day uncertain.
    assert derived == [
        ("72 hours", "2019-01-26"), ("within 30 days", "2019-02-24"), ("36 hours", "2019-01-26?")
    ]  # fmt: skip


# -- statements: quote, title, actors --------------------------------------------------


def test_the_most_precise_cue_leads_a_sentence_and_the_others_are_noted() -> None:
    sentence = "Last month the Kremlin said it backed Maduro, sworn in on January 10, 2019."
    [d] = make_drafts(read_article(sentence), FRI, [])
    assert d.cue.text == "January 10, 2019"
    assert [o.text for o in d.others] == ["Last month"]


def test_a_long_sentence_is_quoted_by_its_clause() -> None:
    sentence = (
        "In a speech that lasted more than two hours and touched on the economy, the army, "
        "the opposition and the sanctions that Washington had announced, Maduro said on "
        "Wednesday that he was breaking relations with the United States, a decision his "
        "ministers had long urged, and that the embassy would close."
    )
    start = sentence.index("on Wednesday")
    quote = short_quote(sentence, start, start + len("on Wednesday"))
    assert quote == (
        "…Maduro said on Wednesday that he was breaking relations with the United States…"
    )
    assert len(quote.split()) <= MAX_QUOTE_WORDS
    assert short_quote('He said "no" on Friday.', 13, 22) == "He said 'no' on Friday."


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("On Wednesday, Maduro gave US diplomats 72 hours to leave the country.",
         "Maduro gives US diplomats 72 hours to leave the country"),
        ("Venezuela's foreign ministry said on Saturday that it would allow talks.",
         "Venezuela's foreign ministry says it would allow talks"),
        ("Guaidó, the head of the National Assembly, swore himself in on Wednesday.",
         "Guaidó swears himself in"),
        ("The U.S. State Department ordered staff to leave Caracas on Thursday.",
         "The U.S. State Department orders staff to leave Caracas"),
        ("Crowds in the streets of Caracas on Wednesday.", "Crowds in the streets of Caracas"),
        # the verb agrees with its subject: plural subjects take the plural present
        ("Unions held a general strike on Wednesday.", "Unions hold a general strike"),
        ("Protests broke out in Caracas on Tuesday.", "Protests break out in Caracas"),
        ("Thousands of protesters marched on Tuesday.", "Thousands of protesters march"),
        ("Maduro and Guaidó met on Tuesday in Caracas.", "Maduro and Guaidó meet in Caracas"),
        ("Officials said on Tuesday that talks had failed.", "Officials say talks had failed"),
        ("The militias were deployed on Tuesday.", "The militias are deployed"),
        ("Crowds rallied in Caracas on Tuesday.", "Crowds rally in Caracas"),
        ("The United States recognized Guaidó on Wednesday.",
         "The United States recognizes Guaidó"),
        ("Evo Morales said on Tuesday that he backed Maduro.", "Evo Morales says he backed Maduro"),
        ("Maduro rallied supporters on Tuesday.", "Maduro rallies supporters"),
        ("The opposition marched on Tuesday.", "The opposition marches"),
        ("The crisis began on Tuesday in Caracas.", "The crisis begins in Caracas"),
    ],
)  # fmt: skip
def test_a_title_is_suggested_from_subject_and_verb(sentence: str, title: str) -> None:
    assert suggest_title(sentence, [c for c in find_cues(sentence, FRI) if not c.derived]) == title


def test_a_known_name_ending_in_s_takes_the_singular() -> None:
    sentence = "Morales said on Tuesday that he backed Maduro."
    dated = find_cues(sentence, FRI)
    assert suggest_title(sentence, dated, ("Evo Morales",)) == "Morales says he backed Maduro"
    sentence = "Protesters who gathered in Caracas on Tuesday marched to the palace."
    assert suggest_title(sentence, find_cues(sentence, FRI)).startswith("Protesters who gather")
    [d] = make_drafts(read_article("Morales spoke on Tuesday in La Paz."), FRI, ["Evo Morales"])
    assert d.title == "Morales speaks in La Paz"


def test_actors_are_matched_against_names_already_used() -> None:
    known = ["Nicolás Maduro", "Juan Guaidó", "US State Department", "Lima Group", "Kremlin"]
    assert match_actors("Maduro met Juan Guaido and the Lima Group.", known) == (
        "Nicolás Maduro", "Juan Guaidó", "Lima Group",
    )  # fmt: skip
    # A surname only counts capitalised; an organisation's last word never counts alone.
    assert match_actors("The maduro plan and the State Department.", known) == ()
    assert match_actors("The kremlin said so.", known) == ("Kremlin",)


# -- reading articles ------------------------------------------------------------------

HTML = f"""\
<!doctype html>
<html><head><title>Venezuela crisis - Example News</title>
<meta property="og:title" content="Maduro breaks relations with the US">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2019-01-25T09:30:00-04:00">
<link rel="canonical" href="{URL}">
</head><body>
<nav><p>Home. World news on Monday.</p></nav>
<article>
  <header><h1>Maduro breaks relations</h1><p>Published Jan. 25, 2019</p></header>
  <p>Venezuelan President Nicolás Maduro said on Wednesday that he was breaking relations
  with the U.S. He gave U.S. diplomats 72 hours to leave the country.</p>
  <figure><img src="x.jpg" alt=""><figcaption>A photo taken on Tuesday.</figcaption></figure>
  <p>Opposition leader Juan Guaidó swore himself in on January 23. The crowd sang.</p>
  <script>var x = "on Monday.";</script>
</article>
<footer><p>Copyright 2019. Updated on Thursday.</p></footer>
</body></html>
"""

JSON_LD = """\
<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"},
 {"@type": ["NewsArticle"], "headline": "Guaidó takes the oath",
  "datePublished": "2019-01-23T18:00:00Z", "publisher": {"@type": "Organization",
  "name": "Example Wire"}, "mainEntityOfPage": {"@id": "https://wire.example.org/a/"}}]}
</script></head><body><div><p>Guaidó swore himself in today before a crowd.</p></div></body></html>
"""


def test_html_meta_tags_give_headline_publisher_date_and_address() -> None:
    article = read_article(HTML)
    assert (article.headline, article.publisher, article.published, article.url) == (
        "Maduro breaks relations with the US", "Example News", FRI, URL,
    )  # fmt: skip
    # Only the article's own paragraphs: no navigation, caption, script, header or footer.
    assert article.sentences() == [
        "Venezuelan President Nicolás Maduro said on Wednesday that he was breaking relations "
        "with the U.S.",
        "He gave U.S. diplomats 72 hours to leave the country.",
        "Opposition leader Juan Guaidó swore himself in on January 23.",
        "The crowd sang.",
    ]


def test_json_ld_news_article_when_there_are_no_meta_tags() -> None:
    article = read_article(JSON_LD)
    assert (article.headline, article.publisher, article.published, article.url) == (
        "Guaidó takes the oath", "Example Wire", WED, "https://wire.example.org/a/",
    )  # fmt: skip
    assert article.paragraphs == ("Guaidó swore himself in today before a crowd.",)


JSON_LD_REFERENCES = """\
<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Guaid&oacute; takes the oath",
  "datePublished": "2019-01-23T18:00:00Z", "publisher": {"@id": "https://wire.example.org/#org"},
  "mainEntityOfPage": {"@id": "https://wire.example.org/a/"}},
 {"@type": "NewsMediaOrganization", "@id": "https://wire.example.org/#org",
  "name": "Example &amp; Co Wire"}]}
</script></head><body><div><p>Guaidó swore himself in today before a crowd.</p></div></body></html>
"""


def test_json_ld_publisher_given_by_an_id_reference_in_the_graph() -> None:
    article = read_article(JSON_LD_REFERENCES)
    assert (article.headline, article.publisher, article.published, article.url) == (
        "Guaidó takes the oath", "Example & Co Wire", WED, "https://wire.example.org/a/",
    )  # fmt: skip
    # A reference to a node that is not in the page gives no publisher, not its address.
    missing = JSON_LD_REFERENCES.replace('"@id": "https://wire.example.org/#org",', "")
    assert read_article(missing).publisher == ""


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="og:site_name" content="Example &amp; Co News">',
        '<meta property="og:site_name" content="Example &amp;amp; Co News">',  # escaped twice
    ],
)
def test_entities_in_meta_tags_are_unescaped_in_the_draft(site: Site, meta: str) -> None:
    page = site.add("page.html", HTML.replace('<meta property="og:site_name" content="Example '
                                              'News">', meta))  # fmt: skip
    assert read_article(page.read_text()).publisher == "Example & Co News"
    assert run(site, str(page)) == 0
    text = next((site.root / "events/drafts").glob("2019-01-23-venezuelan*")).read_text()
    assert '  According to Example & Co News, "Venezuelan President' in text
    assert "&amp;" not in text
    assert 'publisher: "Example & Co News"\n' in text
    assert site.run("check") == 0


def test_html_without_meta_tags_uses_h1_and_needs_the_rest_on_the_command_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site.add("page.html", "<html><body><h1>Talks in Lima</h1>"
                    "<p>The Lima Group met on Monday in Ottawa.</p></body></html>")  # fmt: skip
    assert read_article(page.read_text()).headline == "Talks in Lima"
    assert run(site, str(page)) == 2
    assert capsys.readouterr().err == (
        "timeline: error: the article's url, published, publisher are unknown (its meta tags "
        "do not say); give --url URL --published YYYY-MM-DD --publisher NAME\n"
    )
    assert not (site.root / "events/drafts").exists()
    args = ("--url", URL, "--published", "2019-02-06", "--publisher", "Example News")
    assert run(site, str(page), *args) == 0
    [written] = (site.root / "events/drafts").iterdir()
    assert written.name == "2019-02-04-the-lima-group-meets-in-ottawa.yaml"


def test_the_command_line_overrides_meta_tags(site: Site) -> None:
    page = site.add("page.html", HTML)
    other = "https://news.example.com/b/"
    assert run(site, str(page), "--url", other, "--publisher", "Other", "--headline", "H",
               "--published", "2019-01-24") == 0  # fmt: skip
    text = next((site.root / "events/drafts").glob("2019-01-23-venezuelan*")).read_text()
    assert f'url: "{other}"' in text
    assert "publisher: Other\n" in text and "title: H\n" in text
    assert "published: 2019-01-24\n" in text
    assert "(Thursday 2019-01-24)" in text  # resolved against the date given


def test_plain_text_first_line_is_the_headline_and_sentences_split() -> None:
    text = (
        "Maduro cuts ties with Washington\n\nMr. Maduro spoke on Jan. 23 in Caracas. He "
        "said the U.S. had gone too far. Then he left.\nThe crowd cheered.\n"
    )
    article = read_article(text)
    assert article.headline == "Maduro cuts ties with Washington"
    assert not article.is_html
    assert article.sentences() == [
        "Mr. Maduro spoke on Jan. 23 in Caracas.",
        "He said the U.S. had gone too far.",
        "Then he left.",
        "The crowd cheered.",
    ]
    assert split_sentences('He said "no." Then he left.') == ['He said "no."', "Then he left."]


# -- the command -----------------------------------------------------------------------

ARTICLE = """\
Venezuela breaks with Washington

On Wednesday, Nicolás Maduro gave US diplomats 72 hours to leave the country.

The Lima Group met this week in Ottawa. Juan Guaido was sworn in on January 23.
"""
OPTIONS = ("--url", URL, "--published", "2019-01-25", "--publisher", "Example News")


@pytest.fixture
def news(site: Site) -> Site:
    site.event("2019-01-10-a", event_yaml(extra="actors: [Nicolás Maduro, Juan Guaidó]\n"))
    site.event("2019-01-11-b", event_yaml(extra="actors: [Lima Group]\n"))
    site.add("article.txt", ARTICLE)
    return site


def test_the_table_lists_cue_date_sentence_and_file(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(news, str(news.root / "article.txt"), *OPTIONS) == 0
    assert capsys.readouterr().out == textwrap.dedent("""\
        cue           date                   sentence                                  file
        On Wednesday  2019-01-23             On Wednesday, Nicolás Maduro gave US di…  events/drafts/2019-01-23-nicolas-maduro-gives-us-diplomats-72-hours-to-leave-the-country.yaml
        72 hours      2019-01-26 (derived)   On Wednesday, Nicolás Maduro gave US di…  events/drafts/2019-01-26-deadline-72-hours-ends-nicolas-maduro-gives-us-diplomats-72-hours.yaml
        this week     2019-01-21/2019-01-25  The Lima Group met this week in Ottawa.   events/drafts/2019-01-21-the-lima-group-meets-in-ottawa.yaml
        January 23    2019-01-23             Juan Guaido was sworn in on January 23.   events/drafts/2019-01-23-juan-guaido-is-sworn-in.yaml
        wrote 4 draft(s) to events/drafts: check each against the article, then set its status
    """)  # noqa: E501


def test_every_draft_loads_as_a_valid_draft_event(news: Site) -> None:
    assert run(news, str(news.root / "article.txt"), *OPTIONS) == 0
    files = sorted((news.root / "events/drafts").iterdir())
    assert len(files) == 4
    for path in files:
        problems = Problems()
        stem = path.name[:-5]
        event, _ = read_event(path, path.name, stem, news.root / "events", frozenset([stem]),
                           problems, date(2023, 11, 14))  # fmt: skip
        assert problems.errors == [], path.name
        assert event is not None and event.status == "draft"
        assert event.summary.startswith('According to Example News, "')
        [source] = event.sources
        assert (source.url, source.title, source.publisher, source.published.edtf()) == (
            URL, "Venezuela breaks with Washington", "Example News", "2019-01-25",
        )  # fmt: skip
    assert news.run("check") == 0  # the whole site, drafts included, has no error


def test_a_draft_file_says_how_its_date_was_found(news: Site) -> None:
    assert run(news, str(news.root / "article.txt"), *OPTIONS) == 0
    drafts = news.root / "events/drafts"
    statement = drafts / (
        "2019-01-23-nicolas-maduro-gives-us-diplomats-72-hours-to-leave-the-country.yaml"
    )
    assert statement.read_text() == textwrap.dedent("""\
        # A draft made by `timeline draft` from the article in 'sources'. Check every value
        # against the article, write the title and summary in your own words, then set the
        # status (confirmed, reported, claimed…).
        # Date from the cue "On Wednesday" → 2019-01-23: the most recent Wednesday on or before
        # publication (Friday 2019-01-25).
        title: Nicolás Maduro gives US diplomats 72 hours to leave the country
        date: 2019-01-23
        summary: |
          According to Example News, "On Wednesday, Nicolás Maduro gave US diplomats 72 hours to leave the country."
        status: draft
        actors: [Nicolás Maduro]
        sources:
          - url: "https://www.example.org/2019/01/25/venezuela/"
            title: Venezuela breaks with Washington
            publisher: Example News
            published: 2019-01-25
    """)  # noqa: E501
    deadline = next(drafts.glob("2019-01-26-*")).read_text()
    assert "# DERIVED: this date is worked out from a deadline, not stated in the article." in (
        deadline
    )
    assert '(The date is derived from the deadline "72 hours".)' in deadline
    sworn = (drafts / "2019-01-23-juan-guaido-is-sworn-in.yaml").read_text()
    assert "actors: [Juan Guaidó]\n" in sworn  # spelled as the site spells it
    week = (drafts / "2019-01-21-the-lima-group-meets-in-ottawa.yaml").read_text()
    assert "date: 2019-01-21/2019-01-25\n" in week and "actors: [Lima Group]\n" in week


def test_file_names_never_collide_and_stay_within_80_characters(news: Site) -> None:
    news.event("2019-01-21-the-lima-group-meets-in-ottawa", folder="events/2019")
    article = str(news.root / "article.txt")
    assert run(news, article, *OPTIONS) == 0
    assert run(news, article, *OPTIONS) == 0  # the same article twice: nothing overwritten
    names = sorted(p.name for p in (news.root / "events/drafts").iterdir())
    assert len(names) == 8
    assert "2019-01-21-the-lima-group-meets-in-ottawa-2.yaml" in names
    assert "2019-01-21-the-lima-group-meets-in-ottawa-3.yaml" in names
    deadline = "2019-01-26-deadline-72-hours-ends-nicolas-maduro-gives-us-diplomats-72-hours"
    assert f"{deadline}-2.yaml" in names
    assert all(len(n) - len(".yaml") <= 80 for n in names)
    assert news.run("check") == 0


def test_standard_input_and_out_and_dry_run(
    news: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(HTML))
    assert run(news, "-", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "found 3 dated statement(s) in standard input; --dry-run: nothing written"
    )
    assert not (news.root / "events/drafts").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(HTML))
    assert run(news, "-", "--out", str(news.root / "events/review")) == 0
    assert len(list((news.root / "events/review").iterdir())) == 3


def test_problems_with_the_input_are_reported_with_exit_codes(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    article = str(news.root / "article.txt")
    assert run(news, str(news.root / "missing.txt"), *OPTIONS) == 2
    assert "timeline: error: cannot read" in capsys.readouterr().err
    assert run(news, article, *OPTIONS[:2], "--published", "January 25", *OPTIONS[4:]) == 2
    assert "--published: 'January 25' is not a date" in capsys.readouterr().err
    assert run(news, article, *OPTIONS[:2], "--published", "2019-01", *OPTIONS[4:]) == 2
    assert capsys.readouterr().err == (
        "timeline: error: --published needs the day: write it as YYYY-MM-DD\n"
    )
    assert run(news, article, "--url", "www.example.org/a", *OPTIONS[2:]) == 2
    assert "did you mean https://www.example.org/a?" in capsys.readouterr().err
    latin = news.add("latin.txt", "Caf\xe9 on Monday.".encode("latin-1"))
    assert run(news, str(latin), *OPTIONS) == 1
    assert capsys.readouterr().err.startswith(
        f"{latin}: error: the article is not UTF-8 (byte 0xE9 at offset 3)"
    )
    not_a_site = Site(news.root / "elsewhere")
    (not_a_site.root / "events").rmdir()
    assert run(not_a_site, article, *OPTIONS) == 2
    assert "is not a timeline site" in capsys.readouterr().err
    assert not (news.root / "events/drafts").exists()


def test_a_draft_the_loader_would_refuse_is_reported_and_not_written(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    article = str(news.root / "article.txt")
    assert run(news, article, *OPTIONS[:4], "--publisher", "P" * 130) == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[:2] == [
        f"{article}: error: the draft for \"On Wednesday\": 'publisher' is 130 characters long; "
        "the limit is 120",
        "    hint: shorten it",
    ]
    assert "(refused: see below)" in out
    assert not (news.root / "events/drafts").exists()


def test_an_article_without_dated_statements_writes_nothing(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    page = news.add("quiet.txt", "A headline\n\nNothing is dated here. Nor here.\n")
    assert run(news, str(page), *OPTIONS) == 0
    assert capsys.readouterr().out == f"found no dated statement in {page}; nothing written\n"
    assert not (news.root / "events/drafts").exists()


def test_an_article_in_another_language_is_told_that_cues_are_read_in_english(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A French newsroom's article: its "mercredi" and "9 juin" are not cues, and the
    empty table says why instead of looking like an article without dates."""
    page = news.add(
        "article.html",
        """\
        <html lang="fr-FR"><head><meta property="og:title" content="Dissolution">
        <meta property="og:site_name" content="Le Monde">
        <meta property="article:published_time" content="2023-06-14T18:30:00+02:00">
        <link rel="canonical" href="https://www.lemonde.fr/a.html"></head>
        <body><article><p>Le président a annoncé mercredi la dissolution.</p></article>
        </body></html>
        """,
    )
    assert run(news, str(page), "--dry-run") == 0
    out, err = capsys.readouterr()
    assert out == f"found no dated statement in {page}; nothing written\n"
    assert err == (
        f'{page}: note: draft reads date cues in English only ("October 4, 2017", "on '
        "Wednesday\", \"last week\"); the article's language is 'fr-FR', and a date written in "
        "its words is not found\n"
    )
    assert read_article(HTML).language == ""
    news.add("site.yaml", "language: es\n")
    assert run(news, str(news.root / "article.txt"), *OPTIONS, "--dry-run") == 0
    assert "; the site's language is 'es', and a date" in capsys.readouterr().err
    assert run(news, str(page), "--dry-run") == 0  # the page's own language first
    assert "the article's language is 'fr-FR'" in capsys.readouterr().err
