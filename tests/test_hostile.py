"""Hostile event files, end to end through the command line.

Every attack is either refused with `path[:line:col]: error: message` and a hint,
or, for plain text that may legitimately contain '<', escaped in every page.
A failed build writes nothing.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SOURCE, Site, event_yaml

REPO = Path(__file__).resolve().parents[1]

URL_HINT = "link to the article's web address"
CHARS_HINT = "copy the address from the browser's address bar (it percent-encodes such characters)"
MEDIA_HINT = "put the picture in events/media/ and write src: media/NAME.jpg"
LINK_HINT = "replace the link with the file itself"
MARKDOWN_HINT = "write Markdown: **bold**, *italic*, [text](https://…), lists"


def check(site: Site, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = site.run("check")
    return code, capsys.readouterr().out.splitlines()


def failed_build(site: Site, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Build, expect a content failure that wrote nothing; return the stderr lines."""
    code = site.run("build")
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert not site.out.exists()
    assert not [
        p.name
        for p in site.root.iterdir()
        if p.name.startswith((".timeline-staging-", ".timeline-retired-"))
    ]
    return captured.err.splitlines()


def one_error(path: str, message: str, hint: str) -> list[str]:
    """The two report lines of one error; a problem with a whole file is placed at 1:1."""
    if not re.search(r":\d+:\d+$", path):
        path += ":1:1"
    return [f"{path}: error: {message}", f"    hint: {hint}"]


def source_event(url: str = "https://www.example.org/a/", archive: str | None = None) -> str:
    """An event whose one source has the given url (line 5, col 10) and archive (line 9)."""
    text = (
        "title: Something happened\n"
        "date: 2019-01-23\n"
        "summary: In our own words.\n"
        "sources:\n"
        f"  - url: {url}\n"
        "    title: An article\n"
        "    publisher: Example News\n"
        "    published: 2019-01-25\n"
    )
    if archive is not None:
        text += f"    archive: {archive}\n"
    return text


def media_event(src: str) -> str:
    """An event whose media src is on line 5, col 8."""
    return event_yaml(extra=f"media:\n  src: {src}\n  alt: A picture\n")


def summary_event(summary: str) -> str:
    """An event whose summary is a block scalar opened on line 3, col 10."""
    body = "".join(f"  {line}\n" for line in summary.splitlines())
    return f"title: Something happened\ndate: 2019-01-23\nsummary: |\n{body}{SOURCE}"


# -- XSS in URL fields and in the Markdown summary: refused -----------------------------------


