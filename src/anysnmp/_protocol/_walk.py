"""The walk state: the request to send next, each answer's varbinds, and why it ended."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from .._codec import core
from .._errors import OidNotIncreasingError, SnmpError
from .._types import Tag
from ._answers import NO_SUCH_NAME, TOO_BIG, Response, arcs, raise_status

__all__ = ("WalkEnd", "WalkPlan", "arcs")


class WalkEnd(enum.Enum):
    """Why a walk ended.

    Attributes:
        END_OF_SUBTREE: the agent answered an OID past the subtree.
        END_OF_MIB_VIEW: an endOfMibView exception value.
        NO_SUCH_OBJECT: a noSuchObject exception value.
        NO_SUCH_INSTANCE: a noSuchInstance exception value.
        NO_SUCH_NAME: a v1 agent's noSuchName error-status (the end of its MIB).
    """

    END_OF_SUBTREE = "end of subtree"
    END_OF_MIB_VIEW = "endOfMibView"
    NO_SUCH_OBJECT = "noSuchObject"
    NO_SUCH_INSTANCE = "noSuchInstance"
    NO_SUCH_NAME = "noSuchName"


_EXCEPTION_ENDS = {
    int(Tag.NO_SUCH_OBJECT): WalkEnd.NO_SUCH_OBJECT,
    int(Tag.NO_SUCH_INSTANCE): WalkEnd.NO_SUCH_INSTANCE,
    int(Tag.END_OF_MIB_VIEW): WalkEnd.END_OF_MIB_VIEW,
}


class WalkPlan:
    """One walk of a subtree with GETNEXT or GETBULK, request by request.

    A shell sends ``(plan.encode, plan.decode)`` while `more()` is true and
    hands each answer to `on_response`, which returns that answer's varbinds
    in the subtree. A tooBig answer to GETBULK halves max-repetitions; other
    error-statuses raise. Once done, `end` says why the walk ended and
    `end_varbind` is the ``(oid, tag)`` of the varbind that ended it (None
    for noSuchName). For a caller that asked for it (`ahead`: one with work to
    do per batch, as the CLI prints), `ahead()` says when the next request may
    go before an answer's varbinds are handed out: not past `stop`, an OID at
    which the caller stops reading (snmpwalk's ``-CE``).

    Attributes:
        encode: ``encode(request_id)``, the next request (a C++ function).
        decode: ``decode(data, request_id)``, the answer in `data` to request
            `request_id`, or None when it is not (a C++ function).
        end: why the walk ended; None while walking.
        end_varbind: the varbind that ended it, when one did.
        refilling: set by a shell while it runs the plan's requests for a consumer,
            so a second consumer of the same walk is told, not served the same answer.
        sends_ahead: the caller asked for requests sent ahead (`ahead`).
    """

    __slots__ = (
        "_checked",
        "_codec",
        "_left",
        "_max_requests",
        "_repetitions",
        "_stop",
        "bulk",
        "decode",
        "encode",
        "end",
        "end_varbind",
        "refilling",
        "sends_ahead",
        "walker",
    )

    def __init__(
        self,
        codec: Any,
        oid: str,
        *,
        bulk: bool,
        max_repetitions: int,
        typed: bool,
        check_increasing: bool,
        max_requests: int,
        checked: Callable[[Response | None], Response],
        against_request: bool = False,
        ahead: bool = False,
        stop: str | None = None,
    ) -> None:
        self.walker = core.Walker(oid, bool(check_increasing), bool(typed), against_request)
        self.bulk = bulk
        self._codec = codec
        self._repetitions = max_repetitions
        self.encode: Callable[[int], bytes] = codec.walk_encoder(self.walker, bulk, max_repetitions)
        self.decode: Callable[[bytes, int], Response | None] = codec.walk_decoder(self.walker)
        self.end: WalkEnd | None = None
        self.end_varbind: tuple[str, int] | None = None
        self.refilling = False
        self._checked = checked
        self._left = self._max_requests = max_requests
        self.sends_ahead = ahead
        self._stop = None if stop is None else arcs(stop)

    def more(self) -> bool:
        """Whether the walk needs another request.

        Raises:
            OidNotIncreasingError: the last answer had an OID not greater than the one
                before it (raised after that answer's varbinds before it were handed out).
            SnmpError: the walk is still going after `max_requests` requests.
        """
        if self.end is not None:
            return False
        if self.walker.error is not None:
            raise OidNotIncreasingError(self.walker.error)
        if not self._left:
            raise SnmpError(
                f"walk of {self.walker.root} still going after {self._max_requests} requests: "
                "the agent may be generating OIDs without end"
            )
        self._left -= 1
        return True

    def ahead(self) -> bool:
        """Whether the shell may send the next request before handing out the last
        answer's varbinds: asked for, and the walk surely goes on (`more` will be true)."""
        return (
            self.sends_ahead
            and self.end is None
            and self.walker.error is None
            and self._left > 0
            and (self._stop is None or arcs(self.walker.last) < self._stop)
        )

    def on_response(self, response: Response | None) -> list[Any]:
        """The walk's varbinds in an answer to ``encode`` (possibly none)."""
        _, status, index, batch = self._checked(response)
        if status:
            if status == NO_SUCH_NAME:
                self.end = WalkEnd.NO_SUCH_NAME
                return []
            if status == TOO_BIG and self.bulk and self._repetitions > 1:
                self._repetitions = max(1, self._repetitions // 2)
                self.encode = self._codec.walk_encoder(self.walker, self.bulk, self._repetitions)
                return []
            raise_status(status, index, (self.walker.last,))
        if self.walker.done and self.walker.error is None:  # it knows the varbind that ended it
            self.end_varbind = ended_by = self.walker.ended_by
            assert ended_by is not None
            self.end = _EXCEPTION_ENDS.get(ended_by[1], WalkEnd.END_OF_SUBTREE)
        return batch
