"""Redis adapters (redis.asyncio): short-term memory; works on a single node and on Redis Cluster."""
