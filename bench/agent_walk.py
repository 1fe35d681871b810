"""Agent CPU per varbind served: Net-SNMP's snmpbulkwalk walking our CommandResponder.

The agent runs in this process; snmpbulkwalk runs in a child process, so
this process's CPU time (`time.process_time`) is the agent's (plus the small
cost of starting the child, measured with a one-request walk and subtracted).

Usage: python bench/agent_walk.py [--backend asyncio|trio] [--runs 10]
       [--max-repetitions 25] [--oids N]   (N > 0: a synthetic view of N OIDs)
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from importlib.resources import files

import anyio

from anysnmp._agent import Agent
from anysnmp._mibview import MibView
from anysnmp._responder import CommandResponder
from anysnmp._types import Counter32

ENV = dict(os.environ, MIBS="", MIBDIRS="/nonexistent")


def synthetic_view(n: int) -> MibView:
    """n Counter32 cells in a 10-column table."""
    return MibView(
        {f"1.3.6.1.4.1.99999.1.1.{i % 10 + 1}.{i // 10 + 1}": Counter32(i) for i in range(n)}
    )


async def walk(port: int, root: str, max_repetitions: int) -> tuple[float, int]:
    """Agent CPU seconds and varbinds of one snmpbulkwalk."""
    start = time.process_time()
    result = await anyio.run_process(
        [
            "snmpbulkwalk",
            "-v2c",
            "-c",
            "public",
            "-On",
            f"-Cr{max_repetitions}",
            f"127.0.0.1:{port}",
            root,
        ],
        env=ENV,
    )
    cpu = time.process_time() - start
    return cpu, sum(1 for line in result.stdout.splitlines() if line.startswith(b"."))


async def main(args: argparse.Namespace) -> None:
    if args.oids:
        view = synthetic_view(args.oids)
        root = "1.3.6.1.4.1.99999.1.1.1"
    else:
        view = MibView.from_snmprec(str(files("anysnmp") / "data" / "demo.snmprec"))
        root = "1.3.6"
    responder = CommandResponder(view)
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        port = agent.addresses[0][1]
        await walk(port, root, args.max_repetitions)  # warm up
        per_varbind, baselines = [], []
        for _ in range(args.runs):
            base_cpu, _ = await walk(port, "1.3.6.1.2.1.1.1", args.max_repetitions)
            cpu, varbinds = await walk(port, root, args.max_repetitions)
            baselines.append(base_cpu)
            per_varbind.append((cpu - base_cpu) / varbinds)
    print(
        f"{args.backend}: {varbinds} varbinds, max-repetitions {args.max_repetitions}, "
        f"view of {len(view)} OIDs: agent CPU {statistics.median(per_varbind) * 1e6:.2f} µs/varbind "
        f"(median of {args.runs}; child start {statistics.median(baselines) * 1e3:.2f} ms subtracted)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", default="asyncio", choices=("asyncio", "trio"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--max-repetitions", type=int, default=25)
    parser.add_argument("--oids", type=int, default=0)
    arguments = parser.parse_args()
    anyio.run(main, arguments, backend=arguments.backend)
