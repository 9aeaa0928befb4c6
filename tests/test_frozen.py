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
