"""site.yaml: validated like events, with defaults for everything."""

from __future__ import annotations

import pytest

from tests.conftest import Site
from timeline.config import SiteConfig, load_config
from timeline.problems import Problems


def test_defaults_without_site_yaml(site: Site) -> None:
    problems = Problems()
    assert load_config(site.root, problems) == SiteConfig()
    assert not problems
    assert SiteConfig().base_url == "/" and SiteConfig().language == "en"


def test_values_are_read_and_normalised(site: Site) -> None:
    site.add(
        "site.yaml",
        """\
        title: Venezuela 2019
        base_url: https://example.org/venezuela
        repository: https://github.com/example/venezuela/
        language: es-VE
        """,
    )
    problems = Problems()
    config = load_config(site.root, problems)
    assert not problems
    assert config.title == "Venezuela 2019"
    assert config.base_url == "https://example.org/venezuela/"
    assert config.repository == "https://github.com/example/venezuela"
    assert config.language == "es-VE"


def test_an_address_in_other_letters_than_ascii_becomes_a_uri(site: Site) -> None:
    """A sub-path named in French: the sitemap, the calendar and robots.txt take addresses
    (URIs) made from it, and the sitemap encodes its pages' paths, so the base is encoded
    too (a host in its IDNA form)."""
    site.add("site.yaml", "base_url: https://exemple.fr/chronologie/élections-2023\n")
    site.event("2019-01-23-a")
    assert load_config(site.root, Problems()).base_url == (
        "https://exemple.fr/chronologie/%C3%A9lections-2023/"
    )
    assert SiteConfig().with_base_url("https://élections.fr/ñ").base_url == (
        "https://xn--lections-90a.fr/%C3%B1/"
    )
    assert site.run("build") == 0
    for name in ("sitemap.xml", "calendar.ics", "robots.txt", "feed.atom"):
        text = (site.out / name).read_text("utf-8")
        assert "élections" not in text and "%C3%A9lections-2023/" in text, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "titel: x\n",
            [
                "site.yaml:1:1: error: unknown key 'titel' in site.yaml",
                "    hint: did you mean 'title'?",
            ],
        ),
        (
            "base_url: example.org\n",
            [
                "site.yaml:1:11: error: the address 'example.org' has no scheme",
                "    hint: did you mean https://example.org?",
            ],
        ),
        (
            "base_url: https://example.org/?x=1\n",
            [
                "site.yaml:1:11: error: base_url 'https://example.org/?x=1' has a query or "
                "fragment",
                "    hint: give the folder the site is served from, e.g. "
                "https://example.org/venezuela/",
            ],
        ),
        (
            "language: English\n",
            [
                "site.yaml:1:11: error: 'English' is not a language tag",
                "    hint: use a BCP 47 tag such as en, es or pt-BR",
            ],
        ),
        (
            "language: fr_FR.UTF-8\n",
            [
                "site.yaml:1:11: error: 'fr_FR.UTF-8' is a locale's name, not a language tag",
                "    hint: did you mean fr-FR?",
            ],
        ),
        (
            "title: [a]\n",
            [
                "site.yaml:1:8: error: 'title' must be text, not a list",
                "    hint: write one line of text, e.g. title: Venezuela 2019",
            ],
        ),
        (
            "title:\n",
            [
                "site.yaml:1:7: error: 'title' is empty",
                "    hint: write a value or remove the line",
            ],
        ),
        (
            "description: |\n  two\n  lines\n",
            [
                "site.yaml:1:14: error: 'description' must be one line of text",
                "    hint: join its lines into one",
            ],
        ),
        (
            "repository: git@github.com:owner/repo.git\n",
            [
                "site.yaml:1:13: error: 'repository' is git's ssh address, not a web address",
                "    hint: did you mean https://github.com/owner/repo?",
            ],
        ),
        (
            "title: a\ntitle: b\n",
            [
                "site.yaml:2:1: error: duplicate key 'title' (first given on line 1)",
                "    hint: remove one of the two 'title:' lines",
            ],
        ),
    ],
)
def test_bad_settings_are_positioned(
    site: Site, capsys: pytest.CaptureFixture[str], text: str, expected: list[str]
) -> None:
    site.add("site.yaml", text)
    assert site.run("check") == 1
    assert capsys.readouterr().out.splitlines()[: len(expected)] == expected


def test_site_yml_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.add("site.yml", "title: x\n")
    assert site.run("check") == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "site.yml:1:1: error: the settings file is site.yaml, not site.yml"
    )
