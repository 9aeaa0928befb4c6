"""README and --help stay true: every command, option, setting and field is documented."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import schema
from timeline.arguments import make_parser

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_readme_starts_with_the_two_setup_commands() -> None:
    commands = re.findall(r"^    (.+)$", README, flags=re.M)[:2]
    assert commands[0] == "pip install -e . && python build.py"
    assert commands[1].endswith(" && python -m pytest")


def test_ci_installs_what_the_readme_installs_then_runs_its_test_command() -> None:
    ci = (ROOT / ".ci/run").read_text()
    readme_test = re.findall(r"^    (.+)$", README, flags=re.M)[1]
    steps = readme_test.split(" && ")
    assert steps[0] == "apt-get install -y chromium default-jre-headless"
    assert "apt-get install -y -qq chromium default-jre-headless" in ci
    assert (
        "python3 -m pip install --quiet -e '.[test]'" in ci and "pip install -e '.[test]'" in steps
    )
    assert "npm ci --prefix tests/browser" in ci and "npm ci --prefix tests/browser" in steps
    assert ci.strip().endswith("python3 -m pytest") and steps[-1] == "python -m pytest"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    assert f"`{name}" in README
    for action in subcommands()[name]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"{name} {flag} is not documented in README.md"
                assert action.help, f"{name} {flag} has no --help text"


@pytest.mark.parametrize(
    ("table", "what"),
    [(schema.EVENT, "event"), (schema.SOURCE, "source"), (schema.MEDIA, "media"),
     (schema.CORRECTION, "correction"), (schema.SITE, "site.yaml")],
)  # fmt: skip
def test_every_field_is_in_the_readme(table: dict[str, schema.Field], what: str) -> None:
    for name in table:
        assert re.search(rf"(^|\s|`){name}(:|`)", README, flags=re.M), f"{what} key {name}"


def test_statuses_are_documented() -> None:
    assert " | ".join(schema.STATUSES) in README


def test_help_runs_for_every_command() -> None:
    for args in ([], *([name] for name in subcommands())):
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *args, "--help"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0
        assert "usage: timeline" in result.stdout


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_data_ships_the_theme_and_the_skeleton() -> None:
    """Every theme and skeleton file matches a package-data pattern, so wheels carry them."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["timeline"]
    package = ROOT / "timeline"
    for folder in ("theme", "skeleton"):
        for path in (package / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                rel = path.relative_to(package).as_posix()
                assert any(
                    fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns
                ), f"{rel} would be missing from the wheel"
    assert (package / "__init__.py").is_file()
