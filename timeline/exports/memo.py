"""The exports' memo: each event's piece of each format, kept from one build to the next.

A piece is the text one event contributes to one export (its VEVENT, its JSON object,
its CSV row…), made by a pure function of the event, the site's settings and the
build-wide values named in its key. Its key is

    <kind>|<settings>|<event digest>[|<value>…]

- `<kind>` names the piece ("ics", "json", "csv"…);
- `<settings>` is a short hash of the whole `SiteConfig` (title, base_url…), so a piece
  made for other settings is never used, even if the caller keeps the memo;
- `<event digest>` is `Event.digest`, a hash of the event's file: equal digests mean
  equal events;
- the values are the build-wide inputs the piece also depends on: the build time for
  an Atom entry (it caps the entry's `updated`). A VEVENT is kept without the build
  time: its DTSTAMP is filled in when the calendar is assembled (timeline.exports.ics).

Not in the key: the generator's own code. The caller must discard the memo when the
code changes (a new version may write a piece differently).

`Memo.used` holds exactly the entries the build looked up or made, so entries for
removed or edited events drop out when the caller keeps `used` for the next build.
Given a `load` function instead of the whole previous memo, a Memo reads the pieces of
one kind when it first needs them, and `take` hands over (and forgets) what was used so
far: a caller that keeps each file's pieces as soon as the file is made holds one
format's pieces at a time, not every format's (770 MB at 100,000 events).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping

from timeline.config import SiteConfig
from timeline.model import Event


def settings_hash(config: SiteConfig) -> str:
    """A short hash of every setting of the site (a frozen dataclass: its repr is stable)."""
    return hashlib.sha256(repr(config).encode("utf-8")).hexdigest()[:12]


class Memo:
    """Looks pieces up in the previous build's memo, makes the missing ones, records all."""

    def __init__(
        self,
        config: SiteConfig,
        previous: Mapping[str, bytes] | None = None,
        load: Callable[[str], Mapping[str, bytes]] | None = None,
    ) -> None:
        self.previous: Mapping[str, bytes] = previous if previous is not None else {}
        self.used: dict[str, bytes] = {}
        self.settings = settings_hash(config)
        self._load = load  # kind → the last build's pieces of that kind
        self._loaded: set[str] = set()

    def _known(self, kind: str) -> None:
        if self._load is not None and kind not in self._loaded:
            self._loaded.add(kind)
            self.previous = {**self.previous, **self._load(kind)}

    def take(self) -> dict[str, bytes]:
        """The entries used since the last `take`, handed over: the memo forgets them, and
        the pieces it loaded (it loads a kind again if it is asked for it again)."""
        used, self.used = self.used, {}
        if self._load is not None:
            self.previous, self._loaded = {}, set()
        return used

    def pieces(
        self, kind: str, events: Iterable[Event], make: Callable[[Event], str], *values: str
    ) -> list[bytes]:
        """Each event's piece of `kind` in UTF-8, in order; `make(event)` writes a missing
        one. Pieces are kept encoded: a build after a small edit encodes only its own."""
        self._known(kind)
        prefix = f"{kind}|{self.settings}|"
        suffix = "".join(f"|{v}" for v in values)
        previous, used = self.previous, self.used
        out: list[bytes] = []
        for event in events:  # the hot loop of a build after a small edit: keep it lean
            key = prefix + event.digest + suffix
            piece = previous.get(key)
            if piece is None:
                piece = make(event).encode("utf-8")
            used[key] = piece
            out.append(piece)
        return out


def utf8_chunks(
    pieces: Iterable[bytes], separator: str = "", head: str = "", tail: str = "", batch: int = 1000
) -> Iterator[bytes]:
    """`head + separator.join(pieces) + tail` in UTF-8 (the pieces are, as `Memo.pieces`
    gives them), in chunks of `batch` pieces (never splitting one): a caller that writes
    each chunk as it comes never holds the file's bytes whole (the pieces it does hold),
    hundreds of megabytes at 100,000 events.
    """
    sep = separator.encode("utf-8")
    chunk = [head.encode("utf-8")]
    for n, piece in enumerate(pieces):
        if n:
            chunk.append(sep)
        chunk.append(piece)
        if len(chunk) >= 2 * batch:
            yield b"".join(chunk)
            chunk = []
    chunk.append(tail.encode("utf-8"))
    yield b"".join(chunk)
