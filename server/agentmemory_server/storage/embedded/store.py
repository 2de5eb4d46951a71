"""The embedded adapter: every storage port on one SQLite database.

Tables mirror the DynamoDB design (ARCHITECTURE section 1): the decision log keyed by agent and
(time, id) with indexes by type, by outcome and by parent; long-term memory with a confidence
index; agent state by (agent, checkpoint); short-term entries with an expiry column standing in
for Redis TTLs. The context index stands in for the by_context GSI, over several paths.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from agentmemory_server.core.errors import NotFound, OutcomeAlreadyRecorded, VersionConflict, WrongValueType
from agentmemory_server.core.jsonpath import MISSING, canonical, lookup, quote
from agentmemory_server.core.models import (
    JSON,
    AgentState,
    ConfidenceChange,
    Decision,
    DecisionEvent,
    DecisionKey,
    DecisionPage,
    DecisionQuery,
    EventBounds,
    EventKind,
    LongTermMemory,
    MemoryRead,
    NewDecision,
    Outcome,
    OutcomeChange,
    ShortTermEntry,
    SuccessFilter,
    TokenRecord,
    decision_from_json,
    dump_json,
    load_json,
    outcome_from_json,
    outcome_to_json,
)
from agentmemory_server.core.rollups import RollupCell, RollupCounts, RollupDelta, RollupRow, RollupSpec, merge_deltas
from agentmemory_server.storage.embedded import jsonfilter
from agentmemory_server.storage.embedded.database import SqliteDatabase, insert_rows

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS stm (
    agent_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expire_us INTEGER NOT NULL,
    PRIMARY KEY (agent_id, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stm_by_expiry ON stm (expire_us);

CREATE TABLE IF NOT EXISTS ltm (
    agent_id TEXT NOT NULL, memory_type TEXT NOT NULL, memory_id TEXT NOT NULL,
    data TEXT NOT NULL, confidence REAL NOT NULL, version INTEGER NOT NULL,
    create_us INTEGER NOT NULL, update_us INTEGER NOT NULL,
    access_count INTEGER NOT NULL DEFAULT 0, last_access_us INTEGER,
    PRIMARY KEY (agent_id, memory_type, memory_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ltm_by_confidence ON ltm (agent_id, memory_type, confidence DESC, memory_id);

CREATE TABLE IF NOT EXISTS ltm_history (
    agent_id TEXT NOT NULL, memory_type TEXT NOT NULL, memory_id TEXT NOT NULL, version INTEGER NOT NULL,
    previous_confidence REAL NOT NULL, confidence REAL NOT NULL, reason TEXT NOT NULL, change_us INTEGER NOT NULL,
    PRIMARY KEY (agent_id, memory_type, memory_id, version)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS agent_state (
    agent_id TEXT NOT NULL, checkpoint TEXT NOT NULL, state TEXT NOT NULL,
    version INTEGER NOT NULL, update_us INTEGER NOT NULL,
    PRIMARY KEY (agent_id, checkpoint)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS decisions (
    agent_id TEXT NOT NULL, decision_id TEXT NOT NULL, decision_type TEXT NOT NULL,
    create_us INTEGER NOT NULL, context TEXT NOT NULL, reasoning TEXT NOT NULL, metadata TEXT NOT NULL,
    parents TEXT NOT NULL, memory_reads TEXT NOT NULL, success INTEGER, outcome TEXT,
    PRIMARY KEY (agent_id, decision_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS decisions_by_type ON decisions (agent_id, decision_type, create_us DESC, decision_id DESC);
CREATE INDEX IF NOT EXISTS decisions_by_time ON decisions (agent_id, create_us DESC, decision_id DESC);
CREATE INDEX IF NOT EXISTS decisions_by_outcome ON decisions (agent_id, success, create_us DESC, decision_id DESC);

-- The context index: one row per decision and indexed context path it has a value at, the value
-- in canonical JSON so that values equal as JSON (1 and 1.0) share a key and others (true and 1)
-- do not. A filter on an indexed path reads its matches newest first from here.
CREATE TABLE IF NOT EXISTS decisions_by_context (
    agent_id TEXT NOT NULL, path TEXT NOT NULL, value TEXT NOT NULL, create_us INTEGER NOT NULL,
    decision_id TEXT NOT NULL,
    PRIMARY KEY (agent_id, path, value, create_us DESC, decision_id DESC)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS decision_links (
    agent_id TEXT NOT NULL, parent_id TEXT NOT NULL, child_create_us INTEGER NOT NULL, child_id TEXT NOT NULL,
    PRIMARY KEY (agent_id, parent_id, child_create_us, child_id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS request_ids (
    agent_id TEXT NOT NULL, request_id TEXT NOT NULL, decision_id TEXT NOT NULL,
    PRIMARY KEY (agent_id, request_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS request_ids_by_decision ON request_ids (agent_id, decision_id);

CREATE TABLE IF NOT EXISTS events (
    agent_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, decision TEXT NOT NULL,
    create_us INTEGER NOT NULL,
    PRIMARY KEY (agent_id, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_time ON events (create_us);

CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY, token_id TEXT NOT NULL, agent_id TEXT NOT NULL, grants TEXT NOT NULL,
    create_us INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_heads (
    agent_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, pruned_through INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS rollups (
    agent_id TEXT NOT NULL, kind TEXT NOT NULL, granularity TEXT NOT NULL, bucket_us INTEGER NOT NULL,
    cell TEXT NOT NULL, decision_type TEXT NOT NULL, grp TEXT NOT NULL, choice TEXT NOT NULL,
    total INTEGER NOT NULL, succeeded INTEGER NOT NULL, failed INTEGER NOT NULL,
    latency_sum_us INTEGER NOT NULL, latency_count INTEGER NOT NULL, metrics TEXT NOT NULL,
    PRIMARY KEY (agent_id, kind, granularity, bucket_us, cell)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY, holder TEXT NOT NULL, expire_us INTEGER NOT NULL, done INTEGER NOT NULL) WITHOUT ROWID;
"""

# Columns added since the first release, which older database files gain when opened.
ADDED_COLUMNS = (
    ("ltm", "observed_successes", "INTEGER NOT NULL DEFAULT 0"),
    ("ltm", "observed_trials", "INTEGER NOT NULL DEFAULT 0"),
)

_DECISION_COLUMNS = (
    "decision_id, agent_id, decision_type, create_us, context, reasoning, metadata, parents, memory_reads, outcome"
)
_JOINED_DECISION_COLUMNS = ", ".join(f"d.{column.strip()}" for column in _DECISION_COLUMNS.split(","))
_LTM_COLUMNS = (
    "agent_id, memory_type, memory_id, data, confidence, version, create_us, update_us, access_count, last_access_us, "
    "observed_successes, observed_trials"
)
_MAX_INT64 = 2**63 - 1
# Decisions forget_archived removes per transaction, so a backlog never holds the writer long.
_FORGET_CHUNK = 2000
# Decisions indexed per transaction when a path joins the context index, for the same reason.
_INDEX_BUILD_CHUNK = 5000
# Decisions of one append from which append() encodes them before the transaction (see there).
_ENCODE_EARLY_FROM = 32
# Recent events held per agent (between this and twice as many), and agents held (RecentEvents):
# what subscribers read between two wake-ups is a few events; a bulk load reads the log.
RECENT_EVENTS_PER_AGENT = 64
RECENT_EVENT_AGENTS = 16
# The meta row naming the context paths whose index holds every stored decision.
_INDEXED_PATHS_META = "context_index_paths"
# Request ids from which their stored decisions are looked up in one statement.
_REQUEST_IDS_LOOKED_UP_TOGETHER_FROM = 32
# Index entries counted per path, at most, to pick the most selective of several indexed filters.
_SELECTIVITY_PROBE = 2000


