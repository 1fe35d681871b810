"""Peers for the blocking API's tests: async agents served from a background thread.

The agents (our `Agent`, the scripted agent) are async; they run on an event
loop of their own in a thread (an anyio blocking portal), while the test's
thread uses `anysnmp.sync` with no loop at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from typing import TypeVar

import anyio.from_thread

T = TypeVar("T")


@contextmanager
def in_background(manager: AbstractAsyncContextManager[T]) -> Iterator[T]:
    """Enters an async context manager on an event loop in another thread."""
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(manager) as value,
    ):
        yield value
