"""anysnmp's sans-IO core: BER/PDU codec and SNMPv3 security."""

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence
)
from typing import Any, TypeVar

from typing_extensions import Self


def register(decode_error: object, encode_error: object, oid_not_increasing_error: object, usage_error: object, no_such_object: object, no_such_instance: object, end_of_mib_view: object) -> None:
    """Registers the package's error classes and exception-value sentinels."""

def parse_oid(text: str) -> str:
    """
    The OID in `text` as dotted decimal without a leading dot: the one check of OID text.

    ASCII digits only, no arc with a leading zero, first arc 0-2, second arc under 40 below
    0 and 1, arcs under 2^32, 2 to 128 arcs, an optional leading dot. Raises EncodeError
    with the reason otherwise.
    """

class Walker:
    """Walk state: subtree root and last OID seen."""

    def __init__(self, root: str, check_increasing: bool = True, typed: bool = False, against_request: bool = False) -> None: ...

    @property
    def root(self) -> str: ...

    @property
    def last(self) -> str: ...

    @property
    def done(self) -> bool: ...

    @property
    def typed(self) -> bool: ...

    @property
    def error(self) -> str | None:
        """Why the walk ended early (an OID that did not increase), else None."""

    @property
    def error_after(self) -> str | None:
        """
        The OID the OID that did not increase was compared with (with against_request: the request's), else None.
        """

    @property
    def ended_by(self) -> tuple[str, int] | None:
        """
        (oid, tag) of the varbind that ended the walk: out of the subtree, or an exception value (tag 0x80-0x82); None while walking.
        """

    @property
    def ended_tail(self) -> list:
        """
        The varbinds after the exception value that ended the walk, those in the subtree, as the walk's items (after an OID that did not increase: that varbind and those after it in the subtree); empty otherwise.
        """

class GetRequest:
    """
    A GET of fixed OIDs: parsed and encoded once, answers matched by their encoded OIDs.
    """

    def __init__(self, codec: Codec, oids: Sequence[str], typed: bool = False) -> None:
        """
        Parses the OIDs (EncodeError for a malformed one) and encodes their varbind list once; encode and decode go through codec (its encode_get and decode_get).
        """

    def encode(self, request_id: int) -> bytes:
        """codec.encode_get(request_id, self)."""

    def decode(self, data: bytes, request_id: int) -> tuple[int, int, int, list[Any] | dict[str, Any]] | None:
        """
        codec.decode_get(data, request_id, self): a codec with raise_reports raises for a Report.
        """

    def __len__(self) -> int: ...

    @property
    def typed(self) -> bool: ...

    @property
    def keys(self) -> list[str]:
        """
        The answer's keys in request order: each OID str as given, without a leading dot.
        """

    @property
    def varbinds(self) -> bytes:
        """The encoded varbind list's content (without its SEQUENCE header)."""

    def match(self, varbinds: bytes) -> dict[str, Any] | None:
        """
        {key: value} (or {key: (tag, value)} when typed) when a varbind list's content answers exactly these OIDs in order, exception values left out; else None (decode it in general form).
        """

