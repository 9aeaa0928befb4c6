"""The build cache's signed files: written as the pickle is made, never half-written,
and read back only with the signature of the user's key."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import cache as build_cache

KEY = bytes(range(32))


def test_a_signed_file_is_read_back_only_with_its_key_and_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    value = {"pages": {f"p/{n}/index.html": f"{n:064x}" for n in range(2000)}, "n": 3}
    build_cache._write_signed(path, KEY, value)
    assert build_cache._read_signed(path, KEY) == value
    assert build_cache._read_signed(path, bytes(32)) is None
    blob = path.read_bytes()
    for at in (0, 31, 32, len(blob) // 2, len(blob) - 1):  # the signature, then the pickle
        changed = bytearray(blob)
        changed[at] ^= 1
        path.write_bytes(bytes(changed))
        assert build_cache._read_signed(path, KEY) is None, at
    path.write_bytes(blob)
    assert build_cache._read_signed(path, KEY) == value


def test_a_signed_pickle_goes_to_the_file_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large value is never pickled whole in memory (the plan's pickle is 50 MB at
    100,000 events): the pickler writes it to the file a frame at a time."""
    parts: list[int] = []
    real = build_cache._Signing.write

    def counting(self: build_cache._Signing, data: bytes) -> int:
        parts.append(len(data))
        return real(self, data)

    monkeypatch.setattr(build_cache._Signing, "write", counting)
    path = tmp_path / "cache.pickle"
    value = [(f"events/{n}/index.html", n, f"{n:064x}") for n in range(100_000)]
    build_cache._write_signed(path, KEY, value)
    assert sum(parts) == path.stat().st_size - 32 > 8_000_000
    assert max(parts) < 1_000_000
    assert build_cache._read_signed(path, KEY) == value


def test_a_value_that_cannot_be_pickled_leaves_the_last_file(tmp_path: Path) -> None:
    """A pickle that fails part-way (after frames went to the file) leaves the file as it
    was, and no temporary file beside it."""
    path = tmp_path / "cache.pickle"
    build_cache._write_signed(path, KEY, {"kept": 1})
    failing = [f"{n:064x}" for n in range(100_000)] + [lambda: None]
    with pytest.raises((AttributeError, TypeError, build_cache.pickle.PicklingError)):
        build_cache._write_signed(path, KEY, failing)
    assert build_cache._read_signed(path, KEY) == {"kept": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["cache.pickle"]