def _decision_row(d: Decision) -> tuple[Any, ...]:
    """The decisions row of a decision, its documents encoded (in _DECISION_COLUMNS order, then success)."""
    return (
        d.decision_id, d.agent_id, d.decision_type, d.create_us, dump_json(d.context), dump_json(d.reasoning),
        dump_json(d.metadata), dump_json(list(d.parent_decision_ids)) if d.parent_decision_ids else "[]",
        dump_json([[r.memory_type, r.memory_id, r.version] for r in d.memory_reads]) if d.memory_reads else "[]",
        dump_json(outcome_to_json(d.outcome)) if d.outcome else None,
        None if d.outcome is None else int(d.outcome.success),
    )


def _decision_document(row: tuple[Any, ...]) -> str:
    """decision_to_json's document, encoded, put together from the row's already encoded parts
    (an event carries the whole decision: encoding it twice was a fifth of a bulk log's time)."""
    decision_id, agent_id, decision_type, create_us, context, reasoning, metadata, parents, reads, outcome, _ = row
    document = (
        f'{{"decision_id":{quote(decision_id)},"agent_id":{quote(agent_id)},'
        f'"decision_type":{quote(decision_type)},"create_us":{int(create_us)},"context":{context},'
        f'"reasoning":{reasoning},"metadata":{metadata},"parent_decision_ids":{parents},"memory_reads":{reads}'
    )
    return f'{document},"outcome":{outcome}}}' if outcome is not None else document + "}"


@dataclass(frozen=True, slots=True)
class _EncodedDecisions:
    """New decisions as the rows that store them."""

    rows: list[tuple[Any, ...]]
    # (agent id, decision document, create time) of each decision's event.
    events: list[tuple[str, str, int]]
    links: list[tuple[str, str, int, str]]
    index_rows: list[tuple[str, str, str, int, str]]
    rollups: list[RollupDelta]

    @staticmethod
    def joined(parts: Sequence[_EncodedDecisions]) -> _EncodedDecisions:
        """The rows of several parts together, in order."""
        return _EncodedDecisions(
            *([row for part in parts for row in getattr(part, name)] for name in _EncodedDecisions.__slots__)
        )


def _prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with prefix (keys are ASCII)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix_clause(prefix: str) -> tuple[str, list[Any]]:
    if not prefix:
        return "", []
    return " AND key >= ? AND key < ?", [prefix, _prefix_upper_bound(prefix)]


def _entry(agent_id: str, key: str, value: str, expire_us: int) -> ShortTermEntry:
    return ShortTermEntry(agent_id=agent_id, key=key, value=load_json(value), expire_us=expire_us)


def _memory(row: sqlite3.Row | tuple[Any, ...]) -> LongTermMemory:
    (agent_id, memory_type, memory_id, data, confidence, version, create_us, update_us, access, last_access,
     observed_successes, observed_trials) = row
    return LongTermMemory(
        agent_id=agent_id,
        memory_type=memory_type,
        memory_id=memory_id,
        data=load_json(data),
        confidence=confidence,
        version=version,
        create_us=create_us,
        update_us=update_us,
        access_count=access,
        last_access_us=last_access,
        observed_successes=observed_successes,
        observed_trials=observed_trials,
    )


def _decision(row: tuple[Any, ...]) -> Decision:
    decision_id, agent_id, decision_type, create_us, context, reasoning, metadata, parents, reads, outcome = row
    return Decision(
        decision_id=decision_id,
        agent_id=agent_id,
        decision_type=decision_type,
        create_us=create_us,
        context=load_json(context),
        reasoning=load_json(reasoning),
        metadata=load_json(metadata),
        parent_decision_ids=tuple(load_json(parents)),
        memory_reads=tuple(MemoryRead(t, i, v) for t, i, v in load_json(reads)),
        outcome=outcome_from_json(load_json(outcome)) if outcome is not None else None,
    )


def _rollup_counts(row: Sequence[Any]) -> RollupCounts:
    total, succeeded, failed, latency_sum_us, latency_count, metrics = row
    by_name = load_json(metrics)
    return RollupCounts(
        total=total,
        succeeded=succeeded,
        failed=failed,
        latency_sum_us=latency_sum_us,
        latency_count=latency_count,
        metric_sums={name: pair[0] for name, pair in by_name.items()},
        metric_counts={name: pair[1] for name, pair in by_name.items()},
    )


def _check_version(expected: int | None, actual: int) -> None:
    if expected is not None and expected != actual:
        raise VersionConflict(expected, actual)


def _context_index_rows(
    paths: Sequence[str], agent_id: str, decision_id: str, create_us: int, context: JSON
) -> list[tuple[str, str, str, int, str]]:
    """The decisions_by_context rows of one decision: one per indexed path it has a value at."""
    rows = []
    for path in paths:
        value = lookup(context, path)
        if value is not MISSING:
            rows.append((agent_id, path, canonical(value), create_us, decision_id))
    return rows