URL_CASES = [
    pytest.param(
        source_event(url="javascript:alert(1)"), "5:10",
        "'url': links must start with http:// or https://, not 'javascript:'", URL_HINT,
        id="source-url-javascript",
    ),
    pytest.param(
        source_event(url="JaVaScRiPt:alert(document.domain)"), "5:10",
        "'url': links must start with http:// or https://, not 'javascript:'", URL_HINT,
        id="source-url-javascript-mixed-case",
    ),
    pytest.param(
        source_event(url="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="), "5:10",
        "'url': links must start with http:// or https://, not 'data:'", URL_HINT,
        id="source-url-data-base64",
    ),
    pytest.param(
        source_event(url="data:text/html,<script>alert(1)</script>"), "5:10",
        "'url': the address 'data:text/html,<script>alert(1)</script>' contains '<'", CHARS_HINT,
        id="source-url-data-html",
    ),
    pytest.param(
        source_event(url="https://user:pw@www.example.org/"), "5:10",
        "'url': the address 'https://user:pw@www.example.org/' carries a user name or password",
        "remove the part before '@'",
        id="source-url-credentials",
    ),
    pytest.param(
        source_event(url="https://user:pw@host/"), "5:10",
        "'url': the address 'https://user:pw@host/' carries a user name or password",
        "remove the part before '@'",
        id="source-url-credentials-bare-host",
    ),
    pytest.param(
        source_event(url="'https://www.example.org/\"><script>alert(1)</script>'"), "5:10",
        "'url': the address 'https://www.example.org/\"><script>alert(1)</script>' contains '\"'",
        CHARS_HINT,
        id="source-url-attribute-breakout",
    ),
    pytest.param(
        source_event(archive="javascript:alert(1)"), "9:14",
        "'archive': links must start with http:// or https://, not 'javascript:'", URL_HINT,
        id="archive-javascript",
    ),
    pytest.param(
        source_event(archive="data:text/html,hello"), "9:14",
        "'archive': links must start with http:// or https://, not 'data:'", URL_HINT,
        id="archive-data",
    ),
    pytest.param(
        source_event(archive="'https://web.archive.org/\" onmouseover=\"alert(1)'"), "9:14",
        "'archive': the address 'https://web.archive.org/\" onmouseover=\"alert(1)' "
        "contains '\"'",
        CHARS_HINT,
        id="archive-attribute-breakout",
    ),
    pytest.param(
        media_event("javascript:alert(1)"), "5:8",
        "'src': links must start with http:// or https://, not 'javascript:'", URL_HINT,
        id="media-src-javascript",
    ),
    pytest.param(
        media_event("javascript://www.example.org/%0Aalert(1)"), "5:8",
        "'src': links must start with http:// or https://, not 'javascript:'", URL_HINT,
        id="media-src-javascript-with-slashes",
    ),
    pytest.param(
        media_event("data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"), "5:8",
        "'src': links must start with http:// or https://, not 'data:'", URL_HINT,
        id="media-src-data",
    ),
    pytest.param(
        media_event("https://user:pw@www.example.org/x.jpg"), "5:8",
        "'src': the address 'https://user:pw@www.example.org/x.jpg' carries a user name or "
        "password",
        "remove the part before '@'",
        id="media-src-credentials",
    ),
    pytest.param(
        media_event("'https://www.example.org/x.jpg\" onerror=\"alert(1)'"), "5:8",
        "'src': the address 'https://www.example.org/x.jpg\" onerror=\"alert(1)' contains '\"'",
        CHARS_HINT,
        id="media-src-attribute-breakout",
    ),
    pytest.param(
        summary_event("Read [this](javascript:alert(1))."), "4:15",
        "a link in the summary: links must start with http:// or https://, not 'javascript:'",
        URL_HINT,
        id="summary-markdown-javascript-link",
    ),
    pytest.param(
        summary_event("Read [this](&#106;avascript:alert(1))."), "4:15",
        "a link in the summary: links must start with http:// or https://, not 'javascript:'",
        URL_HINT,
        id="summary-markdown-entity-encoded-link",
    ),
    pytest.param(
        summary_event("Read [this][1].\n\n[1]: data:text/html,hello"), "6:8",
        "a link in the summary: links must start with http:// or https://, not 'data:'",
        URL_HINT,
        id="summary-markdown-reference-data-link",
    ),
    pytest.param(
        summary_event("Hello <script>alert(1)</script> world."), "4:9",
        "the summary contains <script>, which is not allowed", MARKDOWN_HINT,
        id="summary-script",
    ),
    pytest.param(
        summary_event("Hello <img src=x onerror=alert(1)> world."), "4:9",
        "the summary contains <img>, which is not allowed",
        "pictures go in the 'media:' field, not in the summary",
        id="summary-img-onerror",
    ),
    pytest.param(
        summary_event('Read <a href="https://www.example.org/" onclick="alert(1)">this</a>.'),
        "4:43",
        "the summary's <a> has the attribute 'onclick', which is not allowed",
        "write Markdown instead of HTML",
        id="summary-a-onclick",
    ),
    pytest.param(
        summary_event("<svg/onload=alert(1)>"), "4:3",
        "the summary contains <svg>, which is not allowed", MARKDOWN_HINT,
        id="summary-svg-onload",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "where", "message", "hint"), URL_CASES)
def test_hostile_links_are_refused_by_check(
    site: Site, capsys: pytest.CaptureFixture[str], text: str, where: str, message: str, hint: str
) -> None:
    site.event("x", text)
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(f"events/x.yaml:{where}", message, hint),
        "checked 1 event file: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize(("text", "where", "message", "hint"), URL_CASES)
def test_hostile_links_fail_the_build_and_write_nothing(
    site: Site, capsys: pytest.CaptureFixture[str], text: str, where: str, message: str, hint: str
) -> None:
    site.event("x", text)
    assert failed_build(site, capsys) == [
        *one_error(f"events/x.yaml:{where}", message, hint),
        "build failed: 1 error; the previous output is untouched",
    ]


def test_summary_with_several_attacks_lists_each(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event(
        "x",
        summary_event(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> "
            "[x](javascript:alert(1)) <iframe src=https://www.example.org/></iframe>"
        ),
    )
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            "events/x.yaml:4:6", "the summary contains <script>, which is not allowed",
            MARKDOWN_HINT,
        ),
        *one_error(
            "events/x.yaml:4:32", "the summary contains <img>, which is not allowed",
            "pictures go in the 'media:' field, not in the summary",
        ),
        *one_error(
            "events/x.yaml:4:65",
            "a link in the summary: links must start with http:// or https://, not 'javascript:'",
            URL_HINT,
        ),
        *one_error(
            "events/x.yaml:4:86", "the summary contains <iframe>, which is not allowed",
            MARKDOWN_HINT,
        ),
        "checked 1 event file: 4 errors, 0 warnings",
    ]  # fmt: skip


