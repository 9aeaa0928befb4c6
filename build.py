"""Build the chronology: `python build.py [COMMAND]` (see `python build.py --help`)."""

from timeline.cli import entry

if __name__ == "__main__":
    entry()
