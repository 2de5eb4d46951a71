"""Analytics rollups: counts of decisions and outcomes per agent, decision type, context group,
choice and hour (and day), kept by the stores in the same transaction as the write they count.

A *cell* is what one row counts: a context cell is (decision type, context group), the group
being the decision's values at the rollup dimensions (configured context paths); a choice cell
adds the decision's choice, its value at the choice path (a list is a set of sources: sorted).
Context cells answer success rates by context and stay few however varied the choices are;
choice cells answer source effectiveness and patterns. Every write turns into deltas on cells;
stores add them to one row per cell and hour and one per cell and day (DynamoDB ADD updates,
SQLite upserts), so analytics over a range read a row per cell and hour or day instead of every
decision.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.jsonpath import MISSING, canonical, lookup_segments, quote
from agentmemory_server.core.models import JSON, Decision, Outcome

HOUR_US = 3600 * 1_000_000


class Granularity:
    HOUR = "H"
    DAY = "D"


class CellKind:
    CONTEXT = "C"
    CHOICE = "S"


def hour_floor(at_us: int) -> int:
    return at_us - at_us % HOUR_US


def hour_ceil(at_us: int) -> int:
    return hour_floor(at_us + HOUR_US - 1)


@dataclass(frozen=True, slots=True)
class RollupCell:
    """What one rollup row counts. `group` and `choice` are canonical JSON texts: the group an
    object of dimension path -> value (paths the decision lacks left out), the choice "" in
    context cells."""

    kind: str
    decision_type: str
    group: str
    choice: str

    @property
    def digest(self) -> str:
        """A short fixed-size key for the cell (DynamoDB sort keys are limited to 1 KiB)."""
        return _digest(self)


# Every decision of a context shares its cells: hashing a cell once, not once per decision.
@functools.lru_cache(maxsize=4096)
def _digest(cell: RollupCell) -> str:
    raw = "\x00".join((cell.kind, cell.decision_type, cell.group, cell.choice)).encode()
    return hashlib.sha256(raw).hexdigest()[:24]


@dataclass(slots=True)
class RollupCounts:
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    # Outcome latency (record time - decision time), summed over decisions with an outcome.
    latency_sum_us: int = 0
    latency_count: int = 0
    metric_sums: dict[str, float] = field(default_factory=dict)
    metric_counts: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return self.total - self.succeeded - self.failed

    def add(self, other: RollupCounts) -> None:
        self.total += other.total
        self.succeeded += other.succeeded
        self.failed += other.failed
        self.latency_sum_us += other.latency_sum_us
        self.latency_count += other.latency_count
        for name, value in other.metric_sums.items():
            self.metric_sums[name] = self.metric_sums.get(name, 0.0) + value
        for name, count in other.metric_counts.items():
            self.metric_counts[name] = self.metric_counts.get(name, 0) + count

    def metric_means(self) -> dict[str, float]:
        return {name: self.metric_sums[name] / count for name, count in self.metric_counts.items() if count > 0}



@dataclass(frozen=True, slots=True)
class RollupDelta:
    """Counts to add to a cell's rows for the hour and day containing `at_us` (the decision's
    create time: an outcome counts where its decision does)."""

    agent_id: str
    cell: RollupCell
    at_us: int
    counts: RollupCounts

    def buckets(self) -> list[tuple[str, int]]:
        """(granularity, bucket start) of each row the delta adds to: its hour's and its day's."""
        return [(Granularity.HOUR, self.at_us - self.at_us % HOUR_US), (Granularity.DAY, self.at_us - self.at_us % DAY_US)]


@dataclass(frozen=True, slots=True)
class RollupRow:
    """One stored row: a cell's counts for one hour or day starting at `bucket_us`."""

    granularity: str
    bucket_us: int
    cell: RollupCell
    counts: RollupCounts

    @property
    def group_values(self) -> dict[str, JSON]:
        return json.loads(self.cell.group)

    @property
    def choice_value(self) -> JSON:
        return json.loads(self.cell.choice) if self.cell.choice else MISSING


def _outcome_counts(decision: Decision, outcome: Outcome, sign: int) -> RollupCounts:
    return RollupCounts(
        succeeded=sign if outcome.success else 0,
        failed=0 if outcome.success else sign,
        latency_sum_us=sign * max(0, outcome.record_us - decision.create_us),
        latency_count=sign,
        metric_sums={name: sign * value for name, value in outcome.metrics.items()},
        metric_counts={name: sign for name in outcome.metrics},
    )


def _cells(decision_type: str, group: str, choice: str | None) -> list[RollupCell]:
    """The context cell of a decision type and group text, and the choice cell when there is a choice text."""
    cells = [RollupCell(CellKind.CONTEXT, decision_type, group, "")]
    if choice is not None:
        cells.append(RollupCell(CellKind.CHOICE, decision_type, group, choice))
    return cells


