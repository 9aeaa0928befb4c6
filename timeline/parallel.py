"""Using both cores: run a function over chunks of work in forked worker processes.

Forking is only used when it is safe and pays: on systems that fork, from a process
with a single thread (the dev server's threads rule it out), for enough items. The
workers inherit the parent's memory, so the state they need is not pickled; only the
chunks and the results travel. Results come back in order, so output never depends on
how the work was split.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    return workers() > 1 and "fork" in mp.get_all_start_methods() and threading.active_count() == 1


BACKGROUND_NICE = 10  # how much lower `in_background`'s work runs (of 19)
_WORK: Callable | None = None  # what forked workers run; set just before the fork


def _run(chunk: Sequence) -> object:
    assert _WORK is not None
    return _WORK(chunk)


def map_chunks(work: Callable[[Sequence[T]], R], items: Sequence[T], *, minimum: int) -> list[R]:
    """`work` applied to consecutive chunks of `items`; in worker processes when it pays."""
    if len(items) < minimum or not can_fork():
        return [work(items)]
    global _WORK
    size = -(-len(items) // (workers() * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _WORK = work
    try:
        with ProcessPoolExecutor(workers(), mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(_run, chunks))  # type: ignore[arg-type]
    finally:
        _WORK = None


@dataclass
class Pending(Generic[R]):
    """Work under way: `collect()` waits for its result (or raises its exception);
    `cancel()` gives it up."""

    collect: Callable[[], R]
    cancel: Callable[[], None] = lambda: None


def in_background(work: Callable[..., R], *args: object) -> Pending[R]:
    """Start `work(*args)` in a forked process (or, where forking is unsafe, leave it to
    be done when collected).

    A bare forked process and a pipe, no pool: starting it adds no thread to the parent,
    which may still fork workers of its own (until it starts a thread: the search's).

    It runs at a lower priority (BACKGROUND_NICE): on two cores it shares them with this
    process and Pagefind, whose work the build waits on first; it gets the cores they
    leave, and all of them once they are done (an edit at 10,000 events: 1.17 → 1.10 s).
    """
    if not can_fork():
        return in_process(work, *args)
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        # Given up (`cancel`): leave by an exception, so that files being written are
        # removed by their own clean-up code (a kill would leave them behind).
        signal.signal(signal.SIGTERM, _leave)
        if hasattr(os, "nice"):
            os.nice(BACKGROUND_NICE)
        # The cycles the work makes are collected here, though the build pauses the
        # collector (json's indenting encoder leaves one per call: 400 MB in the exports
        # of 100,000 events); what the child inherited is frozen, never walked: that
        # would write to every page it shares with the parent, and so copy it.
        gc.freeze()
        gc.enable()
        try:
            sender.send((True, work(*args)))
        except BaseException as exc:  # handed to the parent, which raises it
            sender.send((False, exc))
        finally:
            sender.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()

    def collect() -> R:
        try:
            ok, value = receiver.recv()
        finally:
            receiver.close()
            process.join()
        if not ok:
            raise value
        return value

    def cancel() -> None:
        if process.is_alive():
            process.terminate()
            process.join(timeout=5)
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()

    return Pending(collect, cancel)


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(1)


def in_process(work: Callable[..., R], *args: object) -> Pending[R]:
    """`in_background`'s counterpart where it cannot fork: the work is done here, at
    once, as if a process had done it meanwhile; its failure is raised when collected.
    (At once, not when collected: the build lets go of what the work reads once the
    pages are rendered, see `pipeline.make_site`.)"""
    try:
        value = work(*args)
    except Exception as exc:
        failure = exc

        def fail() -> R:
            raise failure

        return Pending(fail)
    return Pending(lambda: value)
