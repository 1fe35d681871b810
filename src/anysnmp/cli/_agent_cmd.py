"""The agent command: serve snmprec recordings with CommandResponder."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import anyio
import click

from .._agent import Agent
from .._mibview import MAX_ROWS, MibView, snmprec_records
from .._responder import CommandResponder
from .._types import TypedValue
from .._usm import User
from .._variation import Variation
from ._mibs import MibContext, mib_load_options
from ._options import backend_option, engine_id_option, user_spec_option
from ._run import run
from ._target import UsageError, parse_address

if TYPE_CHECKING:
    from .._mib._mib import Mib

__all__ = ("DEMO_SNMPREC", "agent", "load_snmprec")

#: The bundled demo recording: a Linux switch with interfaces, storage and processes.
DEMO_SNMPREC = Path(str(files("anysnmp") / "data" / "demo.snmprec"))


def load_snmprec(
    paths: list[Path],
    *,
    writable: bool,
    mib: Mib | None,
    max_rows: int,
) -> MibView:
    """One view of several snmprec files (a later file's record wins for the same OID);
    with `mib`, its SETs are checked against the MIB objects, and create rows up to
    `max_rows` a table (`MibView`)."""
    records: dict[str, tuple[bytes, TypedValue | Variation]] = {}
    for path in paths:
        try:
            records.update(snmprec_records(path))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return MibView._from_records(records, writable=writable, mib=mib, max_rows=max_rows)


def _community(text: str) -> tuple[str, Literal["ro", "rw"]]:
    name, _, access = text.partition("=")
    if access not in ("", "ro", "rw"):
        raise click.BadParameter(f"{text!r}: use NAME, NAME=ro or NAME=rw")
    return name, "rw" if access == "rw" else "ro"


@click.command()
@click.option(
    "--listen",
    "addresses",
    multiple=True,
    metavar="ADDRESS",
    help="Address to serve on, in Net-SNMP's syntax: HOST:PORT or udp:HOST:PORT (UDP), "
    "tcp:HOST:PORT, udp6:[ADDR]:PORT, tcp6:[ADDR]:PORT (repeatable; default 127.0.0.1:1161; "
    "port 0 picks a free one).",
)
@click.option(
    "-c",
    "communities",
    multiple=True,
    metavar="NAME[=ro|rw]",
    help="Community and its access (repeatable; default public=ro, none when --user is given). "
    "Only NAME=rw communities may SET.",
)
@user_spec_option
@click.option(
    "--rwuser",
    "rw_users",
    multiple=True,
    metavar="NAME",
    help="A --user that may SET (repeatable; the others are read-only), like snmpd's rwuser.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=MAX_ROWS,
    metavar="N",
    help="With MIBs: the most rows a table may hold for a SET's RowStatus to create one "
    f"more (resourceUnavailable past it; default: {MAX_ROWS}).",
)
@engine_id_option("SNMPv3 engine id, hex (default: generated).")
@backend_option
@mib_load_options
@click.argument(
    "recordings", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def agent(
    addresses: tuple[str, ...],
    communities: tuple[str, ...],
    users: list[User],
    rw_users: tuple[str, ...],
    max_rows: int,
    engine_id: bytes | None,
    backend: str,
    recordings: tuple[Path, ...],
    **options: Any,
) -> None:
    """Serve snmprec recordings (snmpsim's format) as an SNMP v1/v2c/v3 agent.

    Without RECORDINGS it serves the bundled demo recording; a file named
    *.bz2 (device.snmprec.bz2) is read decompressed. Prints the
    bound addresses on stdout, then serves until interrupted. Records of
    snmpsim's variation modules numeric, writecache, error and delay are
    served as snmpsim documents them; others stop it, naming the line.

    Read-only by default: SET is refused unless a community is given as
    NAME=rw (-c private=rw) or a user is named with --rwuser. With MIBs
    loaded (-m, -M, MIBS, MIBDIRS, snmp.conf's mibs and mibdirs, as for the
    other commands), a SET is also checked against its object's MAX-ACCESS
    and syntax: notWritable, wrongType, wrongLength, wrongValue; a RowStatus
    creates, changes and destroys its row as RFC 2579 says.
    """
    access: dict[str, Literal["ro", "rw"]] = dict(_community(c) for c in communities)
    unknown = sorted(set(rw_users) - {user.name for user in users})
    if unknown:
        raise UsageError(f"--rwuser {', '.join(unknown)}: not given with --user")
    user_access: dict[str, Literal["ro", "rw"]] = dict.fromkeys(rw_users, "rw")
    ifaces = [parse_address(a, 161, ("udp", "tcp")) for a in addresses or ("127.0.0.1:1161",)]
    writable = "rw" in access.values() or bool(rw_users)
    mib = MibContext(options).mib
    view = load_snmprec(
        list(recordings) or [DEMO_SNMPREC], writable=writable, mib=mib, max_rows=max_rows
    )
    responder = CommandResponder(
        view, communities=access or None, users=users, user_access=user_access, engine_id=engine_id
    )

    async def main() -> None:
        async with Agent(ifaces, responder) as server:
            for endpoint in server.endpoints:
                print(f"anysnmp agent: serving {len(view)} OIDs on {endpoint}", flush=True)
            print("anysnmp agent: press Ctrl-C to stop", file=sys.stderr, flush=True)
            await anyio.sleep_forever()

    raise SystemExit(run(main, backend, ", ".join(addresses)))
