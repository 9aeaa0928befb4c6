"""`serve`: build, serve on localhost, rebuild on change, reload open tabs.

A watcher polls events/, templates/ and site.yaml, waits for a burst of changes
to settle, then rebuilds (incrementally: unchanged files are kept). Pages get a
small script that listens on an event stream and reloads when a build finishes.
When a build fails, every page shows its problems instead of a stale site, in the
site's language but for the problems themselves (English, as the command line gives
them); the last good output stays on disk and its assets stay served.
"""

from __future__ import annotations

import html
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from timeline.cache import Resident
from timeline.config import load_config
from timeline.locales import interface
from timeline.messages import grouped
from timeline.problems import Problem, Problems, format_text, os_error, plural
from timeline.site import SiteError, SitePaths, build
from timeline.write import OutputRefused

EVENTS_PATH = "/__timeline/events"
WAIT_PATH = "/__timeline/wait"
POLL_SECONDS = 0.25
SETTLE_SECONDS = 0.2

RELOAD_SCRIPT = """<script>
(() => {{
  const built = {version};
  const stream = new EventSource("{events}");
  stream.onmessage = (e) => {{ if (Number(e.data) !== built) location.reload(); }};
}})();
</script>
"""


# What the error page says, besides the problems (which stay English, as the command line
# gives them); each catalogue of timeline.locales translates it.
MESSAGES = (
    "Build failed",
    "%(num)d error",
    "%(num)d warning",
    "Fix the files below and save: this page reloads by itself.",
    "Fix this, then save a file: this page reloads by itself.",
    "error",
    "warning",
    "hint:",
)


@dataclass
class State:
    """What the last build left: its number, whether it worked, its problems, what stopped
    it when no problem explains it (`failure`), and the site's language."""

    version: int = 0
    ok: bool = False
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""
    failure: str = ""
    language: str = "en"


def site_language(paths: SitePaths) -> str:
    """The language site.yaml gives (what of it can be read: a failed build's may be
    wrong elsewhere), for the error page."""
    try:
        return load_config(paths.root, Problems()).language
    except OSError:
        return "en"


def snapshot(paths: SitePaths) -> dict[str, tuple[int, int]]:
    """Modification time and size of everything a build reads."""
    seen: dict[str, tuple[int, int]] = {}

    def walk(folder: Path) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            seen[entry.path] = (st.st_mtime_ns, st.st_size)
            if entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path))

    walk(paths.events)
    walk(paths.templates)
    config = paths.root / "site.yaml"
    if config.exists():
        st = config.stat()
        seen[str(config)] = (st.st_mtime_ns, st.st_size)
    return seen


