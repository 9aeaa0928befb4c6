"""Handing memory a build has let go of back to the system.

Python keeps the memory of the objects it frees for its next ones, and so does the C
library's allocator beneath it: a build that lets go of its events (6 KB each, 600 MB at 100,000)
would go on holding the pages they took. Where the C library can hand free pages back
(glibc's `malloc_trim`), a build asks it to once it has let go of much.
"""

from __future__ import annotations

import functools
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    import ctypes  # here: a build that does nothing never needs it

    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no C library to open this way (Windows)
        return None


def give_back() -> None:
    """Return the free pages of the C heap to the system, where the C library can (a
    few milliseconds; nothing elsewhere)."""
    trim = _trim()
    if trim is not None:
        trim(0)
