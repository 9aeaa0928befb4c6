"""site.yaml → SiteConfig: checked like events, with a documented default for every key."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from timeline import schema
from timeline.locales import CATALOGUES, catalogue
from timeline.markup import check_url
from timeline.problems import Position, Problems
from timeline.site import CONFIG_FILE
from timeline.yamlsafe import YamlError, YScalar, read_yaml_file

_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
_SCP_ADDRESS = re.compile(r"[\w.-]+@(?P<host>[\w.-]+):(?!//)(?P<path>[^\s]+)")  # git@host:o/r.git


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Chronology"
    description: str = ""
    base_url: str = "/"  # "/" or an absolute http(s) URL ending in "/"
    language: str = "en"
    repository: str = ""
    branch: str = "main"

    @property
    def absolute(self) -> bool:
        return self.base_url != "/"

    def with_base_url(self, value: str) -> SiteConfig:
        """Override base_url (from the command line); raises ValueError with the reason."""
        found = base_url_problem(value)
        if found:
            raise ValueError(f"{found[0]} ({found[1]})")
        return replace(self, base_url=normalise_base_url(value))


def normalise_base_url(value: str) -> str:
    """The address as a URI, ending in '/': a host in other letters than ASCII's in its
    IDNA form and such letters in the path percent-encoded, as the pages' paths are, so
    that the addresses made from it (the sitemap's, the calendar's) are valid URIs."""
    parts = urlsplit(value if value.endswith("/") else value + "/")
    netloc = parts.netloc
    if not netloc.isascii():  # check_url allowed it: a host and maybe a port, no user
        host, port = parts.hostname or "", parts.port
        netloc = host.encode("idna").decode("ascii") + ("" if port is None else f":{port}")
    path = quote(parts.path, safe="/%!$&'()*+,;=:@")
    return urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))


def base_url_problem(value: str) -> tuple[str, str] | None:
    if value == "/":
        return None
    if value.startswith("/"):
        return (
            f"base_url '{value}' is a path, not an address",
            "give the full public address, e.g. https://example.org/venezuela/ (links inside "
            "the site are relative and work under any path)",
        )
    found = check_url(value)
    if found:
        hint = (
            found[1]
            if found[1].startswith("did you mean")
            else ("give the full address the site is served from, e.g. https://example.org/")
        )
        return found[0], hint
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        return (
            f"base_url '{value}' has a query or fragment",
            "give the folder the site is served from, e.g. https://example.org/venezuela/",
        )
    return None


def load_config(root: Path, problems: Problems) -> SiteConfig:
    path = root / CONFIG_FILE
    if (root / "site.yml").exists():
        problems.error(
            Position("site.yml"), "the settings file is site.yaml, not site.yml", "rename it"
        )
    if not path.exists():
        return SiteConfig()
    mine = Problems()
    try:
        node = read_yaml_file(path, CONFIG_FILE, mine, max_depth=2)
    except YamlError as exc:
        if exc.message != "file is empty":  # only comments, or nothing: all defaults
            problems.error(exc.pos, exc.message, exc.hint)
        return SiteConfig()
    given = schema.check_mapping(node, schema.SITE, mine, "site.yaml") or {}
    values: dict[str, str] = {}
    for key, value in given.items():
        assert isinstance(value, YScalar)
        text = value.value.strip()
        if not text:
            mine.error(value.pos, f"'{key}' is empty", "write a value or remove the line")
            continue
        if "\n" in text:
            mine.error(value.pos, f"'{key}' must be one line of text", "join its lines into one")
            continue
        found = setting_problem(key, text)
        if found:
            mine.error(value.pos, found[0], found[1])
            continue
        values[key] = text
        if key == "language" and catalogue(text) is None:
            mine.warning(value.pos, *untranslated(text))
    problems.extend(mine)
    if "base_url" in values:
        values["base_url"] = normalise_base_url(values["base_url"])
    if "repository" in values:  # the web address, as edit links need it
        values["repository"] = values["repository"].rstrip("/").removesuffix(".git")
    return SiteConfig(**values)


def untranslated(language: str) -> tuple[str, str]:
    """The warning for a language the built-in interface does not speak, and its hint."""
    *others, last = sorted(("en", *CATALOGUES))
    known = f"{', '.join(others)} and {last}"
    return (
        f"the built-in interface has no translation into '{language}': its text and dates "
        'stay in English (marked lang="en" in the pages)',
        f"the interface speaks {known}; translate the text of your templates/ "
        "(README: Templates), or add a catalogue to timeline/locales/",
    )


def setting_problem(key: str, text: str) -> tuple[str, str] | None:
    if key == "base_url":
        return base_url_problem(text)
    if key == "repository":
        scp = _SCP_ADDRESS.fullmatch(text)
        if scp:  # how git names a repository over ssh: not a web address
            web = f"https://{scp['host']}/{scp['path'].removesuffix('.git')}"
            return "'repository' is git's ssh address, not a web address", f"did you mean {web}?"
        found = check_url(text)
        return (f"'repository': {found[0]}", found[1]) if found else None
    if key == "language" and not _LANGUAGE.fullmatch(text):
        tag = text.replace("_", "-").split(".")[0]  # a locale's name: fr_FR, es_ES.UTF-8
        if _LANGUAGE.fullmatch(tag):
            return f"'{text}' is a locale's name, not a language tag", f"did you mean {tag}?"
        return f"'{text}' is not a language tag", "use a BCP 47 tag such as en, es or pt-BR"
    if key == "branch" and not re.fullmatch(r"[A-Za-z0-9._/-]+", text):
        return f"'{text}' is not a branch name", "e.g. main"
    return None
