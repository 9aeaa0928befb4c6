"""Rebuild the committed golden output: `python -m tests.refresh_golden`.

Review the diff (`git diff tests/golden/expected`) before committing it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from timeline.cli import main

GOLDEN = Path(__file__).parent / "golden"
SITE = GOLDEN / "site"
EXPECTED = GOLDEN / "expected"
EPOCH = "1700000000"


def build_golden(out: Path) -> int:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    return main(["--root", str(SITE), "build", "--out", str(out), "--clean"])


if __name__ == "__main__":
    shutil.rmtree(EXPECTED, ignore_errors=True)
    sys.exit(build_golden(EXPECTED))
