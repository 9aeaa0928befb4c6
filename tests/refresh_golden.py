"""Rebuild the committed golden output: `python -m tests.refresh_golden`.

Review the diff (`git diff tests/golden/expected`) before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from timeline.cli import main
from timeline.write import MANIFEST, manifest_text

GOLDEN = Path(__file__).parent / "golden"
SITE = GOLDEN / "site"
EXPECTED = GOLDEN / "expected"
EPOCH = "1700000000"


def build_golden(out: Path) -> int:
    """Build a copy of the fixture site, so no build state is left in the repository."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "site"
        shutil.copytree(SITE, root)
        return main(["--root", str(root), "build", "--out", str(out.absolute()), "--clean"])


def without_search_index(out: Path) -> None:
    """Drop Pagefind's files: their bytes belong to Pagefind's version, not to us.

    The browser tests check that search works; the golden copy pins what we write.
    """
    shutil.rmtree(out / "pagefind")
    files = json.loads((out / MANIFEST).read_text())["files"]
    kept = {k: v for k, v in files.items() if not k.startswith("pagefind/")}
    (out / MANIFEST).write_text(manifest_text(kept))


if __name__ == "__main__":
    shutil.rmtree(EXPECTED, ignore_errors=True)
    code = build_golden(EXPECTED)
    without_search_index(EXPECTED)
    sys.exit(code)
