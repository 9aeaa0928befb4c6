"""The contributor's tools: new, init, the editor schema and the repository workflow."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.conftest import SOURCE, Site, event_yaml
from timeline.arguments import make_parser
from timeline.cli import main
from timeline.editor_schema import SCHEMA_PATH, event_schema, render
from timeline.init import SKELETON
from timeline.problems import Problems
from timeline.scaffold import yaml_text
from timeline.yamlsafe import parse_text, plain

ROOT = Path(__file__).parents[1]


# -- new ------------------------------------------------------------------------------


def test_new_then_check_names_every_todo(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        site.run(
            "new",
            "--title",
            "Guaidó sworn in: interim president",
            "--date",
            "2019-01-23",
            "--source",
            "https://example.org/a",
            "--tag",
            "recognition",
            "--actor",
            "Juan Guaidó",
        )
        == 0
    )
    path = site.root / "events/2019/2019-01-23-guaido-sworn-in-interim-president.yaml"
    assert capsys.readouterr().out == (
        "wrote events/2019/2019-01-23-guaido-sworn-in-interim-president.yaml: "
        "fill in each TODO, then run check\n"
    )
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/event.schema.json\n")
    assert (site.root / SCHEMA_PATH).read_text() == render()
    assert site.run("check") == 1
    shown = "events/2019/2019-01-23-guaido-sworn-in-interim-president.yaml"
    assert capsys.readouterr().out.splitlines() == [
        f"{shown}:7:8: error: 'place' still says TODO",
        "    hint: replace it with where it happened, or delete the line",
        f"{shown}:8:10: error: 'summary' still says TODO",
        "    hint: replace it with what happened, in Markdown and your own words, or delete the "
        "line",
        f"{shown}:15:12: error: 'title' still says TODO",
        "    hint: replace it with the article's headline",
        f"{shown}:16:16: error: 'publisher' still says TODO",
        "    hint: replace it with who published it",
        f"{shown}:17:16: error: 'published' still says TODO",
        "    hint: replace it with the date it was published, e.g. 2019-01-25, or delete the line",
        "checked 1 event file: 5 errors, 0 warnings",
    ]
    filled = (
        text.replace("TODO where it happened", "Caracas")
        .replace("TODO what happened, in two or three sentences of your own words.", "He swore.")
        .replace("TODO the article's headline", "Leader sworn in")
        .replace("TODO who published it", "Example News")
        .replace("TODO YYYY-MM-DD", "2019-01-23")
    )
    path.write_text(filled)
    assert site.run("check") == 0
    assert site.run("build") == 0
    page = (site.out / "events/2019-01-23-guaido-sworn-in-interim-president/index.html").read_text()
    assert "Guaidó sworn in: interim president" in page


def test_new_without_source_leaves_the_url_to_fill(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert site.run("new", "--title", "A", "--date", "2019-01") == 0
    capsys.readouterr()
    assert site.run("check", "events/2019/2019-01-a.yaml") == 1
    out = capsys.readouterr().out
    assert "events/2019/2019-01-a.yaml:12:10: error: 'url' still says TODO" in out


def test_new_refuses_a_clash_and_never_overwrites(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-guaido-sworn-in", folder="events/elsewhere")
    before = (site.root / "events/elsewhere/2019-01-23-guaido-sworn-in.yaml").read_text()
    assert site.run("new", "--title", "Guaidó sworn in", "--date", "2019-01-23") == 1
    assert capsys.readouterr().err == (
        "timeline: error: the id 2019-01-23-guaido-sworn-in is already used by "
        "events/elsewhere/2019-01-23-guaido-sworn-in.yaml; give the event a more specific "
        "--title\n"
    )
    assert (site.root / "events/elsewhere/2019-01-23-guaido-sworn-in.yaml").read_text() == before
    assert not (site.root / "events/2019").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", "next week"],
            "timeline: error: --date: 'next week' is not a date (write YYYY, YYYY-MM or "
            "YYYY-MM-DD, e.g. 2019-01-23; relative dates such as 'next week' are never worked "
            "out)\n",
        ),
        (
            ["--date", "2019-01-23", "--source", "example.org/a"],
            "timeline: error: --source: the address 'example.org/a' has no scheme (did you mean "
            "https://example.org/a?)\n",
        ),
        # What the loader refuses, named by its option: the file would not pass check.
        (
            ["--date", "2019-01-23", "--tag", ""],
            "timeline: error: --tag: an entry of 'tags' is empty (fill it in or remove it)\n",
        ),
        (
            ["--date", "2019-01-23", "--actor", "!!!"],
            "timeline: error: --actor: the actor '!!!' has no letters or digits (use a word or "
            "a name)\n",
        ),
        (
            ["--date", "2019-01-23", "--tag", "élection", "--tag", "Election"],
            "timeline: error: --tag: the tag 'Election' is listed twice in 'tags' (first as "
            "'élection' on line 11) (remove one of them)\n",
        ),
    ],
)
def test_new_usage_errors(
    site: Site, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert site.run("new", "--title", "A", *args) == 2
    assert capsys.readouterr().err == message
    assert list((site.root / "events").iterdir()) == []


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "timeline: error: --title is empty: say in a few words what happened\n"),
        ("  ", "timeline: error: --title is empty: say in a few words what happened\n"),
        ("a\nb", "timeline: error: --title must be one line of text\n"),
    ],
)
def test_new_refuses_a_title_that_is_not_one_line(
    site: Site, capsys: pytest.CaptureFixture[str], title: str, message: str
) -> None:
    assert site.run("new", "--title", title, "--date", "2019-01-23") == 2
    assert capsys.readouterr().err == message
    assert list((site.root / "events").iterdir()) == []


def test_new_id_is_cut_at_a_word_within_80_characters(site: Site) -> None:
    title = "A very long title " * 8
    assert site.run("new", "--title", title, "--date", "2019-01-23T14:30-04:00") == 0
    (path,) = (site.root / "events/2019").iterdir()
    stem = path.name.removesuffix(".yaml")
    assert len(stem) <= 80
    assert stem.startswith("2019-01-23-a-very-long-title-a-very")
    assert not stem.endswith("-")


@settings(max_examples=200)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1))
def test_yaml_text_reads_back_as_the_same_text(value: str) -> None:
    for in_list in (False, True):
        written = yaml_text(value, in_list=in_list)
        doc = f"x: [{written}]\n" if in_list else f"x: {written}\n"
        try:
            node = parse_text(doc, "t.yaml", Problems())
        except Exception as exc:  # a control character our reader refuses anyway
            assert "control character" in str(exc) or "U+" in str(exc), exc
            continue
        data = plain(node)
        assert isinstance(data, dict)
        assert data["x"] == ([value] if in_list else value)


# -- init -----------------------------------------------------------------------------


def test_init_builds_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-chronology"
    assert main(["init", str(target)]) == 0
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert names == [
        ".github/ISSUE_TEMPLATE/correction.yml",
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".gitignore",
        "CONTRIBUTING.md",
        "README.md",
        "build.py",
        "events/2019/2019-02-edtf-published.yaml",
        "requirements.txt",
        "schema/event.schema.json",
        "site.yaml",
    ]
    assert (target / "templates").is_dir() and not any((target / "templates").iterdir())
    assert "title: My chronology\n" in (target / "site.yaml").read_text()
    assert "{title}" not in (target / "README.md").read_text()
    capsys.readouterr()
    assert main(["--root", str(target), "check"]) == 0
    assert capsys.readouterr().out == "checked 1 event file: 0 errors, 0 warnings\n"
    assert main(["--root", str(target), "build"]) == 0
    assert "EDTF, the date format" in (target / "output/index.html").read_text()


@pytest.mark.parametrize(
    "title", ["Ukraine: a chronology", "#1 news", "- dashes", "«Quoted» 'names'", "yes", "[x]"]
)
def test_init_takes_any_one_line_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    target = tmp_path / "site"
    assert main(["init", str(target), "--title", title]) == 0
    capsys.readouterr()
    assert main(["--root", str(target), "check"]) == 0
    assert capsys.readouterr().out == "checked 1 event file: 0 errors, 0 warnings\n"
    assert main(["--root", str(target), "build", "--quiet"]) == 0
    page = (target / "output/index.html").read_text()
    assert f"<title>{escape(title)}</title>" in page
    assert (target / "README.md").read_text().startswith(f"# {title}\n")


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "--title is empty"), (" ", "--title is empty"), ("a\nb", "must be one line")],
)
def test_init_refuses_a_title_that_is_not_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, message: str
) -> None:
    assert main(["init", str(tmp_path / "site"), "--title", title]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_init_refuses_a_non_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path), "--title", "X"]) == 2
    assert "exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_repository_files_match_the_skeleton() -> None:
    """This site's contributor docs are the ones every new site gets."""
    for ours, theirs in [
        ("CONTRIBUTING.md", "CONTRIBUTING.md"),
        (".github/PULL_REQUEST_TEMPLATE.md", "dot-github/PULL_REQUEST_TEMPLATE.md"),
        (".github/ISSUE_TEMPLATE/correction.yml", "dot-github/ISSUE_TEMPLATE/correction.yml"),
    ]:
        assert (ROOT / ours).read_text() == (SKELETON / theirs).read_text(), ours


