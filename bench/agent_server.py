"""Our CommandResponder in its own process, so its CPU is measured apart from the client.

Usage: python bench/agent_server.py [--backend asyncio|uvloop|trio] [--ports N]
       (--demo | --synthetic N | --snmprec PATH)
Prints one JSON line ``{"ports": [...], "oids": n}`` once serving; serves until killed.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.resources import files

import anyio
from common import SYNTHETIC_ENTRY

from anysnmp import Agent, CommandResponder, Counter32, MibView


def build_view(args: argparse.Namespace) -> MibView:
    if args.snmprec:
        return MibView.from_snmprec(args.snmprec)
    if args.synthetic:
        n = args.synthetic
        return MibView(
            {f"{SYNTHETIC_ENTRY}.{i % 10 + 1}.{i // 10 + 1}": Counter32(i) for i in range(n)}
        )
    return MibView.from_snmprec(str(files("anysnmp") / "data" / "demo.snmprec"))


async def serve(args: argparse.Namespace) -> None:
    view = build_view(args)
    ifaces = [("127.0.0.1", 0)] * args.ports
    async with Agent(ifaces, CommandResponder(view)) as agent:
        print(
            json.dumps({"ports": [port for _, port in agent.addresses], "oids": len(view)}),
            flush=True,
        )
        await anyio.sleep_forever()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", default="asyncio", choices=("asyncio", "uvloop", "trio"))
    parser.add_argument("--ports", type=int, default=1)
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--demo", action="store_true", help="the bundled demo.snmprec (default)")
    view.add_argument(
        "--synthetic", type=int, default=0, help="N Counter32 cells in a 10-column table"
    )
    view.add_argument("--snmprec", help="an snmpsim recording")
    args = parser.parse_args()
    backend = "asyncio" if args.backend == "uvloop" else args.backend
    options = {"use_uvloop": True} if args.backend == "uvloop" else {}
    try:
        anyio.run(serve, args, backend=backend, backend_options=options)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
