"""The conformance suite's clock. Stores take `now_us` explicitly, so tests move time by hand.
T0 lies a day ahead of the real clock: stores with native TTLs (Redis) then never free an entry
before the port's clock says it has expired."""

from agentmemory_server.core.models import now_us

SECOND = 1_000_000
T0 = (now_us() // SECOND + 86_400) * SECOND
