"""The archiver and the digest chain on both stacks (SQLite + local folder, DynamoDB + S3):
whole due days move to the archive with a chained digest; a run killed after any write and run
again loses nothing and duplicates nothing; concurrent archivers agree; verification finds any
altered or removed object or digest; queries that include the archive read on into it."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agentmemory_server.core import days
from agentmemory_server.core.archive_digest import parse_digest, sha256_of, verify_archive
from agentmemory_server.core.archiver import ArchiveChainBroken, Archiver
from agentmemory_server.core.decisions import DecisionLogCore, new_decision_id
from agentmemory_server.core.errors import InvalidToken
from agentmemory_server.core.models import ArchiveWatermark, Decision, DecisionQuery, NewDecision, Outcome, SuccessFilter
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.storage import archive_layout as layout
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.embedded.archive import LocalArchiveStore
from agentmemory_server.storage.embedded.store import EmbeddedStore
from agentmemory_server.storage.ports import ArchiveStore, DecisionStore
from agentmemory_server.storage.s3.archive import S3ArchiveStore

from tests.conformance.conftest import ROLLUPS

HOUR_US = 3600 * 1_000_000
HOT_RETENTION_US = 90 * days.DAY_US
LEAD_US = days.DAY_US
# Five days of decisions; the third has none.
FIRST_DAY = "2026-01-10"
DAYS = [days.shift(FIRST_DAY, i) for i in range(5)]
# The moment the fourth day becomes due: its start is within LEAD of leaving the hot log.
FOURTH_DUE_US = days.start_us(DAYS[3]) + HOT_RETENTION_US - LEAD_US + HOUR_US


class Killed(Exception):
    """The process died here."""


@dataclass
class Stack:
    decisions: DecisionStore
    archive: ArchiveStore
    # A copy of the archive that dies after n more writes.
    killed_after: Callable[[int], ArchiveStore]
    # Raw access to the stored bytes, as someone tampering with them would have.
    read_raw: Callable[[str], Awaitable[bytes]]
    write_raw: Callable[[str, bytes], Awaitable[None]]
    delete_raw: Callable[[str], Awaitable[None]]


class _LocalKilledAfter(LocalArchiveStore):
    def __init__(self, root: Path, writes: int) -> None:
        super().__init__(root)
        self._left = writes

    def _temporary(self, path: Path, body: bytes) -> Path:
        if self._left == 0:
            raise Killed
        self._left -= 1
        return super()._temporary(path, body)


class _S3KilledAfter:
    def __init__(self, client: Any, writes: int) -> None:
        self._client = client
        self._left = writes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def put_object(self, **request: Any) -> Any:
        if self._left == 0:
            raise Killed
        self._left -= 1
        return await self._client.put_object(**request)


@pytest.fixture(params=["embedded", "aws"])
def stack(request: pytest.FixtureRequest, embedded_store: EmbeddedStore, tmp_path: Path) -> Stack:
    if request.param == "embedded":
        root = tmp_path / "archive"

        async def read_local(key: str) -> bytes:
            return (root / key).read_bytes()

        async def write_local(key: str, body: bytes) -> None:
            (root / key).write_bytes(body)

        async def delete_local(key: str) -> None:
            (root / key).unlink()

        return Stack(
            embedded_store.decisions,
            LocalArchiveStore(root),
            lambda writes: _LocalKilledAfter(root, writes),
            read_local,
            write_local,
            delete_local,
        )
    client, names = request.getfixturevalue("dynamodb")
    s3, bucket, _ = request.getfixturevalue("s3")
    decisions = DynamoDecisionStore(
        client,
        names.decisions,
        hot_retention_s=HOT_RETENTION_US / 1_000_000,
        event_retention_s=7 * 86400,
        rollups=ROLLUPS,
        rollup_retention_s=400 * 86400,
    )

    async def read_s3(key: str) -> bytes:
        response = await s3.get_object(Bucket=bucket, Key=key)
        async with response["Body"] as body:
            return await body.read()

    async def write_s3(key: str, body: bytes) -> None:
        await s3.put_object(Bucket=bucket, Key=key, Body=body, ChecksumAlgorithm="SHA256")

    async def delete_s3(key: str) -> None:
        await s3.delete_object(Bucket=bucket, Key=key)

    return Stack(
        decisions,
        S3ArchiveStore(s3, bucket),
        lambda writes: S3ArchiveStore(_S3KilledAfter(s3, writes), bucket),
        read_s3,
        write_s3,
        delete_s3,
    )


def archiver(stack: Stack, at_us: int, archive: ArchiveStore | None = None) -> Archiver:
    return Archiver(
        stack.decisions, archive or stack.archive, hot_retention_us=HOT_RETENTION_US, lead_us=LEAD_US, clock=lambda: at_us
    )


async def log_days(stack: Stack) -> tuple[str, list[Decision]]:
    """A fresh agent with three decisions on each of DAYS but the third; one outcome, links."""
    agent = f"agent-{uuid.uuid4().hex[:12]}"
    logged: list[Decision] = []
    for day in DAYS:
        if day == DAYS[2]:
            continue
        for hour in (1, 9, 23):
            parents = (logged[-1].decision_id,) if logged else ()
            logged.append(
                Decision(
                    new_decision_id(), agent, "SOURCE_SELECTION", days.start_us(day) + hour * HOUR_US,
                    context={"market": {"trend": "bullish" if hour < 12 else "bearish"}}, parent_decision_ids=parents,
                )
            )
    await stack.decisions.append([NewDecision(d, f"request-{i}") for i, d in enumerate(logged)])
    return agent, logged


async def hot(stack: Stack, agent: str) -> list[Decision]:
    return (await stack.decisions.query(DecisionQuery(agent), None, 100)).decisions


async def assert_archived_exactly(stack: Stack, agent: str, expected: list[Decision], through: str) -> None:
    """Each expected decision once, one object per day, a digest chain that verifies."""
    archived = await stack.archive.read(agent, days.start_us(FIRST_DAY), days.end_us(DAYS[-1]))
    assert [d.decision_id for d in archived] == [d.decision_id for d in expected]
    digested = [d for d in DAYS if d <= through and any(days.day_of(e.create_us) == d for e in expected)]
    for day in DAYS:
        assert len(await stack.archive.objects(agent, day)) == (1 if day in digested else 0)
    watermark = await stack.archive.watermark(agent)
    head = await stack.archive.digest(agent, digested[-1])
    assert watermark == ArchiveWatermark(through, digested[0], digested[-1], sha256_of(head))
    result = await verify_archive(stack.archive, agent, FIRST_DAY, DAYS[-1])
    assert (result.problem, result.digests, result.objects, result.copies) == (None, len(digested), len(digested), 2 * len(digested))


async def test_due_days_move_to_the_archive_whole_with_a_chained_digest(stack):
    agent, logged = await log_days(stack)
    first_three = [d for d in logged if d.create_us < days.end_us(DAYS[3])]

    assert await archiver(stack, FOURTH_DUE_US - 2 * HOUR_US).archive_agent(agent) == 2  # the fourth is not due yet
    assert (await stack.archive.watermark(agent)).through_day == DAYS[2]
    assert await archiver(stack, FOURTH_DUE_US).archive_agent(agent) == 1
    await assert_archived_exactly(stack, agent, first_three, DAYS[3])

    chain = [parse_digest(await stack.archive.digest(agent, day)) for day in (DAYS[0], DAYS[1], DAYS[3])]
    assert [(d.previous_day, d.previous_sha256) for d in chain] == [
        (None, None),
        (DAYS[0], sha256_of(await stack.archive.digest(agent, DAYS[0]))),
        (DAYS[1], sha256_of(await stack.archive.digest(agent, DAYS[1]))),
    ]
    assert [e.compliance_key for e in chain[0].entries] == [o.compliance_key for o in await stack.archive.objects(agent, DAYS[0])]

    # The hot log lets go of what is archived and past hot retention (the embedded store deletes;
    # DynamoDB's TTL does the same on its own), and never of anything else.
    past_retention = FOURTH_DUE_US - HOT_RETENTION_US
    remaining = [d.decision_id for d in await hot(stack, agent)]
    if isinstance(stack.decisions, DynamoDecisionStore):
        assert len(remaining) == len(logged)
    else:
        assert remaining == [d.decision_id for d in reversed(logged) if d.create_us >= past_retention]

    # Nothing more is due: a rerun changes nothing. A day later the fifth day follows.
    assert await archiver(stack, FOURTH_DUE_US).archive_agent(agent) == 0
    await assert_archived_exactly(stack, agent, first_three, DAYS[3])
    assert await archiver(stack, FOURTH_DUE_US + days.DAY_US).archive_agent(agent) == 1
    await assert_archived_exactly(stack, agent, logged, DAYS[4])


async def test_an_agent_with_nothing_due_only_records_how_far_it_is_done(stack):
    agent, _ = await log_days(stack)
    assert await archiver(stack, days.start_us(DAYS[0]) + HOT_RETENTION_US - 2 * LEAD_US).archive_agent(agent) == 0
    assert await stack.archive.watermark(agent) == ArchiveWatermark(days.shift(DAYS[0], -1))
    assert len(await hot(stack, agent)) == 12


async def test_killed_after_any_write_and_run_again_loses_nothing_and_duplicates_nothing(stack):
    for writes in itertools.count():
        agent, logged = await log_days(stack)
        try:
            await archiver(stack, FOURTH_DUE_US, stack.killed_after(writes)).archive_agent(agent)
        except Killed:
            await archiver(stack, FOURTH_DUE_US).archive_agent(agent)
            await assert_archived_exactly(stack, agent, [d for d in logged if d.create_us < days.end_us(DAYS[3])], DAYS[3])
            continue
        # This many writes let the run finish: every point a run can die at has been tried.
        assert writes > 10
        break


async def test_concurrent_archivers_of_one_agent_agree(stack):
    agent, logged = await log_days(stack)
    await asyncio.gather(*(archiver(stack, FOURTH_DUE_US + days.DAY_US).archive_agent(agent) for _ in range(3)))
    await assert_archived_exactly(stack, agent, logged, DAYS[4])


async def test_a_tampered_watermark_stops_the_agent_instead_of_forking_the_chain(stack):
    agent, _ = await log_days(stack)
    await archiver(stack, FOURTH_DUE_US - 2 * HOUR_US).archive_agent(agent)
    watermark = await stack.archive.watermark(agent)
    # Rewound so that the next run would digest DAYS[1] again after a different head.
    rewound = ArchiveWatermark(DAYS[0], DAYS[0], DAYS[0], "0" * 64)
    assert await stack.archive.put_watermark(agent, rewound, watermark)
    with pytest.raises(ArchiveChainBroken, match=f"the digest of {DAYS[1]}"):
        await archiver(stack, FOURTH_DUE_US).archive_agent(agent)
    assert await stack.archive.watermark(agent) == rewound


async def test_verification_finds_the_first_altered_or_removed_object_or_digest(stack):
    agent, logged = await log_days(stack)
    await archiver(stack, FOURTH_DUE_US + days.DAY_US).archive_agent(agent)
    middle = (await stack.archive.objects(agent, DAYS[1]))[0]
    middle_digest = layout.digest_key(agent, DAYS[1])
    head_digest = layout.digest_key(agent, DAYS[4])

    async def problem(first: str = FIRST_DAY, last: str = DAYS[-1]) -> str | None:
        return (await verify_archive(stack.archive, agent, first, last)).problem

    async def tampered(key: str, change: Callable[[bytes], bytes | None]) -> str | None:
        original = await stack.read_raw(key)
        changed = change(original)
        if changed is None:
            await stack.delete_raw(key)
        else:
            await stack.write_raw(key, changed)
        try:
            return await problem()
        finally:
            await stack.write_raw(key, original)
            assert await problem() is None

    def flip_last_byte(body: bytes) -> bytes:
        return body[:-1] + bytes([body[-1] ^ 1])

    assert await problem() is None
    assert await tampered(middle.compliance_key, flip_last_byte) == (
        f"object {middle.compliance_key} (digest of {DAYS[1]}) does not match its digested SHA-256"
    )
    assert await tampered(middle.key, flip_last_byte) == (
        f"object {middle.key} (digest of {DAYS[1]}) does not match its digested SHA-256"
    )
    assert await tampered(middle.compliance_key, lambda _: None) == (
        f"object {middle.compliance_key} (digest of {DAYS[1]}) is missing"
    )
    assert await tampered(middle_digest, lambda body: body.replace(middle.sha256.encode(), b"f" * 64)) == (
        f"digest of {DAYS[1]} does not match the SHA-256 the digest of {DAYS[3]} records"
    )
    assert await tampered(middle_digest, lambda _: None) == f"digest of {DAYS[1]} is missing (named by the digest of {DAYS[3]})"
    assert await tampered(head_digest, flip_last_byte) == (
        f"digest of {DAYS[4]} does not match the SHA-256 the archive watermark records"
    )
    manifest = layout.manifest_key(agent, DAYS[1])
    assert await tampered(manifest, lambda body: body.replace(middle.sha256.encode(), b"0" * 64)) == (
        f"the manifest of {DAYS[1]} does not list {middle.key} with its digested SHA-256"
    )
    # A range before the tampering still verifies: the chain is checked from its head back to
    # the range, objects only inside it.
    await stack.write_raw(middle.compliance_key, b"altered")
    assert await problem(DAYS[3], DAYS[4]) is None
    assert (await problem(FIRST_DAY, DAYS[1])).startswith(f"object {middle.compliance_key}")


def log_core(stack: Stack, archive: bool = True) -> DecisionLogCore:
    async def no_credit(_: object) -> None:
        return None

    return DecisionLogCore(
        stack.decisions, lambda _: None, TokenSigner(b"k" * 32), no_credit, archive=stack.archive if archive else None
    )


async def query_all(core: DecisionLogCore, query: DecisionQuery, page_size: int, include_archive: bool) -> list[str]:
    found: list[str] = []
    token = ""
    while True:
        page, token = await core.query(query, page_size, token, include_archive=include_archive)
        assert len(page) <= page_size
        found += [d.decision_id for d in page]
        if not token:
            return found


async def test_queries_that_include_the_archive_read_on_into_it_each_decision_once(stack):
    agent, logged = await log_days(stack)
    succeeded = logged[1]
    await stack.decisions.record_outcome(agent, succeeded.decision_id, Outcome(True, {}, {}, logged[1].create_us + 1), False)
    await archiver(stack, FOURTH_DUE_US).archive_agent(agent)
    core = log_core(stack)
    newest_first = [d.decision_id for d in reversed(logged)]
    still_hot = [d.decision_id for d in await hot(stack, agent)]
    # The embedded store let the archived days past hot retention go; DynamoDB keeps them until
    # its TTL runs. Either way the archive answers for what the hot log no longer holds, and a
    # decision in both comes once, whatever the page size.
    assert await query_all(core, DecisionQuery(agent), 100, include_archive=False) == still_hot
    for page_size in (1, 2, 5, 100):
        assert await query_all(core, DecisionQuery(agent), page_size, include_archive=True) == newest_first

    # A range older than hot retention.
    old_range = DecisionQuery(agent, start_us=days.start_us(DAYS[0]), end_us=days.end_us(DAYS[1]))
    in_old_range = [d.decision_id for d in reversed(logged) if d.create_us < days.end_us(DAYS[1])]
    assert await query_all(core, old_range, 4, include_archive=True) == in_old_range
    if not isinstance(stack.decisions, DynamoDecisionStore):
        assert await query_all(core, old_range, 4, include_archive=False) == []

    # The same filters as the hot log: type, outcome, context.
    bullish = DecisionQuery(agent, context_filter={"market.trend": "bullish"})
    assert await query_all(core, bullish, 3, include_archive=True) == [
        d.decision_id for d in reversed(logged) if d.context["market"]["trend"] == "bullish"
    ]
    assert await query_all(core, DecisionQuery(agent, success=SuccessFilter.SUCCEEDED), 3, include_archive=True) == [
        succeeded.decision_id
    ]
    pending = await query_all(core, DecisionQuery(agent, success=SuccessFilter.PENDING), 3, include_archive=True)
    assert pending == [d for d in newest_first if d != succeeded.decision_id]
    assert await query_all(core, DecisionQuery(agent, decision_type="QUERY"), 3, include_archive=True) == []

    # Without an archive configured the flag reads the hot log only.
    assert await query_all(log_core(stack, archive=False), DecisionQuery(agent), 5, include_archive=True) == still_hot


async def test_a_page_token_is_bound_to_whether_the_archive_is_included(stack):
    agent, _ = await log_days(stack)
    await archiver(stack, FOURTH_DUE_US).archive_agent(agent)
    core = log_core(stack)
    _, hot_token = await core.query(DecisionQuery(agent), 1, "", include_archive=False)
    with pytest.raises(InvalidToken):
        await core.query(DecisionQuery(agent), 1, hot_token, include_archive=True)
    # The last token (on the embedded stack one reading the archive) replayed without the flag.
    token = ""
    for _ in range(11):
        _, token = await core.query(DecisionQuery(agent), 1, token, include_archive=True)
    assert token
    with pytest.raises(InvalidToken):
        await core.query(DecisionQuery(agent), 1, token, include_archive=False)