def test_failed_build_leaves_the_previous_output_untouched(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-good")
    assert site.run("build") == 0
    before = {
        p.relative_to(site.out).as_posix(): p.read_bytes()
        for p in sorted(site.out.rglob("*"))
        if p.is_file()
    }
    site.event("2019-01-24-bad", source_event(url="javascript:alert(1)"))
    capsys.readouterr()
    assert site.run("build") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == one_error(
        "events/2019-01-24-bad.yaml:5:10",
        "'url': links must start with http:// or https://, not 'javascript:'",
        URL_HINT,
    )
    after = {
        p.relative_to(site.out).as_posix(): p.read_bytes()
        for p in sorted(site.out.rglob("*"))
        if p.is_file()
    }
    assert after == before
    assert "events/2019-01-24-bad/index.html" not in after


# -- XSS in plain-text fields: escaped, never executed -------------------------------------


URL_ATTRS = frozenset({"href", "src", "action", "formaction", "srcset", "cite", "poster", "data"})


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.bad_urls: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []  # attributes, content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in URL_ATTRS or name.endswith(":href"):
                squeezed = "".join(c for c in (value or "") if c > " ").lower()
                if squeezed.startswith(("javascript:", "data:", "vbscript:")):
                    self.bad_urls.append((tag, name, value or ""))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] == "script" and self.scripts:
            attrs, content = self.scripts[-1]
            self.scripts[-1] = (attrs, content + data)
            return
        self.text.append(data)

    def foreign_scripts(self) -> list[str]:
        """Scripts that are not ours: ours load from static/ or pagefind/, or are JSON-LD."""
        bad = []
        for attrs, content in self.scripts:
            src = attrs.get("src") or ""
            if src:
                ok = re.search(
                    r"(^|/)(static/[a-z]+\.[0-9a-f]{10}\.js|pagefind/pagefind-ui\.js)$", src
                )
                ok = ok and not content.strip()
            else:
                ok = attrs.get("type") == "application/ld+json" and "<" not in content
                ok = ok and isinstance(json.loads(content), dict)
            if not ok:
                bad.append(f"{attrs} {content[:80]}")
        return bad


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def yq(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


XSS = {
    "title": '<script>alert("title")</script><img src=x onerror=alert(1)>" onmouseover="alert(2)',
    "place": "<svg onload=alert(3)>\"'><script>alert(4)</script>",
    "claimed_by": "<script>alert(5)</script> ' onfocus='alert(6)",
    "tag1": "<script>alert(7)</script>",
    "tag2": '"><img src=x onerror=alert(8)>',
    "actor1": "<iframe src=javascript:alert(9)></iframe>",
    "actor2": "' autofocus onfocus='alert(10)",
    "source_title": "</a><script>alert(11)</script><a href=javascript:alert(12)>",
    "publisher": "<body onload=alert(13)>",
    "alt": '" onerror="alert(14)" x="',
    "caption": "<script>alert(15)</script>",
    "credit": "<img src=x onerror=alert(16)>",
    "note": '<script>alert(17)</script><a href="data:text/html,x">x</a>',
    "remote_alt": "<script>alert(18)</script>",
}


def hostile_event(media: str) -> str:
    return (
        f"title: {yq(XSS['title'])}\n"
        "date: 2019-01-23\n"
        f"place: {yq(XSS['place'])}\n"
        "summary: |\n"
        "  Text with `<script>alert(19)</script>` as code and {{ 7*7 }}.\n"
        "status: claimed\n"
        f"claimed_by: {yq(XSS['claimed_by'])}\n"
        "tags:\n"
        f"  - {yq(XSS['tag1'])}\n"
        f"  - {yq(XSS['tag2'])}\n"
        "actors:\n"
        f"  - {yq(XSS['actor1'])}\n"
        f"  - {yq(XSS['actor2'])}\n"
        f"{media}"
        "corrections:\n"
        "  - date: 2019-02-01\n"
        f"    note: {yq(XSS['note'])}\n"
        "sources:\n"
        "  - url: https://www.example.org/2019/01/25/article/\n"
        f"    title: {yq(XSS['source_title'])}\n"
        f"    publisher: {yq(XSS['publisher'])}\n"
        "    published: 2019-01-25\n"
    )


def test_plain_text_fields_are_escaped_in_every_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("events/media/pic.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    local = (
        "media:\n  src: media/pic.jpg\n"
        f"  alt: {yq(XSS['alt'])}\n  caption: {yq(XSS['caption'])}\n"
        f"  credit: {yq(XSS['credit'])}\n"
    )
    remote = (
        "media:\n  src: https://www.example.org/pic.jpg\n"
        f"  alt: {yq(XSS['remote_alt'])}\n  caption: {yq(XSS['caption'])}\n"
    )
    site.event("2019-01-23-local", hostile_event(local))
    site.event("2019-01-23-remote", hostile_event(remote))
    site.event("2019-01-24-curly", event_yaml(title="'{{ 7*7 }}'"))

    assert site.run("check") == 0
    assert site.run("build") == 0
    capsys.readouterr()

    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        found = scan(page)
        rel = page.relative_to(site.out).as_posix()
        assert found.foreign_scripts() == [], rel
        assert "iframe" not in found.tags, rel
        assert "svg" not in found.tags, rel
        assert found.handlers == [], rel
        assert found.bad_urls == [], rel
        assert "49" not in "".join(found.text), rel

    # the hostile text is shown to readers as the text it is
    for event_id in ("2019-01-23-local", "2019-01-23-remote"):
        text = "".join(scan(site.out / "events" / event_id / "index.html").text)
        for key in ("title", "place", "claimed_by", "tag1", "tag2", "actor1", "actor2",
                    "source_title", "publisher", "caption", "note"):  # fmt: skip
            assert XSS[key] in text, (event_id, key)
        assert "<script>alert(19)</script>" in text
    local_page = scan(site.out / "events" / "2019-01-23-local" / "index.html")
    assert XSS["credit"] in "".join(local_page.text)
    remote_page = "".join(scan(site.out / "events" / "2019-01-23-remote" / "index.html").text)
    assert XSS["remote_alt"] in remote_page

    # the alt text stays inside its attribute
    class _Imgs(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.imgs: list[dict[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img":
                self.imgs.append(dict(attrs))

    imgs = _Imgs()
    imgs.feed((site.out / "events" / "2019-01-23-local" / "index.html").read_text("utf-8"))
    assert imgs.imgs == [{"src": "../../media/pic.jpg", "alt": XSS["alt"], "loading": "lazy"}]

    curly = site.out / "events" / "2019-01-24-curly" / "index.html"
    assert "{{ 7*7 }}" in "".join(scan(curly).text)
    assert "{{ 7*7 }}" in (site.out / "index.html").read_text("utf-8")


# -- bad file names and path traversal ---------------------------------------------------------


ID_MESSAGE = (
    "the file name '{}' is not a valid id: use lowercase a-z, digits and single hyphens "
    "between them"
)


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        ("a..b", ID_MESSAGE.format("a..b"), "rename the file to a-b.yaml"),
        (".hidden", ID_MESSAGE.format(".hidden"), "rename the file to hidden.yaml"),
        ("..", ID_MESSAGE.format(".."), None),
        ("UPPER", ID_MESSAGE.format("UPPER"), "rename the file to upper.yaml"),
        ("with space", ID_MESSAGE.format("with space"), "rename the file to with-space.yaml"),
        ("ünicode", ID_MESSAGE.format("ünicode"), "rename the file to unicode.yaml"),
        ("a--b", ID_MESSAGE.format("a--b"), "rename the file to a-b.yaml"),
        ("-a", ID_MESSAGE.format("-a"), "rename the file to a.yaml"),
        ("a_b", ID_MESSAGE.format("a_b"), "rename the file to a-b.yaml"),
        ("事件", ID_MESSAGE.format("事件"), None),
        ("con", "'con' is a reserved device name on Windows and cannot be an id",
         "rename the file, e.g. to con-event.yaml"),
        ("lpt1", "'lpt1' is a reserved device name on Windows and cannot be an id",
         "rename the file, e.g. to lpt1-event.yaml"),
        ("a" * 81, "the id is 81 characters long; the limit is 80",
         "shorten the file name; it becomes the event's web address"),
    ],
)  # fmt: skip
def test_bad_file_names_are_refused(
    site: Site, capsys: pytest.CaptureFixture[str], name: str, message: str, hint: str | None
) -> None:
    site.add(f"events/{name}.yaml", event_yaml())
    code, lines = check(site, capsys)
    assert code == 1
    assert len(lines) == 3, lines
    assert lines[0] == f"events/{name}.yaml:1:1: error: {message}"
    # every problem comes with a hint, even when no id can be suggested
    assert lines[1].startswith("    hint: ") and lines[1] != "    hint: "
    if hint is not None:
        assert lines[1] == f"    hint: {hint}"
    assert lines[2] == "checked 1 event file: 1 error, 0 warnings"
    assert failed_build(site, capsys)[0] == lines[0]


def test_an_id_of_exactly_80_characters_is_fine(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add(f"events/{'a' * 80}.yaml", event_yaml())
    assert check(site, capsys) == (0, ["checked 1 event file: 0 errors, 0 warnings"])


def test_a_file_name_cannot_inject_lines_or_terminal_codes_into_the_report(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "x\n::error file=site.yaml,line=1::injected\x1b[2J"
    site.add(f"events/{name}.yaml", event_yaml())
    code, lines = check(site, capsys)
    assert code == 1
    assert lines[-1] == "checked 1 event file: 1 error, 0 warnings"
    for line in lines:
        assert line.startswith(("events/", "    hint: ", "checked ")), lines
        assert "\x1b" not in line, lines


def test_a_file_name_that_is_not_utf8_is_reported_without_a_crash(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    events = os.fsencode(site.root / "events")
    with open(events + b"/caf\xe9.yaml", "w", encoding="utf-8") as f:
        f.write(event_yaml())
    code, lines = check(site, capsys)
    assert code == 1
    assert lines[-1] == "checked 1 event file: 1 error, 0 warnings"
    assert len(lines) == 3, lines
    assert lines[0].startswith("events/caf")
    assert ".yaml:1:1: error: the file name 'caf" in lines[0]
    assert lines[1] == "    hint: rename the file to caf.yaml"


@pytest.mark.parametrize(
    ("extra", "where", "message", "hint"),
    [
        ("related: [../../etc/passwd]\n", "4:11", "'../../etc/passwd' is not an event id",
         "an id is a file name without .yaml, e.g. 2019-01-23-guaido-sworn-in"),
        ("related: [events/2019/x]\n", "4:11", "'events/2019/x' is not an event id",
         "an id is a file name without .yaml, e.g. 2019-01-23-guaido-sworn-in"),
        ("related:\n  - /etc/passwd\n", "5:5", "'/etc/passwd' is not an event id",
         "an id is a file name without .yaml, e.g. 2019-01-23-guaido-sworn-in"),
        ("related: [x]\n", "4:11", "an event cannot be related to itself", "remove this entry"),
        ("media:\n  src: ../../etc/passwd\n  alt: a\n", "5:8",
         "'src': '../../etc/passwd' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: media/../../x.jpg\n  alt: a\n", "5:8",
         "'src': 'media/../../x.jpg' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: /etc/passwd\n  alt: a\n", "5:8",
         "'src': '/etc/passwd' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: media/./pic.jpg\n  alt: a\n", "5:8",
         "'src': 'media/./pic.jpg' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: media//etc/pic.jpg\n  alt: a\n", "5:8",
         "'src': 'media//etc/pic.jpg' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: file:///etc/passwd\n  alt: a\n", "5:8",
         "'src': links must start with http:// or https://, not 'file:'", URL_HINT),
        ("media:\n  src: media/../x.yaml\n  alt: a\n", "5:8",
         "'src': 'media/../x.yaml' is not a path under events/media/", MEDIA_HINT),
        ("media:\n  src: media/pic.svg\n  alt: a\n", "5:8",
         "'src': 'media/pic.svg' is not a picture this site publishes",
         "use one of: .jpg, .jpeg, .png, .gif, .webp, .avif (SVG can carry scripts)"),
        ("media:\n  src: media/missing.jpg\n  alt: a\n", "5:8",
         "'src': events/media/missing.jpg does not exist (or is a link)", MEDIA_HINT),
    ],
)  # fmt: skip
def test_path_traversal_in_related_and_media_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], extra: str, where: str, message: str, hint: str
) -> None:
    site.add("events/media/pic.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    site.event("x", event_yaml(extra=extra))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(f"events/x.yaml:{where}", message, hint),
        "checked 1 event file: 1 error, 0 warnings",
    ]
    assert failed_build(site, capsys)[:2] == lines[:2]


def test_related_entry_that_is_not_an_id_has_a_hint(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("x", event_yaml(extra="related:\n  - path: ../../etc/passwd\n"))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines[0] == "events/x.yaml:5:5: error: each entry of 'related' must be an id"
    assert lines[1].startswith("    hint: ") and lines[1] != "    hint: "


def test_media_file_that_is_a_symlink_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"private")
    (site.root / "events" / "media").mkdir()
    (site.root / "events" / "media" / "pic.jpg").symlink_to(secret)
    site.event("x", media_event("media/pic.jpg"))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            "events/x.yaml:5:8", "'src': events/media/pic.jpg does not exist (or is a link)",
            MEDIA_HINT,
        ),
        "checked 1 event file: 1 error, 0 warnings",
    ]  # fmt: skip
    failed_build(site, capsys)


def test_media_folder_that_is_a_symlink_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"private")
    (site.root / "events" / "media").symlink_to(outside, target_is_directory=True)
    site.event("x", media_event("media/secret.jpg"))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines[:2] == one_error(
        "events/media", "symbolic links are not allowed in events/", LINK_HINT
    )
    assert failed_build(site, capsys)[:2] == lines[:2]