# -- the editor schema ------------------------------------------------------------------


def test_committed_schema_is_current() -> None:
    assert (ROOT / SCHEMA_PATH).read_text() == render()
    jsonschema.Draft202012Validator.check_schema(event_schema())


def schema_errors(text: str) -> list[str]:
    data = plain(parse_text(text, "x.yaml", Problems()))
    validator = jsonschema.Draft202012Validator(event_schema())
    return [e.message for e in validator.iter_errors(data)]


def test_schema_accepts_every_shipped_event() -> None:
    files = sorted((ROOT / "events").rglob("*.yaml"))
    assert len(files) >= 12
    for path in files:
        assert schema_errors(path.read_text("utf-8")) == [], path


@pytest.mark.parametrize(
    "extra",
    [
        "titel: typo\n",
        "status: claimd\n",
        "status: claimed\n",
        "claimed_by: Reuters\n",
        "status: confirmed\nclaimed_by: Reuters\n",
        "tags: recognition\n",
        "related: [Not An Id]\n",
        "end: next week\n",
        "place: TODO\nmedia:\n  src: javascript:alert(1)\n  alt: x\n",
        "media:\n  src: media/x.svg\n  alt: x\n",
        "corrections:\n  - date: 2019-02\n    note: x\n",
    ],
)
def test_schema_and_checker_agree_on_bad_files(site: Site, extra: str) -> None:
    text = event_yaml(extra=extra)
    assert schema_errors(text), "the schema accepts what the checker refuses"
    site.event("2019-01-23-x", text)
    assert site.run("check") == 1


