"""The decision log: logging (idempotent, bulk), outcomes, queries with opaque page tokens, and
decision chains."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

import uuid_utils

from agentmemory_server.core import days
from agentmemory_server.core.errors import DomainError, NotFound, ValidationFailed
from agentmemory_server.core.jsonpath import matches
from agentmemory_server.core.models import (
    Decision,
    DecisionDraft,
    DecisionKey,
    DecisionQuery,
    NewDecision,
    Outcome,
    OutcomeChange,
    SuccessFilter,
    now_us,
)
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.observability import decisions_logged, outcomes_recorded
from agentmemory_server.storage.ports import ArchiveStore, DecisionStore

_PAGE = "page"
# Where a QueryDecisions page token resumes: the hot log, or (include_archive) the archive.
_HOT = "hot"
_ARCHIVE = "archive"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ChainLink:
    decision: Decision
    distance: int
    ancestor: bool


def new_decision_id() -> str:
    """A UUIDv7: ids sort in the order decisions were logged (uuid-utils keeps them increasing
    within a millisecond by a counter, and its timestamps true; it is also 15x faster than uuid6,
    which moved the timestamp a millisecond ahead for every id beyond one per millisecond)."""
    return str(uuid_utils.uuid7())


def _query_fingerprint(query: DecisionQuery, include_archive: bool) -> str:
    """Binds a page token to the filters it was issued for."""
    shape = [
        query.agent_id,
        query.decision_type,
        query.start_us,
        query.end_us,
        query.success.value,
        query.context_filter,
        include_archive,
    ]
    return hashlib.sha256(json.dumps(shape, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _key(decision: Decision) -> DecisionKey:
    return DecisionKey(decision.create_us, decision.decision_id)


def _key_to_json(key: DecisionKey | None) -> list[int | str] | None:
    return None if key is None else [key.create_us, key.decision_id]


def _key_from_json(raw: list[int | str] | None) -> DecisionKey | None:
    return None if raw is None else DecisionKey(int(raw[0]), str(raw[1]))


def matches_query(decision: Decision, query: DecisionQuery) -> bool:
    """The query's filters, applied in memory (time range aside): for archived decisions."""
    if query.decision_type and decision.decision_type != query.decision_type:
        return False
    outcome = decision.outcome
    if query.success is SuccessFilter.PENDING and outcome is not None:
        return False
    if query.success is SuccessFilter.SUCCEEDED and (outcome is None or not outcome.success):
        return False
    if query.success is SuccessFilter.FAILED and (outcome is None or outcome.success):
        return False
    return matches(decision.context, query.context_filter)


