"""Peers for the blocking API's tests: async agents served from a background thread.

The agents (our `Agent`, the scripted agent) are async; they run on an event
loop of their own in a thread (an anyio blocking portal), while the test's
thread uses `anysnmp.sync` with no loop at all.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from peers import in_background as in_background


def in_threads(
    work: Callable[..., object], calls: Iterable[tuple[Any, ...]]
) -> list[BaseException]:
    """Runs ``work(*args)`` for each of `calls` in a thread of its own, all at once.

    Returns what they raised (a failed assert in a thread would otherwise be lost).
    """
    failures: list[BaseException] = []

    def run(*args: Any) -> None:
        try:
            work(*args)
        except BaseException as exc:  # reported by the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=args) for args in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


class Interrupted(Exception):
    """What the handler of `signal_from_another_thread` raises."""


@contextmanager
def signal_from_another_thread(after: float) -> Iterator[None]:
    """SIGUSR1, whose handler raises Interrupted, sent to a thread other than the caller's.

    The kernel delivers a process's signal to any of its threads; one that lands
    elsewhere, like one that comes just before a system call starts, interrupts
    no blocking call of the main thread: its handler runs when that call returns.
    """

    def interrupt(*_: Any) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, interrupt)
    timer = threading.Timer(
        after, lambda: signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
    )
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGUSR1, previous)
