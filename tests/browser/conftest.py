"""Browser tests: the shipped site, built once, served on 127.0.0.1, read by Chromium.

Chromium is Debian's (`apt-get install chromium`, /usr/bin/chromium), driven by
Playwright; front-end tools come from tests/browser/package.json (`npm ci`).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from timeline.cli import main

ROOT = Path(__file__).parents[2]
NODE = Path(__file__).parent / "node_modules"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
TOOLS_PREFIX = "/__tools/"


class Handler(SimpleHTTPRequestHandler):
    """The built site at /, and the test tools (TimelineJS3's files) under /__tools/."""

    def __init__(self, *args, site: Path, **kwargs) -> None:
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        if path.startswith(TOOLS_PREFIX):
            rel = path[len(TOOLS_PREFIX) :].split("?", 1)[0]
            return str(NODE / rel)
        return super().translate_path(path)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # for this build only
    try:
        assert main(["--root", str(ROOT), "build", "--out", str(out)]) == 0
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, site=site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    )
    yield browser
    browser.close()


class Watched:
    """A page plus what it did that a reader should never see: errors, foreign requests."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        page.on("request", lambda r: self._request(r.url, origin))

    def _request(self, url: str, origin: str) -> None:
        if url.startswith(("http://", "https://")) and not url.startswith(origin):
            self.foreign.append(url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watched(page, base_url)
    yield watch
    context.close()
    assert watch.errors == [], "the page reported errors"
    assert watch.foreign == [], "the page loaded something from another origin"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