class DecisionLogCore:
    def __init__(
        self,
        store: DecisionStore,
        notify: Callable[[str], None],
        signer: TokenSigner,
        credit: Callable[[OutcomeChange], Awaitable[None]],
        clock: Callable[[], int] = now_us,
        archive: ArchiveStore | None = None,
    ) -> None:
        """`notify(agent_id)` is called after every committed write, to wake subscribers;
        `credit(change)` after every recorded outcome, to credit the memories it read.
        `archive` answers queries that include it (None: there is no archive)."""
        self._store = store
        self._archive = archive
        self._credit = credit
        self._notify = notify
        self._signer = signer
        self._clock = clock

    async def log(
        self, drafts: Sequence[DecisionDraft], *, names: Sequence[tuple[str, str]] | None = None
    ) -> list[Decision]:
        """Stores decisions (ids and times assigned here), all or nothing.

        A parent that does not exist fails the call with a field violation on
        `parent_decision_ids[i]`; `names` gives, per draft of a bulk call (LogDecisions), the field
        path prefix and the index to report it under.
        """
        agent_ids = {d.agent_id for d in drafts}
        known: dict[str, Decision] = {}
        for agent_id in agent_ids:
            parents = {p for d in drafts if d.agent_id == agent_id for p in d.parent_decision_ids}
            if parents:
                known.update(await self._store.get_many(agent_id, sorted(parents)))
        stamped: list[NewDecision] = []
        for index, draft in enumerate(drafts):
            if draft.parent_decision_ids:
                self._check_parents(draft, known, None if names is None else names[index])
            decision = Decision(
                new_decision_id(), draft.agent_id, draft.decision_type, self._clock(), draft.context, draft.reasoning,
                draft.metadata, draft.parent_decision_ids, draft.memory_reads,
            )
            stamped.append(NewDecision(decision, draft.request_id))

        def committed() -> None:
            for agent_id in agent_ids:
                self._notify(agent_id)

        # Subscribers are woken as the commit is heard of (here and in record_outcome), not a
        # turn of the loop later when this call resumes, and also when this call's caller has
        # gone (its write went on).
        stored = await self._store.append(stamped, committed)
        fresh = {d.decision.decision_id for d in stamped}
        # Each new decision once: a request id repeated within the call yields its decision twice.
        logged_types = Counter(d.decision_type for d in {d.decision_id: d for d in stored if d.decision_id in fresh}.values())
        for decision_type, count in logged_types.items():
            decisions_logged.add(count, {"decision_type": decision_type})
        return stored

    @staticmethod
    def _check_parents(draft: DecisionDraft, known: dict[str, Decision], name: tuple[str, str] | None) -> None:
        """Fails with a violation per parent that is not a known decision of the same agent;
        `name`: the field path prefix and index of a bulk call's draft."""
        missing = [
            (f"parent_decision_ids[{i}]", f"no decision {parent!r} of agent {draft.agent_id!r}")
            for i, parent in enumerate(draft.parent_decision_ids)
            if parent not in known or known[parent].agent_id != draft.agent_id
        ]
        if missing:
            error = ValidationFailed(missing)
            if name is None:
                raise error
            prefix, position = name
            raise error.prefixed(prefix, index=position)

    async def record_outcome(
        self, agent_id: str, decision_id: str, outcome: Outcome, overwrite: bool
    ) -> Decision:
        change = await self._store.record_outcome(
            agent_id, decision_id, replace(outcome, record_us=self._clock()), overwrite, lambda: self._notify(agent_id)
        )
        decision = change.decision
        outcomes_recorded.add(1, {"decision_type": decision.decision_type, "success": outcome.success})
        if decision.memory_reads:
            try:
                await self._credit(change)
            except DomainError:
                # The outcome is stored and acknowledged either way: failing the call would make
                # the client retry into OUTCOME_ALREADY_RECORDED.
                log.warning("could not credit the outcome of %s to its memories", decision_id, exc_info=True)
        return decision

    async def get(self, agent_id: str, decision_id: str) -> Decision:
        decision = await self._store.get(agent_id, decision_id)
        if decision is None:
            raise NotFound("DECISION_NOT_FOUND", f"agent {agent_id!r} has no decision {decision_id!r}")
        return decision

    async def query(
        self, query: DecisionQuery, page_size: int, page_token: str, *, include_archive: bool = False
    ) -> tuple[list[Decision], str]:
        """A page of decisions, newest first, and the token of the next ("" after the last).

        With include_archive, once the hot log has nothing more in the range, the pages go on
        into the archive: decisions older than the oldest one the hot log returned (the whole
        range if it returned none), so a decision kept in both comes once. The token says which
        of the two it resumes, and where; for the hot log also the oldest decision returned."""
        fingerprint = _query_fingerprint(query, include_archive)
        phase, after, oldest_hot = _HOT, None, None
        if page_token:
            raw = self._signer.open(_PAGE, fingerprint, page_token, field="page_token", reason="INVALID_PAGE_TOKEN")
            phase, after, oldest_hot = raw[0], _key_from_json(raw[1]), _key_from_json(raw[2])
        found: list[Decision] = []
        if phase == _HOT:
            page = await self._store.query(query, after, page_size)
            found = page.decisions
            oldest_hot = _key(found[-1]) if found else oldest_hot
            if page.resume_after is not None:
                return found, self._page_token(fingerprint, _HOT, page.resume_after, oldest_hot)
            if not include_archive or self._archive is None:
                return found, ""
            phase, after = _ARCHIVE, oldest_hot
            if len(found) == page_size:
                return found, self._page_token(fingerprint, _ARCHIVE, after, None)
        archived, resume = await self._archived_page(query, after, page_size - len(found))
        found += archived
        return found, self._page_token(fingerprint, _ARCHIVE, resume, None) if resume is not None else ""

    def _page_token(self, fingerprint: str, phase: str, after: DecisionKey | None, oldest_hot: DecisionKey | None) -> str:
        return self._signer.seal(_PAGE, fingerprint, [phase, _key_to_json(after), _key_to_json(oldest_hot)])

    async def _archived_page(
        self, query: DecisionQuery, before: DecisionKey | None, limit: int
    ) -> tuple[list[Decision], DecisionKey | None]:
        """Up to `limit` archived decisions of the query older than `before` (None: from the top
        of the range), newest first, read a day at a time; and where the next page resumes."""
        archive = self._archive
        watermark = await archive.watermark(query.agent_id) if archive is not None else None
        if archive is None or watermark is None or watermark.first_day is None:
            return [], None
        low = days.start_us(watermark.first_day)
        if query.start_us is not None:
            low = max(low, query.start_us)
        high = days.end_us(watermark.through_day)
        if query.end_us is not None:
            high = min(high, query.end_us)
        if before is not None:
            high = min(high, before.create_us + 1)
        found: list[Decision] = []
        for day in reversed(days.days_between(low, high)):
            archived = await archive.read(query.agent_id, max(low, days.start_us(day)), min(high, days.end_us(day)))
            for decision in reversed(archived):
                if (before is not None and _key(decision) >= before) or not matches_query(decision, query):
                    continue
                if len(found) == limit:
                    return found, _key(found[-1])
                found.append(decision)
        return found, None

    async def chain(self, agent_id: str, decision_id: str, depth: int, before: bool, after: bool) -> AsyncIterator[ChainLink]:
        """Breadth-first over parent links (ancestors) and child links (descendants); each
        decision once, at its shortest distance, nearer first, ancestors first, oldest first."""
        start = await self.get(agent_id, decision_id)
        seen = {start.decision_id}
        ancestors = [start] if before else []
        descendants = [start] if after else []
        for distance in range(1, depth + 1):
            if not ancestors and not descendants:
                return
            if ancestors:
                parent_ids = [p for d in ancestors for p in d.parent_decision_ids if p not in seen]
                found = await self._store.get_many(agent_id, parent_ids)
                ancestors = sorted((d for i, d in found.items() if i not in seen), key=lambda d: (d.create_us, d.decision_id))
                seen.update(d.decision_id for d in ancestors)
                for decision in ancestors:
                    yield ChainLink(decision, distance, True)
            if descendants:
                children = await self._store.children(agent_id, [d.decision_id for d in descendants])
                unique = {c.decision_id: c for kids in children.values() for c in kids if c.decision_id not in seen}
                descendants = sorted(unique.values(), key=lambda d: (d.create_us, d.decision_id))
                seen.update(unique)
                for decision in descendants:
                    yield ChainLink(decision, distance, False)