@pytest.mark.parametrize(
    "text",
    [
        "title: A\ndate: 2019-01-23\n",  # no sources
        "title: A\ndate: 2019-01-23\nsources: []\n",
        "title: [A]\ndate: 2019-01-23\n" + SOURCE,
        "title: A\ndate: 23/01/2019\n" + SOURCE,
        "title: A\ndate: 2019-01-23T14:30\n" + SOURCE,
        "title: A\ndate: 2019-01-23\nsources:\n  - url: ftp://example.org/a\n"
        "    title: T\n    publisher: P\n",
    ],
)
def test_schema_refuses_what_the_checker_refuses(site: Site, text: str) -> None:
    assert schema_errors(text)
    site.event("2019-01-23-x", text)
    assert site.run("check") == 1


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "end: 2019-01-25\nplace: Caracas\nstatus: claimed\nclaimed_by: Reuters\n",
        "status: disputed\nclaimed_by: The government\n",
        "tags: [a, b]\nactors: [Juan Guaidó]\n",
        "corrections:\n  - date: 2019-02-01\n    note: Fixed.\n",
    ],
)
def test_schema_and_checker_agree_on_good_files(site: Site, extra: str) -> None:
    text = event_yaml(extra=extra)
    assert schema_errors(text) == []
    site.event("2019-01-23-x", text)
    assert site.run("check") == 0


@pytest.mark.parametrize(
    "date",
    ["0000", "2019-00", "2019-13", "2019-01-00", "2019-01-32", "2019-01-23T24:00Z",
     "2019-01-23T12:60Z", "2019-01-23T12:30:60Z", "2019-01-23T12:30+14:30",
     "2019-01-23T12:30-12:30", "2019-01-23T12:30+03:60", "2019-01/2019-13"],
)  # fmt: skip
def test_schema_refuses_a_month_day_or_time_that_does_not_exist(site: Site, date: str) -> None:
    text = event_yaml(date=date, extra="corrections:\n  - date: 2019-02-01\n    note: x\n")
    assert schema_errors(text)
    site.event("2019-01-23-x", text)
    assert site.run("check") == 1
    day = event_yaml(extra=f"corrections:\n  - date: {date}\n    note: x\n")
    if len(date) == 10:  # a correction's date is a day
        assert schema_errors(day)


