"""The file that `draft` and `import` read, and messages that point into it.

A problem with the input itself is printed as `LABEL: error: message` and an indented
hint, where the label names the file or a place in it (`FILE:3`, `FILE: event 2`); the
exit code is 1. A problem with the command line or the system (no site, no such file)
is `timeline: error: message`, exit code 2.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import sys
from pathlib import Path


class InputError(Exception):
    """The command cannot go on: with a `label`, the input is at fault; without, the
    command line or the system."""

    def __init__(self, message: str, hint: str = "", label: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.label = label

    def report(self) -> int:
        """Print the error on standard error; the exit code."""
        if self.label:
            report(self.label, self.message, self.hint)
            return 1
        print(f"timeline: error: {self.message}", file=sys.stderr)
        return 2


def report(label: str, message: str, hint: str = "") -> None:
    print(f"{label}: error: {message}", file=sys.stderr)
    if hint:
        print(f"    hint: {hint}", file=sys.stderr)


def read_text(name: str, what: str, hint: str, *, declared_charset: bool = False) -> str:
    """The file's text in UTF-8 (a byte-order mark dropped), or in UTF-16 when its
    byte-order mark says so; with `declared_charset`, a file that is not UTF-8 may be in
    the charset it declares in its first 4 KB (HTML). `what` names the file in the error
    ("the article"), `hint` says how to fix it."""
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeDecodeError):  # Excel's "Unicode text", Notepad's
            return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = declared_charset and re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.I)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise InputError(
            f"{what} is not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start})",
            hint,
            label=name,
        ) from None