class DevServer:
    def __init__(
        self,
        paths: SitePaths,
        out: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = False,
        log: Callable[[str], None] = print,
    ) -> None:
        self.paths = paths
        self.out = out
        self.drafts = drafts
        self.log = log
        self.state = State()
        self.resident = Resident()  # the build cache, from one build to the next
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        handler = partial(Handler, server_state=self)
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> None:
        started = time.perf_counter()
        failure = ""  # what stopped a build that no content problem explains
        try:
            result = build(
                self.paths, out=self.out, base_url="/", drafts=self.drafts, resident=self.resident
            )
            problems = result.problems.sorted()
            ok = result.stats is not None
        except OSError as exc:
            problems, ok, failure = [], False, f"cannot write the site: {os_error(exc)}"
        except (OutputRefused, SiteError) as exc:  # SearchIndexError is a SiteError
            problems, ok, failure = [], False, str(exc)
        errors = [p for p in problems if p.is_error]
        if ok:
            summary = (
                f"built {plural(result.events, 'event')} in {time.perf_counter() - started:.2f} s"
            )
        elif failure:
            self.log(f"timeline: error: {failure}")
            summary = f"build failed: {failure}"
        else:
            summary = f"build failed: {plural(len(errors), 'error')}; serving the problems"
        if problems:
            self.log(format_text(problems))
        self.log(summary)
        language = self.state.language if ok else site_language(self.paths)
        with self.changed:
            self.state = State(self.state.version + 1, ok, problems, summary, failure, language)
            self.changed.notify_all()

    def watch(self, last: dict[str, tuple[int, int]]) -> None:
        """Rebuild when anything differs from `last`, the state the previous build read."""
        while not self.stopping.wait(POLL_SECONDS):
            now = snapshot(self.paths)
            if now == last:
                continue
            while not self.stopping.wait(SETTLE_SECONDS):  # let a burst of saves finish
                settled = snapshot(self.paths)
                if settled == now:
                    break
                now = settled
            last = now
            if not self.stopping.is_set():
                self.rebuild()

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        before = snapshot(self.paths)  # taken first: a change during the build is seen
        # The first build, usually the largest, runs before any thread: a process with
        # threads must not fork, and this one may then read the files and make the
        # exports in processes of its own, like `build` (10k events: 17 s, not 23 s).
        # Later builds run beside the server's threads, in this process only. Browsers
        # that connect meanwhile wait for the server to answer.
        self.rebuild()
        server = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        server.start()
        self._threads.append(server)
        watcher = threading.Thread(target=self.watch, args=(before,), daemon=True)
        watcher.start()
        self._threads.append(watcher)

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self._threads:  # serving began (shutdown waits for a loop that never ran)
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait_for(self, version: int, timeout: float) -> State:
        """Block until a build newer than `version` finished (or timeout)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.state.version > version or self.stopping.is_set(), timeout
            )
            return self.state


class Handler(SimpleHTTPRequestHandler):
    """Static files from the output folder, plus the reload stream and error pages."""

    def __init__(self, *args, server_state: DevServer, **kwargs) -> None:
        self.dev = server_state
        super().__init__(*args, directory=str(server_state.out), **kwargs)

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: the build summary is what matters in the terminal

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if self.names_no_file(path):
            return self.send_error(HTTPStatus.NOT_FOUND)
        if path == EVENTS_PATH:
            return self.stream()
        if path == WAIT_PATH:
            return self.wait()
        state = self.dev.state
        if self.is_page(path):
            return self.page(path, state)
        return super().do_GET()

    def do_HEAD(self) -> None:  # curl -I
        if self.names_no_file(urlsplit(self.path).path):
            return self.send_error(HTTPStatus.NOT_FOUND)
        return super().do_HEAD()

    def names_no_file(self, path: str) -> bool:
        """A NUL in the path: no file's name has one (opening it would raise)."""
        return "\0" in unquote(path)

    def is_page(self, path: str) -> bool:
        return path.endswith("/") or path.endswith(".html")

    def page(self, path: str, state: State) -> None:
        script = RELOAD_SCRIPT.format(version=state.version, events=EVENTS_PATH)
        if not state.ok:
            return self.send_html(
                HTTPStatus.INTERNAL_SERVER_ERROR, inject(error_page(state), script)
            )
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            missing = Path(self.directory) / "404.html"
            body = missing.read_text("utf-8") if missing.is_file() else "Not found"
            return self.send_html(HTTPStatus.NOT_FOUND, inject(body, script))
        self.send_html(HTTPStatus.OK, inject(local.read_text("utf-8"), script))

    def send_html(self, status: HTTPStatus, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def stream(self) -> None:
        """Server-sent events: the build number now, then each new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = -1
        try:
            while not self.dev.stopping.is_set():
                state = self.dev.state
                if state.version != version:
                    version = state.version
                    self.wfile.write(f"data: {version}\n\n".encode())
                    self.wfile.flush()
                else:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                self.dev.wait_for(version, timeout=15)
        except (BrokenPipeError, ConnectionResetError):
            return

    def wait(self) -> None:
        """Long poll for tests and tools: ?after=N returns the state once build N+1 is done."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            after = int(query.get("after", ["-1"])[0])
            timeout = float(query.get("timeout", ["30"])[0])
        except ValueError:
            return self.send_error(HTTPStatus.BAD_REQUEST, "after and timeout are numbers")
        timeout = min(timeout, 60.0) if timeout >= 0 else 0.0  # NaN waits not at all
        state = self.dev.wait_for(after, timeout)
        body = {
            "version": state.version,
            "ok": state.ok,
            "summary": state.summary,
            "problems": [str(p.pos) + ": " + p.message for p in state.problems],
        }
        data = json.dumps(body).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def inject(page: str, script: str) -> str:
    marker = page.rfind("</body>")
    return page[:marker] + script + page[marker:] if marker >= 0 else page + script


def error_page(state: State) -> str:
    """The page every address shows while the last build failed: its words in the site's
    language; the problems as the command line gives them, in English (marked so)."""
    ui = interface(state.language)
    locale = ui.locale
    page_lang = locale.language if ui.foreign else ui.language
    mark = "" if page_lang.split("-")[0].lower() == "en" else ' lang="en"'
    say = locale.gettext

    def english(text: str, tag: str = "span") -> str:
        """Text of the command line's, escaped, marked as English on a page that is not (a
        span is left out when there is nothing to mark)."""
        if tag == "span" and not mark:
            return html.escape(text)
        return f"<{tag}{mark}>{html.escape(text)}</{tag}>"

    def count(singular: str, plural: str, n: int) -> str:
        values = {"num": n}
        return grouped(locale.ngettext(singular, plural, n), values, locale.number) % values

    items = "\n".join(
        f"<li><code>{html.escape(str(p.pos))}</code>: "
        f"<strong>{html.escape(say(p.severity.value))}</strong>: "
        f"{english(p.message)}"
        + (f"<br><small>{html.escape(say('hint:'))} {english(p.hint)}</small>" if p.hint else "")
        + "</li>"
        for p in state.problems
    )
    if state.failure:
        said = english(state.failure, "p") + "\n<p>"
        said += html.escape(say("Fix this, then save a file: this page reloads by itself."))
    else:
        errors = sum(p.is_error for p in state.problems)
        counts = [count("%(num)d error", "%(num)d errors", errors)]
        warnings = len(state.problems) - errors
        if warnings:
            counts.append(count("%(num)d warning", "%(num)d warnings", warnings))
        said = f"<p>{html.escape(', '.join(counts))}. "
        said += html.escape(say("Fix the files below and save: this page reloads by itself."))
    title = html.escape(say("Build failed"))
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(page_lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "padding:0 1rem}code{background:#eee;padding:0 .2rem}li{margin:.5rem 0}</style>"
        f"</head><body><h1>{title}</h1>\n{said}</p>\n"
        f'<ul class="problems">\n{items}\n</ul></body></html>\n'
    )
