"""Objects entered with the wrong kind of block: a `UsageError` saying which one they take.

An async session entered with ``with`` (or a blocking one with ``async with``)
would otherwise fail with Python's "does not support the context manager
protocol", which does not say what to write instead. A class takes these as
its methods (``__enter__ = refuse_with``), with a ``_usage`` attribute saying
how it is opened (``async with X(...) as x``).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

from ._errors import ArgumentTypeError, UsageError

__all__ = (
    "EnteredFirst",
    "never_exit",
    "never_exit_async",
    "refuse_async_with",
    "refuse_stream",
    "refuse_with",
)

T = TypeVar("T")


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


def refuse_stream(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    """``walk`` and ``table_rows`` of a blocking session: the async session's streams from a
    background task, whose work a blocking session's iterators and calls do."""
    raise UsageError(
        "a blocking session has no background streams (walk, table_rows): walk with "
        "'for oid, value in session.fetch(oid):' (session.walk_batches(oid) for whole "
        "responses), read a table with session.table(...)"
    )


def never_exit(self: Any, *exc_info: Any) -> None:
    """``__exit__`` beside `refuse_with`, never reached."""


async def never_exit_async(self: Any, *exc_info: Any) -> None:
    """``__aexit__`` beside `refuse_async_with`, never reached."""


class EnteredFirst(AbstractAsyncContextManager[T]):
    """An async context (a walk's or a poll's) whose results are iterated once it is entered:
    iterating or awaiting it, or a plain ``with``, raises an error that says what to write.

    Subclasses set ``_usage`` (how it is entered) and ``_iterate`` (how its results are
    iterated).
    """

    __slots__ = ("_context",)

    _usage: ClassVar[str]
    _iterate: ClassVar[str]

    __enter__ = refuse_with
    __exit__ = never_exit

    def __init__(self, context: AbstractAsyncContextManager[T]) -> None:
        self._context = context

    async def __aenter__(self) -> T:
        return await self._context.__aenter__()

    async def __aexit__(self, *exc_info: Any) -> bool | None:
        return await self._context.__aexit__(*exc_info)

    def __aiter__(self) -> NoReturn:
        raise ArgumentTypeError(f"enter it first: '{self._usage}:' then '{self._iterate}:'")

    __iter__ = __aiter__

    if not TYPE_CHECKING:  # at run time only: type checkers go on refusing an `await` of it

        def __await__(self) -> NoReturn:
            """Awaited (``await session.walk(oid)``, as for a list): says how it is entered."""
            self.__aiter__()