@pytest.mark.parametrize(
    "date",
    ["0001", "2019-12", "2019-12-31", "2019-01-23T23:59:59+14:00", "2019-01-23T00:00-12:00",
     "2019-01-23T05:30+05:45", "2019-01-23T14:30Z~", "2019-01-31/2019-02-01"],
)  # fmt: skip
def test_schema_takes_the_limits_of_each_part(site: Site, date: str) -> None:
    text = event_yaml(date=date)
    assert schema_errors(text) == []
    site.event("2019-01-23-x", text)
    assert site.run("check") == 0


class EditorYaml(yaml.SafeLoader):
    """YAML 1.2's core schema, as editors' YAML language servers read a file: `2019` is a
    number, `true` a boolean, `~` null, and `2019-01-23` or `12:30` stay text."""


EditorYaml.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+", "-+0123456789"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", "-+.0123456789"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
]:
    EditorYaml.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )
EditorYaml.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value))


def editor_errors(text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(event_schema())
    return [e.message for e in validator.iter_errors(yaml.load(text, EditorYaml))]


@pytest.mark.parametrize(
    "text",
    [
        event_yaml(date="2019"),
        event_yaml(date="0800"),
        event_yaml(title="1984"),
        event_yaml(title="true"),
        event_yaml(extra="place: 12\ntags: [2019, 1.5]\nactors: [false]\n"),
        event_yaml(extra="status: claimed\nclaimed_by: 1\n"),
        "title: A\ndate: 2019-01-23\nsources:\n  - url: https://example.org/a\n"
        "    title: 404\n    publisher: 7\n    published: 2019\n",
    ],
)
def test_the_editor_accepts_numbers_that_check_reads_as_text(site: Site, text: str) -> None:
    """`check` reads every value as text (`date: 2019` needs no quotes); an editor reads
    YAML 1.2, where such values are numbers or booleans, and must not flag them."""
    site.event("2019-01-23-x", text)
    assert site.run("check") == 0
    assert editor_errors(text) == []


@pytest.mark.parametrize(
    "text",
    [
        event_yaml(extra="place:\n"),
        event_yaml(date="2019-01-23T14:30"),
        event_yaml(extra="status: 1\n"),
        "title: A\ndate: 2019-01-23\nsources:\n  - url: 1\n    title: T\n    publisher: P\n",
    ],
)
def test_the_editor_still_refuses_what_check_refuses(site: Site, text: str) -> None:
    site.event("2019-01-23-x", text)
    assert site.run("check") == 1
    assert editor_errors(text)


@pytest.mark.parametrize("name", ["crowd photo.jpg", "a#1.PNG", "médïa/фото.Jpeg", "x.avif"])
def test_schema_and_checker_agree_on_picture_names(site: Site, name: str) -> None:
    site.add(f"events/media/{name}", "a picture")
    text = event_yaml(extra=f"media:\n  src: {yaml_text(f'media/{name}')}\n  alt: x\n")
    assert schema_errors(text) == []
    site.event("2019-01-23-x", text)
    assert site.run("check") == 0


# -- the workflows ------------------------------------------------------------------------


WORKFLOWS = sorted(
    [
        *(ROOT / ".github/workflows").glob("*.yml"),
        *(SKELETON / "dot-github/workflows").glob("*.yml"),
    ]
)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_workflows_parse_and_call_real_commands(path: Path) -> None:
    flow = yaml.safe_load(path.read_text())
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as True
    assert "pull_request_target" not in triggers
    assert flow["permissions"]["contents"] == "read"
    runs = [s["run"] for job in flow["jobs"].values() for s in job["steps"] if "run" in s]
    commands = [r for r in runs if r.startswith("python build.py")]
    assert commands
    for command in commands:
        words = shlex.split(command.replace("${{ steps.pages.outputs.base_url }}", "https://x.org"))
        make_parser().parse_args(words[2:])  # exits 2 on an unknown command or option


def test_pull_request_workflow_is_read_only_and_runs_check_github() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())
    assert flow[True] == {"pull_request": None, "push": {"branches": ["main"]}}
    assert flow["permissions"] == {"contents": "read"}
    runs = [s.get("run") for s in flow["jobs"]["check"]["steps"]]
    assert "python build.py check --format github" in runs
    assert "python -m pytest" in runs


def test_publish_workflow_deploys_output_with_the_pages_base_url() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    assert flow["permissions"]["pages"] == "write"
    steps = flow["jobs"]["build"]["steps"]
    assert any(
        s.get("run") == 'python build.py build --base-url "${{ steps.pages.outputs.base_url }}"'
        for s in steps
    )
    assert any(s.get("with", {}).get("path") == "output" for s in steps)
    assert json.dumps(flow["jobs"]["deploy"]).count("deploy-pages") == 1


