"""The blocking client: `anysnmp.sync.SnmpSession` and `anysnmp.sync.Manager`.

A shell over `anysnmp._protocol.SessionCore`, like the async session, with a
blocking transport (`anysnmp._backends._blocking`): no event loop, no thread
hop. A session may be used from many threads at once; their requests are in
flight together on the session's socket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any, TypeVar

from ._backends import open_blocking_transport
from ._backends._blocking import BlockingUdpEndpoint
from ._codec import PduType
from ._errors import EncodeError, NetworkError, UsageError, not_an_oid
from ._manager import ManagerBase
from ._protocol._answers import next_oid_answer
from ._protocol._session import SessionCore
from ._protocol._walk import WalkPlan
from ._table import ColumnProbe, IndexDecoder, Row, sorted_rows
from ._transport import BlockingTransport, SentAhead, open_socket, resolve_blocking
from ._types import TypedValue, Value
from ._usage import never_exit_async, refuse_async_with, refuse_stream

__all__ = ("Manager", "SnmpSession")

T = TypeVar("T")


class Manager(ManagerBase[BlockingUdpEndpoint]):
    """One UDP socket shared by many blocking sessions (``SnmpSession(..., manager=mgr)``).

    Use it as ``with Manager() as manager:``; arguments as `anysnmp.Manager`'s.
    """

    __aenter__ = refuse_async_with
    __aexit__ = never_exit_async

    def __enter__(self) -> Manager:
        family, addr = resolve_blocking(*self._local_addr)
        self._endpoint = BlockingUdpEndpoint(open_socket(family, addr, **self._options))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            endpoint.close()


class SnmpSession(SessionCore):
    """A blocking client session with one SNMP agent.

    Use it as ``with SnmpSession("192.0.2.1", community="public") as s:``.
    The arguments, methods, results and errors are those of
    `anysnmp.SnmpSession`, with plain calls and iterators instead of awaits:
    `getnext`, `getbulk` and `fetch` return iterators of ``(oid, value)``. The
    async session's background streams, `walk` and `table_rows`, have no
    blocking form (they raise `UsageError`): iterate `fetch`, or call `table`.
    Any number of threads may use one session at once.

    Args: as `anysnmp.SnmpSession`'s; `manager` is an `anysnmp.sync.Manager`,
    and a `policer` needs a `wait_blocking` method (`RPSPolicer` has one).
    """

    _usage = "with SnmpSession(...) as session"

    __aenter__ = refuse_async_with
    __aexit__ = never_exit_async
    walk = table_rows = refuse_stream

    _blocking = True
    _manager_type = Manager
    _endpoint: BlockingTransport | None = None
    _manager: Manager | None

    # --- lifecycle -------------------------------------------------------------------

    def __enter__(self) -> SnmpSession:
        if self._endpoint is not None:
            raise UsageError("this session is already open: enter its 'with' once")
        if self._manager is not None:
            endpoint: BlockingTransport = self._manager.endpoint
            _, self._addr = resolve_blocking(self._host, self._port, endpoint.family)
        else:
            endpoint, self._addr = open_blocking_transport(
                self.transport, self._host, self._port, None, self._socket_options, self._budget
            )
            self._own_endpoint = True
        self._endpoint = endpoint
        try:
            self._codec = self._new_codec()
            if self._usm is not None:
                if self._engine_id is None and self._engine_clock is None:
                    self.refresh()
                else:  # -Z: the clock given replaces the one discovered
                    engine_id = self._engine_id or self._exchange(*self._discovery())[0]
                    self._usm.set_engine(engine_id, *(self._engine_clock or (0, 0)))
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the session (what leaving its ``with`` block does)."""
        self._get_requests.clear()  # they belong to this opening's codec
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None and self._own_endpoint:
            self._own_endpoint = False
            endpoint.close()

    def refresh(self) -> None:
        """Re-discovers the agent's engine id, boots and time (after an agent restart)."""
        engine_id, boots, time = self._exchange(*self._discovery())
        self._codec.set_engine(engine_id, boots, time)

    # --- requests --------------------------------------------------------------------

    def _send(
        self,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        sent: SentAhead | None = None,
    ) -> T | None:
        """Runs one request (its first attempt `sent` ahead, if it was): its answer, or
        None after every attempt timed out."""
        endpoint = self._endpoint
        if endpoint is None:
            if sent is not None:
                sent.forget()
            raise self._not_open()
        if self._usm is None:  # called directly: no tuple of arguments, no star-call
            return endpoint.exchange(
                self._addr, encode, decode, self.timeout, self.retries + 1, self._policer, sent
            )
        # v3: sent once more after a notInTimeWindow Report
        args = (self._addr, encode, decode, self.timeout, self.retries + 1, self._policer)
        return self._usm.resync_once_blocking(endpoint.exchange, *args, sent=sent)

    def _exchange(
        self, encode: Callable[[int], bytes], decode: Callable[[bytes, int], T | None]
    ) -> T:
        result = self._send(encode, decode)
        if result is None:
            raise self._timeout_error()
        return result

    def request(
        self,
        pdu_type: PduType | int,
        varbinds: Sequence[str | tuple[str, int, Any]],
        *,
        non_repeaters: int = 0,
        max_repetitions: int = 0,
    ) -> list[tuple[str, int, Value]]:
        """Sends one PDU as given; the answer's varbinds as ``(oid, tag, value)``.

        As `anysnmp.SnmpSession.request`.
        """
        items = self._listed(varbinds, "request", "varbinds", "request(pdu_type, [oid])")
        request = self._pdu(pdu_type, items, True, non_repeaters, max_repetitions)
        return self._request_answer(self._send(*request), items)

    # --- GET -------------------------------------------------------------------------

    def get(self, oid: str) -> Value:
        """The value of one OID.

        Raises:
            NoSuchInstance: noSuchObject, noSuchInstance, or v1 noSuchName.
            ErrorStatusError: any other error-status.
        """
        # Unpacked: a star-call would build a bound method and call it out of line.
        try:
            encode, decode = self._get_requests.get(oid) or self._get_request((oid,), key=oid)
        except (TypeError, EncodeError):  # a str: the parser's own error; else not an OID
            if isinstance(oid, str):
                raise
            raise not_an_oid(oid, "get_many()") from None
        return self._one_varbind(self._send(encode, decode), oid)  # type: ignore[no-any-return]

    def get_typed(self, oid: str) -> tuple[int, Value]:
        """``(tag, value)`` of one OID, for callers that need the SMI type."""
        return self._one_varbind(self._send(*self._get_request((oid,), True)), oid)  # type: ignore[no-any-return]

    def get_many(self, oids: Iterable[str]) -> dict[str, Value]:
        """Values of many OIDs in as few requests as the agent allows (as the async session's)."""
        plan = self._get_many_plan(oids)
        while (asked := plan.next_request()) is not None:
            try:
                response = self._send(*self._get_request(asked))
            except NetworkError as exc:
                if plan.too_long(exc):
                    continue
                raise
            plan.on_response(response)
        return plan.result

    # --- walks -----------------------------------------------------------------------

    def getnext(self, oid: str) -> Iterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETNEXT: ``for oid, value in ...``."""
        return self._items(self.walk_plan(oid, bulk=False, max_repetitions=1))

    def getbulk(self, oid: str, max_repetitions: int | None = None) -> Iterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETBULK (v2c/v3)."""
        self._check_bulk()
        return self._items(self.walk_plan(oid, bulk=True, max_repetitions=max_repetitions))

    def fetch(self, oid: str) -> Iterator[tuple[str, Value]]:
        """Walks the subtree under `oid`, with GETBULK when allowed, else GETNEXT."""
        return self._items(self.walk_plan(oid))

    def _items(self, plan: WalkPlan) -> Iterator[tuple[str, Value]]:
        # A C iterator over the batches' items: no Python frame per item.
        return chain.from_iterable(self.run_walk(plan))

    def walk_batches(
        self,
        oid: str,
        *,
        bulk: bool | None = None,
        max_repetitions: int | None = None,
        typed: bool = False,
        check_increasing: bool = True,
    ) -> Iterator[list[Any]]:
        """Walks a subtree, yielding each response's varbinds as one list (as the async one's)."""
        return self.run_walk(
            self.walk_plan(
                oid,
                bulk=bulk,
                max_repetitions=max_repetitions,
                typed=typed,
                check_increasing=check_increasing,
            )
        )

    def run_walk(self, plan: WalkPlan) -> Iterator[list[Any]]:
        """Runs a walk from `walk_plan`, yielding each response's varbinds as one list.

        With ``walk_plan(..., ahead=True)`` the next request is sent before a batch is
        handed out (`WalkPlan.ahead`), so the agent answers it while the caller works on
        the batch; it is waited for (with its retries) when the caller asks for more.
        """
        send = self._send
        if not plan.sends_ahead:  # the plain loop: no per-request cost for the option
            while plan.more():
                batch = plan.on_response(send(plan.encode, plan.decode))
                if batch:
                    yield batch
            return
        sent = None
        try:
            while plan.more():
                ahead, sent = sent, None
                batch = plan.on_response(send(plan.encode, plan.decode, ahead))
                if plan.ahead() and (endpoint := self._endpoint) is not None:
                    sent = endpoint.send_ahead(self._addr, plan.encode, self._policer)
                if batch:
                    yield batch
        finally:
            if sent is not None:  # the caller stopped before its answer
                sent.forget()

    def next_oid(self, oid: str) -> str | None:
        """The OID following `oid` in the agent's MIB (one GETNEXT), or None at its end."""
        request, asked = self._getnext_of(oid)
        return next_oid_answer(self._checked(self._send(*request)), asked)

    # --- tables ----------------------------------------------------------------------

    def table(
        self,
        columns: str | Sequence[str],
        *,
        concurrency: int = 4,
        index: IndexDecoder | None = None,
        names: bool = False,
    ) -> dict[Any, Row]:
        """A whole table as ``{index: {column_oid: value}}`` (as the async session's).

        The columns are walked by `concurrency` threads at once. An exception in
        the calling thread (Ctrl-C's KeyboardInterrupt) leaves at once: the columns
        not started are dropped, and those being walked stop at their next
        response (at once when the session is closed, as leaving its block does).
        """
        spec, index = self._table_spec(columns, names, index, concurrency)
        if isinstance(spec, str):
            probe = ColumnProbe(spec, self.max_walk_requests)
            while (oid := probe.next) is not None:
                probe.found(self.next_oid(oid))
            spec = probe.columns
        from concurrent.futures import ThreadPoolExecutor  # only tables need threads

        assembler = self._table_assembler(spec, names)
        stopped = False

        def walk(column: str) -> list[list[Any]]:
            batches = []
            for batch in self.walk_batches(column):
                if stopped:
                    break
                batches.append(batch)
            return batches

        pool = ThreadPoolExecutor(concurrency, thread_name_prefix="anysnmp-table")
        try:
            walks = [pool.submit(walk, c) for c in spec]
            for column, result in zip(spec, walks, strict=True):
                for batch in result.result():
                    assembler.add_batch(column, batch)
        except BaseException:
            stopped = True  # the caller does not wait for every column's timeouts
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return sorted_rows(assembler, index)

    # --- SET -------------------------------------------------------------------------

    def set(self, oid: str, value: TypedValue | int | bytes | str) -> Value:
        """Sets one OID; returns the value the agent reports back."""
        if not isinstance(oid, str):  # before it becomes a dict key
            raise not_an_oid(oid, "set_many()")
        return next(iter(self.set_many({oid: value}).values()))

    def set_many(self, values: Mapping[str, TypedValue | int | bytes | str]) -> dict[str, Value]:
        """Sets many OIDs in one PDU (atomic on the agent); returns the agent's values
        (``{}`` for ``{}``, with no request).

        With a Mib, a plain value (int, bytes, str) of a MIB object is sent as its MIB
        type (``{"ifAdminStatus.1": "down"}``: INTEGER 2), a label or value the type
        cannot take raising `ConfigurationError` before anything is sent.
        """
        varbinds = self._set_varbinds(values)
        if not varbinds:  # nothing to set: no request, as get_many([]) sends none
            return {}
        return self._set_answer(self._send(*self._pdu(PduType.SET, varbinds)), varbinds)