def test_a_symlinked_folder_inside_media_does_not_publish_outside_files(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"private")
    (site.root / "events" / "media").mkdir()
    (site.root / "events" / "media" / "linked").symlink_to(outside, target_is_directory=True)
    site.event("x", media_event("media/linked/secret.jpg"))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            "events/x.yaml:5:8",
            "'src': events/media/linked/secret.jpg does not exist (or is a link)",
            MEDIA_HINT,
        ),
        "checked 1 event file: 1 error, 0 warnings",
    ]
    site.run("build")
    capsys.readouterr()
    assert not (site.out / "media" / "linked" / "secret.jpg").exists()


def test_remote_media_with_an_upper_case_scheme_builds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    # check accepts the address (schemes are case-insensitive); build must agree with check
    site.event("x", media_event("HTTPS://www.example.org/pic.jpg"))
    assert check(site, capsys) == (0, ["checked 1 event file: 0 errors, 0 warnings"])
    code = site.run("build")
    captured = capsys.readouterr()
    assert "cannot write the site" not in captured.err
    assert code == 0
    page = scan(site.out / "events" / "x" / "index.html")
    assert "img" not in page.tags


def test_symlink_to_a_valid_event_file_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site.event("2019-01-23-real")
    outside = tmp_path / "outside.yaml"
    outside.write_text(event_yaml(), encoding="utf-8")
    (site.root / "events" / "2019-01-23-link.yaml").symlink_to("2019-01-23-real.yaml")
    (site.root / "events" / "2019-01-23-out.yaml").symlink_to(outside)
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            "events/2019-01-23-link.yaml", "symbolic links are not allowed in events/", LINK_HINT
        ),
        *one_error(
            "events/2019-01-23-out.yaml", "symbolic links are not allowed in events/", LINK_HINT
        ),
        "checked 1 event file: 2 errors, 0 warnings",
    ]
    assert failed_build(site, capsys)[:4] == lines[:4]