class Codec:
    """Encodes a session's requests and decodes their answers."""

    def __init__(self, version: int, community: bytes) -> None: ...

    @property
    def version(self) -> int: ...

    def encode_request(self, pdu_type: int, request_id: int, varbinds: object, non_repeaters: int = 0, max_repetitions: int = 0) -> bytes:
        """
        Encodes a request; varbinds are OID strings or (oid, tag, value) triples.
        """

    def encode_walk(self, request_id: int, walker: Walker, bulk: bool, max_repetitions: int = 0) -> bytes:
        """Encodes the next GETNEXT/GETBULK request of a walk."""

    def decode_response(self, data: bytes, request_id: int, typed: bool = False) -> tuple | None:
        """
        (pdu_type, error_status, error_index, varbinds), or None if not an answer to request_id.
        """

    def decode_walk(self, data: bytes, request_id: int, walker: Walker) -> tuple | None:
        """
        Like decode_response, keeping only the walk's varbinds and updating the walker.
        """

    def walk_encoder(self, walker: Walker, bulk: bool, max_repetitions: int) -> Callable[[int], bytes]:
        """
        ``encode_walk`` bound to its walker and settings: ``encode(request_id)``, a C++ function (a walk's requests call no Python function to be encoded).
        """

    def walk_decoder(self, walker: Walker) -> Callable[[bytes, int], tuple[int, int, int, list[Any]] | None]:
        """
        ``decode_walk`` bound to its walker: ``decode(data, request_id)``, a C++ function.
        """

    def encode_get(self, request_id: int, request: GetRequest) -> bytes:
        """Encodes a GetRequest PDU of the request's OIDs."""

    def decode_get(self, data: bytes, request_id: int, request: GetRequest) -> tuple[int, int, int, list[Any] | dict[str, Any]] | None:
        """
        Like decode_response(typed=request.typed); a Response answering exactly the request's OIDs in order (error-status 0) carries request.match's dict in place of the list.
        """

def decode_message(data: bytes, typed: bool = False) -> tuple:
    """
    Decodes a v1/v2c message: (version, community, pdu_type, fields, varbinds).
    """

def decode_pdu(pdu: bytes) -> tuple[int, tuple[int, int, int], list[tuple[str, int, object]], bytes]:
    """
    Decodes a PDU element (an SNMPv3 scopedPDU's): (pdu_type, (request_id, error_status, error_index), [(oid, tag, value)], raw_varbinds).
    """

def encode_varbinds(varbinds: object) -> bytes:
    """
    The content of a varbind list of OID strings or (oid, tag, value) triples.
    """

def encode_message(version: int, community: bytes, pdu_type: int, request_id: int, error_status: int, error_index: int, varbinds: object) -> bytes:
    """Encodes a v1/v2c message."""

def encode_trap_v1(community: bytes, enterprise: str, agent_addr: str, generic_trap: int, specific_trap: int, time_stamp: int, varbinds: object) -> bytes:
    """Encodes an SNMPv1 Trap-PDU message."""

def peek_request_id(data: bytes) -> int | None:
    """
    The request-id (v1/v2c) or msgID (v3) of a message, or None if it is not SNMP.
    """

class UsmCodec(Codec):
    """SNMPv3 USM codec of one user and one agent."""

    def __init__(self, user: bytes, auth_protocol: int, auth_key: bytes, auth_key_type: int, priv_protocol: int, priv_key: bytes, priv_key_type: int, key_extension: int, context_name: bytes = ..., context_engine_id: bytes = ..., max_size: int = 65507, raise_reports: bool = False) -> None:
        """
        Protocols and key types as numbers (see anysnmp._usm); an empty context_engine_id means the agent's engine id. With raise_reports, decode_response and decode_walk raise instead of returning a Report: UsmResync for usmStatsNotInTimeWindows, else the exception that self.report_error(oid) returns (oid: the first varbind's); an authenticated message whose boots are 2^31-1 raises what self.boots_error() returns.
        """

    def set_engine(self, engine_id: bytes, boots: int = 0, time: int = 0) -> None:
        """
        Localizes the keys for an engine; boots/time are trusted only once authenticated.
        """

    @property
    def has_engine(self) -> bool: ...

    @property
    def engine_id(self) -> bytes: ...

    @property
    def engine_boots(self) -> int: ...

    @property
    def engine_time(self) -> int:
        """The agent's engine time, as estimated now."""

    def encode_discovery(self, request_id: int) -> bytes:
        """The engine id discovery request (RFC 3414 4)."""

    def decode_discovery(self, data: bytes, request_id: int) -> tuple | None:
        """
        (engine_id, boots, time) from the discovery Report, or None if not its answer.
        """