def _key_range(alias: str, query: DecisionQuery, after: DecisionKey | None) -> tuple[list[str], list[Any]]:
    """The conditions on (create_us, decision_id) of a query's time range and resume key."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.start_us is not None:
        clauses.append(f"{alias}.create_us >= ?")
        params.append(query.start_us)
    # A resume key inside the range bounds it from above by itself. Given both bounds, SQLite
    # seeks by the range's end and walks every row down to the key: each page of a deep query
    # would read all the pages before it.
    if query.end_us is not None and (after is None or after.create_us >= query.end_us):
        clauses.append(f"{alias}.create_us < ?")
        params.append(query.end_us)
    if after is not None:
        clauses.append(f"({alias}.create_us, {alias}.decision_id) < (?, ?)")
        params += [after.create_us, after.decision_id]
    return clauses, params


class _Table:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db


class EmbeddedMetaStore(_Table):
    """MetaStore: server-wide settings in the `meta` table."""

    async def get_or_create(self, name: str, value: str) -> str:
        def transaction(c: sqlite3.Connection) -> str:
            c.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)", (name, value))
            return c.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()[0]

        return await self._db.write(transaction)


class EmbeddedShortTermStore(_Table):
    """ShortTermStore: expiry is a column, checked on every read and purged by a sweeper."""

    async def put(self, entry: ShortTermEntry) -> None:
        await self._db.write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO stm (agent_id, key, value, expire_us) VALUES (?, ?, ?, ?)",
                (entry.agent_id, entry.key, dump_json(entry.value), entry.expire_us),
            )
        )

    async def get(self, agent_id: str, key: str, now_us: int) -> ShortTermEntry | None:
        def transaction(c: sqlite3.Connection) -> ShortTermEntry | None:
            row = c.execute(
                "SELECT value, expire_us FROM stm WHERE agent_id = ? AND key = ? AND expire_us > ?",
                (agent_id, key, now_us),
            ).fetchone()
            return _entry(agent_id, key, *row) if row else None

        return await self._db.read(transaction)

    async def batch_get(self, agent_id: str, keys: Sequence[str], now_us: int) -> dict[str, ShortTermEntry]:
        unique = sorted(set(keys))

        def transaction(c: sqlite3.Connection) -> dict[str, ShortTermEntry]:
            found: dict[str, ShortTermEntry] = {}
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, value, expire_us in c.execute(
                    f"SELECT key, value, expire_us FROM stm WHERE agent_id = ? AND key IN ({marks}) AND expire_us > ?",
                    (agent_id, *chunk, now_us),
                ):
                    found[key] = _entry(agent_id, key, value, expire_us)
            return found

        return await self._db.read(transaction)

    async def delete(self, agent_id: str, key: str, now_us: int) -> bool:
        def transaction(c: sqlite3.Connection) -> bool:
            row = c.execute(
                "DELETE FROM stm WHERE agent_id = ? AND key = ? RETURNING expire_us", (agent_id, key)
            ).fetchone()
            return row is not None and row[0] > now_us

        return await self._db.write(transaction)

    async def clear(self, agent_id: str, key_prefix: str, now_us: int) -> int:
        clause, params = _prefix_clause(key_prefix)

        def transaction(c: sqlite3.Connection) -> int:
            rows = c.execute(f"DELETE FROM stm WHERE agent_id = ?{clause} RETURNING expire_us", (agent_id, *params))
            return sum(1 for (expire_us,) in rows if expire_us > now_us)

        return await self._db.write(transaction)

    @staticmethod
    def _live_value(c: sqlite3.Connection, agent_id: str, key: str, now_us: int) -> tuple[JSON, int] | None:
        row = c.execute(
            "SELECT value, expire_us FROM stm WHERE agent_id = ? AND key = ? AND expire_us > ?",
            (agent_id, key, now_us),
        ).fetchone()
        return (load_json(row[0]), row[1]) if row else None

    async def append(
        self, agent_id: str, key: str, values: Sequence[JSON], max_length: int, expire_us: int, now_us: int
    ) -> ShortTermEntry:
        def transaction(c: sqlite3.Connection) -> ShortTermEntry:
            live = self._live_value(c, agent_id, key, now_us)
            if live is not None and not isinstance(live[0], list):
                raise WrongValueType(f"key {key!r} holds a value that is not a list")
            items = (live[0] if live else []) + list(values)
            items = items[-max_length:]
            c.execute(
                "INSERT OR REPLACE INTO stm (agent_id, key, value, expire_us) VALUES (?, ?, ?, ?)",
                (agent_id, key, dump_json(items), expire_us),
            )
            return ShortTermEntry(agent_id, key, items, expire_us)

        return await self._db.write(transaction)

    async def increment(self, agent_id: str, key: str, delta: int, expire_us: int, now_us: int) -> ShortTermEntry:
        def transaction(c: sqlite3.Connection) -> ShortTermEntry:
            live = self._live_value(c, agent_id, key, now_us)
            if live is None:
                value, expiry = delta, expire_us
            else:
                current, expiry = live
                # Values written through PutShortTerm are JSON numbers (doubles): 5.0 counts as 5.
                if isinstance(current, float) and current.is_integer():
                    current = int(current)
                if isinstance(current, bool) or not isinstance(current, int):
                    raise WrongValueType(f"key {key!r} holds a value that is not an integer counter")
                value = current + delta
            if not -_MAX_INT64 - 1 <= value <= _MAX_INT64:
                raise WrongValueType(f"counter {key!r} would overflow a 64-bit integer")
            c.execute(
                "INSERT OR REPLACE INTO stm (agent_id, key, value, expire_us) VALUES (?, ?, ?, ?)",
                (agent_id, key, dump_json(value), expiry),
            )
            return ShortTermEntry(agent_id, key, value, expiry)

        return await self._db.write(transaction)

    async def list(
        self, agent_id: str, key_prefix: str, limit: int, now_us: int
    ) -> tuple[list[ShortTermEntry], bool]:
        clause, params = _prefix_clause(key_prefix)

        def transaction(c: sqlite3.Connection) -> tuple[list[ShortTermEntry], bool]:
            rows = c.execute(
                f"SELECT key, value, expire_us FROM stm WHERE agent_id = ?{clause} AND expire_us > ? "
                "ORDER BY key LIMIT ?",
                (agent_id, *params, now_us, limit + 1),
            ).fetchall()
            entries = [_entry(agent_id, *row) for row in rows[:limit]]
            return entries, len(rows) > limit

        return await self._db.read(transaction)

    async def purge_expired(self, now_us: int) -> int:
        return await self._db.write(lambda c: c.execute("DELETE FROM stm WHERE expire_us <= ?", (now_us,)).rowcount)


class EmbeddedLongTermStore(_Table):
    """LongTermStore: memories plus their confidence history."""

    @staticmethod
    def _record_change(
        c: sqlite3.Connection, memory: LongTermMemory, previous: float, reason: str, now_us: int
    ) -> None:
        c.execute(
            "INSERT INTO ltm_history (agent_id, memory_type, memory_id, version, previous_confidence, confidence, "
            "reason, change_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (memory.agent_id, memory.memory_type, memory.memory_id, memory.version, previous, memory.confidence,
             reason, now_us),
        )

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
        def transaction(c: sqlite3.Connection) -> LongTermMemory:
            row = c.execute(
                f"SELECT {_LTM_COLUMNS} FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?",
                (agent_id, memory_type, memory_id),
            ).fetchone()
            old = _memory(row) if row else None
            _check_version(expected_version, old.version if old else 0)
            memory = LongTermMemory(
                agent_id=agent_id,
                memory_type=memory_type,
                memory_id=memory_id,
                data=data,
                confidence=confidence,
                version=old.version + 1 if old else 1,
                create_us=old.create_us if old else now_us,
                update_us=now_us,
                access_count=old.access_count if old else 0,
                last_access_us=old.last_access_us if old else None,
                observed_successes=evidence[0] if evidence else old.observed_successes if old else 0,
                observed_trials=evidence[1] if evidence else old.observed_trials if old else 0,
            )
            c.execute(
                f"INSERT OR REPLACE INTO ltm ({_LTM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (agent_id, memory_type, memory_id, dump_json(data), confidence, memory.version, memory.create_us,
                 now_us, memory.access_count, memory.last_access_us, memory.observed_successes,
                 memory.observed_trials),
            )
            if old is None:
                self._record_change(c, memory, 0.0, "created", now_us)
            elif old.confidence != confidence:
                self._record_change(c, memory, old.confidence, reason, now_us)
            return memory

        return await self._db.write(transaction)

    async def get(
        self, agent_id: str, memory_type: str, memory_id: str, *, count_access: bool, now_us: int
    ) -> LongTermMemory | None:
        key = (agent_id, memory_type, memory_id)
        if not count_access:
            return await self._db.read(
                lambda c: (lambda row: _memory(row) if row else None)(
                    c.execute(
                        f"SELECT {_LTM_COLUMNS} FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key
                    ).fetchone()
                )
            )

        def transaction(c: sqlite3.Connection) -> LongTermMemory | None:
            row = c.execute(
                "UPDATE ltm SET access_count = access_count + 1, last_access_us = ? "
                f"WHERE agent_id = ? AND memory_type = ? AND memory_id = ? RETURNING {_LTM_COLUMNS}",
                (now_us, *key),
            ).fetchone()
            return _memory(row) if row else None

        return await self._db.write(transaction)

    async def query(
        self, agent_id: str, memory_type: str, min_confidence: float, data_filter: dict[str, JSON], limit: int
    ) -> list[LongTermMemory]:
        clauses, params = jsonfilter.filter_clauses("data", data_filter)
        where = "".join(f" AND {clause}" for clause in clauses)

        def transaction(c: sqlite3.Connection) -> list[LongTermMemory]:
            rows = c.execute(
                f"SELECT {_LTM_COLUMNS} FROM ltm WHERE agent_id = ? AND memory_type = ? AND confidence >= ?{where} "
                "ORDER BY confidence DESC, memory_id LIMIT ?",
                (agent_id, memory_type, min_confidence, *params, limit),
            )
            return [_memory(row) for row in rows]

        return await self._db.read(transaction)

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
        key = (agent_id, memory_type, memory_id)

        def transaction(c: sqlite3.Connection) -> LongTermMemory:
            row = c.execute(
                f"SELECT {_LTM_COLUMNS} FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key
            ).fetchone()
            if row is None:
                if expected_version:
                    raise VersionConflict(expected_version, 0)
                raise NotFound("MEMORY_NOT_FOUND", f"no {memory_type} memory {memory_id!r}")
            old = _memory(row)
            _check_version(expected_version, old.version)
            updated = c.execute(
                "UPDATE ltm SET confidence = ?, version = version + 1, update_us = ? "
                f"WHERE agent_id = ? AND memory_type = ? AND memory_id = ? RETURNING {_LTM_COLUMNS}",
                (confidence, now_us, *key),
            ).fetchone()
            memory = _memory(updated)
            self._record_change(c, memory, old.confidence, reason, now_us)
            return memory

        return await self._db.write(transaction)

    async def confidence_history(
        self, agent_id: str, memory_type: str, memory_id: str
    ) -> list[ConfidenceChange] | None:
        key = (agent_id, memory_type, memory_id)

        def transaction(c: sqlite3.Connection) -> list[ConfidenceChange] | None:
            exists = c.execute(
                "SELECT 1 FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key
            ).fetchone()
            if exists is None:
                return None
            rows = c.execute(
                "SELECT previous_confidence, confidence, reason, version, change_us FROM ltm_history "
                "WHERE agent_id = ? AND memory_type = ? AND memory_id = ? ORDER BY version",
                key,
            )
            return [ConfidenceChange(*row) for row in rows]

        return await self._db.read(transaction)

    async def delete(
        self, agent_id: str, memory_type: str, memory_id: str, expected_version: int | None
    ) -> None:
        key = (agent_id, memory_type, memory_id)

        def transaction(c: sqlite3.Connection) -> None:
            row = c.execute(
                "SELECT version FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key
            ).fetchone()
            if row is None:
                if expected_version:
                    raise VersionConflict(expected_version, 0)
                raise NotFound("MEMORY_NOT_FOUND", f"no {memory_type} memory {memory_id!r}")
            _check_version(expected_version, row[0])
            c.execute("DELETE FROM ltm WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key)
            c.execute("DELETE FROM ltm_history WHERE agent_id = ? AND memory_type = ? AND memory_id = ?", key)

        await self._db.write(transaction)


class EmbeddedAgentStateStore(_Table):
    """AgentStateStore: CURRENT is the empty checkpoint name."""

    async def save(
        self, agent_id: str, checkpoint: str, state: dict[str, JSON], expected_version: int | None, now_us: int
    ) -> AgentState:
        def transaction(c: sqlite3.Connection) -> AgentState:
            row = c.execute(
                "SELECT version FROM agent_state WHERE agent_id = ? AND checkpoint = ?", (agent_id, checkpoint)
            ).fetchone()
            actual = row[0] if row else 0
            _check_version(expected_version, actual)
            c.execute(
                "INSERT OR REPLACE INTO agent_state (agent_id, checkpoint, state, version, update_us) "
                "VALUES (?, ?, ?, ?, ?)",
                (agent_id, checkpoint, dump_json(state), actual + 1, now_us),
            )
            return AgentState(agent_id, checkpoint, state, actual + 1, now_us)

        return await self._db.write(transaction)

    async def get(self, agent_id: str, checkpoint: str) -> AgentState | None:
        def transaction(c: sqlite3.Connection) -> AgentState | None:
            row = c.execute(
                "SELECT state, version, update_us FROM agent_state WHERE agent_id = ? AND checkpoint = ?",
                (agent_id, checkpoint),
            ).fetchone()
            return AgentState(agent_id, checkpoint, load_json(row[0]), row[1], row[2]) if row else None

        return await self._db.read(transaction)

    async def list_checkpoints(self, agent_id: str) -> list[AgentState]:
        def transaction(c: sqlite3.Connection) -> list[AgentState]:
            rows = c.execute(
                "SELECT checkpoint, version, update_us FROM agent_state WHERE agent_id = ? AND checkpoint != '' "
                "ORDER BY update_us DESC, checkpoint",
                (agent_id,),
            )
            return [AgentState(agent_id, name, {}, version, update_us) for name, version, update_us in rows]

        return await self._db.read(transaction)


class RecentEvents:
    """The latest committed events of the agents that logged last, on the event loop.

    Every subscriber reads the log after every wake-up, and what it reads is what was just
    committed: answered from here, the read costs no hop to a reader thread, which had to win the
    GIL back from a busy event loop for each read. Events come in as their writes settle, in
    commit order, whether or not the writer's caller still waits. What an agent has here is every
    event from its first held to its last settled one: events that do not follow on from those
    (after a write that did not publish, or after eviction) start the agent afresh."""

    def __init__(self, per_agent: int = RECENT_EVENTS_PER_AGENT, agents: int = RECENT_EVENT_AGENTS) -> None:
        self._per_agent = per_agent
        self._agents = agents
        # Per agent, its held events in sequence order; least recently added agent first.
        self._held: OrderedDict[str, list[DecisionEvent]] = OrderedDict()

    def add(self, events: Sequence[DecisionEvent]) -> None:
        for event in events:
            held = self._held.get(event.agent_id)
            if held is None or held[-1].seq + 1 != event.seq:
                held = self._held[event.agent_id] = []
            self._held.move_to_end(event.agent_id)
            if len(self._held) > self._agents:
                self._held.popitem(last=False)
            held.append(event)
            # Trimmed in steps of per_agent, not an event at a time.
            if len(held) >= 2 * self._per_agent:
                del held[: self._per_agent]

    def after(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent] | None:
        """Up to `limit` of the agent's events after `after_seq`, or None when they are not held
        (the log has them)."""
        held = self._held.get(agent_id)
        if not held:
            return None
        start = after_seq + 1 - held[0].seq
        if not 0 <= start <= len(held):
            return None
        return held[start : start + limit]

    def clear(self) -> None:
        self._held.clear()


class EmbeddedDecisionStore(_Table):
    """DecisionStore: decisions, parent links, request ids, the context index, the per-agent event
    sequence and the analytics rollups."""

    def __init__(
        self,
        db: SqliteDatabase,
        rollups: RollupSpec,
        context_paths: Sequence[str],
        recent_event_agents: int = RECENT_EVENT_AGENTS,
    ) -> None:
        """`context_paths`: the dotted context paths to index; build_context_index() adds them to
        those an existing database indexes already. `recent_event_agents`: how many agents' latest
        events read_events answers from memory (RecentEvents; 0: every read reads the log)."""
        super().__init__(db)
        self._rollups = rollups
        self._configured_paths = tuple(dict.fromkeys(context_paths))
        self._indexed_paths: tuple[str, ...] = ()
        self._recent = RecentEvents(agents=recent_event_agents)

    async def build_context_index(self) -> None:
        """Indexes the stored decisions at every configured path the database does not index yet
        (a database from before the index, or a path configured since), in bounded transactions on
        the writer thread. A path once indexed stays indexed, and is kept up to date, so the index
        never lacks a decision at a path it answers for."""

        def indexed(c: sqlite3.Connection) -> list[str]:
            row = c.execute("SELECT value FROM meta WHERE name = ?", (_INDEXED_PATHS_META,)).fetchone()
            return load_json(row[0]) if row else []

        done = await self._db.read(indexed)
        missing = [path for path in self._configured_paths if path not in done]
        if missing:
            after: tuple[str, str] | None = ("", "")
            while after is not None:
                after = await self._db.write(self._index_chunk, missing, after)
            await self._db.write(
                lambda c: c.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                    (_INDEXED_PATHS_META, dump_json([*done, *missing])),
                )
            )
        self._indexed_paths = (*done, *missing)

    @staticmethod
    def _index_chunk(c: sqlite3.Connection, paths: list[str], after: tuple[str, str]) -> tuple[str, str] | None:
        """Indexes the next _INDEX_BUILD_CHUNK decisions after (agent_id, decision_id) at paths;
        returns the key to continue after, or None when every decision is indexed."""
        decisions = c.execute(
            "SELECT agent_id, decision_id, create_us, context FROM decisions WHERE (agent_id, decision_id) > (?, ?) "
            "ORDER BY agent_id, decision_id LIMIT ?",
            (*after, _INDEX_BUILD_CHUNK),
        ).fetchall()
        c.executemany(
            "INSERT OR IGNORE INTO decisions_by_context (agent_id, path, value, create_us, decision_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                row
                for agent_id, decision_id, create_us, context in decisions
                for row in _context_index_rows(paths, agent_id, decision_id, create_us, load_json(context))
            ],
        )
        return (decisions[-1][0], decisions[-1][1]) if len(decisions) == _INDEX_BUILD_CHUNK else None

    @staticmethod
    def _add_rollups(c: sqlite3.Connection, deltas: Sequence[RollupDelta]) -> None:
        # Counts without metrics (every new decision's) are added by SQLite in one statement;
        # metrics, kept as a JSON object per row, are merged here: read, add, write back.
        plain: list[tuple[Any, ...]] = []
        for agent_id, cell, granularity, bucket_us, delta in merge_deltas(deltas):
            key = (agent_id, cell.kind, granularity, bucket_us, cell.digest)
            if not delta.metric_counts:
                plain.append((*key, cell.decision_type, cell.group, cell.choice, delta.total, delta.succeeded,
                              delta.failed, delta.latency_sum_us, delta.latency_count, "{}"))
                continue
            row = c.execute(
                "SELECT total, succeeded, failed, latency_sum_us, latency_count, metrics FROM rollups "
                "WHERE agent_id = ? AND kind = ? AND granularity = ? AND bucket_us = ? AND cell = ?",
                key,
            ).fetchone()
            counts = _rollup_counts(row) if row else RollupCounts()
            counts.add(delta)
            c.execute(
                "INSERT OR REPLACE INTO rollups (agent_id, kind, granularity, bucket_us, cell, decision_type, grp, "
                "choice, total, succeeded, failed, latency_sum_us, latency_count, metrics) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, cell.decision_type, cell.group, cell.choice, counts.total, counts.succeeded, counts.failed,
                 counts.latency_sum_us, counts.latency_count,
                 dump_json({name: [counts.metric_sums.get(name, 0.0), count] for name, count in counts.metric_counts.items()})),
            )
        insert_rows(
            c,
            "INSERT INTO rollups (agent_id, kind, granularity, bucket_us, cell, decision_type, grp, choice, total, "
            "succeeded, failed, latency_sum_us, latency_count, metrics)",
            plain,
            "ON CONFLICT (agent_id, kind, granularity, bucket_us, cell) DO UPDATE SET total = total + excluded.total, "
            "succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed, "
            "latency_sum_us = latency_sum_us + excluded.latency_sum_us, latency_count = latency_count + excluded.latency_count",
        )

    async def read_rollups(
        self, agent_id: str, kind: str, granularity: str, start_us: int, end_us: int
    ) -> list[RollupRow]:
        def transaction(c: sqlite3.Connection) -> list[RollupRow]:
            rows = c.execute(
                "SELECT bucket_us, decision_type, grp, choice, total, succeeded, failed, latency_sum_us, latency_count, "
                "metrics FROM rollups WHERE agent_id = ? AND kind = ? AND granularity = ? AND bucket_us >= ? "
                "AND bucket_us < ? ORDER BY bucket_us, cell",
                (agent_id, kind, granularity, start_us, end_us),
            )
            return [
                RollupRow(granularity, bucket, RollupCell(kind, decision_type, group, choice), _rollup_counts(counts))
                for bucket, decision_type, group, choice, *counts in rows
            ]

        return await self._db.read(transaction)

    async def agent_ids(self) -> list[str]:
        return await self._db.read(
            lambda c: [row[0] for row in c.execute("SELECT agent_id FROM event_heads ORDER BY agent_id")]
        )

    @staticmethod
    def _select_decision(c: sqlite3.Connection, agent_id: str, decision_id: str) -> Decision | None:
        row = c.execute(
            f"SELECT {_DECISION_COLUMNS} FROM decisions WHERE agent_id = ? AND decision_id = ?",
            (agent_id, decision_id),
        ).fetchone()
        return _decision(row) if row else None

    @staticmethod
    def _append_events(c: sqlite3.Connection, kind: EventKind, events: Sequence[tuple[str, str, int]]) -> list[int]:
        """Appends one event per (agent id, decision document, event time), in order: each
        agent's head moves once for all of its events. Returns their sequence numbers."""
        per_agent = Counter(agent_id for agent_id, _, _ in events)
        next_seq: dict[str, int] = {}
        for agent_id, count in per_agent.items():
            (last,) = c.execute(
                "INSERT INTO event_heads (agent_id, last_seq, pruned_through) VALUES (?, ?, 0) "
                "ON CONFLICT (agent_id) DO UPDATE SET last_seq = last_seq + excluded.last_seq RETURNING last_seq",
                (agent_id, count),
            ).fetchone()
            next_seq[agent_id] = last - count + 1
        rows = []
        for agent_id, document, at_us in events:
            rows.append((agent_id, next_seq[agent_id], kind.value, document, at_us))
            next_seq[agent_id] += 1
        insert_rows(c, "INSERT INTO events (agent_id, seq, kind, decision, create_us)", rows)
        return [row[1] for row in rows]

    @staticmethod
    def _request_id_owners(c: sqlite3.Connection, decisions: Sequence[NewDecision]) -> dict[tuple[str, str], str]:
        """The decision id stored under each request id that `decisions` carry, by (agent id,
        request id): for many, in one statement (one step, so one turn for the writer thread to
        win the GIL back; see insert_rows)."""
        keys = [(new.decision.agent_id, new.request_id) for new in decisions if new.request_id]
        if len(keys) >= _REQUEST_IDS_LOOKED_UP_TOGETHER_FROM:
            rows = c.execute(
                "SELECT r.agent_id, r.request_id, r.decision_id FROM json_each(?) AS k JOIN request_ids AS r "
                "ON r.agent_id = k.value ->> 0 AND r.request_id = k.value ->> 1",
                (dump_json(keys),),
            ).fetchall()
        else:
            rows = [
                (agent_id, request_id, decision_id)
                for agent_id, request_id in keys
                for (decision_id,) in c.execute(
                    "SELECT decision_id FROM request_ids WHERE agent_id = ? AND request_id = ?", (agent_id, request_id)
                )
            ]
        return {(agent_id, request_id): decision_id for agent_id, request_id, decision_id in rows}

    def _encoded(self, decisions: Sequence[Decision]) -> _EncodedDecisions:
        rows = [_decision_row(d) for d in decisions]
        links: list[tuple[str, str, int, str]] = []
        index_rows: list[tuple[str, str, str, int, str]] = []
        for d in decisions:
            links += [(d.agent_id, parent, d.create_us, d.decision_id) for parent in d.parent_decision_ids]
            index_rows += _context_index_rows(self._indexed_paths, d.agent_id, d.decision_id, d.create_us, d.context)
        return _EncodedDecisions(
            rows=rows,
            events=[(row[1], _decision_document(row), row[3]) for row in rows],
            links=links,
            index_rows=index_rows,
            rollups=self._rollups.for_new_many(decisions),
        )

    async def append(
        self, decisions: Sequence[NewDecision], committed: Callable[[], None] | None = None
    ) -> list[Decision]:
        # A bulk call's decisions are encoded here, on the event loop, not in the transaction: the
        # writer thread holds the GIL while it runs Python, so encoding a batch there kept the event
        # loop waiting, and the writer in turn waited out the loop's switch interval after each
        # statement. Encoded first, the writer runs SQLite (without the GIL) while the event loop
        # validates the next call. A few decisions are encoded in the transaction still: under
        # many small calls the event loop is the busy thread, and the writer has time to spare.
        early = self._encoded([new.decision for new in decisions]) if len(decisions) >= _ENCODE_EARLY_FROM else None
        stored, _ = await self._db.write_batched(self._append_calls, (decisions, early), self._publishing(committed))
        return stored

    def _publishing(
        self, committed: Callable[[], None] | None
    ) -> Callable[[tuple[object, list[DecisionEvent]]], None]:
        """The callback of a write that adds events: on the event loop, in commit order, its events
        to the recent ones, and `committed` called in the very turn of the loop that hears of it."""

        def published(written: tuple[object, list[DecisionEvent]]) -> None:
            self._recent.add(written[1])
            if committed is not None:
                committed()

        return published

    def _append_calls(
        self, c: sqlite3.Connection, calls: list[tuple[Sequence[NewDecision], _EncodedDecisions | None]]
    ) -> list[tuple[list[Decision], list[DecisionEvent]]]:
        """Stores the decisions of append calls queued together, as one write: each call's answer,
        as if they had been written one after another, with the events of its new decisions."""
        earlier = self._request_id_owners(c, [new for decisions, _ in calls for new in decisions])
        # The first decision per (agent id, request id) of these calls: a request id repeated
        # answers with it, though it is not in the table until the rows go in below.
        firsts: dict[tuple[str, str], Decision] = {}
        request_ids: list[tuple[str, str, str]] = []
        answers: list[list[Decision]] = []
        # Each call's new decisions, whose events go in below in this order.
        news: list[list[Decision]] = []
        parts: list[_EncodedDecisions] = []
        # New decisions of the calls since the last part that have no encoding to use: encoded
        # together, in order, rather than a call at a time and then joined.
        late: list[Decision] = []
        for decisions, early in calls:
            stored: list[Decision] = []
            fresh: list[Decision] = []
            for new in decisions:
                d = new.decision
                if new.request_id:
                    key = (d.agent_id, new.request_id)
                    first = firsts.get(key)
                    if first is None and key in earlier:
                        first = self._select_decision(c, d.agent_id, earlier[key])
                    if first is not None:
                        stored.append(first)
                        continue
                    firsts[key] = d
                    request_ids.append((*key, d.decision_id))
                fresh.append(d)
                stored.append(d)
            answers.append(stored)
            news.append(fresh)
            if early is not None and len(fresh) == len(decisions):
                if late:
                    parts.append(self._encoded(late))
                    late = []
                parts.append(early)
            else:
                late += fresh
        if late or not parts:
            parts.append(self._encoded(late))
        encoded = parts[0] if len(parts) == 1 else _EncodedDecisions.joined(parts)
        insert_rows(c, "INSERT OR REPLACE INTO request_ids (agent_id, request_id, decision_id)", request_ids)
        insert_rows(c, f"INSERT INTO decisions ({_DECISION_COLUMNS}, success)", encoded.rows)
        insert_rows(
            c, "INSERT OR IGNORE INTO decision_links (agent_id, parent_id, child_create_us, child_id)", encoded.links
        )
        seqs = iter(self._append_events(c, EventKind.DECISION_LOGGED, encoded.events))
        insert_rows(
            c, "INSERT INTO decisions_by_context (agent_id, path, value, create_us, decision_id)", encoded.index_rows
        )
        self._add_rollups(c, encoded.rollups)
        return [
            (stored, [DecisionEvent(d.agent_id, next(seqs), EventKind.DECISION_LOGGED, d) for d in fresh])
            for stored, fresh in zip(answers, news, strict=True)
        ]

    async def get(self, agent_id: str, decision_id: str) -> Decision | None:
        return await self._db.read(self._select_decision, agent_id, decision_id)

    async def get_many(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, Decision]:
        unique = sorted(set(decision_ids))

        def transaction(c: sqlite3.Connection) -> dict[str, Decision]:
            found: dict[str, Decision] = {}
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in c.execute(
                    f"SELECT {_DECISION_COLUMNS} FROM decisions WHERE agent_id = ? AND decision_id IN ({marks})",
                    (agent_id, *chunk),
                ):
                    decision = _decision(row)
                    found[decision.decision_id] = decision
            return found

        return await self._db.read(transaction)

    async def record_outcome(
        self,
        agent_id: str,
        decision_id: str,
        outcome: Outcome,
        overwrite: bool,
        committed: Callable[[], None] | None = None,
    ) -> OutcomeChange:
        def transaction(c: sqlite3.Connection) -> tuple[OutcomeChange, list[DecisionEvent]]:
            current = self._select_decision(c, agent_id, decision_id)
            if current is None:
                raise NotFound("DECISION_NOT_FOUND", f"no decision {decision_id!r}")
            if current.outcome is not None and not overwrite:
                raise OutcomeAlreadyRecorded(
                    f"decision {decision_id!r} already has an outcome; set overwrite to replace it"
                )
            updated = Decision(
                **{name: getattr(current, name) for name in Decision.__slots__ if name != "outcome"}, outcome=outcome
            )
            row = _decision_row(updated)
            c.execute(
                "UPDATE decisions SET outcome = ?, success = ? WHERE agent_id = ? AND decision_id = ?",
                (row[-2], row[-1], agent_id, decision_id),
            )
            (seq,) = self._append_events(
                c, EventKind.OUTCOME_RECORDED, [(agent_id, _decision_document(row), outcome.record_us)]
            )
            self._add_rollups(c, self._rollups.for_outcome(current, current.outcome, outcome))
            event = DecisionEvent(agent_id, seq, EventKind.OUTCOME_RECORDED, updated)
            return OutcomeChange(updated, current.outcome), [event]

        change, _ = await self._db.write(transaction, committed=self._publishing(committed))
        return change

    async def query(self, query: DecisionQuery, after: DecisionKey | None, limit: int) -> DecisionPage:
        def transaction(c: sqlite3.Connection) -> DecisionPage:
            rows = c.execute(*self.query_statement(c, query, after, limit)).fetchall()
            decisions = [_decision(row) for row in rows[:limit]]
            more = len(rows) > limit
            last = decisions[-1] if decisions else None
            resume = DecisionKey(last.create_us, last.decision_id) if more and last else None
            return DecisionPage(decisions, resume)

        return await self._db.read(transaction)

    def query_statement(
        self,
        c: sqlite3.Connection,
        query: DecisionQuery,
        after: DecisionKey | None,
        limit: int,
        *,
        row_counter: str = "",
    ) -> tuple[str, list[Any]]:
        """The statement (and its parameters) that reads one page of query after `after`, newest
        first, with one decision past the page when there is a next page.

        A context filter on indexed paths walks the index entries of the most selective of them,
        checks the others against the index, and reads only the decisions left; any other filter
        reads the agent's decisions newest first and evaluates the filter on each. `row_counter`
        names an SQL function of one argument that the statement calls with the id of every
        decision row it reads, for a benchmark to count them."""
        indexed = {
            path: canonical(wanted) for path, wanted in sorted(query.context_filter.items()) if path in self._indexed_paths
        }
        unindexed = {path: wanted for path, wanted in query.context_filter.items() if path not in indexed}
        where: list[str] = []
        params: list[Any] = []
        if indexed:
            driver = (
                min(indexed, key=lambda path: self._entries_in_range(c, query, after, path, indexed[path]))
                if len(indexed) > 1
                else next(iter(indexed))
            )
            source = (
                "decisions_by_context AS i CROSS JOIN decisions AS d "
                "ON d.agent_id = i.agent_id AND d.decision_id = i.decision_id"
            )
            where.append("i.agent_id = ? AND i.path = ? AND i.value = ?")
            params += [query.agent_id, driver, indexed.pop(driver)]
            key_alias = "i"
            # The other indexed filters are looked up in the index before any decision is read.
            for path, value in indexed.items():
                where.append(
                    "EXISTS (SELECT 1 FROM decisions_by_context AS o WHERE o.agent_id = i.agent_id AND o.path = ? "
                    "AND o.value = ? AND o.create_us = i.create_us AND o.decision_id = i.decision_id)"
                )
                params += [path, value]
        else:
            source = "decisions AS d"
            where.append("d.agent_id = ?")
            params.append(query.agent_id)
            key_alias = "d"
        key_clauses, key_params = _key_range(key_alias, query, after)
        where += key_clauses
        params += key_params
        if row_counter:
            where.append(f"{row_counter}(d.decision_id)")
        if query.decision_type:
            where.append("d.decision_type = ?")
            params.append(query.decision_type)
        if query.success is SuccessFilter.SUCCEEDED:
            where.append("d.success = 1")
        elif query.success is SuccessFilter.FAILED:
            where.append("d.success = 0")
        elif query.success is SuccessFilter.PENDING:
            where.append("d.success IS NULL")
        filter_clauses, filter_params = jsonfilter.filter_clauses("d.context", unindexed)
        where += filter_clauses
        params += filter_params
        sql = (
            f"SELECT {_JOINED_DECISION_COLUMNS} FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {key_alias}.create_us DESC, {key_alias}.decision_id DESC LIMIT ?"
        )
        return sql, [*params, limit + 1]

    @staticmethod
    def _entries_in_range(
        c: sqlite3.Connection, query: DecisionQuery, after: DecisionKey | None, path: str, value: str
    ) -> int:
        """How many index entries of path = value lie in the query's range, counted up to
        _SELECTIVITY_PROBE (an index-only read: no decision is read)."""
        clauses, params = _key_range("i", query, after)
        (count,) = c.execute(
            "SELECT count(*) FROM (SELECT 1 FROM decisions_by_context AS i "
            f"WHERE {' AND '.join(['i.agent_id = ? AND i.path = ? AND i.value = ?', *clauses])} LIMIT ?)",
            (query.agent_id, path, value, *params, _SELECTIVITY_PROBE),
        ).fetchone()
        return count

    async def children(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, list[Decision]]:
        unique = sorted(set(decision_ids))

        def transaction(c: sqlite3.Connection) -> dict[str, list[Decision]]:
            found: dict[str, list[Decision]] = {parent: [] for parent in unique}
            for parent in unique:
                rows = c.execute(
                    f"SELECT {_JOINED_DECISION_COLUMNS} "
                    "FROM decision_links l JOIN decisions d ON d.agent_id = l.agent_id AND d.decision_id = l.child_id "
                    "WHERE l.agent_id = ? AND l.parent_id = ? ORDER BY l.child_create_us, l.child_id",
                    (agent_id, parent),
                )
                found[parent] = [_decision(row) for row in rows]
            return found

        return await self._db.read(transaction)

    def held_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent] | None:
        return self._recent.after(agent_id, after_seq, limit)

    async def read_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent]:
        held = self.held_events(agent_id, after_seq, limit)
        if held is not None:
            return held

        def transaction(c: sqlite3.Connection) -> list[DecisionEvent]:
            # The events as one JSON array in one row ([seq, kind, document] each; the documents
            # are JSON already): sqlite3 releases the GIL around every step, so reading a row at a
            # time made the reader win the GIL back for every event while the event loop held
            # it, and a subscription's read waited out a switch interval per event.
            (events,) = c.execute(
                "SELECT '[' || group_concat('[' || seq || ',\"' || kind || '\",' || decision || ']', ',') || ']' "
                "FROM (SELECT seq, kind, decision FROM events WHERE agent_id = ? AND seq > ? ORDER BY seq LIMIT ?)",
                (agent_id, after_seq, limit),
            ).fetchone()
            if events is None:
                return []
            # group_concat's order is SQLite's to choose: the sequence numbers restore it.
            return [
                DecisionEvent(agent_id, seq, EventKind(kind), decision_from_json(document))
                for seq, kind, document in sorted(load_json(events), key=itemgetter(0))
            ]

        return await self._db.read(transaction)

    async def event_bounds(self, agent_id: str) -> EventBounds:
        def transaction(c: sqlite3.Connection) -> EventBounds:
            row = c.execute(
                "SELECT pruned_through, last_seq FROM event_heads WHERE agent_id = ?", (agent_id,)
            ).fetchone()
            return EventBounds(*row) if row else EventBounds(0, 0)

        return await self._db.read(transaction)

    async def prune_events(self, before_us: int) -> int:
        def transaction(c: sqlite3.Connection) -> int:
            heads = c.execute(
                "SELECT agent_id, MAX(seq) FROM events WHERE create_us < ? GROUP BY agent_id", (before_us,)
            ).fetchall()
            removed = 0
            for agent_id, through in heads:
                removed += c.execute(
                    "DELETE FROM events WHERE agent_id = ? AND seq <= ?", (agent_id, through)
                ).rowcount
                c.execute(
                    "UPDATE event_heads SET pruned_through = MAX(pruned_through, ?) WHERE agent_id = ?",
                    (through, agent_id),
                )
            return removed

        # Pruned events are gone for every reader: a cursor before them expires, held or not.
        return await self._db.write(transaction, committed=lambda _: self._recent.clear())

    async def forget_archived(self, agent_id: str, before_us: int) -> int:
        def transaction(c: sqlite3.Connection) -> int:
            gone = c.execute(
                "DELETE FROM decisions WHERE agent_id = ? AND decision_id IN (SELECT decision_id FROM decisions "
                "WHERE agent_id = ? AND create_us < ? LIMIT ?) RETURNING decision_id, create_us, context",
                (agent_id, agent_id, before_us, _FORGET_CHUNK),
            ).fetchall()
            ids = dump_json([decision_id for decision_id, _, _ in gone])
            c.executemany(
                "DELETE FROM decisions_by_context WHERE agent_id = ? AND path = ? AND value = ? AND create_us = ? "
                "AND decision_id = ?",
                [
                    row
                    for decision_id, create_us, context in gone
                    for row in _context_index_rows(
                        self._indexed_paths, agent_id, decision_id, create_us, load_json(context)
                    )
                ],
            )
            c.execute(
                "DELETE FROM request_ids WHERE agent_id = ? AND decision_id IN (SELECT value FROM json_each(?))",
                (agent_id, ids),
            )
            # A parent is never younger than its children, so the links of every forgotten child
            # are keyed by forgotten parents.
            c.execute(
                "DELETE FROM decision_links WHERE agent_id = ? AND parent_id IN (SELECT value FROM json_each(?))",
                (agent_id, ids),
            )
            return len(gone)

        removed = 0
        while True:
            forgotten = await self._db.write(transaction)
            removed += forgotten
            if forgotten < _FORGET_CHUNK:
                return removed