def test_symlink_to_a_directory_is_refused_and_not_followed(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2019-01-23-elsewhere.yaml").write_text("title: [broken\n", encoding="utf-8")
    site.event("2019-01-23-real")
    (site.root / "events" / "2019").symlink_to(outside, target_is_directory=True)
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error("events/2019", "symbolic links are not allowed in events/", LINK_HINT),
        "checked 1 event file: 1 error, 0 warnings",
    ]
    failed_build(site, capsys)


def test_a_symlink_in_templates_is_refused_and_publishes_nothing(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """templates/static → a folder elsewhere published all of it (a linked file in it was
    skipped without a word), and a linked template was rendered into every page."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("private")
    site.event("2019-01-23-real")
    (site.root / "templates").mkdir()
    (site.root / "templates" / "static").symlink_to(outside, target_is_directory=True)
    (site.root / "templates" / "base.html").symlink_to(outside / "secret.txt")
    lines = failed_build(site, capsys)
    assert lines == [
        *one_error("templates/base.html", "symbolic links are not allowed in templates/",
                   "replace the link with the file or folder itself"),
        *one_error("templates/static", "symbolic links are not allowed in templates/",
                   "replace the link with the file or folder itself"),
        "build failed: 2 errors; the previous output is untouched",
    ]  # fmt: skip


def test_a_list_past_its_limit_is_refused_before_it_makes_thousands_of_pages(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """One 53 KB file with 9,000 tags built 9,001 pages of 1 MB each (8.9 GB, 5 minutes):
    each tag's page shows the event with all its tags. The editor schema says so too."""
    from timeline.editor_schema import event_schema

    tags = ", ".join(f"t{i}" for i in range(31))
    site.event("2019-01-23-many", event_yaml(extra=f"tags: [{tags}]\n"))
    code, lines = check(site, capsys)
    assert code == 1
    assert lines[:2] == one_error(
        "events/2019-01-23-many.yaml:4:148",
        "'tags' has 31 entries; the limit is 30",
        "keep the ones that matter most",
    )
    site.event("2019-01-23-many", event_yaml(extra=f"tags: [{tags.rsplit(',', 1)[0]}]\n"))
    assert check(site, capsys)[0] == 0
    assert event_schema()["properties"]["tags"]["maxItems"] == 30


def test_a_tag_named_as_a_windows_device_gets_a_folder_windows_can_make(site: Site) -> None:
    """Ids may not be con, aux, nul…; a tag or an actor may ("con" is Spanish for
    "with", "aux" French for "to the"), and its page's folder (tags/con/) could not be
    made or checked out on Windows."""
    site.event("2019-01-23-a", event_yaml(extra="tags: [Con, aux]\nactors: [NUL]\n"))
    assert site.run("build") == 0
    names = {p.name for p in (site.out / "tags").iterdir()}
    names |= {p.name for p in (site.out / "actors").iterdir()}
    assert not names & {"con", "aux", "nul"}
    assert {n.split("-")[0] for n in names if "-" in n} == {"con", "aux", "nul"}


def test_dangling_symlink_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    (site.root / "events" / "x.yaml").symlink_to("/nonexistent/x.yaml")
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error("events/x.yaml", "symbolic links are not allowed in events/", LINK_HINT),
        "checked 0 event files: 1 error, 0 warnings",
    ]


def test_yml_extension_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.add("events/2019-01-23-x.yml", event_yaml())
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            "events/2019-01-23-x.yml", "event files end in .yaml, not .yml",
            "rename it to 2019-01-23-x.yaml",
        ),
        "checked 0 event files: 1 error, 0 warnings",
    ]  # fmt: skip
    failed_build(site, capsys)


