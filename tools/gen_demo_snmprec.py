"""Generates src/anysnmp/data/demo.snmprec: a realistic, deterministic demo device.

A 48-port switch/router running Linux: system (with sysORTable), interfaces
(ifTable and ifXTable, Counter64 HC counters), ip (scalars and ipAddrTable),
tcp/udp scalars, host-resources (hrStorage, hrDevice, hrProcessor, hrSWRun,
hrSWRunPerf) and UCD-SNMP laTable (Opaque floats). Every SMI type appears.

Usage: python tools/gen_demo_snmprec.py [output path]
"""

from __future__ import annotations

import random
import struct
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "anysnmp" / "data" / "demo.snmprec"

INTEGER, OCTETS, NULL, OID, IPADDR, COUNTER32, GAUGE32, TIMETICKS, OPAQUE, COUNTER64 = (
    2,
    4,
    5,
    6,
    64,
    65,
    66,
    67,
    68,
    70,
)

Record = tuple[str, int, object]


def octets(value: bytes | str) -> tuple[int, object]:
    """An OctetString, hex-encoded (tag 4x) unless it is printable text."""
    data = value.encode() if isinstance(value, str) else value
    if all(32 <= b < 127 for b in data) and b"|" not in data:
        return OCTETS, data.decode()
    return OCTETS, data


def opaque_float(x: float) -> bytes:
    """Net-SNMP's Opaque-wrapped float (ASN_OPAQUE_FLOAT: 9f 78 04 <IEEE 754>)."""
    return b"\x9f\x78\x04" + struct.pack(">f", x)


def system(uptime: int) -> list[Record]:
    base = "1.3.6.1.2.1.1"
    records: list[Record] = [
        (
            f"{base}.1.0",
            *octets("Linux demo-sw1 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 x86_64"),
        ),
        (f"{base}.2.0", OID, "1.3.6.1.4.1.8072.3.2.10"),
        (f"{base}.3.0", TIMETICKS, uptime),
        (f"{base}.4.0", *octets("NOC <noc@example.net>")),
        (f"{base}.5.0", *octets("demo-sw1.example.net")),
        (f"{base}.6.0", *octets("Rack 12, Room 3, Example DC")),
        (f"{base}.7.0", INTEGER, 78),
        (f"{base}.8.0", TIMETICKS, 12),
    ]
    modules = [
        ("1.3.6.1.6.3.10.3.1.1", "The SNMP Management Architecture MIB."),
        ("1.3.6.1.6.3.11.3.1.1", "The MIB for Message Processing and Dispatching."),
        (
            "1.3.6.1.6.3.15.2.1.1",
            "The management information definitions for the SNMP User-based Security Model.",
        ),
        ("1.3.6.1.6.3.1", "The MIB module for SNMPv2 entities"),
        ("1.3.6.1.2.1.49", "The MIB module for managing TCP implementations"),
        ("1.3.6.1.2.1.4", "The MIB module for managing IP and ICMP implementations"),
        ("1.3.6.1.2.1.50", "The MIB module for managing UDP implementations"),
        ("1.3.6.1.6.3.16.2.2.1", "View-based Access Control Model for SNMP."),
    ]
    for column, values in (
        (2, [(OID, oid) for oid, _ in modules]),
        (3, [octets(text) for _, text in modules]),
        (4, [(TIMETICKS, 5 + i) for i in range(len(modules))]),
    ):
        for index, (tag, value) in enumerate(values, 1):
            records.append((f"{base}.9.1.{column}.{index}", tag, value))
    return records


