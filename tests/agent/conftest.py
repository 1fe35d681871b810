"""Fixtures of the agent tests."""

from __future__ import annotations

import pytest
from agent_helpers import DEMO

from anysnmp._mibview import MibView


@pytest.fixture
def demo_view() -> MibView:
    """A fresh (writable) copy of the bundled demo device."""
    return MibView.from_snmprec(DEMO, writable=True)