class UsmEngine:
    """An authoritative SNMPv3 engine: users, Reports and usmStats counters."""

    def __init__(self, engine_id: bytes, boots: int, time: int = 0, max_size: int = 65507) -> None: ...

    def add_user(self, user: bytes, auth_protocol: int, auth_key: bytes, auth_key_type: int, priv_protocol: int, priv_key: bytes, priv_key_type: int, key_extension: int, engine_id: bytes = ..., any_engine: bool = False) -> None:
        """
        Adds a user of `engine_id` (empty: this engine), localizing its keys there; any_engine: this engine's user, also accepted in the traps of any other (keys localized per engine).
        """

    def decode(self, data: bytes) -> bytes | tuple[tuple[int, int, bytes, bytes, bytes], bytes, int, int, bytes] | None:
        """
        None (dropped), bytes (a Report to send back), or (state, engine_id, msg_max_size, overhead, pdu) of an accepted message, where state is (msg_id, level, user, context_engine_id, context_name).
        """

    def encode(self, msg_id: int, level: int, user: bytes, context_engine_id: bytes, context_name: bytes, pdu_type: int, request_id: int, error_status: int, error_index: int, varbinds: bytes) -> bytes:
        """A message of this engine around an encoded varbind list content."""

    @property
    def engine_id(self) -> bytes: ...

    @property
    def engine_boots(self) -> int: ...

    @property
    def engine_time(self) -> int: ...

    @property
    def counters(self) -> dict[str, int]:
        """usmStats and SNMP-MPD counters by name."""

def usm_message_user(data: bytes) -> bytes | None:
    """
    The msgUserName of an SNMPv3 USM message, or None (not one, or malformed).
    """

def usm_password_to_key(auth_protocol: int, password: bytes) -> bytes:
    """Ku (RFC 3414 A.2): the master key of a password."""

def usm_localize_key(auth_protocol: int, master_key: bytes, engine_id: bytes) -> bytes:
    """Kul = H(Ku || engineID || Ku)."""

def usm_priv_key(auth_protocol: int, priv_protocol: int, key_type: int, key_extension: int, key: bytes, engine_id: bytes) -> bytes:
    """The localized privacy key, extended for the protocol as needed."""

def usm_mac(auth_protocol: int, key: bytes, message: bytes, offset: int) -> bytes:
    """
    The truncated HMAC of message with its MAC field at offset taken as zeros.
    """

def usm_encrypt(priv_protocol: int, key: bytes, boots: int, time: int, data: bytes) -> tuple:
    """(ciphertext, salt) of data."""

def usm_decrypt(priv_protocol: int, key: bytes, boots: int, time: int, salt: bytes, data: bytes) -> bytes:
    """The plaintext of data."""

class UsmResync(Exception):
    """
    Raised by a UsmCodec made with raise_reports=True for a notInTimeWindow Report: send the request once more (resync_once does).
    """

T = TypeVar("T")

def resync_once(codec: UsmCodec, exchange: Callable[..., Awaitable[T]], /, *args: object) -> Awaitable[T]:
    """
    Awaits exchange(*args); after a UsmResync, awaits a fresh exchange(*args) once more, and raises codec.report_error(usmStatsNotInTimeWindows.0) if that raises UsmResync too.
    """

def oid_key(oid: str) -> bytes:
    """The order-preserving key of a dotted OID: 4 big-endian octets per arc."""

def key_oid(key: bytes) -> str:
    """The dotted OID of a key."""

def encode_varbind(key: bytes, tag: int, value: object | None) -> bytes:
    """One encoded varbind (SEQUENCE of name and value)."""

def decode_varbind(varbind: bytes) -> tuple:
    """
    The (tag, value) of one encoded varbind (value None for exception values).
    """

def decode_request(data: bytes) -> tuple:
    """
    Decodes a v1/v2c request: (version, community, pdu_type, request_id, field2, field3, [(key, tag, value)], raw_varbinds).
    """

