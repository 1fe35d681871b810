"""Objects entered with the wrong kind of block: a `UsageError` saying which one they take.

An async session entered with ``with`` (or a blocking one with ``async with``)
would otherwise fail with Python's "does not support the context manager
protocol", which does not say what to write instead. A class takes these as
its methods (``__enter__ = refuse_with``), with a ``_usage`` attribute saying
how it is opened (``async with X(...) as x``).
"""

from __future__ import annotations

from typing import Any, NoReturn

from ._errors import UsageError

__all__ = ("never_exit", "never_exit_async", "refuse_async_with", "refuse_with")


def refuse_with(self: Any) -> NoReturn:
    """``__enter__`` of an async object: raises `UsageError` naming its ``async with``."""
    raise UsageError(
        f"this is asynchronous: open it with '{self._usage}:', not 'with' "
        "(for blocking calls, anysnmp.sync has the same sessions)"
    )


async def refuse_async_with(self: Any) -> NoReturn:
    """``__aenter__`` of a blocking object: raises `UsageError` naming its ``with``."""
    name = type(self).__name__
    raise UsageError(
        f"anysnmp.sync.{name} is blocking: open it with '{self._usage}:', not 'async with' "
        f"(anysnmp.{name} is the async one)"
    )


def never_exit(self: Any, *exc_info: Any) -> None:
    """``__exit__`` beside `refuse_with`, never reached."""


async def never_exit_async(self: Any, *exc_info: Any) -> None:
    """``__aexit__`` beside `refuse_async_with`, never reached."""
