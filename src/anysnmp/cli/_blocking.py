"""Commands without an event loop: their coroutines run over the blocking session.

A command's requests are written once, as a coroutine over a `CommandSession`:
the async `anysnmp.SnmpSession` under ``--backend asyncio|trio``, or by default
`BlockingSession`, the blocking session (`anysnmp.sync`) behind ``async`` methods
that never suspend. Such a coroutine runs to its end in one step (`run_to_end`),
so a command loads no event loop: asyncio, anyio's backends and task groups stay
unimported, and each request is one blocking call into the C++ request loop.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from .._protocol._walk import WalkPlan
    from .._sync import SnmpSession
    from .._types import SnmpVersion, Value

__all__ = ("BlockingSession", "CommandSession", "run_to_end")

T = TypeVar("T")


class CommandSession(Protocol):
    """What the commands use of a session: the async session and `BlockingSession` have it."""

    @property
    def version(self) -> SnmpVersion: ...

    def request(
        self,
        pdu_type: int,
        varbinds: Sequence[str | tuple[str, int, Any]],
        *,
        non_repeaters: int = 0,
        max_repetitions: int = 0,
    ) -> Awaitable[list[tuple[str, int, Value]]]: ...

    @property
    def walk_plan(self) -> Callable[..., WalkPlan]:
        """`SessionCore.walk_plan`."""

    def run_walk(self, plan: WalkPlan) -> AsyncGenerator[list[Any], None]: ...


class BlockingSession:
    """A blocking `SnmpSession` as a `CommandSession`: each await is one blocking call."""

    def __init__(self, session: SnmpSession) -> None:
        self._session = session
        self.version = session.version
        self.walk_plan = session.walk_plan

    async def __aenter__(self) -> BlockingSession:
        self._session.__enter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._session.__exit__(*exc_info)

    async def request(
        self,
        pdu_type: int,
        varbinds: Sequence[str | tuple[str, int, Any]],
        *,
        non_repeaters: int = 0,
        max_repetitions: int = 0,
    ) -> list[tuple[str, int, Value]]:
        return self._session.request(
            pdu_type, varbinds, non_repeaters=non_repeaters, max_repetitions=max_repetitions
        )

    async def run_walk(self, plan: WalkPlan) -> AsyncGenerator[list[Any], None]:
        for batch in self._session.run_walk(plan):
            yield batch


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs a coroutine that never suspends (one over a `BlockingSession`); its result.

    Raises:
        RuntimeError: it suspended, waiting for an event loop (a bug: it is closed).
    """
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a command over the blocking session waited for an event loop")
