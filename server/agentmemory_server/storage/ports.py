"""Storage ports, shaped by DynamoDB's access patterns.

Every capability here is a key get/put, a range read on a sort key, a
secondary-index read, a conditional write, or a TTL, so the production stack
(Redis, DynamoDB, S3) can keep every promise the embedded SQLite store makes.
Adapters raise the errors of core/errors.py; tests/conformance runs one suite
against every adapter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Protocol

from agentmemory_server.core.models import (
    JSON,
    AgentState,
    ArchiveObject,
    ArchiveWatermark,
    ConfidenceChange,
    Decision,
    DecisionEvent,
    DecisionKey,
    DecisionPage,
    DecisionQuery,
    EventBounds,
    LongTermMemory,
    NewDecision,
    Outcome,
    OutcomeChange,
    ShortTermEntry,
    TokenRecord,
)
from agentmemory_server.core.rollups import RollupRow


class ShortTermStore(Protocol):
    """Per-agent keys with TTLs (Redis `stm:{agent_id}:key`). `now_us` decides what has expired."""

    async def put(self, entry: ShortTermEntry) -> None: ...

    async def get(self, agent_id: str, key: str, now_us: int) -> ShortTermEntry | None: ...

    async def batch_get(self, agent_id: str, keys: Sequence[str], now_us: int) -> dict[str, ShortTermEntry]: ...

    async def delete(self, agent_id: str, key: str, now_us: int) -> bool:
        """True when a live entry was removed."""
        ...

    async def clear(self, agent_id: str, key_prefix: str, now_us: int) -> int:
        """Removes the agent's keys with the prefix; returns how many live ones were removed."""
        ...

    async def append(
        self, agent_id: str, key: str, values: Sequence[JSON], max_length: int, expire_us: int, now_us: int
    ) -> ShortTermEntry:
        """Appends to a list (created if missing or expired), keeps the newest max_length items,
        and sets the expiry. Raises WrongValueType if the live value is not a list."""
        ...

    async def increment(self, agent_id: str, key: str, delta: int, expire_us: int, now_us: int) -> ShortTermEntry:
        """Adds delta atomically. `expire_us` applies only when the counter is created (missing or
        expired); an existing counter keeps its window. Raises WrongValueType for a non-integer."""
        ...

    async def list(
        self, agent_id: str, key_prefix: str, limit: int, now_us: int
    ) -> tuple[list[ShortTermEntry], bool]:
        """Live entries with the prefix in key order, at most `limit`; the flag says more matched."""
        ...

    async def purge_expired(self, now_us: int) -> int:
        """Frees expired entries (stores with native TTL may do nothing); returns how many."""
        ...


class LongTermStore(Protocol):
    """Long-term memories (DynamoDB PK `agent_id#memory_type`, SK `memory_id`, GSI by confidence)."""

    async def put(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        data: dict[str, JSON],
        confidence: float,
        expected_version: int | None,
        now_us: int,
        *,
        reason: str = "replaced by PutLongTerm",
        evidence: tuple[int, int] | None = None,
    ) -> LongTermMemory:
        """Creates or replaces (version + 1, create time and access stats kept). Records a
        confidence change, with `reason`, when the memory is created or its confidence changes.
        `evidence` sets (observed_successes, observed_trials); None keeps them (0 when new).
        Raises VersionConflict when expected_version (0 = must not exist) does not match."""
        ...

    async def get(
        self, agent_id: str, memory_type: str, memory_id: str, *, count_access: bool, now_us: int
    ) -> LongTermMemory | None: ...

    async def query(
        self, agent_id: str, memory_type: str, min_confidence: float, data_filter: dict[str, JSON], limit: int
    ) -> list[LongTermMemory]:
        """Highest confidence first (ties by memory_id); data_filter maps dotted paths to values."""
        ...

    async def update_confidence(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        confidence: float,
        reason: str,
        expected_version: int | None,
        now_us: int,
    ) -> LongTermMemory:
        """Raises NotFound or VersionConflict; records the change in the history."""
        ...

    async def confidence_history(
        self, agent_id: str, memory_type: str, memory_id: str
    ) -> list[ConfidenceChange] | None:
        """Oldest first; None when the memory does not exist."""
        ...

    async def delete(self, agent_id: str, memory_type: str, memory_id: str, expected_version: int | None) -> None:
        """Removes the memory and its history. Raises NotFound or VersionConflict."""
        ...


class AgentStateStore(Protocol):
    """CURRENT state ("" checkpoint) and named checkpoints (DynamoDB PK agent_id, SK checkpoint)."""

    async def save(
        self, agent_id: str, checkpoint: str, state: dict[str, JSON], expected_version: int | None, now_us: int
    ) -> AgentState: ...

    async def get(self, agent_id: str, checkpoint: str) -> AgentState | None: ...

    async def list_checkpoints(self, agent_id: str) -> list[AgentState]:
        """Named checkpoints (not CURRENT), most recently saved first, with empty state bodies."""
        ...


