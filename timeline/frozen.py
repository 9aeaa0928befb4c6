"""Frozen records: dataclasses with slots, pickled as a call of the class with its fields.

An event holds some twenty of them (positions, dates, sources), and a build holds every
event. With slots each takes its fields and no dictionary: an event in memory fell from
8.2 to 6.0 KB (a cold build of 100,000 events peaked at 1,832 MiB instead of 2,120). The
dataclasses module pickles a frozen class with slots by setting each slot in Python,
field by field; a call of the class with its fields in order is a little slower to
unpickle than the dictionary was (25 µs an event against 18) and faster to pickle (14
against 19). So a record's fields are positional (no `kw_only`, no `InitVar`), and its
`__post_init__` runs again when it is unpickled.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T] | None = None, *, order: bool = False) -> Any:
    """`@dataclass(frozen=True, slots=True)`, pickled as a call of the class with the
    fields its `__init__` takes (`__post_init__` makes the others again)."""

    def wrap(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True, slots=True, order=order)(cls)
        names = [f.name for f in dataclasses.fields(made) if f.init]
        get = operator.attrgetter(*names)
        values = get if len(names) > 1 else lambda self: (get(self),)

        def __reduce__(self: Any) -> tuple[Any, ...]:
            return (made, values(self))

        def __setstate__(self: Any, state: Any) -> None:
            # Only a pickle of another layout (a dictionary of fields) comes here: the
            # dataclasses module would set the fields from its keys, not refuse it.
            raise TypeError(f"{made.__name__} was pickled by another version of timeline")

        made.__reduce__ = __reduce__  # type: ignore[method-assign]
        made.__setstate__ = __setstate__  # type: ignore[attr-defined]
        return made

    return wrap if cls is None else wrap(cls)
