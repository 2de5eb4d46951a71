"""An async front for SQLite that never blocks the event loop.

All writes run on one dedicated thread with one connection, each as a whole
transaction (a Python function), so a conditional write is one hop to the
thread, not one per statement. Reads run on a small pool of threads, each with
its own connection; WAL lets them read while the writer writes.

Writes waiting together commit together (group commit): the writer runs every
transaction queued while it was busy inside one BEGIN IMMEDIATE ... COMMIT,
each in its own savepoint (a write alone needs none, nor a group that is one
batch), so one that raises is rolled back alone and the others still commit.
A commit writes every page its transactions touched to the WAL; a decision
touches a dozen (its row, the indexes, the event, the rollups), so one commit
per call was most of a LogDecision's cost under load.
Each caller hears back only after the commit that holds its write. Batched
writes (write_batched) queued one after another go further and share one call
of their batch function, and so its statements, in one savepoint.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from agentmemory_server.core.errors import StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
I = TypeVar("I")

# Most transactions one commit carries: bounds how long the first of them waits for the commit.
GROUP_COMMIT_MAX = 256
# Most rows one statement of insert_rows carries: a bulk call's 1,000 decisions go in with one
# statement a table. 1,024 rows of the widest table (rollups, 14 columns) bind 14,336
# parameters, within SQLite's default limit of 32,766 (a connection with a lower limit gets
# fewer rows a statement).
STATEMENT_ROWS = 1024
# Rows from which insert_rows pads its VALUES lists (see there); fewer go in as they are.
PADDED_FROM_ROWS = 32
# The first SQLite with JSON's ->> operator, which the stores' queries use.
MIN_SQLITE_VERSION = (3, 38, 0)


def insert_rows(c: sqlite3.Connection, insert: str, rows: Sequence[Sequence[object]], upsert: str = "") -> None:
    """Runs `insert` ("INSERT INTO table (columns)") for every row, then `upsert` (an ON
    CONFLICT clause, if any), in as few statements as STATEMENT_ROWS allows: each a VALUES list
    of the rows, with their values bound as parameters. Every row's first value must not be
    NULL (the stores' first columns are keys).

    Few statements because of the GIL: sqlite3 releases it around every step, and executemany
    steps once per row, so the writer thread had to win the GIL back for every row while the
    event loop held it, and waited out a switch interval (5 ms) each time. A bulk log's rows
    went in at the event loop's idle moments only. (With at most 256 or 512 rows a statement, a
    bulk call of 1,000 went in with four or two a table, and logged 9% or 5% fewer decisions a
    second than with one statement a table as JSON, below.)

    A VALUES list compiles to a statement as long as it is (1,024 rows of a decision: 15 ms).
    Fewer than PADDED_FROM_ROWS rows, what a LogDecision group commit mostly holds, go in as
    they are: a statement for each count. More are padded with rows of NULLs up to a power of
    two, and the padding is filtered out: six sizes. Each statement is compiled once and then
    kept in the connection's statement cache (the large ones hold megabytes: the writer's RSS
    grew 4.8 MB with the decisions table's, and 1.4 MB more with the events table's).

    Rows went in as one JSON array before, unpacked by json_each: SQLite before 3.45 parses a
    row's JSON again for every column taken out of it, which cost twice what binding does (a
    decisions row 9 us against 5; an event 4 us against 1.4)."""
    if not rows:
        return
    width = len(rows[0])
    # A power of two, so that a padded list stays within the limit too.
    most = min(STATEMENT_ROWS, 1 << ((c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width).bit_length() - 1))
    for start in range(0, len(rows), most):
        chunk = rows[start : start + most]
        listed = len(chunk) if len(chunk) < PADDED_FROM_ROWS else 1 << (len(chunk) - 1).bit_length()
        values = [value for row in chunk for value in row]
        values += [None] * (width * (listed - len(chunk)))
        c.execute(_values_insert(insert, width, listed, listed > len(chunk), upsert), values)


@functools.lru_cache(maxsize=512)
def _values_insert(insert: str, width: int, rows: int, padded: bool, upsert: str) -> str:
    values = ", ".join([f"({', '.join('?' * width)})"] * rows)
    if not padded:
        # The filter's subquery costs a few microseconds a statement; rows that fill the list skip it.
        return f"{insert} VALUES {values} {upsert}"
    # The WHERE also keeps SQLite's grammar from reading an upsert's ON CONFLICT as a join's ON.
    return f"{insert} SELECT * FROM (VALUES {values}) WHERE column1 IS NOT NULL {upsert}"


class _QueuedWrite:
    __slots__ = ("transaction", "args", "batch", "committed", "loop", "future", "result", "error")

    def __init__(
        self,
        transaction: Callable[..., object] | None,
        args: tuple[object, ...],
        loop: asyncio.AbstractEventLoop,
        batch: Callable[[sqlite3.Connection, list[Any]], list[Any]] | None = None,
        committed: Callable[[Any], None] | None = None,
    ) -> None:
        # A write of write() has its transaction; one of write_batched() has its batch function
        # instead, and args holds its one item.
        self.transaction = transaction
        self.args = args
        self.batch = batch
        self.committed = committed
        self.loop = loop
        self.future: asyncio.Future[object] = loop.create_future()
        self.result: object = None
        self.error: BaseException | None = None

    def run(self, connection: sqlite3.Connection) -> None:
        """Runs the write on its own (a batched one as a batch of one), keeping its result."""
        if self.batch is None:
            self.result = self.transaction(connection, *self.args)  # type: ignore[misc]
        else:
            (self.result,) = self.batch(connection, [self.args[0]])

    def settle(self) -> None:
        """On the event loop: tells `committed` of a write that committed, then hands the outcome
        to the caller (unless it stopped waiting)."""
        if self.error is None and self.committed is not None:
            try:
                self.committed(self.result)
            except Exception:  # noqa: BLE001 - the caller, and the writes settled after, still hear back
                log.exception("a committed-write callback failed")
        if self.future.done():
            return
        if self.error is not None:
            self.future.set_exception(self.error)
        else:
            self.future.set_result(self.result)


class SqliteDatabase:
    def __init__(
        self,
        path: Path,
        *,
        readers: int = 2,
        schema: str = "",
        setup: Callable[[sqlite3.Connection], None] | None = None,
        added_columns: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        """`added_columns` are (table, column, definition) added to the schema after its first
        release: databases created before get them by ALTER TABLE when opened."""
        self._path = path
        self._schema = schema
        self._added_columns = tuple(added_columns)
        self._setup = setup
        self._readers = readers
        self._writer: ThreadPoolExecutor | None = None
        self._reader_pool: ThreadPoolExecutor | None = None
        self._local = threading.local()
        # Writes waiting for the writer thread, and whether a drain of them is scheduled there.
        self._queued: deque[_QueuedWrite] = deque()
        self._queue_lock = threading.Lock()
        self._draining = False
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        # A statement cache large enough for insert_rows' statements: per table, one per row count
        # below PADDED_FROM_ROWS and two per padded size above.
        connection = sqlite3.connect(
            self._path, isolation_level=None, check_same_thread=False, timeout=30.0, cached_statements=512
        )
        connection.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process (the OS still holds the writes); only an
        # OS crash or power loss can drop the last commits.
        connection.execute("PRAGMA synchronous=NORMAL")
        # Each queued write of a group commit is a savepoint, and SQLite keeps what rolls one back
        # in a statement journal: a temporary file by default, opened, written and unlinked for
        # every write (five system calls and a file creation each). In memory, it is a buffer.
        connection.execute("PRAGMA temp_store=MEMORY")
        if self._setup is not None:
            self._setup(connection)
        with self._connections_lock:
            self._connections.append(connection)
        return connection

    def _thread_connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        return connection

    async def open(self) -> None:
        if sqlite3.sqlite_version_info < MIN_SQLITE_VERSION:
            raise StoreUnavailable(
                f"the embedded store needs SQLite {'.'.join(map(str, MIN_SQLITE_VERSION))} or newer; "
                f"this Python's sqlite3 module has {sqlite3.sqlite_version}"
            )
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._reader_pool = ThreadPoolExecutor(max_workers=self._readers, thread_name_prefix="sqlite-reader")
        await asyncio.get_running_loop().run_in_executor(self._writer, self._create_schema)

    def _create_schema(self) -> None:
        connection = self._thread_connection()
        connection.executescript(self._schema)
        for table, column, definition in self._added_columns:
            present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    async def write(
        self, transaction: Callable[..., T], *args: object, committed: Callable[[T], None] | None = None
    ) -> T:
        """Runs transaction(connection, *args) atomically on the writer thread: all of it commits,
        or (when it raises) none of it does. `committed` is called with the result on the event
        loop once it has committed, in commit order, even when the caller has stopped waiting
        (a write once queued still commits)."""
        queued = _QueuedWrite(transaction, args, asyncio.get_running_loop(), committed=committed)
        return await self._queue(queued)  # type: ignore[return-value]

    async def write_batched(
        self,
        batch: Callable[[sqlite3.Connection, list[I]], list[T]],
        item: I,
        committed: Callable[[T], None] | None = None,
    ) -> T:
        """Like write() of batch(connection, [item])[0], except that writes of the same batch
        function queued one after another run as one call of it, in one savepoint: a statement
        per table for all of them instead of for each (under many small concurrent writes, each
        statement was the writer's turn to win the GIL back). When that call raises, each write
        runs alone, so that only the one at fault fails."""
        queued = _QueuedWrite(None, (item,), asyncio.get_running_loop(), batch, committed)
        return await self._queue(queued)  # type: ignore[return-value]

    async def _queue(self, queued: _QueuedWrite) -> object:
        """Queues the write for the writer thread (starting a drain there unless one runs), and
        waits for its outcome."""
        writer = self._writer
        if writer is None:
            raise StoreUnavailable("the embedded store is closed")
        with self._queue_lock:
            self._queued.append(queued)
            schedule, self._draining = not self._draining, True
        if schedule:
            writer.submit(self._drain)
        return await queued.future

    def _drain(self) -> None:
        """On the writer thread: commits the queued writes, a group at a time, until none is left."""
        while True:
            with self._queue_lock:
                group = [self._queued.popleft() for _ in range(min(GROUP_COMMIT_MAX, len(self._queued)))]
                if not group:
                    self._draining = False
                    return
            try:
                self._commit_group(group)
            except BaseException as error:
                # Nothing may leave a caller waiting forever, nor the queue without a drain.
                for queued in group:
                    queued.error = queued.error or StoreUnavailable(f"the write did not complete: {error!r}")
                with self._queue_lock:
                    self._draining = False
                self._settle(group)
                raise
            self._settle(group)

    @staticmethod
    def _settle(group: list[_QueuedWrite]) -> None:
        """Hands each write's outcome to its caller's event loop, one wake-up per loop."""
        loops: dict[asyncio.AbstractEventLoop, list[_QueuedWrite]] = {}
        for queued in group:
            loops.setdefault(queued.loop, []).append(queued)
        for loop, settled in loops.items():
            try:
                loop.call_soon_threadsafe(_settle_all, settled)
            except RuntimeError:
                pass  # that loop is closed: nobody is waiting any more

    def _commit_group(self, group: list[_QueuedWrite]) -> None:
        connection = self._thread_connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            if len(group) == 1:
                # Alone in its transaction, a write needs no savepoint: when it raises, the
                # rollback below undoes it. Two statements fewer, each another turn for the
                # writer to win the GIL back; most commits hold one write unless under load.
                group[0].run(connection)
            elif not self._ran_as_one_batch(connection, group):
                self._run_each(connection, group)
            connection.execute("COMMIT")
        except BaseException as error:
            # The group did not commit: every write fails, and the connection is left out of any
            # transaction so that the next group can begin.
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            for queued in group:
                queued.error = queued.error or error
            if not isinstance(error, Exception):
                raise

    def _ran_as_one_batch(self, connection: sqlite3.Connection, group: list[_QueuedWrite]) -> bool:
        """Runs a group whose writes all share one batch function (a group of LogDecision calls)
        as one call of it, without a savepoint: nothing else in the transaction needs guarding,
        and the savepoint's two statements were two more turns for the writer to win the GIL back.
        When the call raises, the transaction starts over and each write runs alone, so that only
        the one at fault fails. False (and nothing run) for any other group."""
        batch = group[0].batch
        if batch is None or any(queued.batch != batch for queued in group):
            return False
        try:
            self._call_batch(connection, group)
        except Exception:  # noqa: BLE001 - each write runs alone next, and meets its own error
            connection.execute("ROLLBACK")
            connection.execute("BEGIN IMMEDIATE")
            for queued in group:
                self._run_alone(connection, queued)
        return True

    def _run_each(self, connection: sqlite3.Connection, group: list[_QueuedWrite]) -> None:
        """Runs a group's writes in order, each in a savepoint of its own (a run sharing a batch
        function in one), so that one that raises is rolled back alone."""
        start = 0
        while start < len(group):
            # The run of writes from `start` that share a batch function (a run of one else).
            end = start + 1
            batch = group[start].batch
            while batch is not None and end < len(group) and group[end].batch == batch:
                end += 1
            run, start = group[start:end], end
            if len(run) == 1 or not self._run_together(connection, run):
                for queued in run:
                    self._run_alone(connection, queued)

    @staticmethod
    def _run_alone(connection: sqlite3.Connection, queued: _QueuedWrite) -> None:
        connection.execute("SAVEPOINT queued_write")
        try:
            queued.run(connection)
        except Exception as error:  # noqa: BLE001 - it belongs to that write's caller
            queued.error = error
            connection.execute("ROLLBACK TO queued_write")
        connection.execute("RELEASE queued_write")

    @classmethod
    def _run_together(cls, connection: sqlite3.Connection, run: list[_QueuedWrite]) -> bool:
        """Runs a run of batched writes as one call of their batch function; False (and nothing
        written) when it raises."""
        connection.execute("SAVEPOINT queued_write")
        try:
            cls._call_batch(connection, run)
        except Exception:  # noqa: BLE001 - each write runs alone next, and meets its own error
            connection.execute("ROLLBACK TO queued_write")
            connection.execute("RELEASE queued_write")
            return False
        connection.execute("RELEASE queued_write")
        return True

    @staticmethod
    def _call_batch(connection: sqlite3.Connection, run: list[_QueuedWrite]) -> None:
        """One call of the batch function the run's writes share, each write's result from it."""
        results = run[0].batch(connection, [queued.args[0] for queued in run])  # type: ignore[misc]
        for queued, result in zip(run, results, strict=True):
            queued.result = result

    async def read(self, transaction: Callable[..., T], *args: object) -> T:
        """Runs transaction(connection, *args) on a reader thread, inside one read snapshot."""
        if self._reader_pool is None:
            raise StoreUnavailable("the embedded store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._reader_pool, self._read, transaction, args)

    def _read(self, transaction: Callable[..., T], args: tuple[object, ...]) -> T:
        connection = self._thread_connection()
        connection.execute("BEGIN")
        try:
            result = transaction(connection, *args)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return result

    async def close(self) -> None:
        writer, readers = self._writer, self._reader_pool
        self._writer = self._reader_pool = None
        loop = asyncio.get_running_loop()
        for pool in (writer, readers):
            if pool is not None:
                await loop.run_in_executor(None, pool.shutdown, True)
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()


def _settle_all(group: list[_QueuedWrite]) -> None:
    for queued in group:
        queued.settle()
