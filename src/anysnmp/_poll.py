"""Polling many devices: `poll` runs a fixed pool of workers over open sessions."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from ._errors import SnmpError, TimeoutError

if TYPE_CHECKING:
    from ._session import SnmpSession
    from ._types import Value

__all__ = ("PollResult", "poll")


@dataclass(slots=True)
class PollResult:
    """What polling one device gave.

    Attributes:
        session: the device's session.
        values: the GET's values (as `SnmpSession.get_many` returns them).
        walks: each walked subtree's ``(oid, value)`` list, keyed by its root OID
            as given; a walk cut short by an error holds what came before it.
        error: the exception that ended the device's work, or None.
    """

    session: SnmpSession
    values: dict[str, Value] = field(default_factory=dict)
    walks: dict[str, list[tuple[str, Value]]] = field(default_factory=dict)
    error: Exception | None = None


@asynccontextmanager
async def poll(
    sessions: Iterable[SnmpSession],
    *,
    get: Sequence[str] = (),
    walk: Sequence[str] = (),
    concurrency: int = 100,
    timeout: float | None = None,
) -> AsyncIterator[MemoryObjectReceiveStream[PollResult]]:
    """Polls many devices, yielding a `PollResult` per device as each finishes.

    ``async with anysnmp.poll(sessions, get=OIDS, walk=[ROOT]) as results:``
    ``async for r in results: ...``

    Each device gets one GET of `get` (split on tooBig as `get_many` splits it)
    and then a walk of each root of `walk` (GETBULK where the session allows
    it). At most `concurrency` requests are in flight: that many workers take
    the devices in turn, so no task is started per device. A result waits for
    the consumer: a slow consumer pauses the polling. Leaving the block stops
    every request still running.

    Args:
        sessions: open sessions, typically sharing one `Manager`.
        get: OIDs to GET from every device.
        walk: subtrees to walk on every device.
        concurrency: requests in flight at most (>= 1).
        timeout: seconds for a whole device's work (its GET and walks), on top
            of each request's own timeout and retries; None for no limit.

    A device's failure (`SnmpError`, `OSError`, or its `timeout`) ends that
    device's work only and comes back as the result's `error`.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be > 0 (or None)")
    devices = iter(list(sessions))
    job = _Job(list(get), list(walk), timeout)
    send, receive = anyio.create_memory_object_stream[PollResult]()
    failure: Exception | None = None
    async with anyio.create_task_group() as tg:
        for _ in range(concurrency):
            tg.start_soon(job.work, devices, send.clone())
        send.close()
        try:
            async with receive:
                yield receive
        except Exception as exc:  # raised as itself, not in an exception group
            failure = exc
        finally:
            tg.cancel_scope.cancel()
    if failure is not None:
        raise failure


class _Job:
    """What every device gets: the GET, the walks, the deadline."""

    def __init__(self, get: list[str], walk: list[str], timeout: float | None) -> None:
        self.get = get
        self.walk = walk
        self.timeout = timeout

    async def work(
        self, devices: Iterator[SnmpSession], send: MemoryObjectSendStream[PollResult]
    ) -> None:
        """One worker: polls devices one after another until none is left."""
        async with send:
            for session in devices:
                result = PollResult(session)
                try:
                    if self.timeout is None:
                        await self._poll(result)
                    else:
                        with anyio.fail_after(self.timeout):
                            await self._poll(result)
                except TimeoutError as exc:
                    result.error = exc
                except builtins.TimeoutError as exc:  # fail_after: the device's deadline
                    result.error = TimeoutError(f"{session!r}: not done within {self.timeout:g}s")
                    result.error.__cause__ = exc
                except (SnmpError, OSError) as exc:
                    result.error = exc
                await send.send(result)

    async def _poll(self, result: PollResult) -> None:
        session = result.session
        if self.get:
            result.values = await session.get_many(self.get)
        for root in self.walk:
            items: list[tuple[str, Any]] = []
            result.walks[root] = items
            async for batch in session.walk_batches(root):
                items += batch
