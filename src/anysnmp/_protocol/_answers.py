"""The status policy: what an agent's answer means for each kind of request.

An answer is the codec's ``(pdu_type, error_status, error_index, varbinds)``,
or None when every attempt timed out. Every shell reads answers through
these functions, so an error-status becomes the same exception everywhere.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from typing import Any

from .._codec import PduType
from .._errors import (
    DecodeError,
    ErrorStatusError,
    NetworkError,
    NoSuchInstance,
    OidNotIncreasingError,
    SnmpError,
)
from .._registry import REPORT_COUNTERS
from .._types import SmiException, Value

__all__ = (
    "NO_SUCH_NAME",
    "TOO_BIG",
    "GetManyPlan",
    "Response",
    "arcs",
    "checked",
    "next_oid_answer",
    "one_value",
    "raise_status",
    "set_answer",
)

TOO_BIG = 1
NO_SUCH_NAME = 2

_RESPONSE = int(PduType.RESPONSE)
_REPORT = int(PduType.REPORT)
_COUNTER_NAMES = {oid: name for name, oid in REPORT_COUNTERS.items()}

# (pdu_type, error_status, error_index, varbinds) as the codec returns it.
Response = tuple[int, int, int, list[Any]]


def checked(timeout_error: Callable[[], Exception], response: Response | None) -> Response:
    """The answer, raising `timeout_error()` for None and SnmpError for a PDU other than Response.

    `timeout_error` first: ``partial(checked, timeout_error)`` checks with no Python
    frame of its own.
    """
    if response is None:
        raise timeout_error()
    if response[0] != _RESPONSE:
        raise _not_a_response(response)
    return response


def _not_a_response(response: Response) -> SnmpError:
    """The error for an answer whose PDU is not a Response; a Report names its counter.

    A Report reaches here only for a v1/v2c request (a v3 session's codec raises
    its `AuthError` first): an agent that speaks SNMPv3 alone answers so.
    """
    if response[0] != _REPORT:
        return SnmpError(f"agent answered with a {PduType(response[0]).name} PDU")
    oid = response[3][0][0] if response[3] else ""
    counter = _COUNTER_NAMES.get(oid, oid or "no varbind")
    return SnmpError(
        f"agent answered with a Report ({counter}), which only SNMPv3 requests get: "
        "the agent may take SNMPv3 alone; give the session a user= (CLI: -v3 -u NAME)"
    )


def raise_status(status: int, index: int, names: Sequence[str]) -> None:
    """Raises `ErrorStatusError` for a non-zero error-status, naming the varbind it points at."""
    if status:
        raise ErrorStatusError(
            status, index, names[index - 1] if 1 <= index <= len(names) else None
        )


def one_value(response: Response, oid: str) -> Any:
    """The value answering a GET of `oid` (``(tag, value)`` when typed; `response` checked).

    Raises for error-statuses, exception values, and answers for other OIDs.
    """
    _, status, index, varbinds = response
    if status:
        if status == NO_SUCH_NAME:
            raise NoSuchInstance(oid)
        raise_status(status, index, (oid,))
    if len(varbinds) != 1:
        raise DecodeError(f"GET of one OID answered with {len(varbinds)} varbinds")
    varbind = varbinds[0]
    if varbind[0] != oid.lstrip("."):
        raise DecodeError(f"GET of {oid} answered for {varbind[0]}")
    if len(varbind) == 3:  # typed: (oid, tag, value)
        if varbind[1] >= 0x80:
            raise NoSuchInstance(oid)
        return varbind[1:]
    if isinstance(varbind[1], SmiException):
        raise NoSuchInstance(oid)
    return varbind[1]


def set_answer(varbinds: list[tuple[str, Value]], asked: list[str]) -> dict[str, Value]:
    """A SET's answer as ``{oid: value}``: the agent echoes the OIDs set (numeric, `asked`),
    in order (RFC 3416 4.2.5), or the answer is not one.

    Raises:
        DecodeError: other OIDs, or another number of them.
    """
    if len(varbinds) != len(asked):
        raise DecodeError(f"SET of {len(asked)} OID(s) answered with {len(varbinds)} varbinds")
    for (name, _), oid in zip(varbinds, asked, strict=True):
        if name != oid:
            raise DecodeError(f"SET of {oid} answered for {name}")
    return dict(varbinds)


def arcs(oid: str) -> tuple[int, ...]:
    """A numeric OID's arcs, for comparing OIDs in MIB order."""
    return tuple(int(arc) for arc in oid.split("."))


