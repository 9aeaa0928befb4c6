"""Handing freed memory back to the system (timeline.memory)."""

from __future__ import annotations

import ctypes
import platform

import pytest

from timeline import memory


def test_glibc_is_asked_to_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    if platform.libc_ver()[0] != "glibc":
        pytest.fail("the project's machines run glibc: this test must run there")
    calls: list[int] = []
    memory._trim.cache_clear()
    monkeypatch.setattr(memory, "_trim", lambda: calls.append)
    memory.give_back()
    assert calls == [0]
    monkeypatch.undo()
    memory._trim.cache_clear()
    assert memory._trim() is not None  # glibc's malloc_trim, found
    memory.give_back()


def test_without_a_c_library_to_open_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(name: object) -> None:
        raise OSError("no such library")

    memory._trim.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", refused)
    try:
        assert memory._trim() is None
        memory.give_back()
    finally:
        memory._trim.cache_clear()
