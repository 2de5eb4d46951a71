"""Commands to Redis are packed by hiredis, in C: the same bytes as redis-py's own packer."""

from __future__ import annotations

import pytest
from redis.asyncio.connection import Connection, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import DataError

from agentmemory_server.storage.redis.connect import _packed_by_hiredis

COMMANDS = [
    # A short-term put: the script's sha, its keys and arguments.
    ("EVALSHA", "a" * 40, 2, "stm:{agent}:key", "stmidx:{agent}", 1_900_000_000_000_000, 1_900_000_000_000, "key", "j", '{"a": [1, 2.5]}', "0" * 32),
    ("HMGET", "stm:{agent}:ünïcode ✓", "e", "k", "v"),
    ("SET", "k", b"\x00\xff binary", "PX", 10),
    ("ZADD", "z", 1.5, "m", -3, 0.1, 1e20, float("inf")),
    ("CONFIG GET", "maxmemory"),  # a command of two words, which both split
    (b"CLIENT SETNAME", b"x"),
    ("SET", "k", memoryview(b"view")),
    ("SET", "k", "x" * 10_000),  # above redis-py's buffer cutoff
]


def packed(connection: Connection, args: tuple) -> bytes:
    return b"".join(bytes(part) for part in connection.pack_command(*args))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: str(args[0]))
def test_a_command_packs_to_the_same_bytes_as_redis_pys_own_packer(args):
    assert packed(_packed_by_hiredis(Connection)(), args) == packed(Connection(), args)


@pytest.mark.parametrize("value", [True, None, object()])
def test_what_redis_cannot_take_is_refused_as_redis_py_refuses_it(value):
    with pytest.raises(DataError):
        _packed_by_hiredis(Connection)().pack_command("SET", "k", value)


def test_each_kind_of_connection_keeps_its_kind():
    for kind in (Connection, SSLConnection, UnixDomainSocketConnection):
        packing = _packed_by_hiredis(kind)
        assert issubclass(packing, kind) and packing.__name__ == kind.__name__
        assert _packed_by_hiredis(packing) is packing