@pytest.mark.parametrize("name", ["2019-01-23-x.YAML", "2019-01-23-x.Yml"])
def test_an_upper_case_extension_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    site.add(f"events/{name}", event_yaml())
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            f"events/{name}", "event files end in .yaml, in lower case",
            "rename it to 2019-01-23-x.yaml",
        ),
        "checked 0 event files: 1 error, 0 warnings",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["media/2019-01-23-x.yaml", "media/2019/x.yml"])
def test_an_event_file_among_the_pictures_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    site.event("2019-01-23-y")
    site.add(f"events/{name}", event_yaml())
    site.add("events/media/crowd.jpg", "not really a picture")
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error(
            f"events/{name}", "an event file in events/media/ is never read",
            "events/media/ holds pictures; move the event to events/YYYY/",
        ),
        "checked 1 event file: 1 error, 0 warnings",
    ]  # fmt: skip
    # named on its own, it is not "checked" as if it were an event
    assert site.run("check", f"events/{name}") == 1
    assert "is never read" in capsys.readouterr().out


def test_stray_text_file_is_a_warning(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-x")
    site.add("events/notes.txt", "remember to add sources\n")
    code, lines = check(site, capsys)
    assert code == 0
    assert lines == [
        "events/notes.txt:1:1: warning: not an event file (.yaml); it is ignored",
        "    hint: move it out of events/ (pictures go in events/media/)",
        "checked 1 event file: 0 errors, 1 warning",
    ]
    assert site.run("build") == 0
    assert not (site.out / "notes.txt").exists()


# -- alias bomb ------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _limit_memory() -> None:  # runs in the child before exec
    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def test_alias_bomb_is_stopped_at_its_first_anchor(site: Site) -> None:
    site.event("bomb", billion_laughs())
    code = "import sys; from timeline.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", code, "--root", str(site.root), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=REPO,
        preexec_fn=_limit_memory,
    )
    assert "MemoryError" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stdout.splitlines() == [
        *one_error(
            "events/bomb.yaml:1:4", "YAML anchor '&a' is not allowed",
            "write values out in full; anchors and aliases are refused",
        ),
        "checked 1 event file: 1 error, 0 warnings",
    ]  # fmt: skip


