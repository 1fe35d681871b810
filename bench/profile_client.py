"""cProfile (process-time timer) of our client on one scenario against a private snmpd.

Usage: python bench/profile_client.py [--backend asyncio|uvloop|trio] [--scenario b]
       [--repeat 20] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

import anyio
import common
from worker import anysnmp_run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", default="asyncio", choices=("asyncio", "uvloop", "trio"))
    parser.add_argument("--scenario", default="b", choices=tuple("abcdef"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snmpd = common.start_snmpd(Path(tmp))
        try:
            spec = {
                "scenario": args.scenario,
                "host": snmpd.host,
                "port": snmpd.port,
                "community": "public",
                "user": common.V3_USER,
                "auth": common.V3_AUTH_PASSWORD,
                "priv": common.V3_PRIV_PASSWORD,
                "root": "1.3.6",
                "max_repetitions": 25,
                "concurrency": 4,
                "get_oid": "1.3.6.1.2.1.1.1.0",
                "get_count": 1000,
                "many_count": 200,
                "many_oids": ["1.3.6.1.2.1.1.1.0"] * 50,
            }
            backend = "asyncio" if args.backend == "uvloop" else args.backend
            options = {"use_uvloop": True} if args.backend == "uvloop" else {}

            async def repeat() -> None:
                for _ in range(args.repeat):
                    await anysnmp_run(spec)

            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(lambda: anyio.run(repeat, backend=backend, backend_options=options))
        finally:
            snmpd.stop()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
