"""Group commit in the embedded store's SQLite front: writes queued together commit together,
and one that raises is rolled back alone; a write's `committed` callback hears of each commit."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from agentmemory_server.core.errors import StoreUnavailable
from agentmemory_server.storage.embedded.database import GROUP_COMMIT_MAX, PADDED_FROM_ROWS, STATEMENT_ROWS, SqliteDatabase, insert_rows

SCHEMA = "CREATE TABLE IF NOT EXISTS items (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"


class Refused(Exception):
    pass


@pytest.fixture
async def database(tmp_path):
    db = SqliteDatabase(tmp_path / "group.sqlite3", schema=SCHEMA)
    await db.open()
    yield db
    await db.close()


def insert(c: sqlite3.Connection, name: str, value: int) -> int:
    c.execute("INSERT INTO items (name, value) VALUES (?, ?)", (name, value))
    return value


def insert_then_refuse(c: sqlite3.Connection, name: str) -> None:
    c.execute("INSERT INTO items (name, value) VALUES (?, 0)", (name,))
    raise Refused(name)


async def stored(db: SqliteDatabase) -> dict[str, int]:
    return dict(await db.read(lambda c: c.execute("SELECT name, value FROM items").fetchall()))


async def queued_behind_the_writer(database, writes):
    """Starts the writes while the writer is held, so that they queue up as one group."""
    gate = threading.Event()
    held = asyncio.ensure_future(database.write(lambda c: gate.wait(5)))
    await asyncio.sleep(0.05)
    tasks = [asyncio.ensure_future(write) for write in writes]
    await asyncio.sleep(0.05)
    gate.set()
    await held
    return await asyncio.gather(*tasks, return_exceptions=True)


async def test_a_refused_write_among_many_is_rolled_back_alone(database):
    writes = [database.write(insert, f"n{i}", i) for i in range(50)]
    writes.insert(17, database.write(insert_then_refuse, "refused"))
    writes.append(database.write(insert, "n3", 99))  # a duplicate key: an IntegrityError of its own
    results = await queued_behind_the_writer(database, writes)
    assert isinstance(results[17], Refused)
    assert isinstance(results[-1], sqlite3.IntegrityError)
    assert [r for i, r in enumerate(results) if i not in (17, len(results) - 1)] == list(range(50))
    assert await stored(database) == {f"n{i}": i for i in range(50)}


async def test_a_lone_write_that_raises_is_rolled_back_with_its_own_error(database):
    # A write alone in its commit runs without a savepoint: the transaction's rollback undoes it.
    with pytest.raises(Refused):
        await database.write(insert_then_refuse, "refused")
    assert await database.write(insert, "after", 1) == 1
    assert await stored(database) == {"after": 1}


async def test_more_writes_than_one_group_all_commit(database):
    count = GROUP_COMMIT_MAX * 2 + 7
    results = await asyncio.gather(*(database.write(insert, f"k{i}", i) for i in range(count)))
    assert results == list(range(count))
    assert len(await stored(database)) == count


async def test_a_caller_that_stops_waiting_does_not_stop_the_others(database):
    gate = threading.Event()
    held = asyncio.ensure_future(database.write(lambda c: gate.wait(5)))
    await asyncio.sleep(0.05)
    abandoned = asyncio.ensure_future(database.write(insert, "abandoned", 1))
    kept = asyncio.ensure_future(database.write(insert, "kept", 2))
    await asyncio.sleep(0.05)
    abandoned.cancel()
    gate.set()
    await held
    assert await kept == 2
    # Cancelling the wait does not undo a write that was already queued: gRPC's DEADLINE_EXCEEDED
    # does not promise that the work was not done either.
    assert await stored(database) == {"abandoned": 1, "kept": 2}


async def test_committed_is_told_of_every_committed_write_in_order_even_one_nobody_awaits(database):
    told: list[int] = []
    gate = threading.Event()
    held = asyncio.ensure_future(database.write(lambda c: gate.wait(5)))
    await asyncio.sleep(0.05)
    abandoned = asyncio.ensure_future(database.write(insert, "abandoned", 1, committed=told.append))
    refused = asyncio.ensure_future(database.write(insert, "abandoned", 9, committed=told.append))  # a duplicate key
    kept = asyncio.ensure_future(database.write(insert, "kept", 2, committed=told.append))
    await asyncio.sleep(0.05)
    abandoned.cancel()
    gate.set()
    await held
    assert await kept == 2
    (refusal,) = await asyncio.gather(refused, return_exceptions=True)
    assert isinstance(refusal, sqlite3.IntegrityError)
    assert told == [1, 2]


async def test_a_committed_callback_that_fails_still_lets_the_caller_hear_back(database):
    def fail(result: object) -> None:
        raise RuntimeError("a bug in the callback")

    assert await asyncio.wait_for(database.write(insert, "n", 1, committed=fail), 5) == 1


async def test_writes_after_close_are_refused(tmp_path):
    db = SqliteDatabase(tmp_path / "closed.sqlite3", schema=SCHEMA)
    await db.open()
    await db.write(insert, "before", 1)
    await db.close()
    with pytest.raises(StoreUnavailable):
        await db.write(insert, "after", 2)


async def test_a_write_that_raises_past_exception_leaves_the_writer_usable(database):
    def escape(c: sqlite3.Connection) -> None:
        c.execute("INSERT INTO items (name, value) VALUES ('escaped', 0)")
        raise SystemExit("not an Exception")

    with pytest.raises(SystemExit):
        await database.write(escape)
    # The group was rolled back and the connection left out of its transaction.
    assert await database.write(insert, "after", 1) == 1
    assert await stored(database) == {"after": 1}


# Fillers that make 3 rows (as they are), 32 (a power of two), 33 (padded to 64), a full
# statement, and two statements (the second padded).
@pytest.mark.parametrize(
    "padding", [0, PADDED_FROM_ROWS - 3, PADDED_FROM_ROWS - 2, STATEMENT_ROWS - 3, STATEMENT_ROWS + PADDED_FROM_ROWS]
)
async def test_inserted_rows_keep_their_values_and_upsert(database, padding):
    texts = ['naïve "q" \\ \n ☃ 😀 \x00 after a NUL', '{"a":[1,2.5]}', ""]
    filler = [(f"filler-{i}", i) for i in range(padding)]
    rows = [(t, i) for i, t in enumerate(texts)] + filler
    await database.write(lambda c: insert_rows(c, "INSERT INTO items (name, value)", rows))
    await database.write(lambda c: insert_rows(c, "INSERT INTO items (name, value)", []))
    await database.write(
        lambda c: insert_rows(
            c, "INSERT INTO items (name, value)", [("", 2**62), ("new", -(2**63)), *filler],
            "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
        )
    )
    expected = {texts[0]: 0, texts[1]: 1, "": 2 + 2**62, "new": -(2**63)} | {name: 2 * i for name, i in filler}
    assert await stored(database) == expected


@pytest.mark.parametrize("count", [1, 2, PADDED_FROM_ROWS - 1, PADDED_FROM_ROWS + 1, STATEMENT_ROWS, STATEMENT_ROWS + 1])
async def test_a_key_repeated_within_one_insert_is_upserted_by_every_row(database, count):
    # As executemany would: each row meets the ones before it, in one statement or across two.
    rows = [("k", i) for i in range(count)]
    await database.write(
        lambda c: insert_rows(
            c, "INSERT INTO items (name, value)", rows,
            "ON CONFLICT (name) DO UPDATE SET value = (value * 3 + excluded.value) % 1000003",
        )
    )
    # Depends on the order the rows met in; bounded, so that SQLite's integers never overflow.
    expected = 0
    for _, value in rows[1:]:
        expected = (expected * 3 + value) % 1000003
    assert await stored(database) == {"k": expected}



async def test_rows_go_in_within_a_connections_limit_on_bound_parameters(database):
    rows = [(f"row-{i}", i) for i in range(300)]

    def insert_under_a_low_limit(c: sqlite3.Connection) -> None:
        limit = c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        # 99 parameters: 49 rows of two values fit, so statements of 32 rows carry them.
        c.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 99)
        try:
            insert_rows(c, "INSERT INTO items (name, value)", rows)
        finally:
            c.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)

    await database.write(insert_under_a_low_limit)
    assert await stored(database) == dict(rows)

async def test_an_sqlite_without_json_operators_is_refused_at_open(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 37, 2))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.37.2")
    with pytest.raises(StoreUnavailable, match=r"needs SQLite 3\.38\.0 or newer; .* has 3\.37\.2"):
        await SqliteDatabase(tmp_path / "old.sqlite3", schema=SCHEMA).open()


class InsertBatch:
    """A batch function that inserts (name, value) items and records the batches it was given;
    a name starting with "refused" makes the whole batch raise, after its inserts."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, c: sqlite3.Connection, items: list[tuple[str, int]]) -> list[int]:
        self.batches.append([name for name, _ in items])
        c.executemany("INSERT INTO items (name, value) VALUES (?, ?)", items)
        if any(name.startswith("refused") for name, _ in items):
            raise Refused("a refused item")
        return [value * 10 for _, value in items]


