"""Decision ids: UUIDv7 in the order they were made, with true timestamps."""

from __future__ import annotations

import time
import uuid

from agentmemory_server.core.decisions import new_decision_id


def test_ids_made_in_one_burst_increase_and_keep_the_clocks_time():
    before_ms = time.time_ns() // 1_000_000
    ids = [new_decision_id() for _ in range(20_000)]
    after_ms = time.time_ns() // 1_000_000
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    parsed = [uuid.UUID(decision_id) for decision_id in (ids[0], ids[-1])]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    # A burst of ids far beyond one per millisecond: the timestamps must not run ahead of the clock.
    assert before_ms <= parsed[0].int >> 80 <= parsed[1].int >> 80 <= after_ms
