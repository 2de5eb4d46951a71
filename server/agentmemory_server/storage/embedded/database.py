"""An async front for SQLite that never blocks the event loop.

All writes run on one dedicated thread with one connection, each as a whole
transaction (a Python function run between BEGIN IMMEDIATE and COMMIT), so a
conditional write is one hop to the thread, not one per statement. Reads run
on a small pool of threads, each with its own connection; WAL lets them read
while the writer writes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from agentmemory_server.core.errors import StoreUnavailable

T = TypeVar("T")


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
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=30.0)
        connection.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process (the OS still holds the writes); only an
        # OS crash or power loss can drop the last commits.
        connection.execute("PRAGMA synchronous=NORMAL")
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

    async def write(self, transaction: Callable[..., T], *args: object) -> T:
        """Runs transaction(connection, *args) atomically on the writer thread."""
        if self._writer is None:
            raise StoreUnavailable("the embedded store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._writer, self._run, transaction, args, True)

    async def read(self, transaction: Callable[..., T], *args: object) -> T:
        """Runs transaction(connection, *args) on a reader thread, inside one read snapshot."""
        if self._reader_pool is None:
            raise StoreUnavailable("the embedded store is closed")
        return await asyncio.get_running_loop().run_in_executor(
            self._reader_pool, self._run, transaction, args, False
        )

    def _run(self, transaction: Callable[..., T], args: tuple[object, ...], immediate: bool) -> T:
        connection = self._thread_connection()
        connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
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
