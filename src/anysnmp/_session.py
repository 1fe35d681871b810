"""SnmpSession: the client API (GET, GETNEXT, GETBULK, walks, SET)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

from anyio.streams.memory import MemoryObjectSendStream

from ._codec import PduType, core
from ._errors import (
    ConfigurationError,
    DecodeError,
    ErrorStatusError,
    NoSuchInstance,
    OidNotIncreasingError,
    SnmpError,
    TimeoutError,
)
from ._policer import BasePolicer, RPSPolicer
from ._table import IndexDecoder, Row, TableAssembler, discover_columns, normalize, produce_rows
from ._transport import RECV_BUFFER_SIZE, Endpoint, Manager, SockAddr, open_socket, resolve
from ._types import SmiException, SnmpVersion, TypedValue, Value, snmp_version, to_typed
from ._usm import SessionCodec, User, scoped_context
from ._walk import WalkResults, iterate_items, send_batches, stream_results

__all__ = ("SnmpSession",)

T = TypeVar("T")

_TOO_BIG = 1
_NO_SUCH_NAME = 2

_RESPONSE = int(PduType.RESPONSE)
#: How many GET requests (OID lists) a session keeps for reuse.
_KEPT_GET_REQUESTS = 256

# (pdu_type, error_status, error_index, varbinds) as the codec returns it.
Response = tuple[int, int, int, list[Any]]


class SnmpSession:
    """A client session with one SNMP agent.

    Use it as ``async with SnmpSession("192.0.2.1", community="public") as s:``.
    All methods may be called from many tasks at once; each request has its
    own random request-id and waits under its own cancel scope.

    Args:
        addr: agent host name or IPv4/IPv6 address; a link-local IPv6 address
            names its interface (``fe80::1%eth0``).
        port: agent UDP port.
        community: v1/v2c community.
        engine_id: SNMPv3 authoritative engine id (discovered when None).
        user: SNMPv3 user; selects v3 when `version` is None.
        version: protocol version; None means v3 with a user, else v2c.
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
        context_name: SNMPv3 contextName of requests (at most 32 octets; str in UTF-8).
        context_engine_id: SNMPv3 contextEngineID (the agent's engine id when None).
    """

    #: Upper bound on the requests of one walk, so no agent can keep a walk going forever.
    max_walk_requests = 1_000_000

    def __init__(
        self,
        addr: str,
        port: int = 161,
        *,
        community: str | bytes = "public",
        engine_id: bytes | None = None,
        user: User | None = None,
        version: SnmpVersion | int | None = None,
        timeout: float = 10.0,
        retries: int = 1,
        max_repetitions: int = 20,
        allow_bulk: bool = True,
        tos: int = 0,
        send_buffer: int = 0,
        recv_buffer: int = 0,
        limit_rps: float | None = None,
        policer: BasePolicer | None = None,
        manager: Manager | None = None,
        context_name: bytes | str = b"",
        context_engine_id: bytes | None = None,
    ) -> None:
        if limit_rps is not None and policer is not None:
            raise ConfigurationError("pass either limit_rps or policer, not both")
        if timeout <= 0 or retries < 0 or max_repetitions < 1:
            raise ConfigurationError("timeout must be > 0, retries >= 0 and max_repetitions >= 1")
        self.version = snmp_version(
            version
            if version is not None
            else (SnmpVersion.v3 if user is not None else SnmpVersion.v2c)
        )
        self._host = addr
        self._port = port
        self._community = community.encode() if isinstance(community, str) else bytes(community)
        self._engine_id = engine_id
        self._user = user
        self._context_name, self._context_engine_id = scoped_context(
            context_name, context_engine_id
        )
        self.timeout = timeout
        self.retries = retries
        self.max_repetitions = max_repetitions
        self.allow_bulk = allow_bulk
        self._socket_options = {"tos": tos, "send_buffer": send_buffer, "recv_buffer": recv_buffer}
        self._policer = RPSPolicer(limit_rps) if limit_rps is not None else policer
        self._manager = manager
        self._endpoint: Endpoint | None = None
        self._own_endpoint = False
        self._addr: SockAddr = ("", 0)
        self._codec: Any = None
        self._usm: SessionCodec | None = None
        self._get_requests: dict[tuple[tuple[str, ...], bool], Any] = {}

    def __repr__(self) -> str:
        return f"SnmpSession({self._host!r}, {self._port}, version={self.version.name})"

    # --- lifecycle -------------------------------------------------------------------

    async def __aenter__(self) -> SnmpSession:
        if self._endpoint is not None:
            raise RuntimeError("this session is already open")
        if self._manager is not None:
            endpoint = self._manager.endpoint
            _, self._addr = await resolve(self._host, self._port, endpoint.family)
        else:
            family, self._addr = await resolve(self._host, self._port)
            sock = open_socket(family, None, **self._socket_options)
            endpoint = await Endpoint(sock, self._addr).__aenter__()
            self._own_endpoint = True
        self._endpoint = endpoint
        try:
            self._codec = await self._open_codec()
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

    async def _open_codec(self) -> Any:
        if self.version == SnmpVersion.v3:
            self._usm = await self._open_usm_codec()
            return self._usm
        return core.Codec(int(self.version), self._community)

    # --- SNMPv3 ----------------------------------------------------------------------

    async def _open_usm_codec(self) -> SessionCodec:
        if self._user is None:
            raise ConfigurationError("SNMPv3 needs user=User(...)")
        codec = SessionCodec(
            self._user,
            context_name=self._context_name,
            context_engine_id=self._context_engine_id,
            max_size=min(RECV_BUFFER_SIZE, 65507),
        )
        if self._engine_id is None:
            await codec.discover(self._exchange)
        else:
            await codec.use_engine(self._engine_id)
        return codec

    def get_engine_id(self) -> bytes:
        """The agent's SNMPv3 engine id (given, or discovered on entering the session)."""
        if not isinstance(self._codec, SessionCodec):
            raise SnmpError("engine ids belong to SNMPv3 sessions that are open")
        return bytes(self._codec.engine_id)

    async def refresh(self) -> None:
        """Re-discovers the agent's engine id, boots and time (after an agent restart)."""
        if not isinstance(self._codec, SessionCodec):
            raise SnmpError("refresh() needs an open SNMPv3 session")
        await self._codec.discover(self._exchange)

    # --- requests --------------------------------------------------------------------

    def _send(
        self, encode: Callable[[int], bytes], decode: Callable[[bytes, int], T | None]
    ) -> Awaitable[T | None]:
        """Runs one request (`Endpoint.exchange`): its answer, or None after every attempt.

        A plain function returning the awaitable, so the hot paths await the
        endpoint directly, with no coroutine of the session's own in between.
        """
        endpoint = self._endpoint
        if endpoint is None:
            raise RuntimeError("use the session as 'async with SnmpSession(...) as session:'")
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

    def _timeout_error(self) -> TimeoutError:
        return TimeoutError(
            f"no response from {self._host}:{self._port} after {self.retries + 1} "
            f"attempt(s) of {self.timeout:g}s"
            + (self._usm.timeout_hint() if self._usm is not None else "")
        )

    def _checked(self, response: Response | None) -> Response:
        """The response of a request, raising for a timeout or a PDU other than Response."""
        if response is None:
            raise self._timeout_error()
        if response[0] != _RESPONSE:
            raise SnmpError(f"agent answered with a {PduType(response[0]).name} PDU")
        return response

    def _session_codec(self) -> Any:
        codec = self._codec
        if codec is None:
            raise RuntimeError("use the session as 'async with SnmpSession(...) as session:'")
        return codec

    async def _request(
        self, pdu_type: int, varbinds: Sequence[Any], typed: bool = False
    ) -> Response:
        codec = self._session_codec()
        return self._checked(
            await self._send(
                lambda key: codec.encode_request(pdu_type, key, varbinds),
                partial(codec.decode_response, typed=typed),
            )
        )

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
        codec = self._session_codec()
        items = list(varbinds)
        _, status, index, answer = self._checked(
            await self._send(
                lambda key: codec.encode_request(
                    pdu_type, key, items, non_repeaters, max_repetitions
                ),
                partial(codec.decode_response, typed=True),
            )
        )
        if status:
            named = items[index - 1] if 1 <= index <= len(items) else None
            raise ErrorStatusError(
                status, index, named if isinstance(named, str) or named is None else named[0]
            )
        return answer

    # --- GET -------------------------------------------------------------------------

    async def get(self, oid: str) -> Value:
        """The value of one OID.

        Raises:
            NoSuchInstance: noSuchObject, noSuchInstance, or v1 noSuchName.
            ErrorStatusError: any other error-status.
        """
        return self._one_varbind(await self._get((oid,)), oid)  # type: ignore[no-any-return]

    async def get_typed(self, oid: str) -> tuple[int, Value]:
        """``(tag, value)`` of one OID, for callers that need the SMI type."""
        return self._one_varbind(await self._get((oid,), True), oid)  # type: ignore[no-any-return]

    def _get(self, oids: Sequence[str], typed: bool = False) -> Awaitable[Any]:
        """Sends a GET of `oids`, parsed and encoded once (a `GetRequest`).

        The answer is `Codec.decode_get`'s: its varbinds are a dict keyed by the
        caller's OID strs when the agent answered exactly the OIDs asked, in
        order, with error-status 0; else the list `decode_response` returns.
        Requests are kept per session, so a poller asking for the same OIDs
        again reuses them.
        """
        key = (tuple(oids), typed)
        request = self._get_requests.get(key)
        if request is None:
            request = core.GetRequest(self._session_codec(), oids, typed)
            if len(self._get_requests) >= _KEPT_GET_REQUESTS:
                self._get_requests.clear()
            self._get_requests[key] = request
        return self._send(request.encode, request.decode)  # v3 Reports raise in decode

    def _one_varbind(self, response: Any, oid: str) -> Any:
        """The value answering a GET of `oid` (``(tag, value)`` when typed).

        Raises for error-statuses, exception values, and answers for other OIDs.
        """
        if response is not None and isinstance(response[3], dict):
            # A Response for exactly `oid`, error-status 0; exception values left out.
            for value in response[3].values():
                return value
            raise NoSuchInstance(oid)
        _, status, index, varbinds = self._checked(response)
        if status:
            if status == _NO_SUCH_NAME:
                raise NoSuchInstance(oid)
            raise ErrorStatusError(status, index, oid)
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

    async def get_many(self, oids: Iterable[str]) -> dict[str, Value]:
        """Values of many OIDs in as few requests as the agent allows.

        OIDs the agent does not have are left out. A tooBig answer splits the
        request in halves; a v1 noSuchName drops the named OID and retries.
        """
        return await self._get_many_into(list(oids), {})

    async def _get_many_into(self, oids: list[str], result: dict[str, Value]) -> dict[str, Value]:
        """Adds the values of `oids` to `result`; returns it (or the answer, when `result` is empty)."""
        while oids:
            response = await self._get(oids)
            if response is not None and isinstance(response[3], dict):
                # A Response for exactly the OIDs asked, error-status 0; exception values left out.
                if not result:
                    return response[3]
                result.update(response[3])
                return result
            _, status, index, varbinds = self._checked(response)
            if status == _TOO_BIG and len(oids) > 1:
                half = len(oids) // 2
                result = await self._get_many_into(oids[:half], result)
                return await self._get_many_into(oids[half:], result)
            if status == _NO_SUCH_NAME and 1 <= index <= len(oids):
                oids = oids[: index - 1] + oids[index:]
                continue
            if status:
                raise ErrorStatusError(
                    status, index, oids[index - 1] if 1 <= index <= len(oids) else None
                )
            # Only what was asked: an agent cannot inject OIDs. The common case,
            # checked with set operations: every answered OID asked, no exception value.
            answer = dict(varbinds)
            if answer.keys() <= set(oids) and not any(
                issubclass(kind, SmiException) for kind in set(map(type, answer.values()))
            ):
                result.update(answer)
                return result
            asked = {oid.lstrip(".") for oid in oids}
            for oid, value in varbinds:
                if oid in asked and not isinstance(value, SmiException):
                    result[oid] = value
            return result
        return result

    # --- walks -----------------------------------------------------------------------

    def getnext(self, oid: str) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETNEXT: ``async for oid, value in ...``."""
        return self._iterate(oid, bulk=False, max_repetitions=1)

    def getbulk(
        self, oid: str, max_repetitions: int | None = None
    ) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid` with GETBULK (v2c/v3)."""
        if self.version == SnmpVersion.v1:
            raise SnmpError("GETBULK needs SNMP v2c or v3")
        return self._iterate(
            oid, bulk=True, max_repetitions=max_repetitions or self.max_repetitions
        )

    def fetch(self, oid: str) -> AsyncIterator[tuple[str, Value]]:
        """Walks the subtree under `oid`, with GETBULK when allowed, else GETNEXT."""
        return self._iterate(oid, bulk=self._bulk_allowed, max_repetitions=self.max_repetitions)

    @property
    def _bulk_allowed(self) -> bool:
        return self.allow_bulk and self.version != SnmpVersion.v1

    def _iterate(
        self, oid: str, *, bulk: bool, max_repetitions: int
    ) -> AsyncIterator[tuple[str, Value]]:
        # Not an async generator: the items are served from C++, no Python frame each.
        return iterate_items(self.walk_batches(oid, bulk=bulk, max_repetitions=max_repetitions))

    async def walk_batches(
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
        if bulk is None:
            bulk = self._bulk_allowed
        elif bulk and self.version == SnmpVersion.v1:
            raise SnmpError("GETBULK needs SNMP v2c or v3")
        repetitions = max_repetitions or self.max_repetitions
        walker = core.Walker(oid, check_increasing, typed)
        codec = self._session_codec()
        encode = partial(codec.encode_walk, walker=walker, bulk=bulk, max_repetitions=repetitions)
        decode = partial(codec.decode_walk, walker=walker)
        send, checked = self._send, self._checked
        for _ in range(self.max_walk_requests):
            if walker.done:
                if walker.error is not None:  # after the varbinds that came before it
                    raise OidNotIncreasingError(walker.error)
                return
            _, status, index, batch = checked(await send(encode, decode))
            if status == _NO_SUCH_NAME:
                return
            if status == _TOO_BIG and bulk and repetitions > 1:
                repetitions = max(1, repetitions // 2)
                encode = partial(encode, max_repetitions=repetitions)
                continue
            if status:
                raise ErrorStatusError(status, index, walker.last)
            if batch:
                yield batch
        if not walker.done:
            raise SnmpError(
                f"walk of {oid} still going after {self.max_walk_requests} requests: "
                "the agent may be generating OIDs without end"
            )

    @asynccontextmanager
    async def walk(
        self,
        oid: str,
        *,
        bulk: bool | None = None,
        max_repetitions: int | None = None,
        typed: bool = False,
        buffer: int = 4,
    ) -> AsyncIterator[WalkResults]:
        """Walks a subtree in a background task, streaming the results.

        ``async with session.walk("1.3.6.1.2.1.2") as results:``
        ``async for oid, value in results: ...``

        The producer sends one batch (one response) at a time through a memory
        object stream of `buffer` batches: a slow consumer pauses the walk, so
        memory stays flat however large the subtree. Errors of the walk are
        raised in the consumer's task when it reaches them.
        """
        batches = self.walk_batches(oid, bulk=bulk, max_repetitions=max_repetitions, typed=typed)
        async with stream_results(partial(send_batches, batches), buffer) as results:
            yield results

    async def next_oid(self, oid: str) -> str | None:
        """The OID following `oid` in the agent's MIB (one GETNEXT), or None at its end."""
        _, status, index, varbinds = await self._request(PduType.GETNEXT, (oid,), True)
        if status == _NO_SUCH_NAME:
            return None
        if status:
            raise ErrorStatusError(status, index, oid)
        if len(varbinds) != 1:
            raise DecodeError(f"GETNEXT of one OID answered with {len(varbinds)} varbinds")
        name, tag, _ = varbinds[0]
        return None if tag >= 0x80 else str(name)

    # --- tables ----------------------------------------------------------------------

    async def _table_columns(self, columns: str | Sequence[str]) -> list[str]:
        if isinstance(columns, str):
            return await discover_columns(self, normalize(columns))
        return [normalize(column) for column in columns]

    async def table(
        self,
        columns: str | Sequence[str],
        *,
        concurrency: int = 4,
        index: IndexDecoder | None = None,
    ) -> dict[Any, Row]:
        """A whole table as ``{index: {column_oid: value}}``, rows in index order.

        Args:
            columns: the table's entry OID (its columns are discovered with
                GETNEXT hops), or the column OIDs to fetch.
            concurrency: how many column walks run at once.
            index: turns the index arcs (a tuple of ints) into the row key,
                e.g. ``lambda arcs: ".".join(map(str, arcs))`` for IpAddress
                indexes; the tuple itself by default.

        A row holds the columns the agent returned for it: a column with a
        hole for that row is absent from its dict.
        """
        assembler = TableAssembler(await self._table_columns(columns))
        await produce_rows(self, assembler, concurrency)
        return {
            (index(key) if index else key): assembler.rows[key] for key in sorted(assembler.rows)
        }

    @asynccontextmanager
    async def table_rows(
        self,
        columns: str | Sequence[str],
        *,
        concurrency: int = 4,
        index: IndexDecoder | None = None,
        buffer: int = 4,
    ) -> AsyncIterator[WalkResults]:
        """Streams a table's rows as ``(index, row)`` in index order, each once complete.

        A row is sent as soon as every column walk has moved past its index,
        so rows arrive while the walks run; arguments as for `table`.
        """

        async def produce(send: MemoryObjectSendStream[list[Any]]) -> None:
            assembler = TableAssembler(await self._table_columns(columns))
            await produce_rows(self, assembler, concurrency, send, index)

        async with stream_results(produce, buffer) as results:
            yield results

    # --- SET -------------------------------------------------------------------------

    async def set(self, oid: str, value: TypedValue | int | bytes | str) -> Value:
        """Sets one OID; returns the value the agent reports back."""
        result = await self.set_many({oid: value})
        return next(iter(result.values()))

    async def set_many(
        self, values: Mapping[str, TypedValue | int | bytes | str]
    ) -> dict[str, Value]:
        """Sets many OIDs in one PDU (atomic on the agent); returns the agent's values."""
        names = list(values)
        varbinds = []
        for name in names:
            typed = to_typed(values[name])
            varbinds.append((name, int(typed.tag), typed.value))
        _, status, index, answer = await self._request(PduType.SET, varbinds)
        if status:
            raise ErrorStatusError(
                status, index, names[index - 1] if 1 <= index <= len(names) else None
            )
        return dict(answer)
