"""Shared test helpers: each test writes its whole site inline in tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from timeline.cli import main

SOURCE = """\
sources:
  - url: https://www.example.org/2019/01/25/article/
    title: An article
    publisher: Example News
    published: 2019-01-25
"""


def event_yaml(title: str = "Something happened", date: str = "2019-01-23", extra: str = "") -> str:
    """A valid event file's text, with `extra` lines added before the sources."""
    body = f"title: {title}\ndate: {date}\nsummary: In our own words.\n"
    return body + textwrap.dedent(extra) + SOURCE


@pytest.fixture(autouse=True)
def own_user_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build cache's secret goes to a folder of the test run's, never to ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


class Site:
    """A site folder built up file by file: `site.add("events/x.yaml", text)`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "events").mkdir(parents=True, exist_ok=True)

    def add(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def event(self, event_id: str, text: str | None = None, folder: str = "events") -> Path:
        return self.add(f"{folder}/{event_id}.yaml", text if text is not None else event_yaml())

    def run(self, *args: str) -> int:
        return main(["--root", str(self.root), *args])

    @property
    def out(self) -> Path:
        return self.root / "output"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: fixed "today"
    return Site(tmp_path / "site")
