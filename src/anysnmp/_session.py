"""SnmpSession: the async client API (GET, GETNEXT, GETBULK, walks, SET).

A shell over `anysnmp._protocol.SessionCore`: it runs the core's requests
through an async transport and hands the answers back to the core.
"""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import Any, TypeVar

from anyio.streams.memory import MemoryObjectSendStream

from ._backends import open_transport
from ._codec import PduType, core
from ._errors import EncodeError, NetworkError, UsageError, not_an_oid
from ._manager import Manager
from ._protocol._answers import next_oid_answer
from ._protocol._session import Request, SessionCore
from ._protocol._walk import WalkPlan
from ._table import IndexDecoder, Row, discover_columns, produce_rows, sorted_rows
from ._transport import AsyncTransport, resolve
from ._types import TypedValue, Value
from ._usage import never_exit, refuse_with
from ._walk import WalkResults, send_batches, stream_results, walk_items

__all__ = ("SnmpSession",)

T = TypeVar("T")


class SnmpSession(SessionCore):
    """A client session with one SNMP agent.

    Use it as ``async with SnmpSession("192.0.2.1", community="public") as s:``.
    All methods may be called from many tasks at once; each request has its
    own random request-id and waits under its own cancel scope.

    Args:
        addr: agent host name or IPv4/IPv6 address; a link-local IPv6 address
            names its interface (``fe80::1%eth0``). A name is its IPv4 address
            when it has one, as for Net-SNMP's tools ("localhost" is 127.0.0.1
            where ::1 comes first); give an IPv6 address to use IPv6.
        port: agent UDP port.
        community: v1/v2c community.
        engine_id: SNMPv3 authoritative engine id (discovered when None).
        user: SNMPv3 user; selects v3 when `version` is None (with v1 or v2c:
            `ConfigurationError`, never a community sent in its place).
        version: an `SnmpVersion` (a plain 1 is refused: Net-SNMP's v1, but v2c as
            encoded); None means v3 with a user, else v2c.
        timeout: seconds to wait for each attempt.
        retries: re-sends after a timeout, each with a fresh request-id.
        max_repetitions: GETBULK max-repetitions of walks.
        allow_bulk: let `fetch` use GETBULK (never on v1).
        tos: IP ToS / IPv6 traffic class (DSCP << 2) of requests.
        send_buffer: SO_SNDBUF size, 0 for the system default.
        recv_buffer: SO_RCVBUF size, 0 for the system default.
        limit_rps: at most this many requests per second (an `RPSPolicer`).
        policer: a custom `BasePolicer`; exclusive with `limit_rps`.
        manager: share this `Manager`'s socket instead of opening one.
        context_name: SNMPv3 contextName of requests (at most 32 octets; str in UTF-8;
            with v1 or v2c, which have no context, `ConfigurationError`).
        context_engine_id: SNMPv3 contextEngineID (the agent's engine id when None;
            v1, v2c: `ConfigurationError`).
        engine_boots: SNMPv3: the agent's snmpEngineBoots to start from, with
            `engine_time` (Net-SNMP's ``-Z BOOTS,TIME``): they replace those discovered,
            or with `engine_id` the 0s whose first authenticated request the agent
            refuses (notInTimeWindow) before the session takes its clock. None: not given.
        engine_time: SNMPv3: the agent's snmpEngineTime (seconds), with `engine_boots`.
        transport: "udp", or "tcp" for SNMP over TCP (RFC 3430): a connection
            opened on entering, re-opened once when the agent closes it under
            a request (which is then sent again); a retry re-sends on the same
            connection; replies up to 1 MiB (the v3 msgMaxSize advertised).
        mib: a `Mib`: every method taking an OID takes a name of it too
            (``"SNMPv2-MIB::sysName.0"``), resolved before anything is sent
            (`UnknownNameError` if unknown). Results stay numeric OIDs;
            ``table(..., names=True)`` keys columns and indexes by the MIB.
    """

    _usage = "async with SnmpSession(...) as session"
    _manager_type = Manager

    __enter__ = refuse_with
    __exit__ = never_exit

    _endpoint: AsyncTransport | None = None
    _manager: Manager | None

    # --- lifecycle -------------------------------------------------------------------

    async def __aenter__(self) -> SnmpSession:
        if self._endpoint is not None:
            raise UsageError("this session is already open: enter its 'async with' once")
        if self._manager is not None:
            endpoint: AsyncTransport = self._manager.endpoint
            _, self._addr = await resolve(self._host, self._port, endpoint.family)
        else:
            endpoint, self._addr = await open_transport(
                self.transport, self._host, self._port, None, self._socket_options, self._budget
            )
            self._own_endpoint = True
        self._endpoint = endpoint
        try:
            self._codec = self._new_codec()
            if self._usm is not None:
                if self._engine_id is None and self._engine_clock is None:
                    await self.refresh()
                else:  # -Z: the clock given replaces the one discovered
                    engine_id = self._engine_id or (await self._exchange(*self._discovery()))[0]
                    await self._usm.use_engine(engine_id, *(self._engine_clock or (0, 0)))
        except BaseException:
            await self._close()
            raise
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self._close()

    async def _close(self) -> None:
        self._get_requests.clear()  # they belong to this opening's codec
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None and self._own_endpoint:
            self._own_endpoint = False
            await endpoint.__aexit__(None, None, None)

    async def refresh(self) -> None:
        """Re-discovers the agent's engine id, boots and time (after an agent restart)."""
        engine_id, boots, time = await self._exchange(*self._discovery())
        await self._codec.use_engine(engine_id, boots, time)

    # --- requests --------------------------------------------------------------------

    def _send(
        self, encode: Callable[[int], bytes], decode: Callable[[bytes, int], T | None]
    ) -> Awaitable[T | None]:
        """Runs one request (`AsyncTransport.exchange`): its answer, or None after every attempt.

        A plain function returning the awaitable, so the hot paths await the
        endpoint directly, with no coroutine of the session's own in between.
        """
        endpoint = self._endpoint
        if endpoint is None:
            raise self._not_open()
        run = endpoint.exchange
        if self._usm is not None:  # v3: sent once more after a notInTimeWindow Report
            return core.resync_once(
                self._usm,
                run,
                self._addr,
                encode,
                decode,
                self.timeout,
                self.retries + 1,
                self._policer,
            )
        return run(self._addr, encode, decode, self.timeout, self.retries + 1, self._policer)

    async def _exchange(
        self, encode: Callable[[int], bytes], decode: Callable[[bytes, int], T | None]
    ) -> T:
        """Sends a request until a matching answer arrives or every attempt times out."""
        result = await self._send(encode, decode)
        if result is None:
            raise self._timeout_error()
        return result

    async def request(
        self,
        pdu_type: PduType | int,
        varbinds: Sequence[str | tuple[str, int, Any]],
        *,
        non_repeaters: int = 0,
        max_repetitions: int = 0,
    ) -> list[tuple[str, int, Value]]:
        """Sends one PDU as given; the answer's varbinds as ``(oid, tag, value)``.

        The low-level form of the other methods, as Net-SNMP's snmpget,
        snmpgetnext, snmpbulkget and snmpset send requests: `varbinds` are
        OIDs, or ``(oid, tag, value)`` triples for a SET. Exception values come
        back with their tag (0x80-0x82) and a None value.

        Raises:
            ErrorStatusError: the agent answered with a non-zero error-status.
        """
        items = self._listed(varbinds, "request", "varbinds", "request(pdu_type, [oid])")
        request: Request = self._pdu(pdu_type, items, True, non_repeaters, max_repetitions)
        return self._request_answer(await self._send(*request), items)

    # --- GET -------------------------------------------------------------------------

    async def get(self, oid: str) -> Value:
        """The value of one OID.

        Raises:
            NoSuchInstance: noSuchObject, noSuchInstance, or v1 noSuchName.
            ErrorStatusError: any other error-status.
        """
        try:
            request = self._get_requests.get(oid) or self._get_request((oid,), key=oid)
        except (TypeError, EncodeError):  # a str: the parser's own error; else not an OID
            if isinstance(oid, str):
                raise
            raise not_an_oid(oid, "get_many()") from None
        return self._one_varbind(await self._send(*request), oid)  # type: ignore[no-any-return]

    async def get_typed(self, oid: str) -> tuple[int, Value]:
        """``(tag, value)`` of one OID, for callers that need the SMI type."""
        return self._one_varbind(await self._get((oid,), True), oid)  # type: ignore[no-any-return]

    def _get(self, oids: Sequence[str], typed: bool = False) -> Awaitable[Any]:
        """Sends a GET of `oids` (the session's kept `GetRequest`); v3 Reports raise in decode."""
        return self._send(*self._get_request(oids, typed))

    async def get_many(self, oids: Iterable[str]) -> dict[str, Value]:
        """Values of many OIDs in as few requests as the agent allows.

        OIDs the agent does not have are left out. A tooBig answer, or a GET
        too long to send in a datagram, splits the request in halves; a v1
        noSuchName drops the named OID and retries.
        """
        plan = self._get_many_plan(oids)
        while (asked := plan.next_request()) is not None:
            try:
                response = await self._get(asked)
            except NetworkError as exc:
                if plan.too_long(exc):
                    continue
                raise
            plan.on_response(response)
        return plan.result

    def _polled_get(
        self, oids: Sequence[str], shared: dict[Any, Any]
    ) -> tuple[Any, Any, float, int] | None:
        """A `core.GetPoller` device: ``(addr, GetRequest, timeout, attempts)`` of a GET of `oids`.

        None when the GET needs the general path: v3 (Reports, resyncs) or a
        policer. Sessions whose codecs encode alike (version, community, MIB
        names) share one GetRequest through `shared`.
        """
        if self._usm is not None or self._policer is not None or self._endpoint is None:
            return None
        key = (self.version, self._community, id(self.mib))
        get = shared.get(key)
        if get is None:
            get = shared[key] = self._get_request(oids)[0].__self__  # type: ignore[attr-defined]
        return self._addr, get, self.timeout, self.retries + 1

    # --- walks -----------------------------------------------------------------------

    def getnext(self, oid: str) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETNEXT: ``async for oid, value in ...``."""
        return self._iterate(oid, bulk=False, max_repetitions=1)

    def getbulk(
        self, oid: str, max_repetitions: int | None = None
    ) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETBULK (v2c/v3)."""
        self._check_bulk()
        return self._iterate(oid, bulk=True, max_repetitions=max_repetitions)

    def fetch(self, oid: str) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid`, with GETBULK when allowed, else GETNEXT."""
        return self._iterate(oid, bulk=self._bulk_allowed, max_repetitions=None)

    def _iterate(
        self, oid: str, *, bulk: bool, max_repetitions: int | None
    ) -> AsyncIterator[tuple[str, Value]]:
        # Not an async generator: the items are served from C++, no Python frame each.
        return walk_items(
            self._send, self.walk_plan(oid, bulk=bulk, max_repetitions=max_repetitions)
        )

    def walk_batches(
        self,
        oid: str,
        *,
        bulk: bool | None = None,
        max_repetitions: int | None = None,
        typed: bool = False,
        check_increasing: bool = True,
    ) -> AsyncIterator[list[Any]]:
        """Walks a subtree, yielding each response's varbinds as one list.

        Items are ``(oid, value)``, or ``(oid, tag, value)`` when `typed`.
        The walk ends at the subtree's end, endOfMibView, an exception value
        or noSuchName; it raises `OidNotIncreasingError` when the agent
        returns an OID not greater than the previous one (unless
        `check_increasing` is false) or an empty varbind list.
        """
        return self.run_walk(
            self.walk_plan(
                oid,
                bulk=bulk,
                max_repetitions=max_repetitions,
                typed=typed,
                check_increasing=check_increasing,
            )
        )

    async def run_walk(self, plan: WalkPlan) -> AsyncGenerator[list[Any], None]:
        """Runs a walk from `walk_plan`, yielding each response's varbinds as one list."""
        send = self._send
        while plan.more():
            batch = plan.on_response(await send(plan.encode, plan.decode))
            if batch:
                yield batch

    def walk(
        self,
        oid: str,
        *,
        bulk: bool | None = None,
        max_repetitions: int | None = None,
        typed: bool = False,
        buffer: int = 4,
    ) -> AbstractAsyncContextManager[WalkResults]:
        """Walks a subtree in a background task, streaming the results.

        ``async with session.walk("1.3.6.1.2.1.2") as results:``
        ``async for oid, value in results: ...``

        The producer sends one batch (one response) at a time through a memory
        object stream of `buffer` batches: a slow consumer pauses the walk, so
        memory stays flat however large the subtree. Errors of the walk are
        raised in the consumer's task when it reaches them.
        """
        batches = self.walk_batches(oid, bulk=bulk, max_repetitions=max_repetitions, typed=typed)
        return stream_results(partial(send_batches, batches), buffer)

    async def next_oid(self, oid: str) -> str | None:
        """The OID following `oid` in the agent's MIB (one GETNEXT), or None at its end."""
        request, asked = self._getnext_of(oid)
        return next_oid_answer(self._checked(await self._send(*request)), asked)

    # --- tables ----------------------------------------------------------------------

    async def _table_columns(self, spec: str | list[str]) -> list[str]:
        """The columns of `_table_spec`'s answer: found under the entry, or those given."""
        return await discover_columns(self, spec) if isinstance(spec, str) else spec

    async def table(
        self,
        columns: str | Sequence[str],
        *,
        concurrency: int = 4,
        index: IndexDecoder | None = None,
        names: bool = False,
    ) -> dict[Any, Row]:
        """A whole table as ``{index: {column_oid: value}}``, rows in index order.

        Args:
            columns: the table's entry OID (its columns are discovered with
                GETNEXT hops), or the column OIDs to fetch; with a Mib,
                names, the table's OID (``IF-MIB::ifTable``) for its entry and
                a column's (``IF-MIB::ifDescr``) for that column alone.
            concurrency: how many column walks run at once.
            index: turns the index arcs (a tuple of ints) into the row key,
                e.g. ``lambda arcs: ".".join(map(str, arcs))`` for IpAddress
                indexes; the tuple itself by default.
            names: with a Mib: the columns keyed by their names (``ifDescr``)
                and, unless `index` is given, the index decoded by the
                table's INDEX clause (`Mib.index_decoder`: ``(3, b"comm1")``).

        A row holds the columns the agent returned for it, in the order of the
        columns: a column with a hole for that row is absent from its dict.

        Raises:
            ConfigurationError: `names` without a Mib.
            UnknownNameError: a name the Mib does not know (before anything is sent).
        """
        spec, index = self._table_spec(columns, names, index, concurrency)
        assembler = self._table_assembler(await self._table_columns(spec), names)
        await produce_rows(self, assembler, concurrency)
        return sorted_rows(assembler, index)

    def table_rows(
        self,
        columns: str | Sequence[str],
        *,
        concurrency: int = 4,
        index: IndexDecoder | None = None,
        names: bool = False,
        buffer: int = 4,
    ) -> AbstractAsyncContextManager[WalkResults]:
        """Streams a table's rows as ``(index, row)`` in index order, each once complete.

        A row is sent as soon as every column walk has moved past its index,
        so rows arrive while the walks run; arguments as for `table`.
        """
        spec, index = self._table_spec(columns, names, index, concurrency)

        async def produce(send: MemoryObjectSendStream[list[Any]]) -> None:
            assembler = self._table_assembler(await self._table_columns(spec), names)
            await produce_rows(self, assembler, concurrency, send, index)

        return stream_results(produce, buffer, rows=True)

    # --- SET -------------------------------------------------------------------------

    async def set(self, oid: str, value: TypedValue | int | bytes | str) -> Value:
        """Sets one OID; returns the value the agent reports back."""
        if not isinstance(oid, str):  # before it becomes a dict key
            raise not_an_oid(oid, "set_many()")
        result = await self.set_many({oid: value})
        return next(iter(result.values()))

    async def set_many(
        self, values: Mapping[str, TypedValue | int | bytes | str]
    ) -> dict[str, Value]:
        """Sets many OIDs in one PDU (atomic on the agent); returns the agent's values
        (``{}`` for ``{}``, with no request).

        With a Mib, a plain value (int, bytes, str) of a MIB object is sent as its MIB
        type (``{"ifAdminStatus.1": "down"}``: INTEGER 2), a label or value the type
        cannot take raising `ConfigurationError` before anything is sent.
        """
        varbinds = self._set_varbinds(values)
        if not varbinds:  # nothing to set: no request, as get_many([]) sends none
            return {}
        return self._set_answer(await self._send(*self._pdu(PduType.SET, varbinds)), varbinds)