class DecisionStore(Protocol):
    """The decision log and its per-agent event sequence.

    Decisions: DynamoDB PK `agent_id#decision_type`, SK `timestamp#decision_id`, plus indexes by
    agent and time, by outcome, by id and by parent. Each write also appends an event with the
    agent's next sequence number, atomically with the write, so subscribers can resume from a
    sequence number and miss nothing.
    """

    async def append(
        self, decisions: Sequence[NewDecision], committed: Callable[[], None] | None = None
    ) -> list[Decision]:
        """Stores all or nothing. A request_id seen before yields the decision stored the first
        time (and stores nothing for it). Returns the stored decisions in input order.
        `committed` is called on the event loop once they are stored, before append returns; a
        store that can also calls it when the caller has stopped waiting (its write went on)."""
        ...

    async def get(self, agent_id: str, decision_id: str) -> Decision | None: ...

    async def get_many(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, Decision]: ...

    async def record_outcome(
        self,
        agent_id: str,
        decision_id: str,
        outcome: Outcome,
        overwrite: bool,
        committed: Callable[[], None] | None = None,
    ) -> OutcomeChange:
        """Raises NotFound, or OutcomeAlreadyRecorded unless overwrite. `committed`: as for
        append."""
        ...

    async def read_rollups(
        self, agent_id: str, kind: str, granularity: str, start_us: int, end_us: int
    ) -> list[RollupRow]:
        """The agent's rollup rows of one cell kind and granularity (core/rollups.py) whose bucket
        starts in [start_us, end_us). Every append and record_outcome adds its deltas atomically
        with it."""
        ...

    async def agent_ids(self) -> list[str]:
        """Every agent that has logged a decision, sorted."""
        ...

    async def query(self, query: DecisionQuery, after: DecisionKey | None, limit: int) -> DecisionPage:
        """Newest first, strictly after `after` in that order; at most `limit` decisions."""
        ...

    async def children(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, list[Decision]]:
        """Decisions naming each id as a parent, oldest first."""
        ...

    async def read_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent]:
        """Events with seq > after_seq in sequence order."""
        ...

    def held_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent] | None:
        """What read_events would answer, when the store holds it in memory and can answer
        without I/O; otherwise None (read_events must be awaited)."""
        ...

    async def event_bounds(self, agent_id: str) -> EventBounds: ...

    async def prune_events(self, before_us: int) -> int:
        """Drops events logged before `before_us`; their cursors become CURSOR_EXPIRED."""
        ...

    async def forget_archived(self, agent_id: str, before_us: int) -> int:
        """Removes the agent's decisions logged before `before_us` (the archive holds them), with
        their parent links and request ids; returns how many decisions. Stores whose TTL removes
        decisions after hot retention by itself (DynamoDB) do nothing here."""
        ...


async def decision_pages(store: DecisionStore, query: DecisionQuery, page_size: int) -> AsyncIterator[list[Decision]]:
    """Every decision the query selects, newest first, one page at a time."""
    after: DecisionKey | None = None
    while True:
        page = await store.query(query, after, page_size)
        yield page.decisions
        if page.resume_after is None:
            return
        after = page.resume_after


class ArchiveStore(Protocol):
    """Decisions past hot retention (S3, or a local folder with the same layout): objects under
    `decisions/agent_id=<agent>/date=<YYYY-MM-DD>/`, and a manifest per agent and day naming each
    object with its time range, so reading a range opens only the objects it overlaps and never
    lists the bucket. Beside them: a compliance copy of every object, a daily digest per agent
    (tamper evidence, written once) and each agent's archive watermark (storage/archive_layout.py)."""

    async def write(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        """Archives decisions (of any days: one object per day), each object also as its
        compliance copy (`compliance/<key>`, the same bytes) before the manifest names it.
        Idempotent: the same decisions again yield the same objects and change no manifest."""
        ...

    async def read(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        """Archived decisions with start_us <= create time < end_us, oldest first, each once."""
        ...

    async def objects(self, agent_id: str, day: str) -> list[ArchiveObject]:
        """The manifest of one day (YYYY-MM-DD), in key order."""
        ...

    async def object_sha256(self, key: str) -> str | None:
        """The SHA-256 (hex) of the stored object's bytes; None when there is no such object. An
        object that cannot be read without a restore (S3's archival storage classes) answers with
        the SHA-256 S3 computed and checked when it was uploaded."""
        ...

    async def digest(self, agent_id: str, day: str) -> bytes | None:
        """The day's digest (`digests/agent_id=<agent>/date=<day>/digest.json`) as stored."""
        ...

    async def put_digest(self, agent_id: str, day: str, body: bytes) -> bool:
        """Stores the day's digest unless there is one: a digest is never replaced. False when
        one existed (it is left as it was)."""
        ...

    async def watermark(self, agent_id: str) -> ArchiveWatermark | None:
        """How far the agent is archived; None before its first archiver run."""
        ...

    async def put_watermark(
        self, agent_id: str, watermark: ArchiveWatermark, expected: ArchiveWatermark | None
    ) -> bool:
        """Replaces the watermark if it still is `expected` (None: there is none yet), as one
        conditional write; False when another archiver moved it first (nothing is written)."""
        ...


class LeaseStore(Protocol):
    """Named leases, so that of several replicas exactly one runs each scheduled job."""

    async def acquire(self, name: str, holder: str, expire_us: int, now_us: int) -> bool:
        """Takes the lease unless it is done, or held by another holder until after now_us.
        Conditional write: of concurrent callers, one wins."""
        ...

    async def complete(self, name: str, holder: str) -> bool:
        """Marks the lease done (nobody acquires it again) if `holder` still holds it."""
        ...


class MetaStore(Protocol):
    """Small server-wide settings that must survive restarts (e.g. the token secret)."""

    async def get_or_create(self, name: str, value: str) -> str:
        """Returns the stored value, storing `value` first if there is none."""
        ...


class TokenStore(Protocol):
    """Bearer tokens, stored only as their SHA-256 (keyed by it)."""

    async def put(self, token_sha256: str, record: TokenRecord) -> None: ...

    async def get(self, token_sha256: str) -> TokenRecord | None: ...