async def test_batched_writes_queued_together_run_as_one_call_and_answer_each(database):
    batch = InsertBatch()
    items = [(f"b{i}", i) for i in range(6)]
    writes = [database.write_batched(batch, item) for item in items[:3]]
    writes.append(database.write(insert, "plain", 7))  # a write of its own ends the run
    writes += [database.write_batched(batch, item) for item in items[3:]]
    results = await queued_behind_the_writer(database, writes)
    assert results == [0, 10, 20, 7, 30, 40, 50]
    assert batch.batches == [["b0", "b1", "b2"], ["b3", "b4", "b5"]]
    assert await stored(database) == {**dict(items), "plain": 7}


async def test_when_a_batch_raises_each_write_runs_alone_and_only_the_one_at_fault_fails(database):
    batch = InsertBatch()
    items = [("b0", 0), ("refused", 1), ("b2", 2)]
    results = await queued_behind_the_writer(database, [database.write_batched(batch, item) for item in items])
    assert results[0] == 0 and results[2] == 20 and isinstance(results[1], Refused)
    assert batch.batches == [["b0", "refused", "b2"], ["b0"], ["refused"], ["b2"]]
    assert await stored(database) == {"b0": 0, "b2": 2}, "the failed batch's inserts are rolled back"


async def test_a_batched_write_alone_is_a_batch_of_one(database):
    batch = InsertBatch()
    assert await database.write_batched(batch, ("solo", 4)) == 40
    assert batch.batches == [["solo"]]


async def test_a_group_that_is_one_batch_commits_without_a_savepoint(database):
    statements: list[str] = []
    await database.write(lambda c: c.set_trace_callback(statements.append))
    batch = InsertBatch()
    items = [(f"b{i}", i) for i in range(4)]
    results = await queued_behind_the_writer(database, [database.write_batched(batch, item) for item in items])
    await database.write(lambda c: c.set_trace_callback(None))
    assert results == [0, 10, 20, 30]
    assert batch.batches == [[name for name, _ in items]]
    assert not [s for s in statements if "SAVEPOINT" in s or "RELEASE" in s], statements
    assert await stored(database) == dict(items)