class EmbeddedTokenStore(_Table):
    """TokenStore: bearer tokens by their SHA-256."""

    async def put(self, token_sha256: str, record: TokenRecord) -> None:
        await self._db.write(
            lambda c: c.execute(
                "INSERT INTO tokens (token_sha256, token_id, agent_id, grants, create_us) VALUES (?, ?, ?, ?, ?)",
                (token_sha256, record.token_id, record.agent_id, dump_json(list(record.grants)), record.create_us),
            )
        )

    async def get(self, token_sha256: str) -> TokenRecord | None:
        def transaction(c: sqlite3.Connection) -> TokenRecord | None:
            row = c.execute(
                "SELECT token_id, agent_id, grants, create_us FROM tokens WHERE token_sha256 = ?", (token_sha256,)
            ).fetchone()
            return TokenRecord(row[0], row[1], tuple(load_json(row[2])), row[3]) if row else None

        return await self._db.read(transaction)


class EmbeddedLeaseStore(_Table):
    """LeaseStore: one row per lease name."""

    async def acquire(self, name: str, holder: str, expire_us: int, now_us: int) -> bool:
        def transaction(c: sqlite3.Connection) -> bool:
            row = c.execute("SELECT holder, expire_us, done FROM leases WHERE name = ?", (name,)).fetchone()
            if row is not None and (row[2] or (row[0] != holder and row[1] > now_us)):
                return False
            c.execute(
                "INSERT OR REPLACE INTO leases (name, holder, expire_us, done) VALUES (?, ?, ?, 0)",
                (name, holder, expire_us),
            )
            return True

        return await self._db.write(transaction)

    async def complete(self, name: str, holder: str) -> bool:
        return await self._db.write(
            lambda c: c.execute(
                "UPDATE leases SET done = 1 WHERE name = ? AND holder = ?", (name, holder)
            ).rowcount
            == 1
        )


