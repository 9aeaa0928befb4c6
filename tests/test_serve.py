"""The dev server, for real over HTTP on 127.0.0.1: serve, rebuild, reload, errors."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Site, event_yaml
from timeline.problems import Position, Problem, Severity
from timeline.serve import EVENTS_PATH, DevServer, State, error_page
from timeline.site import SitePaths


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait(server: DevServer, after: int) -> dict:
    status, body = get(f"{server.url}__timeline/wait?after={after}&timeout=20")
    assert status == 200
    return json.loads(body)


@pytest.fixture
def served(site: Site) -> Iterator[tuple[Site, DevServer]]:
    site.event("2019-01-23-a", event_yaml(title="First title"))
    server = DevServer(SitePaths(site.root), site.out, port=0, log=lambda _: None)
    server.start()
    try:
        yield site, server
    finally:
        server.stop()


def test_serves_the_built_site_with_the_reload_script(served: tuple[Site, DevServer]) -> None:
    site, server = served
    assert server.url.startswith("http://127.0.0.1:")
    status, page = get(server.url)
    assert status == 200
    assert "First title" in page
    assert f'new EventSource("{EVENTS_PATH}")' in page
    assert "EventSource" not in (site.out / "index.html").read_text()  # only served pages
    css_path = re.search(r'href="(static/style\.[0-9a-f]+\.css)"', page).group(1)
    status, css = get(server.url + css_path)
    assert status == 200 and "EventSource" not in css
    status, missing = get(server.url + "no/such/page/")
    assert status == 404 and "Page not found" in missing


def test_rebuilds_use_the_build_cache_kept_in_memory(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import cache

    reads: list[Path] = []
    real = cache.load_cache
    monkeypatch.setattr(cache, "load_cache", lambda *args: reads.append(args[1]) or real(*args))
    site.event("2019-01-23-a", event_yaml(title="First title"))
    server = DevServer(SitePaths(site.root), site.out, port=0, log=lambda _: None)
    try:
        server.rebuild()
        for title in ("Second title", "Third title"):
            site.event("2019-01-23-a", event_yaml(title=title))
            server.rebuild()
            assert server.state.ok
        assert len(reads) == 1  # the first build's; the others' cache came from memory
        assert "Third title" in (site.out / "events/2019-01-23-a/index.html").read_text()
    finally:
        server.httpd.server_close()


def test_an_edit_rebuilds_and_a_waiting_client_sees_it(served: tuple[Site, DevServer]) -> None:
    site, server = served
    stream = urllib.request.urlopen(server.url + EVENTS_PATH.lstrip("/"), timeout=20)
    assert stream.readline() == b"data: 1\n"
    site.event("2019-01-23-a", event_yaml(title="Second title"))
    line = b""
    while not line.startswith(b"data:"):
        line = stream.readline()
    assert line == b"data: 2\n"
    stream.close()
    status, page = get(server.url + "events/2019-01-23-a/")
    assert status == 200 and "Second title" in page and "First title" not in page


def test_a_request_no_file_can_answer_is_refused_without_a_traceback(
    served: tuple[Site, DevServer], capfd: pytest.CaptureFixture[str]
) -> None:
    """A NUL in the path, or a long poll's number that is none: an HTTP error, not a
    traceback in the terminal and a connection closed without an answer."""
    _, server = served
    for path in ("%00", "static/a%00.css", "events/%00/"):
        assert get(server.url + path)[0] == 404
    for path in ("static/a%00.css", "a%00.html", ""):  # curl -I: HEAD, as for a GET
        head = urllib.request.Request(server.url + path, method="HEAD")
        try:
            status = urllib.request.urlopen(head, timeout=10).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == (200 if path == "" else 404), path
    assert get(server.url + "__timeline/wait?after=x")[0] == 400
    assert get(server.url + "__timeline/wait?after=5&timeout=nan")[0] == 200
    assert get(server.url)[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_broken_file_shows_its_problems_and_fixing_it_restores_the_site(
    served: tuple[Site, DevServer],
) -> None:
    site, server = served
    site.event("2019-01-24-b", "title: [unclosed\n")
    state = wait(server, 1)
    assert state["ok"] is False
    status, page = get(server.url)
    assert status == 500
    assert "<h1>Build failed</h1>" in page
    assert page.endswith("</script>\n</body></html>\n")  # the reload script inside <body>
    assert "events/2019-01-24-b.yaml:1:8" in page
    assert "hint: a &#x27;[&#x27; list is not closed" in page
    status, event_page = get(server.url + "events/2019-01-23-a/")
    assert status == 500 and "Build failed" in event_page
    (css,) = site.out.glob("static/style.*.css")
    assert get(server.url + "static/" + css.name)[0] == 200  # assets of the last good build
    assert (site.out / "events/2019-01-23-a/index.html").is_file()  # last good output kept
    site.event("2019-01-24-b", event_yaml(title="Fixed", date="2019-01-24"))
    state = wait(server, 2)
    assert state["ok"] is True
    status, page = get(server.url)
    assert status == 200 and "Fixed" in page and "Build failed" not in page


def test_a_burst_of_changes_is_one_rebuild(served: tuple[Site, DevServer]) -> None:
    site, server = served
    for n in range(5):
        site.event(f"2019-02-0{n + 1}-x{n}", event_yaml(date=f"2019-02-0{n + 1}"))
    state = wait(server, 1)
    assert state["version"] == 2
    time.sleep(1.0)  # longer than a poll and a settle: no second build follows
    assert server.state.version == 2
    _, page = get(server.url)
    assert page.count('class="event status-confirmed"') == 6


def start_serve(site: Site, **environ: str) -> subprocess.Popen[str]:
    """`timeline serve` on a free port, as a program of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "timeline.cli", "--root", str(site.root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **environ},
        # Ctrl-C as at a terminal, even when the tests themselves run as a background job
        # (whose shell ignores SIGINT, which Python then leaves ignored in its children).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def stops_cleanly_on_ctrl_c(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert out.strip() == "stopped"
    assert "Traceback" not in err


