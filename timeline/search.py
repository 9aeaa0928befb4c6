"""Full-text search: Pagefind indexes the event pages of a staged build.

Pagefind (installed from the package index as `pagefind[bin]`) writes a static index
and its search interface into `pagefind/`; the search page loads them from the site's
own origin. Only event pages are indexed (they carry `data-pagefind-body`): titles,
summaries, places, actors, tags and source publishers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INDEX_DIR = "pagefind"


class SearchIndexError(Exception):
    """Pagefind is missing or failed (exit code 2)."""


def build_index(site: Path) -> None:
    if not any((site / "events").glob("*/index.html")):
        return  # no event pages yet: nothing to search (Pagefind refuses an empty site)
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site),
        "--output-subdir", INDEX_DIR,
        "--glob", "events/**/*.html",
        "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"cannot run Pagefind for the search index: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(
            f"Pagefind failed to build the search index ({detail[0]}); "
            "install it with: pip install 'pagefind[bin]'"
        )
