"""Short-term memory, long-term memory and agent state: the logic behind MemoryService."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from agentmemory_server.config import Settings
from agentmemory_server.core.errors import NotFound
from agentmemory_server.observability import stm_reads
from agentmemory_server.core.models import (
    JSON,
    AgentState,
    ConfidenceChange,
    LongTermMemory,
    ShortTermEntry,
    now_us,
)
from agentmemory_server.storage.ports import AgentStateStore, LongTermStore, ShortTermStore

class MemoryCore:
    def __init__(
        self,
        settings: Settings,
        short_term: ShortTermStore,
        long_term: LongTermStore,
        agent_state: AgentStateStore,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._settings = settings
        self._short_term = short_term
        self._long_term = long_term
        self._agent_state = agent_state
        self._clock = clock

    def _expiry(self, key: str, ttl_seconds: float | None, now: int) -> int:
        ttl = ttl_seconds if ttl_seconds is not None else self._settings.stm_ttl_for(key)
        return now + int(ttl * 1_000_000)

    # short-term

    async def put_short_term(self, agent_id: str, key: str, value: JSON, ttl_seconds: float | None) -> ShortTermEntry:
        now = self._clock()
        entry = ShortTermEntry(agent_id, key, value, self._expiry(key, ttl_seconds, now))
        await self._short_term.put(entry)
        return entry

    async def get_short_term(self, agent_id: str, key: str) -> ShortTermEntry | None:
        entry = await self._short_term.get(agent_id, key, self._clock())
        if entry is not None:
            stm_reads.hits += 1
        else:
            stm_reads.misses += 1
        return entry

    async def batch_get_short_term(
        self, agent_id: str, keys: Sequence[str]
    ) -> tuple[list[ShortTermEntry], list[str]]:
        found = await self._short_term.batch_get(agent_id, keys, self._clock())
        entries, missing = [found[k] for k in keys if k in found], [k for k in keys if k not in found]
        stm_reads.hits += len(entries)
        stm_reads.misses += len(missing)
        return entries, missing

    async def delete_short_term(self, agent_id: str, key: str) -> bool:
        return await self._short_term.delete(agent_id, key, self._clock())

    async def clear_short_term(self, agent_id: str, key_prefix: str) -> int:
        return await self._short_term.clear(agent_id, key_prefix, self._clock())

    async def append_short_term(
        self, agent_id: str, key: str, values: Sequence[JSON], max_length: int, ttl_seconds: float | None
    ) -> ShortTermEntry:
        now = self._clock()
        return await self._short_term.append(
            agent_id, key, values, max_length, self._expiry(key, ttl_seconds, now), now
        )

    async def increment_counter(
        self, agent_id: str, key: str, delta: int, ttl_seconds: float | None
    ) -> ShortTermEntry:
        now = self._clock()
        return await self._short_term.increment(agent_id, key, delta, self._expiry(key, ttl_seconds, now), now)

    async def list_short_term(self, agent_id: str, key_prefix: str, limit: int) -> tuple[list[ShortTermEntry], bool]:
        return await self._short_term.list(agent_id, key_prefix, limit, self._clock())

    async def purge_expired_short_term(self) -> int:
        return await self._short_term.purge_expired(self._clock())

    # long-term

    async def put_long_term(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        data: dict[str, JSON],
        confidence: float,
        expected_version: int | None,
    ) -> LongTermMemory:
        return await self._long_term.put(
            agent_id, memory_type, memory_id, data, confidence, expected_version, self._clock()
        )

    async def get_long_term(self, agent_id: str, memory_type: str, memory_id: str) -> LongTermMemory:
        memory = await self._long_term.get(agent_id, memory_type, memory_id, count_access=True, now_us=self._clock())
        if memory is None:
            raise _memory_not_found(memory_type, memory_id)
        return memory

    async def query_long_term(
        self, agent_id: str, memory_type: str, min_confidence: float, data_filter: dict[str, JSON], limit: int
    ) -> list[LongTermMemory]:
        return await self._long_term.query(agent_id, memory_type, min_confidence, data_filter, limit)

    async def update_confidence(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        confidence: float,
        reason: str,
        expected_version: int | None,
    ) -> LongTermMemory:
        return await self._long_term.update_confidence(
            agent_id, memory_type, memory_id, confidence, reason, expected_version, self._clock()
        )

    async def confidence_history(self, agent_id: str, memory_type: str, memory_id: str) -> list[ConfidenceChange]:
        history = await self._long_term.confidence_history(agent_id, memory_type, memory_id)
        if history is None:
            raise _memory_not_found(memory_type, memory_id)
        return history

    async def delete_long_term(
        self, agent_id: str, memory_type: str, memory_id: str, expected_version: int | None
    ) -> None:
        await self._long_term.delete(agent_id, memory_type, memory_id, expected_version)

    # agent state

    async def save_agent_state(
        self, agent_id: str, checkpoint: str, state: dict[str, JSON], expected_version: int | None
    ) -> AgentState:
        return await self._agent_state.save(agent_id, checkpoint, state, expected_version, self._clock())

    async def get_agent_state(self, agent_id: str, checkpoint: str) -> AgentState:
        state = await self._agent_state.get(agent_id, checkpoint)
        if state is None:
            name = f"checkpoint {checkpoint!r}" if checkpoint else "CURRENT state"
            raise NotFound("STATE_NOT_FOUND", f"agent {agent_id!r} has no {name}")
        return state

    async def list_checkpoints(self, agent_id: str) -> list[AgentState]:
        return await self._agent_state.list_checkpoints(agent_id)


def _memory_not_found(memory_type: str, memory_id: str) -> NotFound:
    return NotFound("MEMORY_NOT_FOUND", f"no {memory_type} memory {memory_id!r}")