@dataclass(frozen=True, slots=True)
class RollupSpec:
    """Which context paths form the groups and which path (into the whole decision: "reasoning.
    selected", "context.x", "metadata.y") holds the choice."""

    dimensions: tuple[str, ...]
    choice_path: str
    # Per dimension in path order: the path's member prefix in a group text ('"path":') and its
    # segments. With the choice path's document and segments, worked out once rather than for
    # every logged decision.
    _dimension_parts: tuple[tuple[str, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _choice_parts: tuple[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = tuple((f"{quote(path)}:", tuple(path.split("."))) for path in sorted(self.dimensions))
        object.__setattr__(self, "_dimension_parts", parts)
        head, _, rest = self.choice_path.partition(".")
        object.__setattr__(self, "_choice_parts", (head, tuple(rest.split(".")) if rest else ()))

    def cells_of(self, decision: Decision) -> list[RollupCell]:
        """The decision's context cell, and its choice cell when it names a choice."""
        return _cells(decision.decision_type, *self._cell_texts(decision))

    def _cell_texts(self, decision: Decision) -> tuple[str, str | None]:
        """The decision's group text and its choice text (None: it names no choice)."""
        # canonical() of the {path: value} object, put together from its values' texts.
        context = decision.context
        members = []
        for member, segments in self._dimension_parts:
            value = lookup_segments(context, segments)
            if value is not MISSING:
                members.append(member + canonical(value))
        choice = self.choice_of(decision)
        return "{" + ",".join(members) + "}", None if choice is MISSING else canonical(choice)

    def choice_of(self, decision: Decision) -> JSON:
        """The value at the choice path; a list comes back as a sorted set of its items."""
        head, segments = self._choice_parts
        document = getattr(decision, head) if head in ("context", "reasoning", "metadata") else None
        choice = lookup_segments(document, segments) if segments and isinstance(document, dict) else MISSING
        if isinstance(choice, list):
            if all(isinstance(item, str) for item in choice):
                return sorted(set(choice))  # the common case (source names), without encoding each
            unique = {canonical(item): item for item in choice}
            return [unique[key] for key in sorted(unique)]
        return choice

    def for_new(self, decision: Decision) -> list[RollupDelta]:
        counts = RollupCounts(total=1)
        if decision.outcome is not None:
            counts.add(_outcome_counts(decision, decision.outcome, 1))
        return [RollupDelta(decision.agent_id, cell, decision.create_us, counts) for cell in self.cells_of(decision)]

    def for_new_many(self, decisions: Iterable[Decision]) -> list[RollupDelta]:
        """for_new of every decision, the deltas of decisions without an outcome (every logged
        decision's) folded per agent, cell and hour: a bulk call's decisions share a few cells,
        and building a delta per decision and cell was most of what counting them cost."""
        deltas: list[RollupDelta] = []
        totals: Counter[tuple[str, str, str, str | None, int]] = Counter()
        for decision in decisions:
            if decision.outcome is not None:
                deltas += self.for_new(decision)
                continue
            group, choice = self._cell_texts(decision)
            totals[decision.agent_id, decision.decision_type, group, choice, hour_floor(decision.create_us)] += 1
        for (agent_id, decision_type, group, choice, hour), total in totals.items():
            cells = _cells(decision_type, group, choice)
            deltas += (RollupDelta(agent_id, cell, hour, RollupCounts(total)) for cell in cells)
        return deltas

    def for_outcome(self, decision: Decision, previous: Outcome | None, outcome: Outcome) -> list[RollupDelta]:
        """Replaces the previous outcome's contribution (if any) with the new one's."""
        counts = _outcome_counts(decision, outcome, 1)
        if previous is not None:
            counts.add(_outcome_counts(decision, previous, -1))
        return [RollupDelta(decision.agent_id, cell, decision.create_us, counts) for cell in self.cells_of(decision)]


def merge_deltas(deltas: Iterable[RollupDelta]) -> list[tuple[str, RollupCell, str, int, RollupCounts]]:
    """Folds deltas into one update per (agent, cell, granularity, bucket) — DynamoDB refuses two
    operations on one item in a transaction — as (agent, cell, granularity, bucket start, counts).
    Hours first, then their days: a bulk call's decisions mostly share an hour."""
    hours: dict[tuple[str, RollupCell, int], RollupCounts] = {}
    for delta in deltas:
        key = (delta.agent_id, delta.cell, delta.at_us - delta.at_us % HOUR_US)
        counts = hours.get(key)
        if counts is None:
            hours[key] = counts = RollupCounts()
        counts.add(delta.counts)
    days: dict[tuple[str, RollupCell, int], RollupCounts] = {}
    for (agent_id, cell, hour), counts in hours.items():
        days.setdefault((agent_id, cell, hour - hour % DAY_US), RollupCounts()).add(counts)
    return [
        *((agent_id, cell, Granularity.HOUR, hour, counts) for (agent_id, cell, hour), counts in hours.items()),
        *((agent_id, cell, Granularity.DAY, day, counts) for (agent_id, cell, day), counts in days.items()),
    ]


def count_into(
    cells: dict[RollupCell, RollupCounts], spec: RollupSpec, decisions: Iterable[Decision], kind: str | None = None
) -> None:
    """Adds the decisions to per-cell counts (of one kind, or both): what the stores would hold
    for them, computed directly (the scan path of analytics over paths that are not rolled up)."""
    for delta in spec.for_new_many(decisions):
        if kind is None or delta.cell.kind == kind:
            cells.setdefault(delta.cell, RollupCounts()).add(delta.counts)


def rows_of(cells: dict[RollupCell, RollupCounts]) -> list[RollupRow]:
    """One row per cell (for counted decisions the buckets do not matter)."""
    return [RollupRow(Granularity.HOUR, 0, cell, counts) for cell, counts in cells.items()]


def rows_from_decisions(spec: RollupSpec, decisions: Iterable[Decision]) -> list[RollupRow]:
    cells: dict[RollupCell, RollupCounts] = {}
    count_into(cells, spec, decisions)
    return rows_of(cells)


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The 95% Wilson score interval of a success rate; (0, 1) without trials."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)
