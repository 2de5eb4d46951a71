"""ShortTermStore on Redis: one hash per entry under `stm:{agent_id}:<key>`, native TTLs
(PEXPIREAT) to free memory, the port's clock (`now_us`) to decide what is live, and a per-agent
index for prefix listing and clearing without KEYS or SCAN."""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ParamSpec, TypeVar

import redis.asyncio as redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from agentmemory_server.core.errors import StoreUnavailable, WrongValueType
from agentmemory_server.core.models import JSON, ShortTermEntry, dump_json, load_json
from agentmemory_server.storage.redis import scripts

P = ParamSpec("P")
R = TypeVar("R")

_CAS_ATTEMPTS = 64


def _unavailable(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            raise StoreUnavailable("short-term memory (Redis) is unavailable; retry") from error

    return wrapper


def entry_key(agent_id: str, key: str) -> str:
    return f"stm:{{{agent_id}}}:{key}"


def index_key(agent_id: str) -> str:
    return f"stmidx:{{{agent_id}}}"


def _decode(kind: bytes, payload: bytes) -> JSON:
    return int(payload) if kind == b"i" else load_json(payload)


def _token() -> str:
    # 128 random bits, as uuid4 has, without building a UUID object on every write.
    return os.urandom(16).hex()


class RedisShortTermStore:
    def __init__(self, client: redis.Redis | redis.RedisCluster) -> None:
        self._client = client
        self._put = client.register_script(scripts.PUT)
        self._compare_and_set = client.register_script(scripts.COMPARE_AND_SET)
        self._increment = client.register_script(scripts.INCREMENT)
        self._delete_many = client.register_script(scripts.DELETE_MANY)

    @staticmethod
    def _live(agent_id: str, key: str, fields: list[Any], now_us: int) -> ShortTermEntry | None:
        expire, kind, payload = fields[:3]
        if expire is None or int(expire) <= now_us:
            return None
        return ShortTermEntry(agent_id, key, _decode(kind, payload), int(expire))

    @_unavailable
    async def put(self, entry: ShortTermEntry) -> None:
        await self._put(
            keys=[entry_key(entry.agent_id, entry.key), index_key(entry.agent_id)],
            args=[entry.expire_us, entry.expire_us // 1000, entry.key, "j", dump_json(entry.value), _token()],
        )

    @_unavailable
    async def get(self, agent_id: str, key: str, now_us: int) -> ShortTermEntry | None:
        fields = await self._client.hmget(entry_key(agent_id, key), ["e", "k", "v"])
        return self._live(agent_id, key, fields, now_us)

    @_unavailable
    async def batch_get(self, agent_id: str, keys: Sequence[str], now_us: int) -> dict[str, ShortTermEntry]:
        unique = sorted(set(keys))
        async with self._client.pipeline(transaction=False) as pipe:
            for key in unique:
                pipe.hmget(entry_key(agent_id, key), ["e", "k", "v"])
            rows = await pipe.execute()
        found = {}
        for key, fields in zip(unique, rows):
            entry = self._live(agent_id, key, fields, now_us)
            if entry is not None:
                found[key] = entry
        return found

    async def _delete_keys(self, agent_id: str, members: Sequence[str], now_us: int) -> int:
        if not members:
            return 0
        return int(
            await self._delete_many(
                keys=[index_key(agent_id), *(entry_key(agent_id, m) for m in members)], args=[now_us, *members]
            )
        )

    @_unavailable
    async def delete(self, agent_id: str, key: str, now_us: int) -> bool:
        return await self._delete_keys(agent_id, [key], now_us) == 1

    async def _members(self, agent_id: str, key_prefix: str) -> list[str]:
        members = await self._client.zrange(index_key(agent_id), 0, -1)
        return sorted(m for m in (raw.decode() for raw in members) if m.startswith(key_prefix))

    @_unavailable
    async def clear(self, agent_id: str, key_prefix: str, now_us: int) -> int:
        members = await self._members(agent_id, key_prefix)
        deleted = 0
        for start in range(0, len(members), 500):
            deleted += await self._delete_keys(agent_id, members[start : start + 500], now_us)
        return deleted

    async def _compare_and_update(
        self, agent_id: str, key: str, now_us: int, update: Callable[[JSON | None], tuple[JSON, int]]
    ) -> ShortTermEntry:
        """Read, compute, write back only if nobody wrote in between (optimistic, per entry)."""
        name = entry_key(agent_id, key)
        for _ in range(_CAS_ATTEMPTS):
            expire, kind, payload, token = await self._client.hmget(name, ["e", "k", "v", "n"])
            live = expire is not None and int(expire) > now_us
            value, expire_us = update(_decode(kind, payload) if live else None)
            written = await self._compare_and_set(
                keys=[name, index_key(agent_id)],
                args=[expire_us, expire_us // 1000, key, "j", dump_json(value), _token(),
                      token.decode() if token else ""],
            )
            if written:
                return ShortTermEntry(agent_id, key, value, expire_us)
        raise StoreUnavailable(f"short-term key {key!r} is under heavy concurrent writes; retry")

    @_unavailable
    async def append(
        self, agent_id: str, key: str, values: Sequence[JSON], max_length: int, expire_us: int, now_us: int
    ) -> ShortTermEntry:
        def appended(current: JSON | None) -> tuple[JSON, int]:
            if current is not None and not isinstance(current, list):
                raise WrongValueType(f"key {key!r} holds a value that is not a list")
            return ((current or []) + list(values))[-max_length:], expire_us

        return await self._compare_and_update(agent_id, key, now_us, appended)

    @_unavailable
    async def increment(self, agent_id: str, key: str, delta: int, expire_us: int, now_us: int) -> ShortTermEntry:
        result = await self._increment(
            keys=[entry_key(agent_id, key), index_key(agent_id)],
            args=[expire_us, expire_us // 1000, key, now_us, delta, _token()],
        )
        if result == [b"wrongtype"]:
            raise WrongValueType(f"key {key!r} holds a value that is not an integer counter")
        if result == [b"overflow"]:
            raise WrongValueType(f"counter {key!r} would overflow a 64-bit integer")
        value, expiry = result
        return ShortTermEntry(agent_id, key, int(value), int(expiry))

    @_unavailable
    async def list(
        self, agent_id: str, key_prefix: str, limit: int, now_us: int
    ) -> tuple[list[ShortTermEntry], bool]:
        members = await self._members(agent_id, key_prefix)
        entries: list[ShortTermEntry] = []
        for start in range(0, len(members), 200):
            chunk = members[start : start + 200]
            found = await self.batch_get(agent_id, chunk, now_us)
            entries += [found[m] for m in chunk if m in found]
            if len(entries) > limit:
                break
        return entries[:limit], len(entries) > limit

    async def purge_expired(self, now_us: int) -> int:
        # Redis frees expired entries by itself (PEXPIREAT); stale index members go when a new
        # key joins the index, with the index, or with the next clear of their prefix.
        return 0
