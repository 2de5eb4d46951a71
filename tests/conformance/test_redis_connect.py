"""The adapters' Redis clients: every connection, to a single node or to each node of a cluster,
packs its commands with hiredis."""

from __future__ import annotations

from agentmemory_server.storage.redis.connect import _PackedByHiredis, connect

from tests.conformance.conftest import service_url


async def test_a_single_nodes_connections_pack_with_hiredis():
    client = await connect(service_url("AGENTMEMORY_TEST_REDIS_URL"), cluster=False)
    connection = await client.connection_pool.get_connection()
    try:
        assert isinstance(connection, _PackedByHiredis)
    finally:
        await client.connection_pool.release(connection)
        await client.aclose()


async def test_every_cluster_nodes_connections_pack_with_hiredis():
    client = await connect(service_url("AGENTMEMORY_TEST_REDIS_CLUSTER_URL"), cluster=True)
    try:
        nodes = client.get_nodes()
        assert len(nodes) >= 3
        for node in nodes:
            await client.execute_command("PING", target_nodes=node)
            assert issubclass(node.connection_class, _PackedByHiredis), node.name
    finally:
        await client.aclose()
