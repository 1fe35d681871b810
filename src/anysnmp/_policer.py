"""Rate limiting of outgoing requests."""

from __future__ import annotations

import abc
import threading
import time

from ._errors import ArgumentTypeError, ConfigurationError

__all__ = ("BasePolicer", "RPSPolicer")


class BasePolicer(abc.ABC):
    """Decides when the next request may go out; shared by all tasks of a session."""

    @abc.abstractmethod
    async def wait(self) -> None:
        """Returns when one more request may be sent."""

    def wait_blocking(self) -> None:
        """Blocks the calling thread until one more request may be sent (`anysnmp.sync`).

        Policers used by blocking sessions override it.
        """
        raise ArgumentTypeError(
            f"{type(self).__name__} has no wait_blocking(): blocking sessions need it"
        )


class RPSPolicer(BasePolicer):
    """At most `rps` requests per second, evenly spaced.

    Each caller reserves the next free send slot, so concurrent tasks are
    spaced too; a caller that is cancelled while waiting gives up its slot.
    """

    def __init__(self, rps: float) -> None:
        if isinstance(rps, bool) or not isinstance(rps, (int, float)) or not rps > 0:
            raise ConfigurationError(f"rps (limit_rps) must be a number > 0, not {rps!r}")
        self._interval = 1.0 / rps
        self._next = 0.0
        self._lock = threading.Lock()

    def _reserve(self, now: float) -> float:
        """Takes the next free send slot at or after `now`: its time."""
        slot = max(now, self._next)
        self._next = slot + self._interval
        return slot

    def wait_blocking(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = self._reserve(now)
        if slot > now:
            time.sleep(slot - now)

    async def wait(self) -> None:
        import anyio  # here: the blocking sessions never import it

        now = anyio.current_time()
        slot = self._reserve(now)
        if slot > now:
            try:
                await anyio.sleep(slot - now)
            except BaseException:
                if self._next == slot + self._interval:
                    self._next = slot
                raise
