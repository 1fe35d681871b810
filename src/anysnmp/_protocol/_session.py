"""SessionCore: a session's settings, codecs and requests, without any I/O.

The async and the blocking `SnmpSession` subclass it and add only the I/O:
they run the requests it builds (an ``(encode, decode)`` pair, see
`anysnmp._transport.AsyncTransport.exchange`) and hand the answers to its
plans and status policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from .._codec import PduType, core
from .._errors import (
    ArgumentTypeError,
    ConfigurationError,
    NoSuchInstance,
    TimeoutError,
    UnknownNameError,
    UsageError,
    check_setting,
    not_an_oid,
    refuse_name,
)
from .._mib import check_mib
from .._policer import BasePolicer, RPSPolicer
from .._table import IndexDecoder, TableAssembler, normalize
from .._transport import (
    MAX_TCP_MESSAGE_SIZE,
    RECV_BUFFER_SIZE,
    SockAddr,
    check_peer_port,
    check_transport,
)
from .._types import (
    SnmpVersion,
    TypedValue,
    Value,
    engine_id_octets,
    octets,
    snmp_version,
    to_typed,
)
from .._usm import (
    SessionCodec,
    User,
    check_context_version,
    check_engine_version,
    scoped_context,
)
from ._answers import GetManyPlan, Response, checked, one_value, raise_status, set_answer
from ._arguments import checked_arguments
from ._walk import WalkPlan

if TYPE_CHECKING:
    from .._mib._mib import Mib
    from .._mib._node import MibNode

__all__ = ("Request", "SessionCore", "socket_options")

#: How many GET requests (OID lists) a session keeps for reuse.
_KEPT_GET_REQUESTS = 256
#: How many OID texts (names, and numeric text with a Mib) a session keeps resolved.
_KEPT_OIDS = 4096

#: Text the OID parser reads as it is (digits and dots): no MIB lookup for it.
_numeric = re.compile(r"[0-9.]+", re.ASCII).fullmatch


#: The kinds of MIB node that are no instance: a GET of one never gets a value.
_NO_INSTANCE = ("scalar", "column", "table", "row")


def _where_values(text: str, node: MibNode) -> str:
    """What the object `node` (`text` names it) is, and where its values are."""
    if node.kind == "scalar":
        where = f"its value is {text}.0"
    elif node.kind == "column":
        where = f"its values are {text}.INDEX (walk it: fetch({text!r}))"
    elif node.kind == "table":
        where = f"its rows are read with table({text!r})"
    elif node.kind == "row":
        where = f"its table's rows are read with table({text!r})"
    else:
        where = f"walk it: fetch({text!r})"
    return f"the {node.kind} {node.name}: {where}"


#: The PDU types a request may carry (`SessionCore.request` takes any of them).
_PDU_TYPES = frozenset(PduType)
#: The PDU types an agent answers (RFC 3416's Confirmed Class): what `request()` sends.
_CONFIRMED = frozenset((PduType.GET, PduType.GETNEXT, PduType.GETBULK, PduType.SET, PduType.INFORM))

#: A request as a transport runs it: ``encode(request_id)``, ``decode(data, request_id)``.
Request = tuple[Callable[[int], bytes], Callable[[bytes, int], Any]]


def _engine_clock(boots: int | None, time: int | None) -> tuple[int, int] | None:
    """The agent's SNMPv3 engine boots and time given (Net-SNMP's -Z), or None.

    Raises:
        ConfigurationError: one without the other, or not from 0 to 2**31 - 1.
    """
    if boots is None and time is None:
        return None
    if boots is None or time is None:
        raise ConfigurationError("engine_boots and engine_time are given together, or neither")
    check_setting("engine_boots", boots, 0)
    check_setting("engine_time", time, 0)
    return boots, time


def socket_options(tos: int, send_buffer: int, recv_buffer: int) -> dict[str, int]:
    """A UDP socket's options (`open_socket`'s keywords), checked.

    Raises:
        ConfigurationError: `tos` not an int 0-255, a buffer size not an int >= 0.
    """
    check_setting("tos", tos, 0, most=255)
    check_setting("send_buffer", send_buffer, 0)
    check_setting("recv_buffer", recv_buffer, 0)
    return {"tos": tos, "send_buffer": send_buffer, "recv_buffer": recv_buffer}


def _check_types(addr: object, port: object, user: object, policer: object, blocking: bool) -> None:
    """Raises `ConfigurationError` for a session argument of a type that cannot work."""
    if not isinstance(addr, str):
        raise ConfigurationError(
            f"addr must be a host name or address as a str, not {type(addr).__name__}"
        )
    check_peer_port(port, "agent", 161)
    if user is not None and not isinstance(user, User):
        raise ConfigurationError(
            f"user must be a User, not {type(user).__name__}: "
            "user=User('name', auth_key=Sha256Key(b'passphrase'))"
        )
    wait = "wait_blocking" if blocking else "wait"
    if policer is not None and not callable(getattr(policer, wait, None)):
        raise ConfigurationError(
            f"policer must be a BasePolicer (with a {wait}() method), not {type(policer).__name__}"
        )


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


class SessionCore:
    """What a client session knows and decides, for the shells to run.

    Args: as `anysnmp.SnmpSession`'s; `manager` is the shell's kind of manager.
    """

    #: How the shell is opened, for the error of a session used unopened.
    _usage = "with SessionCore(...) as session"
    #: Whether the shell blocks threads (its policer needs `wait_blocking`).
    _blocking = False
    #: The shell's kind of manager (`manager=`).
    _manager_type: type = type(None)

    #: Upper bound on the requests of one walk, so no agent can keep a walk going forever.
    max_walk_requests = 1_000_000

    @checked_arguments
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
        manager: Any = None,
        context_name: bytes | str = b"",
        context_engine_id: bytes | None = None,
        engine_boots: int | None = None,
        engine_time: int | None = None,
        transport: str = "udp",
        mib: Mib | None = None,
    ) -> None:
        check_transport(transport)
        _check_types(addr, port, user, policer, self._blocking)
        if transport == "tcp" and manager is not None:
            raise ConfigurationError("a TCP session has its own connection: no manager")
        if manager is not None and not isinstance(manager, self._manager_type):
            raise ArgumentTypeError(
                f"manager= takes an {_qualified(self._manager_type)}, not "
                f"{_qualified(type(manager))}"
            )
        if limit_rps is not None and policer is not None:
            raise ConfigurationError("pass either limit_rps or policer, not both")
        if (
            self._blocking
            and policer is not None
            and type(policer).wait_blocking is BasePolicer.wait_blocking
        ):
            raise ConfigurationError("a blocking session's policer needs a wait_blocking() method")
        check_setting("timeout", timeout, 0, seconds=True)
        check_setting("retries", retries, 0)
        check_setting("max_repetitions", max_repetitions, 1)
        if isinstance(allow_bulk, (str, bytes)):
            raise ConfigurationError(
                f"allow_bulk is True or False, not the text {allow_bulk!r} (a text is true)"
            )
        self.version = snmp_version(
            version
            if version is not None
            else (SnmpVersion.v3 if user is not None else SnmpVersion.v2c)
        )
        if user is None and self.version == SnmpVersion.v3:
            raise ConfigurationError("SNMPv3 needs user=User(...)")
        if user is not None and self.version != SnmpVersion.v3:
            # Its keys would go unused and the community travel in clear text.
            raise ConfigurationError(
                f"user= is for SNMPv3, and version={self.version.name} was given: drop "
                "version= (a user means v3), or drop user= to use a community"
            )
        self._host = addr
        self._port = port
        self._community = octets("community", community)
        self._engine_id = (
            engine_id if engine_id is None else engine_id_octets(engine_id, "discovers it")
        )
        self._user = user
        context = scoped_context(context_name, context_engine_id)
        check_context_version(self.version, context)
        self._context_name, self._context_engine_id = context
        self._engine_clock = _engine_clock(engine_boots, engine_time)
        check_engine_version(
            self.version, engine_id=engine_id, engine_boots=engine_boots, engine_time=engine_time
        )
        self.timeout = timeout
        self.retries = retries
        self.max_repetitions = max_repetitions
        self.allow_bulk = allow_bulk
        self._socket_options = socket_options(tos, send_buffer, recv_buffer)
        self._policer = RPSPolicer(limit_rps) if limit_rps is not None else policer
        self._manager = manager
        self.transport = transport
        check_mib(mib)
        self.mib = mib
        self._known_oids: dict[str, str] = {}
        self._instance_names: set[str] = set()  # names `_instances` found to be no object
        self._own_endpoint = False
        self._addr: SockAddr = ("", 0)
        self._codec: Any = None
        self._usm: SessionCodec | None = None
        self._get_requests: dict[str | tuple[tuple[str, ...], bool], Request] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._host!r}, {self._port}, version={self.version.name})"

    # --- codecs ----------------------------------------------------------------------

    def _new_codec(self) -> Any:
        """The codec of a new opening: v1/v2c's, or a v3 one without an engine yet (`_usm`)."""
        self._get_requests.clear()  # they belong to the previous opening's codec
        if self.version != SnmpVersion.v3:
            return core.Codec(int(self.version), self._community)
        if self._user is None:
            raise ConfigurationError("SNMPv3 needs user=User(...)")
        self._usm = SessionCodec(
            self._user,
            context_name=self._context_name,
            context_engine_id=self._context_engine_id,
            max_size=MAX_TCP_MESSAGE_SIZE
            if self.transport == "tcp"
            else min(RECV_BUFFER_SIZE, 65507),
        )
        return self._usm

    def _discovery(self) -> Request:
        """The v3 discovery request (RFC 3414 4): its answer is ``(engine_id, boots, time)``."""
        codec = self._v3_codec("refresh()")
        return codec.encode_discovery, codec.decode_discovery

    def get_engine_id(self) -> bytes:
        """The agent's SNMPv3 engine id (given, or discovered on entering the session).

        Raises:
            ConfigurationError: a v1 or v2c session (its agent has no engine to discover).
            UsageError: the session is not open.
        """
        return bytes(self._v3_codec("get_engine_id()").engine_id)

    def _v3_codec(self, method: str) -> SessionCodec:
        """The open SNMPv3 session's codec, for `method`, which only SNMPv3 has."""
        if self.version != SnmpVersion.v3:
            raise ConfigurationError(
                f"{method} is for SNMPv3 sessions (user=): a {self.version.name} agent has no "
                "engine id to discover"
            )
        codec = self._codec
        if not isinstance(codec, SessionCodec):
            raise self._not_open()
        return codec

    def _session_codec(self) -> Any:
        codec = self._codec
        if codec is None:
            raise self._not_open()
        return codec

    def _not_open(self) -> UsageError:
        """The error of a request made while the session is not open."""
        return UsageError(
            f"the session is not open (never entered, or closed): make requests inside "
            f"'{self._usage}:'"
        )

    # --- answers ---------------------------------------------------------------------

    @property
    def _budget(self) -> float:
        """Seconds a request may take, every attempt: what opening a TCP connection may take."""
        return self.timeout * (self.retries + 1)

    def _timeout_error(self) -> TimeoutError:
        host = f"[{self._host}]" if ":" in self._host else self._host
        what = "community and " if self.version != SnmpVersion.v3 else ""
        return TimeoutError(
            f"no response from {host}:{self._port} after {self.retries + 1} "
            f"attempt(s) of {self.timeout:g}s; agents drop what they do not accept without "
            f"a word: check the host and port, the {what}SNMP version "
            f"({self.version.name}), and that the agent accepts requests from this host"
            + (self._usm.timeout_hint() if self._usm is not None else "")
        )

    def _checked(self, response: Response | None) -> Response:
        """The response of a request, raising for a timeout or a PDU other than Response."""
        return checked(self._timeout_error, response)

    def _one_varbind(self, response: Any, oid: str) -> Any:
        """The value answering a GET of `oid` (``(tag, value)`` when typed)."""
        if response is not None and isinstance(response[3], dict):
            # A Response for exactly `oid`, error-status 0; exception values left out.
            for value in response[3].values():
                return value
            raise self._no_such(oid)
        try:
            return one_value(self._checked(response), self._oid(oid))
        except NoSuchInstance:
            raise self._no_such(oid) from None

    def _no_such(self, oid: str) -> NoSuchInstance:
        """`NoSuchInstance` of a GET of `oid`; with a Mib, of a node of it rather than an
        instance (``sysName`` for ``sysName.0``, ``ifTable``), saying where its values are."""
        if self.mib is not None:
            node = self.mib.node(oid)
            if node.oid == normalize(self._oid(oid)) and node.kind in (*_NO_INSTANCE, "node"):
                return NoSuchInstance(f"{oid}: {_where_values(oid, node)}")
        return NoSuchInstance(oid)

    # --- names ------------------------------------------------------------------------

    def _oid(self, text: str) -> str:
        """`text` as the OID parser takes it: with a Mib, a name becomes its numeric OID.

        The one place where names enter: every request built from a caller's
        OIDs passes them through here first. Numeric text passes unchanged,
        for the parser to check, as without a Mib. Answers are kept, so text
        seen before costs a dict lookup.

        Raises:
            UnknownNameError: a name the Mib does not know.
            EncodeError: not a str; a name (``sysName.0``, ``IF-MIB::ifDescr``) without a Mib.
        """
        if not isinstance(text, str):
            raise not_an_oid(text)
        mib = self.mib
        if mib is None:
            refuse_name(text, "SnmpSession(..., mib=anysnmp.Mib.load())")
            return text
        oid = self._known_oids.get(text)
        if oid is None:
            oid = text if _numeric(text) else mib.oid(text)
            if len(self._known_oids) >= _KEPT_OIDS:
                self._known_oids.clear()
            self._known_oids[text] = oid
        return oid

    def _getnext_of(self, oid: str) -> tuple[Request, str]:
        """A GETNEXT of one OID (a name, with a Mib), and the numeric OID it asks for."""
        asked: str = core.parse_oid(self._oid(oid))
        return self._pdu(PduType.GETNEXT, (asked,), True), asked

    def _instances(self, texts: list[str], call: str) -> None:
        """Checks, with a Mib, that no name among `texts` to GET is a scalar, column, table
        or row itself, whose value an agent never has (it would be left out of the result
        without a word). Numeric text is not checked; names checked are kept.

        Raises:
            ConfigurationError: such an object, saying where its values are.
        """
        assert self.mib is not None
        seen = self._instance_names
        for text in texts:
            if not isinstance(text, str) or text in seen or _numeric(text):
                continue  # `_oid` refuses what is no str
            oid = normalize(self._oid(text))
            node = self.mib.node(oid)
            if node.oid == oid and node.kind in _NO_INSTANCE:
                raise ConfigurationError(f"{call}: {text!r} is {_where_values(text, node)}")
            if len(seen) >= _KEPT_OIDS:
                seen.clear()
            seen.add(text)

    def _oids(self, texts: Iterable[str]) -> list[str]:
        """Each of `texts` through `_oid`."""
        if self.mib is None:
            return [self._oid(text) for text in texts]
        known = self._known_oids
        try:
            return [known.get(text) or self._oid(text) for text in texts]
        except TypeError:  # an unhashable one: `_oid` says which
            return [self._oid(text) for text in texts]

    # --- requests --------------------------------------------------------------------

    def _get_request(
        self, oids: Sequence[str], typed: bool = False, key: str | None = None
    ) -> Request:
        """A GET of `oids`, parsed and encoded once (a `GetRequest`), kept for reuse.

        Kept as its ``(encode, decode)`` pair, bound once, under ``(tuple(oids),
        typed)``, or under `key`: `get` keeps its one OID's GET under the OID
        str itself, which it looks up in `_get_requests` before calling here. Its answer is
        `Codec.decode_get`'s: its varbinds are a dict keyed by the OID strs
        sent (the caller's, names resolved by `_oids`) when the agent answered
        exactly the OIDs asked, in order, with error-status 0; else the list
        `decode_response` returns.
        """
        kept_as = (tuple(oids), typed) if key is None else key
        try:
            request = self._get_requests.get(kept_as)
        except TypeError:  # an unhashable OID: `_oids` says which
            request = None
        if request is None:
            get = core.GetRequest(self._session_codec(), self._oids(oids), typed)
            if len(self._get_requests) >= _KEPT_GET_REQUESTS:
                self._get_requests.clear()
            self._get_requests[kept_as] = request = (get.encode, get.decode)
        return request

    @staticmethod
    def _listed(values: Iterable[Any], call: str, what: str, usage: str) -> list[Any]:
        """`values` as a list; `ArgumentTypeError` for one str or what is not iterable.

        `call` names the method, `what` its items and `usage` how to call it.
        """
        if isinstance(values, str):
            raise ArgumentTypeError(f"{call}() takes a list of {what}, not one str: {usage}")
        try:
            return list(values)
        except TypeError:
            raise ArgumentTypeError(
                f"{call}() takes a list of {what}, not {type(values).__name__}"
            ) from None

    def _get_many_plan(self, oids: Iterable[str]) -> GetManyPlan:
        listed = self._listed(oids, "get_many", "OIDs", "get_many([oid])")
        if self.mib is not None:
            self._instances(listed, "get_many()")
        # Names are resolved where a GET is built (`_get_request`, kept per OID list).
        return GetManyPlan(listed, self._checked, None if self.mib is None else self._oids)

    def _pdu(
        self,
        pdu_type: int,
        varbinds: Sequence[Any],
        typed: bool = False,
        non_repeaters: int = 0,
        max_repetitions: int = 0,
    ) -> Request:
        """A request of one PDU as given; its answer as `Codec.decode_response` returns it.

        Raises:
            ConfigurationError: `pdu_type` is no PDU type, one no agent answers or
                one v1 lacks on a v1 session; a count that is not an int >= 0.
        """
        if not isinstance(pdu_type, int) or pdu_type not in _PDU_TYPES:  # a list: unhashable
            raise ConfigurationError(
                f"{pdu_type!r} is not an SNMP PDU type: give an anysnmp.lowlevel.PduType"
            )
        if pdu_type not in _CONFIRMED:  # it would wait out every attempt for nothing
            raise ConfigurationError(
                f"no agent answers a {PduType(pdu_type).name} PDU: a request is a GET, "
                "GETNEXT, GETBULK, SET or INFORM (send notifications with send_trap)"
            )
        if self.version == SnmpVersion.v1 and pdu_type in (PduType.GETBULK, PduType.INFORM):
            raise ConfigurationError(  # Net-SNMP's words; agents drop it
                f"Cannot send V2 PDU on V1 session: SNMPv1 has no {PduType(pdu_type).name}, "
                "give version=SnmpVersion.v2c or v3"
            )
        check_setting("non_repeaters", non_repeaters, 0)
        check_setting("max_repetitions", max_repetitions, 0)
        codec = self._session_codec()
        varbinds = [
            (self._oid(item[0]), *item[1:]) if isinstance(item, tuple) and item else self._oid(item)
            for item in varbinds
        ]
        return (
            lambda key: codec.encode_request(
                pdu_type, key, varbinds, non_repeaters, max_repetitions
            ),
            partial(codec.decode_response, typed=typed),
        )

    def _request_answer(self, response: Response | None, items: Sequence[Any]) -> list[Any]:
        """The varbinds answering `request`'s PDU of `items` (OIDs or SET triples)."""
        _, status, index, answer = self._checked(response)
        raise_status(status, index, [item if isinstance(item, str) else item[0] for item in items])
        return answer

    def _set_answer(self, response: Response | None, varbinds: list[Any]) -> dict[str, Value]:
        """The agent's values answering a SET of `varbinds` (`_set_varbinds`'), by OID."""
        answer = self._request_answer(response, varbinds)
        return set_answer(answer, [core.parse_oid(self._oid(oid)) for oid, _, _ in varbinds])

    def _set_varbinds(self, values: Mapping[str, TypedValue | int | bytes | str]) -> list[Any]:
        """SET varbinds ``(oid, tag, value)`` of `values`; with a Mib, a plain value (int,
        bytes, str) of a MIB object takes its type (``("ifAdminStatus.1", "down")``:
        INTEGER 2), as in notifications and a `MibView`.

        Raises:
            ConfigurationError: with a Mib, a plain value its object's type cannot take.
            UnknownNameError: with a Mib, a name (or an OBJECT IDENTIFIER value) it does not know.
        """
        if not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"set_many() takes a dict {{oid: value}}, not {type(values).__name__}"
            )
        varbinds = []
        for name, value in values.items():
            if self.mib is not None and isinstance(name, str):
                from .._mib._typed import mib_typed

                value = mib_typed(self.mib, self._oid(name), value, name)
            typed = to_typed(value)
            varbinds.append((name, int(typed.tag), typed.value))
        return varbinds

    @property
    def _bulk_allowed(self) -> bool:
        return self.allow_bulk and self.version != SnmpVersion.v1

    def _check_bulk(self) -> None:
        if self.version == SnmpVersion.v1:
            raise ConfigurationError(
                "GETBULK needs SNMP v2c or v3: on a v1 session walk with fetch() or getnext()"
            )

    def walk_plan(
        self,
        oid: str,
        *,
        bulk: bool | None = None,
        max_repetitions: int | None = None,
        typed: bool = False,
        check_increasing: bool = True,
        against_request: bool = False,
        ahead: bool = False,
        stop: str | None = None,
    ) -> WalkPlan:
        """A walk's state, to run with the session's `run_walk`; its `end` then says why it ended.

        Arguments as for `walk_batches`: GETBULK when `bulk` (None: when allowed);
        `against_request`: an OID need only follow the one its request asked after, as
        Net-SNMP's tools check (a GETBULK answer's OIDs need not increase among themselves);
        `ahead`: the blocking session's `run_walk` sends each next request before it hands
        a batch out, so the agent answers while the caller works on the batch (the CLI
        prints it), but for `stop`, a numeric OID the caller reads no answer past.
        """
        if bulk is None:
            bulk = self._bulk_allowed
        elif bulk:
            self._check_bulk()
        if max_repetitions is not None:
            check_setting("max_repetitions", max_repetitions, 1)
        return WalkPlan(
            self._session_codec(),
            self._oid(oid),
            bulk=bulk,
            max_repetitions=max_repetitions or self.max_repetitions,  # None: the session's
            typed=typed,
            check_increasing=check_increasing,
            max_requests=self.max_walk_requests,
            checked=partial(checked, self._timeout_error),
            against_request=against_request,
            ahead=ahead,
            stop=stop,
        )

    # --- tables ----------------------------------------------------------------------

    def _table_spec(
        self,
        columns: str | Sequence[str],
        names: bool,
        index: IndexDecoder | None,
        concurrency: int,
    ) -> tuple[str | list[str], IndexDecoder | None]:
        """What `table` walks and how it keys rows, checked before anything is sent.

        Returns the entry OID whose columns are to be found (with a Mib, a table's
        OID stands for its entry, a column's for that column) or the column OIDs; and the row key
        decoder: `index`, or with `names` the Mib's INDEX decoding.

        Raises:
            ConfigurationError: `names` without a Mib; `concurrency` not an int >= 1;
                with `names`, columns of rows of other INDEX clauses.
            UnknownNameError: a name the Mib does not know; with `names`,
                columns of no table the Mib defines.
        """
        check_setting("concurrency", concurrency, 1)
        if index is not None and not callable(index):
            raise ArgumentTypeError(
                f"index is a function of the index arcs (a tuple of ints), not {index!r}"
            )
        spec: str | list[str]
        given: list[str] = []  # the columns listed
        if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):  # `_oid` says
            spec = self._table_of(normalize(self._oid(columns)), columns)
        else:
            given = list(columns)
            spec = [normalize(self._oid(column)) for column in given]
        if names:
            if self.mib is None:
                raise ConfigurationError("table(names=True) needs a session with mib=Mib.load(...)")
            self._only_columns(given)
            if index is None and spec:
                if not isinstance(spec, str):
                    self._one_index(spec)
                    index = self.mib.index_decoder(spec[0])
                else:
                    index = self._index_decoder(spec, str(columns))  # a str: `_oid` read it
        return spec, index

    def _index_decoder(self, entry: str, given: str) -> IndexDecoder:
        """The Mib's decoder of the rows of `entry` (`given` so), for `table(names=True)`.

        Raises:
            UnknownNameError: no table, row or column the Mib defines, saying so of `given`.
        """
        assert self.mib is not None
        try:
            return self.mib.index_decoder(entry)
        except UnknownNameError:
            name = self.mib.name(entry) if self.mib.node(entry).oid == entry else entry
            raise UnknownNameError(
                f"table({given!r}, names=True): {name} is not a table, row or column of the "
                "loaded MIBs, whose INDEX would key the rows: give a table, its row or columns"
            ) from None

    def _only_columns(self, given: list[str]) -> None:
        """Checks that `given` are columns, for `table(names=True)`:
        a table, row, scalar or instance among them was taken for a column, its values keyed
        by its own name and arcs no INDEX decodes. OIDs the Mib does not name pass.

        Raises:
            ConfigurationError: one that the Mib says is no column.
        """
        assert self.mib is not None
        for text in given:
            column = normalize(self._oid(text))
            node = self.mib.node(column)
            if node.oid == column and node.kind in ("table", "row", "scalar"):
                what = f"a {node.kind}"
            elif node.oid != column and node.kind in ("scalar", "column"):
                what = f"an instance of the {node.kind} {node.name}"
            else:  # a column, of the Mib or not
                continue
            raise ConfigurationError(
                f"table(names=True) takes columns in a list: {text!r} is {what}, not a column; "
                "give a table alone (table('IF-MIB::ifTable')) or its columns"
            )

    def _one_index(self, columns: list[str]) -> None:
        """Checks that `columns` are of rows of one INDEX (a table's, or those of a table
        and the tables AUGMENTing it), which `table(names=True)` decodes each row's key by.

        Raises:
            ConfigurationError: columns of rows indexed otherwise.
        """
        assert self.mib is not None
        rows: dict[str, str] = {}
        for column in columns:
            row = self.mib.node(column)
            row = row.parent if row.kind == "column" and row.parent is not None else row
            indexes = row.row_indexes if row.kind == "row" else None
            if indexes:  # a column of no row the Mib defines: keyed as the others
                key = repr([(node.oid, implied) for node, implied in indexes])
                rows.setdefault(key, row.name or row.oid)
        if len(rows) > 1:
            raise ConfigurationError(
                f"table(names=True): the columns are of rows of other INDEX clauses "
                f"({', '.join(rows.values())}): fetch each table alone, or give index="
            )

    def _table_of(self, oid: str, given: str) -> str | list[str]:
        """What `oid` (`given` so) stands for as a table: with a Mib, a table's entry, or a
        column alone (as a list of it); else the entry OID it is.

        Raises:
            ConfigurationError: with a Mib, a scalar or an instance (its columns would be
                looked for below it, and none found: an empty table).
        """
        if self.mib is not None:
            node = self.mib.node(oid)
            if node.oid == oid and node.kind == "table" and 1 in node.children:
                return node.children[1].oid
            if node.oid == oid and node.kind == "column":
                return [oid]
            if node.kind in ("scalar", "column"):
                what = f"the {node.kind}" if node.oid == oid else f"an instance of the {node.kind}"
                table = node.parent.parent if node.parent is not None else None
                hint = (
                    f"get('{node.name}.0') reads its value"
                    if node.kind == "scalar"
                    else f"table('{node.name}') reads the column, "
                    f"table('{table.name if table else node.name}') its table"
                )
                raise ConfigurationError(f"table({given!r}) is {what} {node.name}: {hint}")
        return oid

    def _table_assembler(self, columns: list[str], names: bool) -> TableAssembler:
        """The rows of `columns`, keyed by column OID, or with `names` by the MIB's label."""
        if not names or self.mib is None:
            return TableAssembler(columns)
        labels = {}
        for column in columns:
            node = self.mib.node(column)
            labels[column] = node.name if node.oid == column and node.name else column
        return TableAssembler(columns, labels)