def next_oid_answer(response: Response, oid: str) -> str | None:
    """The OID a typed GETNEXT of `oid` (numeric) answered, None at the MIB's end
    (`response` checked).

    Raises:
        OidNotIncreasingError: the answer is not after `oid` (a caller hopping from OID
            to OID, as a table's column discovery does, would go round for ever).
    """
    _, status, index, varbinds = response
    if status == NO_SUCH_NAME:
        return None
    raise_status(status, index, (oid,))
    if len(varbinds) != 1:
        raise DecodeError(f"GETNEXT of one OID answered with {len(varbinds)} varbinds")
    name, tag, _ = varbinds[0]
    if tag >= 0x80:
        return None
    if arcs(name) <= arcs(oid):
        raise OidNotIncreasingError(
            f"GETNEXT of {oid} answered {name}, not an OID after it: the agent is looping"
        )
    return str(name)


class GetManyPlan:
    """A GET of many OIDs in as few requests as the agent allows.

    `next_request` names the OIDs to GET next (None when done); `on_response`
    reads the answer to it, `too_long` a GET too long to send (split in halves
    too). A tooBig answer splits the request in halves; a
    v1 noSuchName drops the named OID and asks again. OIDs the agent does not
    have are left out of `result`.

    `numeric` gives the OIDs that were sent for texts asked (a session's MIB
    names): the answers are matched against those when the GET's own match
    (`GetRequest.decode`, built from them) did not settle it.
    """

    __slots__ = ("_checked", "_numeric", "_todo", "result")

    def __init__(
        self,
        oids: list[str],
        checked: Callable[[Response | None], Response],
        numeric: Callable[[list[str]], list[str]] | None = None,
    ) -> None:
        self._todo = [oids] if oids else []
        self._checked = checked
        self._numeric = numeric
        self.result: dict[str, Value] = {}

    def next_request(self) -> list[str] | None:
        """The OIDs of the next GET, or None once `result` is complete."""
        return self._todo[-1] if self._todo else None

    def too_long(self, error: NetworkError) -> bool:
        """Splits `next_request`'s OIDs in halves when `error` says their GET was too long to send.

        A GET of thousands of OIDs exceeds a datagram (65,507 octets): sent in
        halves, as after a tooBig answer. False when `error` is another or the
        GET has one OID left: the caller raises it.
        """
        oids = self._todo[-1]
        if error.errno != errno.EMSGSIZE or len(oids) < 2:
            return False
        self._todo.pop()
        half = len(oids) // 2
        self._todo += (oids[half:], oids[:half])
        return True

    def on_response(self, response: Any) -> None:
        """Reads the answer (as `GetRequest.decode` returns it) to `next_request`'s OIDs."""
        oids = self._todo.pop()
        if response is not None and isinstance(response[3], dict):
            # A Response for exactly the OIDs asked, error-status 0; exception values left out.
            if self.result:
                self.result.update(response[3])
            else:
                self.result = response[3]
            return
        _, status, index, varbinds = self._checked(response)
        if status == TOO_BIG and len(oids) > 1:
            half = len(oids) // 2
            self._todo += (oids[half:], oids[:half])
            return
        if status == NO_SUCH_NAME and 1 <= index <= len(oids):
            if rest := oids[: index - 1] + oids[index:]:
                self._todo.append(rest)
            return
        raise_status(status, index, oids)
        if self._numeric is not None:
            oids = self._numeric(oids)
        # Only what was asked: an agent cannot inject OIDs. The common case,
        # checked with set operations: every answered OID asked, no exception value.
        answer = dict(varbinds)
        if answer.keys() <= set(oids) and not any(
            issubclass(kind, SmiException) for kind in set(map(type, answer.values()))
        ):
            self.result.update(answer)
            return
        asked = {oid.lstrip(".") for oid in oids}
        for oid, value in varbinds:
            if oid in asked and not isinstance(value, SmiException):
                self.result[oid] = value
