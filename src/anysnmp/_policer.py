"""Rate limiting of outgoing requests."""

from __future__ import annotations

import abc

import anyio

from ._errors import ConfigurationError

__all__ = ("BasePolicer", "RPSPolicer")


class BasePolicer(abc.ABC):
    """Decides when the next request may go out; shared by all tasks of a session."""

    @abc.abstractmethod
    async def wait(self) -> None:
        """Returns when one more request may be sent."""


class RPSPolicer(BasePolicer):
    """At most `rps` requests per second, evenly spaced.

    Each caller reserves the next free send slot, so concurrent tasks are
    spaced too; a caller that is cancelled while waiting gives up its slot.
    """

    def __init__(self, rps: float) -> None:
        if rps <= 0:
            raise ConfigurationError("rps must be positive")
        self._interval = 1.0 / rps
        self._next = 0.0

    async def wait(self) -> None:
        now = anyio.current_time()
        slot = max(now, self._next)
        self._next = slot + self._interval
        if slot > now:
            try:
                await anyio.sleep(slot - now)
            except BaseException:
                if self._next == slot + self._interval:
                    self._next = slot
                raise
