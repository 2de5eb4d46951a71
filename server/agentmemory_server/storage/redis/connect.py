"""Redis clients for the adapters."""

from __future__ import annotations

import redis.asyncio as redis


async def connect(url: str, *, cluster: bool) -> redis.Redis | redis.RedisCluster:
    """A client for a single node or a Redis Cluster, ready for concurrent use.

    A cluster client must learn the slot map before the first concurrent burst: initialising it
    lazily under concurrency lets scripts race the discovery (redis-py issue 3935), which showed
    here as dropped connections and retried, double-applied increments.
    """
    if cluster:
        client = redis.RedisCluster.from_url(url)
        await client.initialize()
        return client
    client = redis.Redis.from_url(url)
    await client.ping()
    return client