def decode_pdu_request(pdu: bytes) -> tuple[int, int, int, int, list[tuple[bytes, int, object]], bytes]:
    """
    Decodes a PDU element as decode_request does: (pdu_type, request_id, field2, field3, [(key, tag, value)], raw_varbinds).
    """

def encode_response(version: int, community: bytes, pdu_type: int, request_id: int, error_status: int, error_index: int, varbinds: bytes) -> bytes:
    """Encodes a v1/v2c message around an encoded varbind list content."""

def message_version(data: bytes) -> int | None:
    """The version field of a message, or None if it is not SNMP."""

class Items(AsyncIterator[Any]):
    """
    An async iterator over the items of batches: ``async for item in items``.

    Items of the current batch are served from C++, with no Python frame per item.
    When the batch runs out, ``__anext__`` returns ``refill(items)``: an awaitable
    that gets the next batch and returns ``items.load(batch)``, or raises
    StopAsyncIteration at the end. An Items object is also the awaitable that
    ``__anext__`` returns while its batch lasts: await each before the next call.
    """

    def __iter__(self, /):
        """Implement iter(self)."""

    def __next__(self, /):
        """Implement next(self)."""

    def __init__(self, refill: Callable[[Self], Awaitable[Any]], close: Callable[[], Awaitable[object]] | None = None) -> None:
        """
        `refill(items)` is called when the batch runs out; `close()` by `aclose`.
        """

    def __await__(self, /):
        """Return an iterator to be used in await expression."""

    def __aiter__(self, /):
        """Return an awaitable, that resolves in asynchronous iterator."""

    def __anext__(self, /):
        """Return a value or raise StopAsyncIteration."""

    def load(self, batch: list[Any]) -> Any:
        """
        Makes `batch` (a non-empty list) the current batch; returns its first item.
        """

    def rest(self) -> list[Any]:
        """The items of the current batch not served yet, which are then dropped."""

    def aclose(self) -> Awaitable[object]:
        """
        Stops the iteration: later ``__anext__`` calls raise StopAsyncIteration. Returns
        the awaitable of ``close()`` (given to the constructor), or one that completes
        at once.
        """

    @classmethod
    def __init_subclass__(cls) -> None:
        """
        Gives a Python subclass the am_send slot, which CPython does not inherit.
        """

def pdu_types() -> list[tuple[str, int, str]]:
    """The PDU types: (Python name, BER tag, "") rows."""

def smi_tags() -> list[tuple[str, int, str]]:
    """The SMI value tags: (Python name, BER tag, SMI name) rows."""

def error_statuses() -> list[tuple[str, int, str]]:
    """The error-statuses: (Python name, number, RFC 3416 name) rows."""

def key_types() -> list[tuple[str, int, str]]:
    """The USM key types: (Python name, number, "") rows."""

def key_expansions() -> list[tuple[str, int, str]]:
    """The AES-192/256 key extensions: (Python name, number, "") rows."""

def report_counters() -> list[tuple[str, str]]:
    """
    The SNMPv3 error counters Reports carry: (MIB name, OID of the instance) rows; an agent counts the first nine.
    """

def auth_algorithms() -> list[tuple[int, str, str, str, int, int]]:
    """
    The USM authentication protocols, by protocol number: (id, name, Net-SNMP name, OpenSSL digest, digest octets, MAC octets) rows.
    """

def priv_algorithms() -> list[tuple[int, str, str, str, str, int]]:
    """
    The USM privacy protocols, by protocol number: (id, name, Net-SNMP name, Net-SNMP name with Reeder key extension or "", OpenSSL cipher, key octets) rows.
    """

SIGNAL_POLL: float = 0.25

class RandomIds:
    """
    Request ids from the OS CSPRNG, read 4 KiB at a time (one getrandom per 1024 ids).
    """

    def __init__(self) -> None: ...

    def next(self) -> int:
        """A random 31-bit id (0 included: callers skip it)."""

    def reset(self) -> None:
        """
        Forgets the ids read (after a fork: a child must not draw its parent's).
        """