class EmbeddedStore:
    """Owns the SQLite database and hands out one adapter per port."""

    def __init__(
        self,
        path: Path,
        rollups: RollupSpec,
        *,
        context_index_path: str | None = None,
        readers: int = 2,
        recent_event_agents: int = RECENT_EVENT_AGENTS,
    ) -> None:
        """The context index covers `context_index_path` and the rollup dimensions: the paths
        agents filter and group their decisions by. `recent_event_agents`: see
        EmbeddedDecisionStore."""
        self._db = SqliteDatabase(
            path, readers=readers, schema=SCHEMA, setup=jsonfilter.register, added_columns=ADDED_COLUMNS
        )
        self.meta = EmbeddedMetaStore(self._db)
        self.short_term = EmbeddedShortTermStore(self._db)
        self.long_term = EmbeddedLongTermStore(self._db)
        self.agent_state = EmbeddedAgentStateStore(self._db)
        indexed = (context_index_path, *rollups.dimensions) if context_index_path else rollups.dimensions
        self.decisions = EmbeddedDecisionStore(self._db, rollups, indexed, recent_event_agents)
        self.leases = EmbeddedLeaseStore(self._db)
        self.tokens = EmbeddedTokenStore(self._db)

    async def open(self) -> None:
        """Opens the database; one that lacks index entries for a configured context path gains
        them here, before the store serves (a few seconds per million decisions)."""
        await self._db.open()
        try:
            await self.decisions.build_context_index()
        except BaseException:
            await self._db.close()
            raise

    async def close(self) -> None:
        await self._db.close()