def test_serve_command_starts_and_stops_on_ctrl_c(site: Site) -> None:
    site.event("2019-01-23-a")
    process = start_serve(site)
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert lines[0].startswith("built 1 event in ")
        assert lines[1].startswith("serving http://127.0.0.1:")
        url = lines[1].split()[1]
        assert get(url)[0] == 200
        stops_cleanly_on_ctrl_c(process)
    finally:
        process.kill()


def test_ctrl_c_during_the_first_build_stops_cleanly(site: Site, tmp_path: Path) -> None:
    """The first build runs before the server's threads start (so it may fork its
    workers); Ctrl-C during it still stops the program at once and without a trace."""
    site.event("2019-01-23-a")
    started = tmp_path / "started"
    slow = tmp_path / "slow-pagefind"  # holds the first build in its search index
    slow.write_text(f"#!/bin/sh\ntouch {started}\nsleep 3\nexit 1\n")
    slow.chmod(0o755)
    process = start_serve(site, PAGEFIND_BINARY_PATH=str(slow))
    try:
        deadline = time.monotonic() + 20
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists()
        stops_cleanly_on_ctrl_c(process)
    finally:
        process.kill()
    assert not site.out.exists()  # the interrupted first build left nothing


def test_a_port_in_use_is_a_usage_error(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.event("2019-01-23-a")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert site.run("serve", "--port", str(port)) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["65536", "99999", "-5", "http"])
def test_a_port_that_is_no_port_is_a_usage_error(
    site: Site, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    site.event("2019-01-23-a")
    with pytest.raises(SystemExit) as exc:
        site.run("serve", "--port", port)
    assert exc.value.code == 2
    assert f"argument --port: invalid port value: '{port}'" in capsys.readouterr().err
    assert not site.out.exists()


@pytest.mark.parametrize("host", ["nonexistent.invalid", "192.0.2.1"])  # no name; not ours
def test_a_host_that_cannot_be_listened_on_names_the_host(
    site: Site, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    site.event("2019-01-23-a")
    assert site.run("serve", "--host", host, "--port", "0") == 2
    err = capsys.readouterr().err
    assert f"cannot listen on {host}:0" in err
    assert err.rstrip().endswith("choose another --host")


def test_not_a_site_is_refused_before_listening(tmp_path: Path) -> None:
    from timeline.cli import main

    assert main(["--root", str(tmp_path), "serve", "--port", "0"]) == 2


def test_a_failing_search_index_is_shown_and_serving_goes_on(
    served: tuple[Site, DevServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind failing is not a content problem, yet the server must not stop
    rebuilding: the page says what failed, and the next good build restores the site."""
    from timeline import search

    site, server = served

    def fails(folder: Path, bundle: Path) -> None:
        raise search.SearchIndexError("Pagefind failed to build the search index (planted)")

    monkeypatch.setattr(search, "build_index", fails)
    site.event("2019-01-23-a", event_yaml(title="Second title"))
    state = wait(server, 1)
    assert state["version"] == 2 and state["ok"] is False
    assert "(planted)" in state["summary"]
    status, page = get(server.url)
    assert status == 500 and "(planted)" in page and "Fix this, then save a file" in page
    monkeypatch.undo()
    site.event("2019-01-23-a", event_yaml(title="Third title"))
    state = wait(server, 2)
    assert state["version"] == 3 and state["ok"] is True
    status, page = get(server.url)
    assert status == 200 and "Third title" in page


def test_the_error_page_speaks_the_sites_language_but_the_problems_stay_english(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own words follow site.yaml's language; the problems are the command
    line's, in English, and marked so for screen readers."""
    from timeline import search

    site.add("site.yaml", "title: Crónica\nlanguage: es\n")
    site.event("2019-01-23-a", "title: [unclosed\n")
    site.event(
        "2019-01-24-b", event_yaml(date="2019-01-24").replace("    published: 2019-01-25\n", "")
    )
    server = DevServer(SitePaths(site.root), site.out, port=0, log=lambda _: None)
    try:
        server.rebuild()
        page = error_page(server.state)
        assert '<html lang="es">' in page and "<h1>No se pudo generar el sitio</h1>" in page
        assert (
            "<p>1 error, 1 advertencia. Corrija los archivos de abajo y guárdelos: esta página "
            "se recarga sola.</p>"
        ) in page
        where = "<li><code>events/2019-01-23-a.yaml:1:8</code>: "
        assert where + '<strong>error</strong>: <span lang="en">' in page
        assert '<small>sugerencia: <span lang="en">a &#x27;[&#x27; list is not closed' in page
        assert '<strong>advertencia</strong>: <span lang="en">the source has no' in page
        # What stopped a build that no problem explains, in German.
        site.add("site.yaml", "title: Chronik\nlanguage: de\n")
        site.event("2019-01-23-a", event_yaml())

        def fails(folder: Path, bundle: Path) -> None:
            raise search.SearchIndexError("Pagefind failed to build the search index (planted)")

        monkeypatch.setattr(search, "build_index", fails)
        server.rebuild()
        page = error_page(server.state)
        assert '<html lang="de">' in page
        assert "<h1>Die Website konnte nicht erstellt werden</h1>" in page
        assert (
            '<p lang="en">Pagefind failed to build the search index (planted)</p>\n'
            "<p>Beheben Sie das und speichern Sie eine Datei: Diese Seite lädt sich dann selbst "
            "neu.</p>"
        ) in page
    finally:
        server.httpd.server_close()


def test_the_error_page_groups_its_counts_and_is_english_where_the_site_is_not_translated() -> None:
    problems = [Problem(Position(f"events/{n}.yaml"), Severity.ERROR, "bad") for n in range(1234)]
    german = error_page(State(1, False, problems, language="de-AT"))
    assert "<p>1\u00a0234 Fehler. Korrigieren Sie" in german  # Austria's no-break space
    dutch = error_page(State(1, False, problems[:2], language="nl"))
    assert '<html lang="en">' in dutch and ' lang="en">' not in dutch.split("<head>", 1)[1]
    assert "<h1>Build failed</h1>" in dutch and "<p>2 errors. Fix the files below and save" in dutch
    assert "<strong>error</strong>: bad</li>" in dutch
