"""The one wiring file: config -> stores -> core -> servicers -> server. Nothing else builds a store."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from importlib import resources
from dataclasses import dataclass

import grpc
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2

import agentmemory.v1
from agentmemory.v1 import decision_log_pb2, decision_log_pb2_grpc, memory_pb2, memory_pb2_grpc
from agentmemory_server.api.decision_servicer import DecisionLogServicer
from agentmemory_server.api.memory_servicer import MemoryServicer
from agentmemory_server.api.reflection import DocumentedPool
from agentmemory_server.config import Settings
from agentmemory_server.core.decisions import DecisionLogCore
from agentmemory_server.core.memory import MemoryCore
from agentmemory_server.core.models import now_us
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.events.hub import EventHub
from agentmemory_server.events.subscriptions import Subscriptions
from agentmemory_server.storage.embedded.store import EmbeddedStore

log = logging.getLogger(__name__)

SERVICE_NAMES = (
    memory_pb2.DESCRIPTOR.services_by_name["MemoryService"].full_name,
    decision_log_pb2.DESCRIPTOR.services_by_name["DecisionLogService"].full_name,
)


def _reflection_pool() -> DocumentedPool:
    contract = descriptor_pb2.FileDescriptorSet.FromString(
        resources.files(agentmemory.v1).joinpath("descriptor_set.binpb").read_bytes()
    )
    files = list(contract.file)
    for module in (health_pb2, reflection_pb2):
        file = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(file)
        files.append(file)
    return DocumentedPool(files)


@dataclass
class Running:
    """A started server and what must be stopped with it."""

    server: grpc.aio.Server
    port: int
    store: EmbeddedStore
    hub: EventHub
    health: health.aio.HealthServicer
    maintenance: asyncio.Task[None]
    settings: Settings

    async def stop(self) -> None:
        """Graceful stop: report NOT_SERVING, end subscription streams, let in-flight calls finish
        (up to shutdown_grace), then close the store so every acknowledged write is on disk."""
        for name in ("", *SERVICE_NAMES):
            await self.health.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
        self.hub.close()
        await self.server.stop(self.settings.shutdown_grace)
        self.maintenance.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.maintenance
        await self.store.close()


async def _maintain(settings: Settings, memory: MemoryCore, store: EmbeddedStore) -> None:
    """Purges expired short-term entries and events past retention, forever."""
    while True:
        await asyncio.sleep(settings.stm_sweep_interval)
        try:
            await memory.purge_expired_short_term()
            await store.decisions.prune_events(now_us() - int(settings.event_retention * 1_000_000))
        except Exception:  # noqa: BLE001 - a failed sweep is retried next round, never fatal
            log.exception("maintenance sweep failed")


async def start(settings: Settings) -> Running:
    store = EmbeddedStore(settings.data_dir / "agentmemory.sqlite3")
    await store.open()
    secret = settings.token_secret or await store.meta.get_or_create("token_secret", secrets.token_hex(32))
    signer = TokenSigner(secret.encode())
    hub = EventHub()

    memory = MemoryCore(settings, store.short_term, store.long_term, store.agent_state)
    decisions = DecisionLogCore(store.decisions, hub, signer)
    subscriptions = Subscriptions(store.decisions, hub, signer, settings.heartbeat_interval)

    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", settings.max_message_bytes),
            ("grpc.max_send_message_length", settings.max_message_bytes),
            # One process per port unless workers are asked for explicitly.
            ("grpc.so_reuseport", 0),
            # Long-lived subscription streams: detect dead peers, allow client keepalives.
            ("grpc.keepalive_time_ms", 60_000),
            ("grpc.keepalive_timeout_ms", 20_000),
            ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
            ("grpc.keepalive_permit_without_calls", 1),
        ]
    )
    memory_pb2_grpc.add_MemoryServiceServicer_to_server(MemoryServicer(memory, settings), server)
    decision_log_pb2_grpc.add_DecisionLogServiceServicer_to_server(
        DecisionLogServicer(decisions, subscriptions, settings), server
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
        pool=_reflection_pool(),
    )
    port = server.add_insecure_port(settings.address)
    await server.start()
    for name in ("", *SERVICE_NAMES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    maintenance = asyncio.create_task(_maintain(settings, memory, store), name="maintenance")
    log.info("agentmemory serving on %s (embedded store in %s)", settings.address, settings.data_dir)
    return Running(server, port, store, hub, health_servicer, maintenance, settings)
