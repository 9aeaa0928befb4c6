"""The command line: output formats, exit codes, and no writing on check."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import SOURCE, Site, event_yaml
from timeline.problems import Position, Problem, Severity, format_github


@pytest.fixture
def bad_site(site: Site) -> Site:
    site.event("2019-01-23-a", event_yaml(extra="titel: x\n"))
    site.event("2019-01-24-b", "title: B\ndate: 2019-01-24\n" + "sources: []\n")
    return site


def test_check_writes_nothing(bad_site: Site) -> None:
    assert bad_site.run("check") == 1
    assert not bad_site.out.exists()
    assert sorted(p.name for p in bad_site.root.iterdir()) == ["events"]


def test_github_format(bad_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert bad_site.run("check", "--format", "github") == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=events/2019-01-23-a.yaml,line=4,col=1::unknown key 'titel' in an event "
        "file (hint: did you mean 'title'?)",
        "::warning file=events/2019-01-24-b.yaml,line=1,col=1::the event has no summary "
        "(hint: add 'summary:' in your own words)",
        "::error file=events/2019-01-24-b.yaml,line=3,col=10::'sources' is empty "
        "(hint: add at least one article that reports the event)",
    ]


def test_json_format(bad_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert bad_site.run("check", "--format", "json") == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems[0] == {
        "path": "events/2019-01-23-a.yaml",
        "line": 4,
        "col": 1,
        "severity": "error",
        "message": "unknown key 'titel' in an event file",
        "hint": "did you mean 'title'?",
    }
    assert [p["severity"] for p in problems] == ["error", "warning", "error"]


def test_text_format_lists_errors_before_warnings(
    bad_site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bad_site.run("check") == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in out if not line.startswith(("    ", "checked"))] == [
        "error",
        "error",
        "warning",
    ]
    assert out[-1] == "checked 2 event files: 2 errors, 1 warning"


def test_github_escapes_newlines_and_percent(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("a", event_yaml(extra="place: |\n  100%\n  two lines\n"))
    assert site.run("check", "--format", "github") == 1
    line = capsys.readouterr().out.strip()
    assert line == (
        "::error file=events/a.yaml,line=4,col=8::'place' must be one line "
        "(hint: remove the line breaks ('|' keeps them))"
    )


def test_github_workflow_command_escaping() -> None:
    problem = Problem(Position("a,b:c.yaml", 2, 3), Severity.ERROR, "50% off\nnext", "h")
    assert format_github([problem]) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=3::50%25 off%0Anext (hint: h)"
    )


def test_default_command_is_build(site: Site) -> None:
    site.event("2019-01-23-a")
    assert site.run() == 0
    assert (site.out / "index.html").is_file()


def test_unknown_option_is_a_usage_error(site: Site) -> None:
    with pytest.raises(SystemExit) as exc:
        site.run("build", "--nope")
    assert exc.value.code == 2


def test_quiet_build_prints_only_problems(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a", "title: A\ndate: 2019-01-23\n" + SOURCE)
    assert site.run("build", "--quiet") == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("events/2019-01-23-a.yaml:1:1: warning: the event has no summary")


def test_profile_prints_every_stage_in_order(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.event("2019-01-23-a")
    assert site.run("build", "--profile") == 0
    out = capsys.readouterr().out
    stages = re.findall(r"^  (\S.*?) +(\d+\.\d\d) s$", out, re.M)
    assert [name for name, _ in stages] == [
        "load and check", "plan pages", "render pages", "save events", "exports (rest)",
        "search index (rest)", "write", "draw plan", "save cache",
    ]  # fmt: skip
    total = float(re.search(r"in (\d+\.\d\d) s →", out).group(1))
    assert sum(float(seconds) for _, seconds in stages) <= total + 0.01 * len(stages)


def test_progress_shows_on_a_terminal_only(site: Site, tmp_path) -> None:
    import os
    import pty
    import subprocess
    import sys

    site.event("2019-01-23-a")
    command = [sys.executable, "-m", "timeline.cli", "--root", str(site.root), "build", "--clean"]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    leader, follower = pty.openpty()
    subprocess.run(command, stderr=follower, stdout=subprocess.DEVNULL, env=env, check=True)
    os.close(follower)
    shown = os.read(leader, 65536).decode()
    os.close(leader)
    assert "… render pages" in shown and "… write" in shown
    piped = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "…" not in piped.stderr


def test_a_reader_that_stops_reading_is_no_traceback(site: Site) -> None:
    """`check | head -1`: the pipe closes while problems are printed (BrokenPipeError)."""
    site.event("2019-01-23-a", event_yaml(extra="".join(f"key{i}: x\n" for i in range(2000))))
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline.cli", "--root", str(site.root), "check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as head does once it has its line
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=30) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err
