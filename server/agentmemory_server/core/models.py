"""Domain types. Times are integer microseconds since the Unix epoch; JSON payloads are plain dicts."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson

JSON = Any


def dump_json(value: JSON) -> str:
    """How stores write a JSON document: compact, UTF-8 as it is. orjson, because encoding and
    decoding documents was a tenth of a bulk log's time with the json module. orjson writes NaN
    and Infinity as null rather than refusing them, so validation refuses them before anything
    is stored; integers beyond 64 bits, which no field holds, raise TypeError."""
    return orjson.dumps(value).decode()


# How stores read what dump_json wrote.
load_json = orjson.loads


def now_us() -> int:
    return time.time_ns() // 1000


@dataclass(frozen=True, slots=True)
class ShortTermEntry:
    agent_id: str
    key: str
    value: JSON
    expire_us: int


@dataclass(frozen=True, slots=True)
class LongTermMemory:
    agent_id: str
    memory_type: str
    memory_id: str
    data: dict[str, JSON]
    confidence: float
    version: int
    create_us: int
    update_us: int
    access_count: int = 0
    last_access_us: int | None = None
    # Outcomes credited through decisions' memory_reads: successes among trials.
    observed_successes: int = 0
    observed_trials: int = 0


@dataclass(frozen=True, slots=True)
class ConfidenceChange:
    previous_confidence: float
    confidence: float
    reason: str
    version: int
    change_us: int


@dataclass(frozen=True, slots=True)
class AgentState:
    agent_id: str
    checkpoint: str
    state: dict[str, JSON]
    version: int
    update_us: int


@dataclass(frozen=True, slots=True)
class MemoryRead:
    memory_type: str
    memory_id: str
    version: int


@dataclass(frozen=True, slots=True)
class Outcome:
    success: bool
    details: dict[str, JSON]
    metrics: dict[str, float]
    record_us: int


@dataclass(frozen=True, slots=True)
class Decision:
    decision_id: str
    agent_id: str
    decision_type: str
    create_us: int
    context: dict[str, JSON] = field(default_factory=dict)
    reasoning: dict[str, JSON] = field(default_factory=dict)
    metadata: dict[str, JSON] = field(default_factory=dict)
    parent_decision_ids: tuple[str, ...] = ()
    memory_reads: tuple[MemoryRead, ...] = ()
    outcome: Outcome | None = None


class DecisionDraft(NamedTuple):
    """A decision a client asks to log: all of it but the id and time the core assigns, with its
    idempotency key ("" = none). A named tuple rather than a frozen dataclass, as immutable: one
    is built for every logged decision, and a frozen dataclass's __init__ costs five times as
    much (1.2 us for a Decision's ten fields)."""

    agent_id: str
    decision_type: str
    context: dict[str, JSON]
    reasoning: dict[str, JSON]
    metadata: dict[str, JSON]
    parent_decision_ids: tuple[str, ...] = ()
    memory_reads: tuple[MemoryRead, ...] = ()
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class NewDecision:
    """A decision about to be stored, with its idempotency key ("" = none)."""

    decision: Decision
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """A recorded outcome: the decision with it, and the outcome it replaced (None if none)."""

    decision: Decision
    previous: Outcome | None


class SuccessFilter(enum.Enum):
    ANY = "any"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class DecisionQuery:
    agent_id: str
    decision_type: str = ""
    start_us: int | None = None
    end_us: int | None = None
    success: SuccessFilter = SuccessFilter.ANY
    # dotted path -> JSON value; all must be equal
    context_filter: dict[str, JSON] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, order=True)
class DecisionKey:
    """Sort key of the decision log (the DynamoDB SK `timestamp#decision_id`)."""

    create_us: int
    decision_id: str


@dataclass(frozen=True, slots=True)
class DecisionPage:
    decisions: list[Decision]
    # Where the next page starts (exclusive); None when the range is exhausted.
    resume_after: DecisionKey | None


class EventKind(enum.Enum):
    DECISION_LOGGED = "decision_logged"
    OUTCOME_RECORDED = "outcome_recorded"


@dataclass(frozen=True, slots=True)
class DecisionEvent:
    agent_id: str
    seq: int
    kind: EventKind
    decision: Decision


@dataclass(frozen=True, slots=True)
class EventBounds:
    """What an agent's event log can serve: cursors in [oldest_seq, latest_seq] are valid."""

    oldest_seq: int
    latest_seq: int


def decision_to_json(decision: Decision) -> dict[str, JSON]:
    """The decision as a JSON object: the shape kept in snapshots and archives."""
    out: dict[str, JSON] = {
        "decision_id": decision.decision_id,
        "agent_id": decision.agent_id,
        "decision_type": decision.decision_type,
        "create_us": decision.create_us,
        "context": decision.context,
        "reasoning": decision.reasoning,
        "metadata": decision.metadata,
        "parent_decision_ids": list(decision.parent_decision_ids),
        "memory_reads": [[r.memory_type, r.memory_id, r.version] for r in decision.memory_reads],
    }
    if decision.outcome is not None:
        out["outcome"] = outcome_to_json(decision.outcome)
    return out


def outcome_to_json(outcome: Outcome) -> dict[str, JSON]:
    return {
        "success": outcome.success,
        "details": outcome.details,
        "metrics": outcome.metrics,
        "record_us": outcome.record_us,
    }


def outcome_from_json(raw: dict[str, JSON]) -> Outcome:
    return Outcome(
        success=bool(raw["success"]),
        details=raw["details"],
        metrics=raw["metrics"],
        record_us=int(raw["record_us"]),
    )


def decision_from_json(raw: dict[str, JSON]) -> Decision:
    outcome = raw.get("outcome")
    return Decision(
        decision_id=raw["decision_id"],
        agent_id=raw["agent_id"],
        decision_type=raw["decision_type"],
        create_us=int(raw["create_us"]),
        context=raw["context"],
        reasoning=raw["reasoning"],
        metadata=raw["metadata"],
        parent_decision_ids=tuple(raw["parent_decision_ids"]),
        memory_reads=tuple(MemoryRead(t, i, int(v)) for t, i, v in raw["memory_reads"]),
        outcome=outcome_from_json(outcome) if outcome is not None else None,
    )


@dataclass(frozen=True, slots=True)
class ArchiveObject:
    """One archived file: decisions of one agent and day, JSON Lines + gzip."""

    key: str
    count: int
    min_create_us: int
    max_create_us: int
    sha256: str

    @property
    def compliance_key(self) -> str:
        """Where the compliance copy (the same bytes, kept for compliance retention) lives."""
        return f"compliance/{self.key}"


@dataclass(frozen=True, slots=True)
class ArchiveWatermark:
    """How far an agent's decisions are archived: every UTC day up to `through_day` (YYYY-MM-DD).
    `digest_day` and `digest_sha256` name the newest daily digest, the head of the digest chain;
    `first_day` is the oldest archived day. The last three are None until a day with decisions
    has been archived."""

    through_day: str
    first_day: str | None = None
    digest_day: str | None = None
    digest_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What a bearer token grants: its own agent, plus shared pools (other agent ids)."""

    token_id: str
    agent_id: str
    grants: tuple[str, ...]
    create_us: int
