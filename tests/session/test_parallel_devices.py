"""The parallel polling example (docs/examples/poll_devices.py) against several of our agents."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import anyio
import pytest
from netsnmpd import free_udp_port

from anysnmp import Agent, CommandResponder, MibView, OctetString

pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "poll_devices.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("poll_devices", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def device(n: int) -> MibView:
    values = {f"1.3.6.1.2.1.2.2.1.2.{i}": OctetString(f"dev{n}-eth{i}") for i in range(1, n + 2)}
    values["1.3.6.1.2.1.1.5.0"] = OctetString(f"dev{n}")
    return MibView(values)


async def test_poll_many_devices_with_a_concurrency_limit() -> None:
    example: Any = load_example()
    example.DEVICE_TIMEOUT = 1.0  # shorter than the session's 2 attempts of 2 s
    agents = [Agent([("127.0.0.1", 0)], CommandResponder(device(n))) for n in range(6)]
    dead = f"127.0.0.1:{free_udp_port()}"  # nothing answers there
    async with agents[0], agents[1], agents[2], agents[3], agents[4], agents[5]:
        targets = [f"{h}:{p}" for agent in agents for h, p in agent.addresses] + [dead]
        with anyio.fail_after(20):
            results = await example.poll_all(targets, concurrency=3)
    assert set(results) == set(targets)
    for n, target in enumerate(targets[:-1]):
        assert results[target] == (
            f"dev{n}".encode(),
            {f"1.3.6.1.2.1.2.2.1.2.{i}": f"dev{n}-eth{i}".encode() for i in range(1, n + 2)},
        )
    assert isinstance(results[dead], TimeoutError)  # the per-device deadline