def test_alias_bomb_deeper_in_a_real_event_fails_the_build(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = billion_laughs().replace("a: &a", "tags: &a", 1).replace("\nb:", "\nactors:", 1)
    site.event("bomb", "title: t\ndate: 2019-01-23\n" + bomb)
    assert failed_build(site, capsys) == [
        *one_error(
            "events/bomb.yaml:3:7", "YAML anchor '&a' is not allowed",
            "write values out in full; anchors and aliases are refused",
        ),
        "build failed: 1 error; the previous output is untouched",
    ]  # fmt: skip


# -- duplicate ids ---------------------------------------------------------------------------


def test_duplicate_ids_in_two_folders_name_both_files(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("x", folder="events/2019")
    site.event("x", folder="events/2020")
    hint = "ids are unique across events/; rename one of the two files"
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        *one_error("events/2019/x.yaml", "the id 'x' is also used by events/2020/x.yaml", hint),
        *one_error("events/2020/x.yaml", "the id 'x' is already used by events/2019/x.yaml", hint),
        "checked 2 event files: 2 errors, 0 warnings",
    ]
    assert failed_build(site, capsys)[:4] == lines[:4]


def test_an_id_used_three_times_names_every_file(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("x")
    site.event("x", folder="events/2019")
    site.event("x", folder="events/2019/deep")
    hint = "    hint: ids are unique across events/; rename one of the two files"
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        "events/2019/deep/x.yaml:1:1: error: the id 'x' is also used by events/2019/x.yaml",
        hint,
        "events/2019/deep/x.yaml:1:1: error: the id 'x' is also used by events/x.yaml",
        hint,
        "events/2019/x.yaml:1:1: error: the id 'x' is already used by events/2019/deep/x.yaml",
        hint,
        "events/x.yaml:1:1: error: the id 'x' is already used by events/2019/deep/x.yaml",
        hint,
        "checked 3 event files: 4 errors, 0 warnings",
    ]


# -- one pass over a tree of bad files ------------------------------------------------------


def test_one_pass_reports_every_bad_file_sorted_by_path_then_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-good")
    site.add("events/a-tab.yaml", "title: x\ndate:\n\tyear: 2019\n")
    site.add(
        "events/b-many.yaml",
        "title: Fine\n"
        "date: 2019-02-30\n"
        "summary: <script>alert(1)</script>\n"
        "titel: again\n"
        "sources:\n"
        "  - url: javascript:alert(1)\n"
        "    title: t\n"
        "    publisher: p\n"
        "    published: 2019-13\n",
    )
    site.add("events/2019/c-anchor.yaml", "title: t\ndate: 2019\ntags: &t [a]\n")
    site.add("events/z-latin1.yaml", b"title: Guaid\xf3\n")
    site.add("events/UPPER.yaml", event_yaml())
    site.add("events/e-dup.yaml", "title: a\ntitle: b\ndate: 2019-01-23\nsummary: s\n" + SOURCE)
    code, lines = check(site, capsys)
    assert code == 1
    assert lines == [
        "events/2019/c-anchor.yaml:3:7: error: YAML anchor '&t' is not allowed",
        "    hint: write values out in full; anchors and aliases are refused",
        "events/UPPER.yaml:1:1: error: " + ID_MESSAGE.format("UPPER"),
        "    hint: rename the file to upper.yaml",
        "events/a-tab.yaml:3:1: error: YAML syntax error: found character that cannot start "
        "any token (while scanning for the next token)",
        "    hint: YAML indents with spaces, never tabs; '@' and '`' need quotes",
        "events/b-many.yaml:2:7: error: 'date': 2019-02-30 is not a real day — "
        "February 2019 has 28 days",
        "    hint: the last day of that month is 2019-02-28",
        "events/b-many.yaml:3:10: error: the summary contains <script>, which is not allowed",
        "    hint: " + MARKDOWN_HINT,
        "events/b-many.yaml:4:1: error: unknown key 'titel' in an event file",
        "    hint: did you mean 'title'?",
        "events/b-many.yaml:6:10: error: 'url': links must start with http:// or https://, "
        "not 'javascript:'",
        "    hint: " + URL_HINT,
        "events/b-many.yaml:9:16: error: 'published': month 13 does not exist — "
        "months run from 01 to 12",
        "    hint: the order is year-month-day: 2019-01-23",
        "events/e-dup.yaml:2:1: error: duplicate key 'title' (first given on line 1)",
        "    hint: remove one of the two 'title:' lines",
        "events/z-latin1.yaml:1:13: error: file is not valid UTF-8: byte 0xF3 at byte offset 12",
        "    hint: save the file as UTF-8; this byte looks like Latin-1 or Windows-1252 text",
        "checked 7 event files: 10 errors, 0 warnings",
    ]
    errors = [line for line in lines if ": error: " in line]
    keys = []
    for line in errors:
        head = line.split(": error: ")[0]
        path, _, rest = head.partition(".yaml")
        line_no = int(rest.split(":")[1]) if rest else 0
        keys.append((path + ".yaml", line_no))
    assert keys == sorted(keys)
    assert failed_build(site, capsys) == [
        *lines[:-1],
        "build failed: 10 errors; the previous output is untouched",
    ]