def interfaces(rng: random.Random) -> list[Record]:
    names = ["lo"] + [f"ge-0/0/{i}" for i in range(48)] + ["mgmt0", "vlan10", "vlan20"]
    records: list[Record] = [("1.3.6.1.2.1.2.1.0", INTEGER, len(names))]
    if_table = "1.3.6.1.2.1.2.2.1"
    if_x_table = "1.3.6.1.2.1.31.1.1.1"
    for index, name in enumerate(names, 1):
        loopback = name == "lo"
        up = loopback or rng.random() < 0.7
        speed = 10_000_000 if loopback else rng.choice([1_000_000_000, 1_000_000_000, 100_000_000])
        mac = b"" if loopback else bytes([0x00, 0x1B, 0x21, 0x3A, index >> 8, index & 0xFF])
        in_octets = rng.randrange(2**40) if up else 0
        out_octets = rng.randrange(2**40) if up else 0
        in_pkts = in_octets // 700
        out_pkts = out_octets // 650
        row: list[tuple[int, tuple[int, object]]] = [
            (1, (INTEGER, index)),
            (2, octets(name)),
            (3, (INTEGER, 24 if loopback else (53 if name.startswith("vlan") else 6))),
            (4, (INTEGER, 65536 if loopback else 1500)),
            (5, (GAUGE32, min(speed, 2**32 - 1))),
            (6, octets(mac)),
            (7, (INTEGER, 1)),
            (8, (INTEGER, 1 if up else 2)),
            (9, (TIMETICKS, rng.randrange(100, 5000))),
            (10, (COUNTER32, in_octets % 2**32)),
            (11, (COUNTER32, in_pkts % 2**32)),
            (12, (COUNTER32, rng.randrange(1000))),
            (13, (COUNTER32, rng.randrange(50))),
            (14, (COUNTER32, rng.randrange(20))),
            (15, (COUNTER32, rng.randrange(100))),
            (16, (COUNTER32, out_octets % 2**32)),
            (17, (COUNTER32, out_pkts % 2**32)),
            (18, (COUNTER32, rng.randrange(1000))),
            (19, (COUNTER32, rng.randrange(10))),
            (20, (COUNTER32, rng.randrange(10))),
            (21, (GAUGE32, 0)),
            (22, (OID, "0.0")),
        ]
        for column, (tag, value) in row:
            records.append((f"{if_table}.{column}.{index}", tag, value))
        x_row: list[tuple[int, tuple[int, object]]] = [
            (1, octets(name)),
            (2, (COUNTER32, rng.randrange(10**6))),
            (3, (COUNTER32, rng.randrange(10**6))),
            (4, (COUNTER32, rng.randrange(10**5))),
            (5, (COUNTER32, rng.randrange(10**5))),
            (6, (COUNTER64, in_octets)),
            (7, (COUNTER64, in_pkts)),
            (8, (COUNTER64, rng.randrange(10**9))),
            (9, (COUNTER64, rng.randrange(10**8))),
            (10, (COUNTER64, out_octets)),
            (11, (COUNTER64, out_pkts)),
            (12, (COUNTER64, rng.randrange(10**9))),
            (13, (COUNTER64, rng.randrange(10**8))),
            (14, (INTEGER, 1)),
            (15, (GAUGE32, speed // 1_000_000)),
            (16, (INTEGER, 2)),
            (17, (INTEGER, 1 if not loopback else 2)),
            (18, octets("" if loopback else f"uplink {index}" if index < 4 else "")),
            (19, (TIMETICKS, 0)),
        ]
        for column, (tag, value) in x_row:
            records.append((f"{if_x_table}.{column}.{index}", tag, value))
    return records


def ip(rng: random.Random) -> list[Record]:
    base = "1.3.6.1.2.1.4"
    records: list[Record] = [
        (f"{base}.1.0", INTEGER, 1),
        (f"{base}.2.0", INTEGER, 64),
    ]
    for scalar in range(3, 13):
        records.append((f"{base}.{scalar}.0", COUNTER32, rng.randrange(2**32)))
    records.append((f"{base}.13.0", INTEGER, 30))
    addresses = (
        [("127.0.0.1", 1, "255.0.0.0")]
        + [(f"10.{net}.0.1", 50 + i, "255.255.255.0") for i, net in enumerate((10, 20, 30, 40))]
        + [(f"192.0.2.{i}", 1 + i, "255.255.255.252") for i in range(2, 5)]
    )
    for address, if_index, mask in sorted(
        addresses, key=lambda a: tuple(map(int, a[0].split(".")))
    ):
        row = f"{base}.20.1.{{}}.{address}"
        records += [
            (row.format(1), IPADDR, address),
            (row.format(2), INTEGER, if_index),
            (row.format(3), IPADDR, mask),
            (row.format(4), INTEGER, 1),
            (row.format(5), INTEGER, 65535),
        ]
    return records


def tcp_udp(rng: random.Random) -> list[Record]:
    records: list[Record] = [
        ("1.3.6.1.2.1.6.1.0", INTEGER, 1),
        ("1.3.6.1.2.1.6.2.0", INTEGER, 200),
        ("1.3.6.1.2.1.6.3.0", INTEGER, 120000),
        ("1.3.6.1.2.1.6.4.0", INTEGER, -1),
    ]
    for scalar in range(5, 9):
        records.append((f"1.3.6.1.2.1.6.{scalar}.0", COUNTER32, rng.randrange(10**7)))
    records.append(("1.3.6.1.2.1.6.9.0", GAUGE32, rng.randrange(100)))
    for scalar in (10, 11, 12, 14, 15):
        records.append((f"1.3.6.1.2.1.6.{scalar}.0", COUNTER32, rng.randrange(10**8)))
    for scalar in (1, 2, 3, 4):
        records.append((f"1.3.6.1.2.1.7.{scalar}.0", COUNTER32, rng.randrange(10**8)))
    records += [
        ("1.3.6.1.2.1.7.8.0", COUNTER64, rng.randrange(10**12)),
        ("1.3.6.1.2.1.7.9.0", COUNTER64, rng.randrange(10**12)),
    ]
    return records


def host_resources(rng: random.Random, uptime: int) -> list[Record]:
    base = "1.3.6.1.2.1.25"
    date = struct.pack(">HBBBBBBcBB", 2024, 5, 17, 13, 45, 7, 0, b"+", 0, 0)
    records: list[Record] = [
        (f"{base}.1.1.0", TIMETICKS, uptime + 1234),
        (f"{base}.1.2.0", *octets(date)),
        (f"{base}.1.3.0", INTEGER, 1536),
        (
            f"{base}.1.4.0",
            *octets("BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro quiet\n"),
        ),
        (f"{base}.1.5.0", GAUGE32, 3),
        (f"{base}.1.6.0", GAUGE32, 212),
        (f"{base}.1.7.0", INTEGER, 0),
        (f"{base}.2.2.0", INTEGER, 16_318_708),
    ]
    storage = [
        (1, "1.3.6.1.2.1.25.2.1.2", "Physical memory", 1024, 4_079_677, 3_120_334),
        (3, "1.3.6.1.2.1.25.2.1.3", "Virtual memory", 1024, 5_128_249, 3_201_220),
        (6, "1.3.6.1.2.1.25.2.1.1", "Memory buffers", 1024, 4_079_677, 120_334),
        (7, "1.3.6.1.2.1.25.2.1.1", "Cached memory", 1024, 1_200_114, 1_200_114),
        (8, "1.3.6.1.2.1.25.2.1.1", "Shared memory", 1024, 22_080, 22_080),
        (10, "1.3.6.1.2.1.25.2.1.3", "Swap space", 1024, 1_048_572, 80_886),
        (31, "1.3.6.1.2.1.25.2.1.4", "/", 4096, 7_654_321, 3_456_789),
        (35, "1.3.6.1.2.1.25.2.1.4", "/run", 4096, 101_992, 250),
        (36, "1.3.6.1.2.1.25.2.1.4", "/dev/shm", 4096, 509_959, 0),
        (39, "1.3.6.1.2.1.25.2.1.4", "/boot", 1024, 469_328, 120_113),
        (41, "1.3.6.1.2.1.25.2.1.4", "/var/log", 4096, 2_621_440, 411_022),
    ]
    for index, kind, descr, unit, size, used in storage:
        row = f"{base}.2.3.1.{{}}.{index}"
        records += [
            (row.format(1), INTEGER, index),
            (row.format(2), OID, kind),
            (row.format(3), *octets(descr)),
            (row.format(4), INTEGER, unit),
            (row.format(5), INTEGER, size),
            (row.format(6), INTEGER, used),
            (row.format(7), COUNTER32, rng.randrange(3)),
        ]
    devices = [
        (196608 + i, "1.3.6.1.2.1.25.3.1.3", "GenuineIntel: Intel(R) Xeon(R) CPU D-1541 @ 2.10GHz")
        for i in range(8)
    ]
    devices += [
        (262144 + i, "1.3.6.1.2.1.25.3.1.4", f"network interface {name}")
        for i, name in enumerate(["lo", "eth0", "eth1", "eth2"], 1)
    ]
    devices += [
        (393216 + i, "1.3.6.1.2.1.25.3.1.6", f"SCSI disk (/dev/sd{c})") for i, c in enumerate("ab")
    ]
    devices += [
        (786432, "1.3.6.1.2.1.25.3.1.12", "Guessing that there's a floating point co-processor")
    ]
    for index, kind, descr in devices:
        row = f"{base}.3.2.1.{{}}.{index}"
        records += [
            (row.format(1), INTEGER, index),
            (row.format(2), OID, kind),
            (row.format(3), *octets(descr)),
            (row.format(4), OID, "0.0"),
            (row.format(5), INTEGER, 2),
            (row.format(6), COUNTER32, 0),
        ]
    for index, _, _ in devices[:8]:
        records += [
            (f"{base}.3.3.1.1.{index}", OID, "0.0"),
            (f"{base}.3.3.1.2.{index}", INTEGER, rng.randrange(100)),
        ]
    programs = [
        "systemd",
        "kthreadd",
        "rcu_gp",
        "kworker/0:0H",
        "ksoftirqd/0",
        "migration/0",
        "systemd-journald",
        "systemd-udevd",
        "rsyslogd",
        "cron",
        "dbus-daemon",
        "sshd",
        "snmpd",
        "chronyd",
        "agetty",
        "bgpd",
        "zebra",
        "ospfd",
        "lldpd",
        "nginx",
    ]
    pid = 1
    for i in range(120):
        pid += rng.randrange(1, 40)
        name = programs[i % len(programs)]
        path = "" if "/" in name or name.startswith("k") else f"/usr/sbin/{name}"
        row = f"{base}.4.2.1.{{}}.{pid}"
        records += [
            (row.format(1), INTEGER, pid),
            (row.format(2), *octets(name)),
            (row.format(3), OID, "0.0"),
            (row.format(4), *octets(path)),
            (row.format(5), *octets("-f" if path and i % 3 == 0 else "")),
            (row.format(6), INTEGER, 2 if not path else 4),
            (row.format(7), INTEGER, rng.choice([1, 2, 2, 2])),
            (f"{base}.5.1.1.1.{pid}", INTEGER, rng.randrange(10**5)),
            (f"{base}.5.1.1.2.{pid}", INTEGER, rng.randrange(200_000)),
        ]
    return records


def ucd(rng: random.Random) -> list[Record]:
    base = "1.3.6.1.4.1.2021.10.1"
    records: list[Record] = []
    for index, (name, minutes) in enumerate((("Load-1", 1), ("Load-5", 5), ("Load-15", 15)), 1):
        load = round(rng.uniform(0.1, 2.0) / minutes**0.25, 2)
        records += [
            (f"{base}.1.{index}", INTEGER, index),
            (f"{base}.2.{index}", *octets(name)),
            (f"{base}.3.{index}", *octets(f"{load:.2f}")),
            (f"{base}.4.{index}", *octets("12.00")),
            (f"{base}.5.{index}", INTEGER, int(load * 100)),
            (f"{base}.6.{index}", OPAQUE, opaque_float(load)),
            (f"{base}.100.{index}", INTEGER, 0),
            (f"{base}.101.{index}", *octets("")),
        ]
    # A vendor scalar that exists but has no value: the NULL type.
    records.append(("1.3.6.1.4.1.8072.1.9.0", NULL, None))
    return records


def _key(record: Record) -> tuple[int, ...]:
    return tuple(map(int, record[0].split(".")))


def format_record(oid: str, tag: int, value: object) -> str:
    """One snmprec line; bytes values are written hex-encoded (``4x``, ``68x``)."""
    if value is None:
        return f"{oid}|{tag}|"
    if isinstance(value, bytes):
        return f"{oid}|{tag}x|{value.hex()}"
    return f"{oid}|{tag}|{value}"


def generate() -> list[str]:
    rng = random.Random(20240517)
    uptime = 123_456_789
    records = (
        system(uptime)
        + interfaces(rng)
        + ip(rng)
        + tcp_udp(rng)
        + host_resources(rng, uptime)
        + ucd(rng)
    )
    records.sort(key=_key)
    return [format_record(*record) for record in records]


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    lines = generate()
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} records to {output}")


if __name__ == "__main__":
    main()