class BlockingUdp:
    """
    The blocking backend's request loop on a connected UDP socket (its only reader).
    """

    def __init__(self, fd: int, peer: Any, buffer_size: int, ids: dict[int, Any], new_id: RandomIds, route: Callable[[bytes], None], malformed: Callable[[Any, Exception], None]) -> None:
        """
        Runs requests on the blocking socket `fd` (connected to `peer`), receiving into a buffer of buffer_size octets; request ids come from new_id and are routed to their request in `ids`.
        """

    @property
    def closed(self) -> bool:
        """
        Set (before the socket's SHUT_RD wakes the read) when the endpoint closes.
        """

    @closed.setter
    def closed(self, arg: bool, /) -> None: ...

    @property
    def reading(self) -> bool:
        """Whether a thread reads the socket."""

    def claim(self) -> bool:
        """
        Makes the calling thread the socket's reader: False when another one is.
        """

    def release(self) -> None:
        """Ends the calling thread's reading (claim's)."""

    def set_receive_timeout(self, seconds: float) -> None:
        """
        SO_RCVTIMEO for a read of at most `seconds` (and SIGNAL_POLL), set only when far from its last value.
        """

    def send_ahead(self, request: Any, encode: Callable[[int], bytes]) -> int | None:
        """
        Sends a request's first attempt before its answer is waited for (by exchange(..., request, id)): encode(id) with a fresh id routed to `request` (a Pending) in `ids`; the id, or None when nothing was sent (the endpoint closed, or a send error, which the exchange meets in its turn).
        """

    def exchange(self, encode: Callable[[int], bytes], decode: Callable[[bytes, int], Any], timeout: float, attempts: int, sent: Any = None, sent_id: int | None = None) -> Any:
        """
        As the socket's reader for its duration: sends encode(request_id) up to `attempts` times, each with a fresh id (routed to this request in `ids`) and waiting `timeout` seconds, until decode(reply, request_id) returns an answer; None when every attempt timed out or the endpoint closed; NotImplemented (and nothing sent) when another thread reads. OSError when a datagram cannot be sent. With `sent` (a Pending) and `sent_id` (send_ahead's), the first attempt is that one: its replies queued on `sent` meanwhile are decoded first, then it is waited for `timeout` seconds from now.
        """

class UdpReceiver:
    """
    Routes the datagrams waiting on a non-blocking UDP socket, a batch per system call, to the requests they answer.
    """

    def __init__(self, ids: dict[int, Any], peer: Any, dropped: Callable[[Any, int | None], None], size: int) -> None:
        """
        Routes to the requests of `ids` (Pendings with `addr` and `queue`); `peer` is the connected socket's peer (the kernel checks sources), or None; datagrams of up to `size` octets.
        """

    def receive(self, fd: int) -> list[Any]:
        """
        Reads the datagrams waiting on `fd`, no more than one per request id in flight (at least one), and queues each as (data, request_id) on its request's Pending; returns those Pendings in arrival order. OSError when the first read fails otherwise than finding nothing to read.
        """

    def wake(self, fd: int, failed: Callable[[OSError], object]) -> None:
        """
        asyncio's reader callback: `receive`, then each request routed to that waits on a future (its Pending's `waiter`, then set to None) is resumed at once: the future completes and, when its task's wake-up is its only callback, that runs now, in the task's context, not a loop turn later. An OSError of the read goes to `failed`.
        """

