"""Analytics over the decision log: success rates per context group, source effectiveness,
emerging patterns and the performance report.

Answers come from the rollups (core/rollups.py) when every path asked for is rolled up: whole
days from the day rows, the hours at either end from the hour rows. Paths that are not rolled up
are answered by reading the range's decisions, up to a configured limit.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.errors import ScanTooLarge, ValidationFailed
from agentmemory_server.core.jsonpath import MISSING, canonical
from agentmemory_server.core.models import JSON, DecisionQuery, now_us
from agentmemory_server.core.rollups import (
    CellKind,
    Granularity,
    RollupCell,
    RollupCounts,
    RollupRow,
    RollupSpec,
    count_into,
    hour_ceil,
    hour_floor,
    rows_of,
    wilson_interval,
)
from agentmemory_server.storage.ports import DecisionStore, LongTermStore, decision_pages

_SCAN_PAGE = 1000
DEFAULT_PATTERN_TYPE = "PATTERN"


class Source(enum.Enum):
    ROLLUP = "rollup"
    SCAN = "scan"


@dataclass(frozen=True, slots=True)
class Span:
    """A range of whole hours, [start_us, end_us)."""

    start_us: int
    end_us: int


@dataclass(slots=True)
class Rows:
    span: Span
    rows: list[RollupRow]
    source: Source
    rows_read: int


@dataclass(frozen=True, slots=True)
class Rated:
    """Counts with the success rate among decided decisions and its 95% Wilson interval."""

    counts: RollupCounts

    @property
    def decided(self) -> int:
        return self.counts.succeeded + self.counts.failed

    @property
    def success_rate(self) -> float:
        return self.counts.succeeded / self.decided if self.decided else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.counts.succeeded, self.decided)


@dataclass(frozen=True, slots=True)
class Group:
    key: dict[str, str]
    rated: Rated


@dataclass(frozen=True, slots=True)
class SourceStats:
    source: str
    key: dict[str, str]
    rated: Rated


@dataclass(frozen=True, slots=True)
class Pattern:
    pattern_id: str
    decision_type: str
    context: dict[str, JSON]
    choice: JSON
    rated: Rated

    @property
    def key(self) -> dict[str, str]:
        return {path: as_text(value) for path, value in self.context.items()}


@dataclass(frozen=True, slots=True)
class TypeStats:
    decision_type: str
    rated: Rated

    @property
    def mean_outcome_latency_ms(self) -> float:
        counts = self.rated.counts
        return counts.latency_sum_us / counts.latency_count / 1000 if counts.latency_count else 0.0


@dataclass(frozen=True, slots=True)
class ConfidenceMove:
    memory_type: str
    memory_id: str
    before: float
    after: float
    changes: int


@dataclass(slots=True)
class Report:
    span: Span
    overall: Rated
    by_type: list[TypeStats]
    top_patterns: list[Pattern]
    movers: list[ConfidenceMove] = field(default_factory=list)


def as_text(value: JSON) -> str:
    """A group value as the contract shows it: strings as themselves, other JSON as compact text."""
    return value if isinstance(value, str) else canonical(value)


def pattern_id(decision_type: str, context: dict[str, JSON], choice: JSON) -> str:
    """The same decision type, context and choice always name the same PATTERN memory."""
    digest = hashlib.sha256(canonical([decision_type, context, choice]).encode()).hexdigest()
    return f"pattern-{digest[:24]}"


def _sum(rows: Iterable[RollupRow]) -> RollupCounts:
    total = RollupCounts()
    for row in rows:
        total.add(row.counts)
    return total


def _restricted(row: RollupRow, paths: Sequence[str]) -> dict[str, JSON]:
    values = row.group_values
    return {path: values[path] for path in paths if path in values}


class AnalyticsCore:
    def __init__(
        self,
        decisions: DecisionStore,
        long_term: LongTermStore,
        spec: RollupSpec,
        max_scan: int,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._decisions = decisions
        self._long_term = long_term
        self._spec = spec
        self._max_scan = max_scan
        self._clock = clock

    @property
    def spec(self) -> RollupSpec:
        return self._spec

    def span(self, start_us: int | None, end_us: int | None, default_us: int) -> Span:
        """Whole hours covering [start, end); an unset end is now, an unset start `default_us`
        before the end."""
        end = end_us if end_us is not None else self._clock()
        start = start_us if start_us is not None else end - default_us
        if start >= end:
            raise ValidationFailed([("start_time", "must be before end_time")])
        return Span(hour_floor(start), hour_ceil(end))

    async def rows(
        self, agent_id: str, kind: str, decision_type: str, span: Span, paths: Sequence[str], choice_path: str = ""
    ) -> Rows:
        """The rows of one cell kind over the span (of one type when given): from the stores'
        rollups when every path (and, for choice cells, the choice path) is rolled up, else
        computed from the decisions."""
        choice_path = choice_path or self._spec.choice_path
        rolled_up = set(paths) <= set(self._spec.dimensions) and (
            kind == CellKind.CONTEXT or choice_path == self._spec.choice_path
        )
        if rolled_up:
            rows = await self._rollup_rows(agent_id, kind, span)
            read = len(rows)
            source = Source.ROLLUP
        else:
            rows, read = await self._scanned_rows(agent_id, kind, decision_type, span, paths, choice_path)
            source = Source.SCAN
        if decision_type:
            rows = [row for row in rows if row.cell.decision_type == decision_type]
        return Rows(span, rows, source, read)

    async def _rollup_rows(self, agent_id: str, kind: str, span: Span) -> list[RollupRow]:
        """Whole days from the day rows, the hours at either end from the hour rows."""
        first_day = -(-span.start_us // DAY_US) * DAY_US
        last_day = span.end_us // DAY_US * DAY_US
        read = self._decisions.read_rollups
        if first_day >= last_day:
            return await read(agent_id, kind, Granularity.HOUR, span.start_us, span.end_us)
        return [
            *await read(agent_id, kind, Granularity.HOUR, span.start_us, first_day),
            *await read(agent_id, kind, Granularity.DAY, first_day, last_day),
            *await read(agent_id, kind, Granularity.HOUR, last_day, span.end_us),
        ]

    async def _scanned_rows(
        self, agent_id: str, kind: str, decision_type: str, span: Span, paths: Sequence[str], choice_path: str
    ) -> tuple[list[RollupRow], int]:
        query = DecisionQuery(agent_id, decision_type, span.start_us, span.end_us)
        spec = RollupSpec(tuple(paths), choice_path)
        # Counted page by page: memory follows the number of cells, not of decisions.
        cells: dict[RollupCell, RollupCounts] = {}
        read = 0
        async for page in decision_pages(self._decisions, query, _SCAN_PAGE):
            read += len(page)
            count_into(cells, spec, page, kind)
            if read > self._max_scan:
                raise ScanTooLarge(
                    f"the range holds more than {self._max_scan} decisions and {list(paths)} or "
                    f"{choice_path!r} are not rolled up (rolled up: {list(self._spec.dimensions)}, "
                    f"choice {self._spec.choice_path!r}); narrow the range or group by rolled-up paths",
                    field="group_by",
                )
        return rows_of(cells), read

    async def analyze(self, agent_id: str, decision_type: str, span: Span, group_by: Sequence[str]) -> tuple[list[Group], Rows]:
        found = await self.rows(agent_id, CellKind.CONTEXT, decision_type, span, group_by)
        groups: dict[str, tuple[dict[str, JSON], RollupCounts]] = {}
        for row in found.rows:
            values = _restricted(row, group_by)
            groups.setdefault(canonical(values), (values, RollupCounts()))[1].add(row.counts)
        ordered = sorted(
            groups.items(), key=lambda item: (-item[1][1].total, item[0])
        )
        return [
            Group({path: as_text(value) for path, value in values.items()}, Rated(counts))
            for _, (values, counts) in ordered
        ], found

    async def source_effectiveness(
        self, agent_id: str, decision_type: str, span: Span, group_by: Sequence[str], choice_path: str
    ) -> tuple[list[SourceStats], Rows]:
        found = await self.rows(agent_id, CellKind.CHOICE, decision_type, span, group_by, choice_path)
        stats: dict[tuple[str, str], tuple[str, dict[str, JSON], RollupCounts]] = {}
        for row in found.rows:
            choice = row.choice_value
            if choice is MISSING:
                continue
            values = _restricted(row, group_by)
            # A list names several sources: each is credited with the decision.
            for source in {as_text(item) for item in (choice if isinstance(choice, list) else [choice])}:
                entry = stats.setdefault((source, canonical(values)), (source, values, RollupCounts()))
                entry[2].add(row.counts)
        ordered = sorted(stats.values(), key=lambda entry: (-entry[2].total, entry[0], canonical(entry[1])))
        return [
            SourceStats(source, {path: as_text(value) for path, value in values.items()}, Rated(counts))
            for source, values, counts in ordered
        ], found

    async def patterns(
        self, agent_id: str, decision_type: str, span: Span, group_by: Sequence[str], min_occurrences: int
    ) -> tuple[list[Pattern], Rows]:
        """Every context -> choice combination with at least `min_occurrences` outcomes, highest
        lower bound first (callers apply the success-rate bar)."""
        paths = tuple(group_by) or self._spec.dimensions
        found = await self.rows(agent_id, CellKind.CHOICE, decision_type, span, paths)
        combined: dict[tuple[str, str, str], tuple[str, dict[str, JSON], JSON, RollupCounts]] = {}
        for row in found.rows:
            choice = row.choice_value
            if choice is MISSING:
                continue
            values = _restricted(row, paths)
            key = (row.cell.decision_type, canonical(values), row.cell.choice)
            combined.setdefault(key, (row.cell.decision_type, values, choice, RollupCounts()))[3].add(row.counts)
        patterns = [
            Pattern(pattern_id(decision_type_, values, choice), decision_type_, values, choice, Rated(counts))
            for decision_type_, values, choice, counts in combined.values()
            if counts.succeeded + counts.failed >= min_occurrences
        ]
        patterns.sort(key=lambda p: (-p.rated.interval[0], -p.rated.decided, p.pattern_id))
        return patterns, found

    async def report(self, agent_id: str, span: Span, top: int, memory_types: Sequence[str]) -> Report:
        found = await self.rows(agent_id, CellKind.CONTEXT, "", span, ())
        by_type: dict[str, RollupCounts] = {}
        for row in found.rows:
            by_type.setdefault(row.cell.decision_type, RollupCounts()).add(row.counts)
        patterns, _ = await self.patterns(agent_id, "", span, (), 5)
        types = sorted(by_type.items(), key=lambda item: (-item[1].total, item[0]))
        return Report(
            span=span,
            overall=Rated(_sum(found.rows)),
            by_type=[TypeStats(name, Rated(counts)) for name, counts in types],
            top_patterns=patterns[:top],
            movers=await self._movers(agent_id, span, top, memory_types or (DEFAULT_PATTERN_TYPE,)),
        )

    async def _movers(self, agent_id: str, span: Span, top: int, memory_types: Sequence[str]) -> list[ConfidenceMove]:
        moves: list[ConfidenceMove] = []
        for memory_type in memory_types:
            for memory in await self._long_term.query(agent_id, memory_type, 0.0, {}, 10_000):
                if memory.update_us < span.start_us:
                    continue  # nothing about it changed in the range
                history = await self._long_term.confidence_history(agent_id, memory_type, memory.memory_id) or []
                inside = [c for c in history if span.start_us <= c.change_us < span.end_us]
                if inside:
                    moves.append(
                        ConfidenceMove(memory_type, memory.memory_id, inside[0].previous_confidence, inside[-1].confidence, len(inside))
                    )
        moves.sort(key=lambda m: (-abs(m.after - m.before), m.memory_type, m.memory_id))
        return moves[:top]
