"""Build this chronology: `python build.py [COMMAND]` (see `python build.py --help`)."""

import sys

from timeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