class GetPoller:
    """
    anysnmp.poll's GETs of many devices over one shared UDP socket: sends, routing, timeouts and re-sends in C++; a device's answer comes out once.
    """

    def __init__(self, ids: dict[int, Any], random: RandomIds, fd: int, pending: Any, devices: Iterable[tuple[Any, GetRequest, float, int]], concurrency: int, buffer: int, deadline: float, malformed: Callable[[Any, Exception], None]) -> None:
        """
        Polls `devices` ((sockaddr, GetRequest, timeout, attempts) each) on the unconnected, non-blocking socket `fd`, its ids registered in `ids` (the endpoint's routing table, which routes them here); at most `concurrency` in flight, no new device while `buffer` results wait; `deadline` seconds for a device (<= 0: none); `malformed(addr, exc)` for a reply its decode rejects. `pending` is what a receive batch returns when it delivered here.
        """

    @property
    def pending(self) -> Any: ...

    def pump(self) -> None:
        """Starts devices while there is room; sends what waits."""

    def expire(self) -> None:
        """
        Re-sends the attempts that timed out, finishes devices out of attempts or past their deadline; then pumps.
        """

    def due_in(self) -> float:
        """
        Seconds until the next expiry is due; negative when nothing is in flight.
        """

    def take(self) -> list[tuple[int, int, Any]]:
        """
        The devices finished since the last call, (index, outcome, answer) each: outcome 0 answered (the GetRequest's decode), 1 every attempt timed out, 2 past the deadline, 3 failed (answer: the exception); then pumps.
        """

    def deadline_in(self, index: int) -> float:
        """Seconds left of a started device's deadline (inf without one)."""

    def left(self) -> int:
        """Devices not taken yet."""

    def close(self) -> list[int]:
        """
        Unregisters every id in flight and starts nothing more; returns the devices that had not finished (in flight or not started).
        """

class UdpRequests:
    """An async UDP endpoint's requests: each one a C awaitable."""

    def __init__(self, endpoint: Any, ids: dict[int, Any], random: RandomIds, pending_type: Callable[[Any], Any], watchdog: Any, clock: Callable[[], float], wait: Callable[[Any], Awaitable[object]] | None, new_future: Callable[..., Any] | None, loop: Any, closed_error: Callable[[], BaseException], malformed: Callable[[Any, Exception], object], fd: int, foreign_error: Callable[[], BaseException]) -> None:
        """
        The requests of `endpoint` (its `closed`, `try_send`, `_send_failed`, `send`), routed by `ids` (ids from `random`) to a `pending_type(addr)` each, expired by `watchdog`. A request waits for its datagrams with `wait(pending)`, or, when `wait` is None, on a future ``new_future(loop=loop)`` (``new_future()`` when `loop` is None) set as ``pending.waiter``. `fd`: the endpoint's socket when it is connected (requests send on it directly while the endpoint is open), else -1. A request made in another thread than this one's (another event loop) raises ``foreign_error()``.
        """

    def exchange(self, addr: Any, encode: Callable[[int], bytes], decode: Callable[[bytes, int], T | None], timeout: float, attempts: int, policer: Any = None) -> Awaitable[T | None]:
        """
        One request: sends ``encode(request_id)`` until ``decode(reply, request_id)`` accepts a reply (None once every attempt timed out).
        """

class InstanceDecoder:
    """
    The instance text of dotted arcs below a node of a row INDEX: each value as Net-SNMP prints it, the arcs past them as they are.
    """

    def __init__(self, parts: Sequence[tuple[int, bool, int, bool, bool, Mapping[int, str]]], column: bool, dotted: bool) -> None:
        """
        parts: per INDEX object (kind 0 integer / 1 string / 2 arcs, implied, size or -1, escape, address, labels by number); column: the first arc prints as it is; dotted: the text starts with a dot.
        """

    def decode(self, text: str) -> str:
        """
        The instance text of dotted arcs (ValueError: an arc read as a number is not one).
        """

def deepest_known(nodes: dict[str, Any], oid: str) -> Any:
    """
    The value of `nodes` (dotted OID -> node, prefix-closed) at the longest prefix of a dotted OID that is a key, or None.
    """

def index_string(data: bytes, quote: str) -> str:
    """
    An index string between quotes (an unprintable octet as '.'); '' for no octets.
    """

def inet_address(kind: int, data: bytes) -> str | None:
    """
    An InetAddress index value after its InetAddressType, quoted; None: not of that type.
    """
