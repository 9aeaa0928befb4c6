"""Handing freed memory back to the system (timeline.memory)."""

from __future__ import annotations

import ctypes
import platform

import pytest

from timeline import memory


def test_the_c_library_is_asked_to_trim_where_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc (the project's machines, CI included) has `malloc_trim`; other C libraries
    (macOS, musl) do not, and nothing is done there."""
    memory._trim.cache_clear()
    try:
        found = memory._trim()
        assert (found is not None) == (platform.libc_ver()[0] == "glibc")
        memory.give_back()
    finally:
        memory._trim.cache_clear()
    calls: list[int] = []
    monkeypatch.setattr(memory, "_trim", lambda: calls.append)
    memory.give_back()
    assert calls == [0]


@pytest.mark.parametrize("error", [OSError("no such library"), TypeError("not a path")])
def test_without_a_c_library_to_open_nothing_is_done(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """Windows' ctypes cannot open the process itself (`CDLL(None)` is a TypeError)."""

    def refused(name: object) -> None:
        raise error

    memory._trim.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", refused)
    try:
        assert memory._trim() is None
        memory.give_back()
    finally:
        memory._trim.cache_clear()
