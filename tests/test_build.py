"""Whole builds: golden output, reproducibility, atomicity, output safety, themes."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SOURCE, Site, event_yaml
from tests.refresh_golden import EXPECTED, SITE, build_golden, without_search_index
from timeline import pipeline, templating, write
from timeline.write import MANIFEST, is_plain, manifest_text


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_golden_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture site builds to the committed output; refresh: python -m tests.refresh_golden."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_golden(tmp_path / "out") == 0
    assert (tmp_path / "out/pagefind/pagefind-ui.js").is_file()
    without_search_index(tmp_path / "out")
    built, expected = tree_bytes(tmp_path / "out"), tree_bytes(EXPECTED)
    assert sorted(built) == sorted(expected)
    for name in expected:
        assert built[name] == expected[name], f"{name} differs from the golden copy"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Separate processes with different hash seeds and folders give the same bytes."""
    outs = []
    for seed in ("1", "2"):
        root = tmp_path / f"site{seed}"
        shutil.copytree(SITE, root)
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        subprocess.run(
            [sys.executable, "-m", "timeline.cli", "--root", str(root), "build", "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(tree_bytes(out))
    assert outs[0] == outs[1]
    assert len(outs[0]) > 10


def test_crlf_and_bom_give_identical_output(site: Site, tmp_path: Path) -> None:
    text = event_yaml(extra="tags: [crlf]\n")
    site.event("2019-01-23-a", text)
    assert site.run("build") == 0
    lf = tree_bytes(site.out)
    site.add("events/2019-01-23-a.yaml", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert site.run("build", "--clean") == 0
    assert tree_bytes(site.out) == lf


def test_failed_render_leaves_previous_output(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    site.event("2019-01-24-b", event_yaml(date="2019-01-24"))
    assert site.run("build") == 0
    before = tree_bytes(site.out)
    site.event("2019-01-25-c", event_yaml(title="New", date="2019-01-25"))

    real = write._create
    calls = {"n": 0}

    def failing_write(path: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(write, "_create", failing_write)
    assert site.run("build", "--clean") == 2
    assert capsys.readouterr().err.endswith(
        "timeline: error: cannot write the site: No space left on device\n"
    )  # not "[Errno 28] No space left on device"
    assert tree_bytes(site.out) == before
    leftovers = [
        p.name
        for p in site.root.iterdir()
        if p.name.startswith((".timeline-staging-", ".timeline-retired-"))
    ]
    assert leftovers == []


def test_content_error_writes_nothing(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    before = tree_bytes(site.out)
    site.event("2019-01-24-b", event_yaml(date="2019-02-30"))
    assert site.run("build") == 1
    err = capsys.readouterr().err
    assert "events/2019-01-24-b.yaml:2:7: error: 'date': 2019-02-30 is not a real day" in err
    assert "build failed: 1 error; the previous output is untouched" in err
    assert tree_bytes(site.out) == before


def test_interrupted_build_leftovers_are_swept(site: Site) -> None:
    site.event("2019-01-23-a")
    stale = site.root / ".timeline-staging-output-999999999"
    stale.mkdir(parents=True)
    (stale / "index.html").write_text("half")
    assert site.run("build") == 0
    assert not stale.exists()


@pytest.mark.parametrize("target", [".", "events", "templates", ".."])
def test_out_refuses_content_folders(
    site: Site, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    site.event("2019-01-23-a")
    (site.root / "templates").mkdir()
    out = (site.root / target).resolve()
    assert site.run("build", "--out", str(out)) == 2
    assert "refusing to write the site to" in capsys.readouterr().err
    assert (site.root / "events/2019-01-23-a.yaml").exists()


def test_out_refuses_foreign_non_empty_folder(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"precious")
    assert site.run("build", "--out", str(foreign)) == 2
    err = capsys.readouterr().err
    assert "the folder is not empty and was not made by timeline" in err
    assert (foreign / "holiday.jpg").read_bytes() == b"precious"
    assert sorted(p.name for p in foreign.iterdir()) == ["holiday.jpg"]


def test_out_under_a_file_names_the_file(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said: cannot write the site: [Errno 17] File exists: '…'."""
    site.event("2019-01-23-a")
    (tmp_path / "notes.txt").write_text("mine")
    assert site.run("build", "--out", str(tmp_path / "notes.txt/site")) == 2
    assert capsys.readouterr().err == (
        f"timeline: error: refusing to write the site to {tmp_path / 'notes.txt/site'}: "
        f"{tmp_path / 'notes.txt'} is a file\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_accepts_empty_and_previous_output(site: Site, tmp_path: Path) -> None:
    site.event("2019-01-23-a")
    out = tmp_path / "empty"
    out.mkdir()
    assert site.run("build", "--out", str(out)) == 0
    assert (out / MANIFEST).is_file()
    assert site.run("build", "--out", str(out)) == 0


def test_the_manifest_names_every_file_of_the_output_with_its_hash(site: Site) -> None:
    """The search bundles' files too, in their folders (each is moved into the output from
    where Pagefind wrote it)."""
    site.event("2019-01-23-a")
    site.event("2019-01-25-b", event_yaml(date="2019-01-25"))
    assert site.run("build") == 0
    listed = json.loads((site.out / MANIFEST).read_text())["files"]
    found = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in tree_bytes(site.out).items()
        if name != MANIFEST
    }
    assert listed == found
    assert any(name.startswith("pagefind/2019/fragment/") for name in listed)


def test_unchanged_files_keep_their_mtime_and_removed_pages_go(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a", event_yaml(title="First", extra="tags: [alpha]\n"))
    site.event("2019-01-24-b", event_yaml(title="Second", date="2019-01-24"))
    assert site.run("build") == 0
    (css,) = site.out.glob("static/style.*.css")
    os.utime(css, (1_000_000_000, 1_000_000_000))
    capsys.readouterr()
    (site.root / "events/2019-01-23-a.yaml").unlink()
    assert site.run("build") == 0
    line = capsys.readouterr().out
    assert css.stat().st_mtime == 1_000_000_000
    assert not (site.out / "events/2019-01-23-a").exists()
    assert not (site.out / "tags/alpha").exists()
    assert "removed in" in line and " 0 removed" not in line


def test_clean_rewrites_everything(site: Site) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    (css,) = site.out.glob("static/style.*.css")
    os.utime(css, (1_000_000_000, 1_000_000_000))
    assert site.run("build", "--clean") == 0
    assert css.stat().st_mtime != 1_000_000_000


def test_summary_line(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("built 1 event: ")
    assert " files written, 0 unchanged, 0 removed in " in out
    assert out.endswith(f" s → {site.out}")


def test_site_templates_override_the_theme_file_by_file(site: Site) -> None:
    site.event("2019-01-23-a")
    site.add(
        "templates/base.html",
        '<!DOCTYPE html><html lang="{{ site.language }}"><title>x</title>'
        "<body class=custom>{% block main %}{% endblock %}</body></html>",
    )
    site.add("templates/static/style.css", "body { color: red }")
    assert site.run("build") == 0
    index = (site.out / "index.html").read_text()
    assert "<body class=custom>" in index
    assert '<li class="event status-confirmed" id="2019-01-23-a"' in index  # theme's index.html
    (css,) = site.out.glob("static/style.*.css")
    assert css.read_text() == "body { color: red }"


def test_broken_site_template_is_a_positioned_content_error(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    site.add("templates/index.html", "{% extends 'base.html' %}\n{% block main %}\n{{ oops(\n")
    assert site.run("build") == 1
    err = capsys.readouterr().err
    assert "templates/index.html:3:1: error: template error: " in err
    assert not site.out.exists()


def test_undefined_name_in_template_is_an_error(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    site.add(
        "templates/404.html",
        "{% extends 'base.html' %}\n{% block main %}{{ nope }}{% endblock %}\n",
    )
    assert site.run("build") == 1
    assert "templates/404.html:2:1: error: template error: 'nope' is undefined" in (
        capsys.readouterr().err
    )


def test_autoescape_is_on_whatever_the_extension(site: Site) -> None:
    env = templating.make_environment(site.root / "templates")
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    site.add("templates/feed.xml", "{{ x }}")
    env = templating.make_environment(site.root / "templates")
    assert env.get_template("feed.xml").render(x="<b>") == "&lt;b&gt;"


def test_drafts_only_with_flag(site: Site) -> None:
    site.event("2019-01-23-a", event_yaml(extra="status: draft\n"))
    site.event("2019-01-24-b", event_yaml(date="2019-01-24"))
    assert site.run("build") == 0
    assert not (site.out / "events/2019-01-23-a").exists()
    assert site.run("build", "--drafts") == 0
    page = (site.out / "events/2019-01-23-a/index.html").read_text()
    assert "Draft, not published" in page


def test_published_event_cannot_relate_to_a_draft(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("a", event_yaml(extra="status: draft\n"))
    site.event("b", event_yaml(extra="related: [a]\n"))
    assert site.run("check") == 1
    assert "events/b.yaml:4:11: error: related event 'a' is a draft and is not published" in (
        capsys.readouterr().out
    )


def test_base_url_override_and_sub_path(site: Site) -> None:
    site.event("2019-01-23-a")
    assert site.run("build", "--base-url", "https://example.org/sub") == 0
    page = (site.out / "events/2019-01-23-a/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/sub/events/2019-01-23-a/">' in page
    assert '<link rel="stylesheet" href="/sub/static/style.' in (site.out / "404.html").read_text()


def test_bad_base_url_is_a_usage_error(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a")
    assert site.run("build", "--base-url", "example.org") == 2
    assert "did you mean https://example.org?" in capsys.readouterr().err


def test_site_without_site_yaml_builds_with_defaults(site: Site) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    index = (site.out / "index.html").read_text()
    assert "<title>Chronology</title>" in index
    assert '<html lang="en">' in index
    assert "canonical" not in index


def test_not_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from timeline.cli import main

    assert main(["--root", str(tmp_path), "build"]) == 2
    assert "has no events/ folder, so it is not a timeline site" in capsys.readouterr().err


def test_build_py_entry_point(tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(SITE, root)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parents[1] / "build.py"), "--root", str(root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 5 events: ")
    assert (root / "output/index.html").is_file()


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["build"], 1, "stderr", "build failed: 1 error"),  # the build's last line
        (["--help"], 0, "stdout", "usage:"),
        (["build", "--no-such-option"], 2, "stderr", "unrecognized arguments"),
    ],
)
def test_the_program_exits_with_the_commands_code_and_all_its_output(
    site: Site, args: list[str], code: int, stream: str, text: str
) -> None:
    """The program ends without tearing the interpreter down (cli.entry): its exit code
    and everything it printed must still come out."""
    site.event("2019-01-23-bad", event_yaml(date="2019-02-30"))
    result = subprocess.run(
        [sys.executable, "-m", "timeline.cli", "--root", str(site.root), *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == code, result.stderr
    assert text in getattr(result, stream)


def test_files_we_did_not_write_are_carried_over(site: Site, capsys) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    (site.out / "CNAME").write_text("chronology.example.org\n")
    (site.out / ".git").mkdir()
    (site.out / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site.out / "events/notes.txt").write_text("mine")
    assert site.run("build") == 0
    assert (site.out / "CNAME").read_text() == "chronology.example.org\n"
    assert (site.out / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site.out / "events/notes.txt").read_text() == "mine"
    assert " 0 removed " in capsys.readouterr().out.splitlines()[-1]


def test_a_file_of_ours_where_a_foreign_file_stands_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    (site.root / "events/2019-01-23-a.yaml").unlink()
    assert site.run("build") == 0  # the tags/ and event pages of a are gone
    (site.out / "events/2019-01-23-a").mkdir(parents=True)
    (site.out / "events/2019-01-23-a/index.html").write_text("my own page")
    site.event("2019-01-23-a")
    assert site.run("build") == 2
    assert "timeline did not write it and the new site has a file there" in (
        capsys.readouterr().err
    )
    assert (site.out / "events/2019-01-23-a/index.html").read_text() == "my own page"


@pytest.mark.parametrize(
    ("on_disk", "new", "refused"),
    [
        ({"a/b/old.html": "ours"}, "a/b/new.html", False),  # into a folder of ours
        ({"a/old.html": "ours"}, "a/c/d/new.html", False),  # new folders under ours
        ({"x/mine.txt": "theirs"}, "x/mine.txt", True),  # a file of the maintainer's
        ({"x/mine.txt": "theirs"}, "x", True),  # a folder of the maintainer's
        ({"x": "theirs"}, "x/new.html", True),  # their file where a folder goes
        ({"a/old.html": "ours"}, "a", False),  # a folder of ours, emptied for a file
        ({"a/old.html": "ours", "a/mine.txt": "theirs"}, "a/mine.txt", True),
    ],
)
def test_a_new_file_clashes_only_with_what_the_maintainer_keeps(
    tmp_path: Path, on_disk: dict[str, str], new: str, refused: bool
) -> None:
    for rel, text in on_disk.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    previous = {rel: "sha" for rel, text in on_disk.items() if text == "ours"}
    if refused:
        with pytest.raises(write.OutputRefused, match="timeline did not write it"):
            write._refuse_clashes(tmp_path, [new], previous)
    else:
        write._refuse_clashes(tmp_path, [new], previous)


def test_an_edited_output_file_is_rewritten(site: Site) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    index = site.out / "index.html"
    good = index.read_bytes()
    index.write_bytes(good.replace(b"Chronology", b"Chronolog!"))  # same size
    assert site.run("build") == 0
    assert index.read_bytes() == good


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"a.html": "1"},
        {"b/é.html": "2", 'q"\\uote/\n.txt': "3", "a.html": "1", "z": ""},
        {f"{n * 7919 % 10007}/é{n}.html": f"{n:x}" for n in range(10_000)},  # in parts
    ],
    ids=["empty", "one", "escapes", "many"],
)
def test_the_manifest_is_the_text_json_indents(files: dict[str, str]) -> None:
    expected = json.dumps({"generator": "timeline", "files": files}, indent=0, sort_keys=True)
    assert manifest_text(files) == expected + "\n"
    assert json.loads(manifest_text(files))["files"] == files


@pytest.mark.parametrize(
    ("rel", "plain"),
    [
        ("index.html", True), ("a/b/c.html", True), ("a/.well-known/x", True), ("..a/b..", True),
        ("", False), (".", False), ("..", False), ("../x", False), ("a/../x", False),
        ("a/..", False), ("./a", False), ("a/./b", False), ("/abs", False), ("a//b", False),
        ("a/", False), ("a\\b", False), ("a\0b", False),
    ],
)  # fmt: skip
def test_only_plain_paths_in_a_manifest_are_ours(rel: str, plain: bool) -> None:
    assert is_plain(rel) is plain


def test_output_that_is_a_symlink_is_refused(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    real = tmp_path / "real"
    real.mkdir()
    site.out.symlink_to(real)
    assert site.run("build") == 2
    assert "it is a symbolic link; name the real folder" in capsys.readouterr().err
    assert site.out.is_symlink() and list(real.iterdir()) == []


@pytest.mark.parametrize("inside", ["events/site", "templates/static/site"])
def test_output_inside_what_the_build_reads_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], inside: str
) -> None:
    site.event("2019-01-23-a")
    (site.root / "templates/static").mkdir(parents=True)
    assert site.run("build", "--out", str(site.root / inside)) == 2
    assert "which the build reads; choose a folder outside it" in capsys.readouterr().err
    assert not (site.root / inside).exists()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ count // 0 }}",
            "template error: ZeroDivisionError: integer division or modulo by zero",
        ),
        (
            "{{ 1 + 'x' }}",
            "template error: TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        ),
        ("{% include 'missing.html' %}", "template 'missing.html' was not found"),
    ],
)
def test_template_runtime_errors_are_positioned(
    site: Site, capsys: pytest.CaptureFixture[str], template: str, message: str
) -> None:
    site.event("2019-01-23-a")
    site.add(
        "templates/index.html",
        "{% extends 'base.html' %}\n{% block main %}\n" + template + "\n{% endblock %}\n",
    )
    assert site.run("build") == 1
    err = capsys.readouterr().err
    assert f"templates/index.html:3:1: error: {message}" in err
    assert "Traceback" not in err


def test_a_template_that_is_not_utf8_is_positioned(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    site.add("templates/404.html", b"<p>caf\xe9</p>\n")
    assert site.run("build") == 1
    assert (
        "templates/404.html:1:7: error: file is not valid UTF-8: byte 0xE9 at byte offset 6"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize("epoch", ["abc", "-5", "99999999999999"])
def test_bad_source_date_epoch_is_an_environment_error(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], epoch: str
) -> None:
    site.event("2019-01-23-a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert site.run("check") == 2
    assert f"SOURCE_DATE_EPOCH={epoch!r} is not a time" in capsys.readouterr().err


def test_very_long_actor_names_make_short_folder_names(site: Site) -> None:
    site.event("2019-01-23-a", event_yaml(extra=f"actors: [{'中' * 100}]\n"))
    assert site.run("build") == 0
    (folder,) = [p for p in (site.out / "actors").iterdir() if p.is_dir()]
    assert len(folder.name.encode()) <= 120
    assert (folder / "index.html").is_file()


def test_a_no_op_build_does_nothing_and_repeats_the_warnings(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.event("2019-01-23-a", "title: A\ndate: 2019-01-23\n" + SOURCE)  # no summary: a warning
    assert site.run("build") == 0
    first = capsys.readouterr()
    assert "warning: the event has no summary" in first.err
    before = tree_bytes(site.out)
    monkeypatch.setattr(pipeline, "run", pytest.fail)  # not even an incremental pass
    assert site.run("build") == 0
    second = capsys.readouterr()
    assert second.err == first.err  # the same warnings, from the remembered build
    assert " 0 files written, " in second.out
    assert tree_bytes(site.out) == before


def test_a_no_op_build_loads_none_of_the_libraries_a_build_reads_and_renders_with(
    site: Site,
) -> None:
    """The no-op is answered before YAML, Markdown, Jinja and the rest are imported (in a
    fresh interpreter, as `timeline build` runs): they took a third of its time."""
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    heavy = ("yaml", "markdown", "jinja2", "nh3", "importlib.metadata", "timeline.pipeline")
    script = (
        "import sys\nfrom timeline.cli import main\n"
        f"code = main(['--root', {str(site.root)!r}, 'build', '--quiet'])\n"
        f"print(code, sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert ran.stdout.split("\n")[-2] == "0 []", ran.stdout + ran.stderr


@pytest.mark.parametrize("change", ["time", "deleted"])
def test_an_output_file_changed_by_a_nanosecond_or_deleted_is_noticed(
    site: Site, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The no-op check compares each output file's size and time with the last build's
    record (build-*.json): a file whose time moved by 1 ns, or that is gone, means a
    build, which puts the file back."""
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    index = site.out / "index.html"
    good = index.read_bytes()
    if change == "time":
        st = index.stat()
        os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    else:
        index.unlink()
    runs: list[object] = []
    real = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda *a, **k: runs.append(real(*a, **k)))
    assert site.run("build") == 0
    assert len(runs) == 1 and index.read_bytes() == good


@pytest.mark.parametrize("change", ["edit event", "touch template", "edit output", "delete output"])
def test_any_change_rebuilds(site: Site, capsys: pytest.CaptureFixture[str], change: str) -> None:
    site.event("2019-01-23-a")
    assert site.run("build") == 0
    good = tree_bytes(site.out)
    if change == "edit event":
        site.event("2019-01-23-a", event_yaml(title="Renamed"))
    elif change == "touch template":
        site.add("templates/static/extra.css", "p { margin: 0 }")
    elif change == "edit output":
        (site.out / "index.html").write_text("defaced")
    else:
        (site.out / "index.html").unlink()
    capsys.readouterr()
    assert site.run("build") == 0
    assert " 0 files written, " not in capsys.readouterr().out
    rebuilt = tree_bytes(site.out)
    if change == "edit event":
        assert b"Renamed" in rebuilt["events/2019-01-23-a/index.html"]
    elif change == "touch template":
        assert any(name.startswith("static/extra.") for name in rebuilt)
    else:
        assert rebuilt == good


def test_a_title_edit_reaches_every_page_and_export_that_shows_it(
    site: Site, tmp_path: Path
) -> None:
    """An incremental build after an edit equals a cold build of the edited content."""
    for n, day in enumerate(("21", "22", "23")):
        site.event(
            f"2019-01-{day}-e{n}",
            event_yaml(title=f"Event {n}", date=f"2019-01-{day}",
                       extra="tags: [alpha]\nactors: [Someone]\n"),
        )  # fmt: skip
    assert site.run("build") == 0
    site.event(
        "2019-01-22-e1",
        event_yaml(title="Renamed middle", date="2019-01-22",
                   extra="tags: [alpha]\nactors: [Someone]\n"),
    )  # fmt: skip
    assert site.run("build") == 0
    incremental = tree_bytes(site.out)
    mentions = {name for name, data in incremental.items() if b"Renamed middle" in data}
    assert {
        "index.html", "events/2019-01-22-e1/index.html", "events/2019-01-21-e0/index.html",
        "events/2019-01-23-e2/index.html", "years/2019/index.html", "years/2019/01/index.html",
        "tags/alpha/index.html", "actors/someone/index.html", "feed.atom", "calendar.ics",
        "timeline.json", "timelinejs.json", "events.csv",
    } <= mentions  # fmt: skip
    assert not any(b"Event 1" in data for data in incremental.values())
    cold = tmp_path / "cold"
    assert site.run("build", "--out", str(cold)) == 0
    assert tree_bytes(cold) == incremental


def test_a_pagefind_failure_stops_the_build_and_keeps_the_output(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pagefind runs in a thread beside the exports: its failure still ends the build
    (exit code 2, its message shown) before anything is written."""
    from timeline import search

    site.event("2019-01-23-a", event_yaml(title="First title"))
    assert site.run("build") == 0
    before = tree_bytes(site.out)

    def fails(folder: Path, subdir: str) -> None:
        raise search.SearchIndexError("Pagefind failed to build the search index (boom)")

    monkeypatch.setattr(search, "build_index", fails)
    site.event("2019-01-23-a", event_yaml(title="Second title"))
    capsys.readouterr()
    assert site.run("build") == 2
    assert "Pagefind failed to build the search index (boom)" in capsys.readouterr().err
    assert tree_bytes(site.out) == before


def test_the_program_runs_with_its_output_closed(site: Site) -> None:
    """`timeline check >&-`: nothing to print to, yet the exit code is the command's."""
    site.event("2019-01-23-a", event_yaml())
    program = shlex.join([sys.executable, "-m", "timeline.cli", "--root", str(site.root)])
    command = f"{program} check >&-"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def pagefind_lookup() -> Iterator[None]:
    """Pagefind is looked up once per process: anew for the test, and after it."""
    from timeline import search

    search.pagefind_command.cache_clear()
    yield
    search.pagefind_command.cache_clear()


@pytest.mark.usefixtures("pagefind_lookup")
def test_pagefind_is_run_as_its_package_finds_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The binary is run directly, found as Pagefind's own package finds it, so
    $PAGEFIND_BINARY_PATH chooses it; a binary that fails stops the build (exit 2)."""

    calls = tmp_path / "calls"
    fake = tmp_path / "fake-pagefind"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {shlex.quote(str(calls))}\necho broken >&2\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    site.event("2019-01-23-a", event_yaml())
    assert site.run("build") == 2
    assert capsys.readouterr().err.endswith(  # it is installed: no advice to install it
        "timeline: error: Pagefind failed to build the search index (broken)\n"
    )
    assert "--site" in calls.read_text() and "--output-path" in calls.read_text()
    assert not site.out.exists()


@pytest.mark.usefixtures("pagefind_lookup")
def test_pagefind_outside_its_packages_is_found_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without its binary's packages, Pagefind is looked for on the PATH (the extended
    binary first), then run through `python -m pagefind`."""
    import importlib

    from timeline import search

    real = importlib.import_module

    def without_binaries(name: str, package: str | None = None) -> object:
        if name.startswith("pagefind_bin"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr(importlib, "import_module", without_binaries)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert search.pagefind_command() == (sys.executable, "-m", "pagefind")
    for name in ("pagefind", "pagefind_extended"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
        search.pagefind_command.cache_clear()
        assert search.pagefind_command() == (str(tmp_path / name),)


@pytest.mark.usefixtures("pagefind_lookup")
def test_a_folder_named_as_a_pagefind_package_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named `pagefind_bin_extended` where Python looks (imported as an empty
    namespace package) is not Pagefind's package: the plain binary's is used, as
    Pagefind's own lookup does."""
    import pagefind_bin

    from timeline import search

    (tmp_path / "pagefind_bin_extended").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "pagefind_bin_extended", raising=False)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert search.pagefind_command() == (str(pagefind_bin.get_executable()),)


@pytest.mark.usefixtures("pagefind_lookup")
def test_pagefind_without_its_binary_is_a_clear_error(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Pagefind package whose binary is missing (a broken install, another platform's
    wheel): exit 2 and a message saying so, not a traceback."""
    import pagefind_bin

    def missing() -> Path:
        raise FileNotFoundError("Could not find any of [pagefind_extended, pagefind]")

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)  # not installed
    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")  # `python -m` fails too
    site.event("2019-01-23-a", event_yaml())
    assert site.run("build") == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "timeline: error: cannot run Pagefind for the search index: /nonexistent/python: No "
        "such file or directory; install it with: pip install 'pagefind[bin]'\n"
    )
    assert not site.out.exists()


def shard_per_year(site: Site, monkeypatch: pytest.MonkeyPatch, years: range) -> None:
    from timeline import search

    monkeypatch.setattr(search, "SHARD_EVENTS", 1)  # each year its own shard
    for year in years:
        site.event(f"{year}-01-23-a", event_yaml(date=f"{year}-01-23"))


def test_search_keeps_at_most_one_copy_of_pages_per_worker(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind reads a copy of a shard's pages (hard links to them), made when it starts on
    the shard and removed when it is done: never one copy per shard of the chronology."""
    from timeline import search

    shard_per_year(site, monkeypatch, range(2001, 2013))
    copies: list[int] = []
    real = search.build_index

    def counting(folder: Path, bundle: Path) -> None:
        assert folder.name.startswith("pages-")
        pages = list(folder.rglob("*.html"))
        assert pages and all(page.stat().st_nlink == 2 for page in pages)  # no byte copied
        copies.append(len(list(folder.parent.glob("pages-*"))))
        real(folder, bundle)

    monkeypatch.setattr(search, "build_index", counting)
    assert site.run("build") == 0
    assert len(copies) == 12
    assert max(copies) <= (os.cpu_count() or 1), copies
    assert len(list((site.out / "pagefind").glob("*/pagefind.js"))) == 12
    assert not list(Path("/dev/shm").glob(f"{search._SCRATCH}{os.getpid()}-*"))


def test_a_pagefind_failure_stops_the_shards_after_it(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shard that fails ends the build at the next page, not after every other shard
    has been indexed; the copies are removed and the output is untouched."""
    import time

    from timeline import search

    shard_per_year(site, monkeypatch, range(2001, 2005))
    calls: list[str] = []

    def fails(folder: Path, bundle: Path) -> None:
        calls.append(bundle.name)
        raise search.SearchIndexError("Pagefind failed to build the search index (planted)")

    real_add = search.Indexer.add

    def slow_add(self: search.Indexer, name: str, found: dict) -> None:
        time.sleep(0.3)  # time for the first shard's failure to arrive
        real_add(self, name, found)

    monkeypatch.setattr(search, "build_index", fails)
    monkeypatch.setattr(search.Indexer, "add", slow_add)
    assert site.run("build") == 2
    assert "(planted)" in capsys.readouterr().err
    assert calls == ["pagefind-2001"]
    assert not site.out.exists()
    assert not list(Path("/dev/shm").glob(f"{search._SCRATCH}{os.getpid()}-*"))


def test_search_copies_go_beside_the_output_when_memory_is_full(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where the pages cannot be linked (another file system), they are copied, in memory;
    a container's /dev/shm may be tiny: when it is full the pages' copies go beside the
    output; when there is no room there either, a clear error (exit 2)."""
    import errno

    from timeline import search

    shard_per_year(site, monkeypatch, range(2001, 2004))
    links: list[str] = []

    def no_link(source: str, target: Path) -> None:
        links.append(source)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    real = shutil.copyfile
    full = ["/dev/shm/"]

    def copyfile(source: Path, target: Path) -> None:
        if any(str(target).startswith(prefix) for prefix in full):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target)

    monkeypatch.setattr(shutil, "copyfile", copyfile)
    assert site.run("build") == 0
    assert len(links) == 1  # tried once, then copied
    assert len(list((site.out / "pagefind").glob("*/pagefind.js"))) == 3
    leftovers = f"{search._SCRATCH}{os.getpid()}-*"
    assert not list(site.out.parent.glob(leftovers)) and not list(Path("/dev/shm").glob(leftovers))

    before = tree_bytes(site.out)
    full.append(str(site.out.parent))
    site.event("2003-01-23-a", event_yaml(title="Another title", date="2003-01-23"))
    capsys.readouterr()
    assert site.run("build") == 2
    err = capsys.readouterr().err
    assert "cannot copy the pages for the search index" in err and "No space left" in err
    assert tree_bytes(site.out) == before
    assert not list(site.out.parent.glob(leftovers)) and not list(Path("/dev/shm").glob(leftovers))


@pytest.mark.parametrize(
    ("day", "extra", "newest"),
    [
        ("2019-06-01", "", "2019-06-01"),  # the event's own date
        ("2019-01-23", "", "2019-01-25"),  # its source's publication date
        ("2019-01-23", "corrections:\n  - date: 2019-03-05\n    note: Fixed.\n", "2019-03-05"),
        (
            "2019-01-23",
            "sources:\n  - url: https://example.org/later\n    title: A later article\n"
            "    publisher: Example\n    published: 2019-04-02\n",
            "2019-04-02",
        ),
    ],
)
def test_exports_are_stamped_with_the_newest_date_in_the_content(
    site: Site, monkeypatch: pytest.MonkeyPatch, day: str, extra: str, newest: str
) -> None:
    """Without SOURCE_DATE_EPOCH, the exports' time is the newest date the events give,
    never the clock's."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    site.event("2019-01-10-earlier", event_yaml(date="2019-01-10"))
    text = event_yaml(date=day)
    if extra.startswith("sources:"):
        text = text.replace(SOURCE, extra)
    else:
        text = text.replace(SOURCE, extra + SOURCE)
    site.event(f"{day}-later", text)
    assert site.run("build", "--quiet") == 0
    feed = (site.out / "feed.atom").read_text()
    assert f"<updated>{newest}T00:00:00Z</updated>" in feed.split("<entry>")[0]


def test_foreign_entries_are_the_outermost_paths_no_build_wrote_in_order(tmp_path: Path) -> None:
    from timeline.write import foreign_entries

    out = tmp_path / "out"
    ours = {"index.html", "events/a/index.html", "events/b/index.html", "static/s.css"}
    mine = ["CNAME", "events/a/notes.txt", "events/z-mine/x/y.txt", "extra/deep/f.txt"]
    mine += ["static/Z.css", "static/a.css", "events/b/index.html.bak", "a-file"]
    for rel in [*ours, *mine, MANIFEST]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel)
    assert foreign_entries(out, ours) == [
        "CNAME", "a-file", "events/a/notes.txt", "events/b/index.html.bak", "events/z-mine",
        "extra", "static/Z.css", "static/a.css",
    ]  # fmt: skip
    assert foreign_entries(tmp_path / "none", ours) == []
