"""An agent serving values as raw BER, for values no encoder of ours would make.

Devices send values of wrong lengths and unknown tags; `RawAgent` serves a view of OIDs
to encoded values, whatever their octets, so that Net-SNMP's tools and ours read the very
same answers.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType

from ber import integer, oid, tlv

from anysnmp._codec import core
from anysnmp.lowlevel import PduType

#: endOfMibView, for a GETNEXT past the last OID.
END_OF_MIB_VIEW = b"\x82\x00"


def _arcs(text: str) -> tuple[int, ...]:
    return tuple(int(a) for a in text.split("."))


class RawAgent:
    """Answers v1/v2c GET, GETNEXT and GETBULK from `view` (OID -> an encoded value, tag,
    length and content), on a loopback port, in a thread (for sync and async tests alike).

    A GET of an OID not in the view gets noSuchObject; a GETNEXT past the end, endOfMibView.
    """

    def __init__(self, view: dict[str, bytes]) -> None:
        self.view = dict(sorted(view.items(), key=lambda item: _arcs(item[0])))
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stopping = False

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT``, as Net-SNMP's tools and ours take it."""
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> RawAgent:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping = True
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as waker:
            waker.sendto(b"", ("127.0.0.1", self.port))  # a closed socket wakes no recvfrom
        self._thread.join(5)
        self._sock.close()

    def _after(self, name: str) -> tuple[str, bytes]:
        key = _arcs(name)
        for candidate, value in self.view.items():
            if _arcs(candidate) > key:
                return candidate, value
        return name, END_OF_MIB_VIEW

    def answer(self, data: bytes) -> bytes:
        """The response to request `data`."""
        version, community, pdu_type, fields, varbinds = core.decode_message(data)
        out: list[tuple[str, bytes]] = []
        for name, _ in varbinds:
            if pdu_type == PduType.GET:
                out.append((name, self.view.get(name, b"\x80\x00")))
                continue
            count = fields[2] if pdu_type == PduType.GETBULK else 1
            for _ in range(max(count, 1)):
                name, value = self._after(name)
                out.append((name, value))
                if value == END_OF_MIB_VIEW:
                    break
        listed = b"".join(tlv(0x30, oid(name) + value) for name, value in out)
        pdu = integer(fields[0]) + integer(0) + integer(0) + tlv(0x30, listed)
        return tlv(0x30, integer(version) + tlv(0x04, community) + tlv(0xA2, pdu))

    def _serve(self) -> None:
        while True:
            data, source = self._sock.recvfrom(65535)
            if self._stopping:
                return
            self._sock.sendto(self.answer(data), source)
