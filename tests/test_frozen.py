from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from timeline.frozen import record
from timeline.problems import Position


@record
class _Point:
    x: int
    y: int = 0
    # derived: made again when unpickled, never pickled
    total: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.x + self.y)


@record
class _One:
    name: str


def test_a_record_is_frozen_slotted_and_pickled_by_its_fields() -> None:
    point = _Point(2, 3)
    assert not hasattr(point, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    assert point.__reduce__() == (_Point, (2, 3))
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(point, protocol=protocol))
        assert back == point and back.total == 5
    assert copy.copy(point) == point and copy.deepcopy(point).total == 5
    assert pickle.loads(pickle.dumps(_One("a"))) == _One("a")


def test_an_ordered_record_sorts_by_its_fields() -> None:
    positions = [Position("b.yaml", 1, 1), Position("a.yaml", 9, 2), Position("a.yaml", 9, 1)]
    assert sorted(positions) == [positions[2], positions[1], positions[0]]
    assert str(pickle.loads(pickle.dumps(positions[1]))) == "a.yaml:9:2"


def test_a_record_pickled_with_a_dictionary_of_fields_is_refused() -> None:
    """A pickle of the layout before records (a dictionary of fields, as in
    `Position("a.yaml", 3, 4)` pickled then) is refused, not read as wrong values."""
    old = (
        b"\x80\x05\x95K\x00\x00\x00\x00\x00\x00\x00\x8c\x11timeline.problems\x94\x8c\x08"
        b"Position\x94\x93\x94)\x81\x94}\x94(\x8c\x04path\x94\x8c\x06a.yaml\x94\x8c\x04"
        b"line\x94K\x03\x8c\x03col\x94K\x04ub."
    )
    with pytest.raises(TypeError, match="another version"):
        pickle.loads(old)