def test_check_a_folder_and_report_only_its_files(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a", event_yaml(date="2019-02-30"), folder="events/2019")
    site.event("2020-01-23-b", event_yaml(date="2020-01-23"), folder="events/2020")
    assert site.run("check", "events/2020") == 0
    assert capsys.readouterr().out == "checked 1 event file: 0 errors, 0 warnings\n"
    assert site.run("check", "events/2019") == 1
    assert site.run("check", "elsewhere") == 2
    assert "elsewhere does not exist (check takes event files and folders under" in (
        capsys.readouterr().err
    )
    site.add("README.md", "# A site\n")
    assert site.run("check", "README.md") == 2
    assert "README.md is outside " in capsys.readouterr().err


def test_check_site_yaml_alone_reports_its_problems(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pull request that changes the settings can check them as it checks its events."""
    site.add("site.yaml", "title: T\nlanguge: fr\n")
    site.event("2019-01-23-a", event_yaml(date="2019-02-30"), folder="events/2019")
    assert site.run("check", "site.yaml") == 1
    out = capsys.readouterr().out
    assert out.startswith("site.yaml:2:1: error: unknown key 'languge' in site.yaml\n")
    assert "2019-02-30" not in out and out.endswith("checked site.yaml: 1 error, 0 warnings\n")
    assert site.run("check", "site.yaml", "events/2019") == 1
    assert capsys.readouterr().out.endswith(
        "checked site.yaml and 1 event file: 2 errors, 0 warnings\n"
    )


def test_check_of_files_in_an_events_folder_that_is_a_link_reports_their_problems(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """events/ kept elsewhere (another checkout) and linked into the site: the build and a
    whole check read it; `check FILE` named the file by where the link leads, which no
    problem's path is, and passed a broken file (exit 0)."""
    shared = tmp_path / "shared-events"
    shared.mkdir()
    (site.root / "events").rmdir()
    (site.root / "events").symlink_to(shared, target_is_directory=True)
    site.event("2019-01-23-a", event_yaml(date="2019-02-30"), folder="events/2019")
    site.event("2019-01-24-b", event_yaml(date="2019-01-24"), folder="events/2019")
    problem = "events/2019/2019-01-23-a.yaml:2:7: error: 'date': 2019-02-30 is not a real day"
    assert site.run("check") == 1 and problem in capsys.readouterr().out
    for named in ("events/2019/2019-01-23-a.yaml", "events/2019", "events"):
        assert site.run("check", named) == 1, named
        assert problem in capsys.readouterr().out, named
    assert site.run("check", "events/2019/2019-01-24-b.yaml") == 0
    assert capsys.readouterr().out == "checked 1 event file: 0 errors, 0 warnings\n"


def test_check_names_the_problems_of_every_file_it_is_given(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pull request's changed files, as CI lists them: a symbolic link, a .yml file or
    any other file, given alone or in a folder, gets the problem a whole check gives it."""
    site.event("2019-01-23-a", folder="events/2019")
    (site.root / "events/2019/2019-01-24-b.yaml").symlink_to("/etc/passwd")
    site.add("events/2019/2019-01-25-c.yml", event_yaml())
    for named in ("events/2019/2019-01-24-b.yaml", "events/2019"):
        assert site.run("check", named) == 1
        assert (
            "events/2019/2019-01-24-b.yaml:1:1: error: symbolic links are not allowed in events/"
            in capsys.readouterr().out
        )
    (site.root / "events/2019/2019-01-24-b.yaml").unlink()
    site.add("events/media/crowd.jpg", b"\xff\xd8")  # a picture is no event file
    assert site.run("check", "events") == 1
    assert capsys.readouterr().out.splitlines() == [
        "events/2019/2019-01-25-c.yml:1:1: error: event files end in .yaml, not .yml",
        "    hint: rename it to 2019-01-25-c.yaml",
        "checked 2 event files: 1 error, 0 warnings",
    ]


def test_new_with_a_title_in_another_script_gets_a_distinct_id(site: Site) -> None:
    assert site.run("new", "--title", "Путин звонит Мадуро", "--date", "2019-01-24") == 0
    assert site.run("new", "--title", "Лавров говорит", "--date", "2019-01-24") == 0
    names = sorted(p.name for p in (site.root / "events/2019").iterdir())
    assert len(names) == 2
    assert all(re.fullmatch(r"2019-01-24-event-[0-9a-f]{8}\.yaml", n) for n in names)
