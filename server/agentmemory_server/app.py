"""The one wiring file: config -> stores -> core -> servicers -> server. Nothing else builds a store."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources as package_files

import grpc
from google.protobuf import descriptor_pb2
from opentelemetry.sdk.trace import TracerProvider
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

import agentmemory.v1
from agentmemory.v1 import decision_log_pb2, decision_log_pb2_grpc, memory_pb2, memory_pb2_grpc
from agentmemory_server import observability, telemetry
from agentmemory_server.api.auth import AgentGuardInterceptor
from agentmemory_server.api.decision_servicer import DecisionLogServicer
from agentmemory_server.api.draining import ServiceCalls
from agentmemory_server.api.handlers import WrappingRegistrar
from agentmemory_server.api.limits import CallLimit
from agentmemory_server.api.malformed import refusing_malformed
from agentmemory_server.api.memory_servicer import MemoryServicer
from agentmemory_server.api.reflection import DocumentedPool
from agentmemory_server.config import Settings
from agentmemory_server.core.analytics import AnalyticsCore
from agentmemory_server.core import archive_digest
from agentmemory_server.core.archiver import Archiver
from agentmemory_server.core.decisions import DecisionLogCore
from agentmemory_server.core.learning import LearningCore, LearningPolicy
from agentmemory_server.core.memory import MemoryCore
from agentmemory_server.core.recall import RecallCore
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.core.schedule import ConsolidationScheduler, Schedule, holder_id
from agentmemory_server.core.models import TokenRecord, now_us
from agentmemory_server.core.ratelimit import RateLimiter
from agentmemory_server.core.security import Tokens
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.events.hub import EventHub
from agentmemory_server.events.subscriptions import Subscriptions
from agentmemory_server.storage.embedded.archive import LocalArchiveStore
from agentmemory_server.storage.embedded.store import EmbeddedStore
from agentmemory_server.storage.ports import (
    AgentStateStore,
    ArchiveStore,
    DecisionStore,
    LeaseStore,
    LongTermStore,
    MetaStore,
    ShortTermStore,
    TokenStore,
)

log = logging.getLogger(__name__)

SERVICE_NAMES = (
    memory_pb2.DESCRIPTOR.services_by_name["MemoryService"].full_name,
    decision_log_pb2.DESCRIPTOR.services_by_name["DecisionLogService"].full_name,
)


def _reflection_pool() -> DocumentedPool:
    contract = descriptor_pb2.FileDescriptorSet.FromString(
        package_files.files(agentmemory.v1).joinpath("descriptor_set.binpb").read_bytes()
    )
    files = list(contract.file)
    for module in (health_pb2, reflection_pb2):
        file = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(file)
        files.append(file)
    return DocumentedPool(files)


@dataclass
class Stores:
    """One adapter per port, and what must happen to them."""

    short_term: ShortTermStore
    long_term: LongTermStore
    agent_state: AgentStateStore
    decisions: DecisionStore
    meta: MetaStore
    tokens: TokenStore
    leases: LeaseStore
    # None on the AWS stack without an archive bucket.
    archive: ArchiveStore | None
    # Wakes subscribers of an agent after a commit (and, across replicas, theirs).
    notify: Callable[[str], None]
    resources: contextlib.AsyncExitStack


async def open_embedded(settings: Settings, hub: EventHub) -> Stores:
    resources = contextlib.AsyncExitStack()
    store = EmbeddedStore(
        settings.data_dir / "agentmemory.sqlite3", rollup_spec(settings), context_index_path=settings.context_index_path
    )
    await store.open()
    resources.push_async_callback(store.close)
    stores = Stores(
        short_term=store.short_term,
        long_term=store.long_term,
        agent_state=store.agent_state,
        decisions=store.decisions,
        meta=store.meta,
        tokens=store.tokens,
        leases=store.leases,
        archive=local_archive(settings),
        notify=hub.notify,
        resources=resources,
    )
    await check_fixed_settings(settings, stores, f"the embedded store in {settings.data_dir}")
    return stores


def local_archive(settings: Settings) -> LocalArchiveStore:
    """The embedded stack's archive: a folder in the data directory, laid out as the bucket is."""
    return LocalArchiveStore(settings.data_dir / "archive")


def rollup_spec(settings: Settings) -> RollupSpec:
    return RollupSpec(tuple(settings.analytics_dimensions), settings.analytics_choice_path)


async def check_fixed_settings(settings: Settings, stores: Stores, where: str) -> None:
    """The rollups were counted by the dimensions and choice path first configured; counting by
    others from now on would mix two incompatible sets of rows."""
    wanted = json.dumps({"dimensions": settings.analytics_dimensions, "choice_path": settings.analytics_choice_path})
    try:
        stored = await stores.meta.get_or_create("rollup_spec", wanted)
    except BaseException:
        await stores.resources.aclose()
        raise
    if json.loads(stored) != json.loads(wanted):
        await stores.resources.aclose()
        raise SystemExit(
            f"AGENTMEMORY_ANALYTICS_DIMENSIONS / AGENTMEMORY_ANALYTICS_CHOICE_PATH are {wanted}, but {where} "
            f"rolls decisions up by {stored}; they are fixed once chosen"
        )


async def open_stores(settings: Settings, hub: EventHub, tracing: TracerProvider | None = None) -> Stores:
    if settings.backend == "aws":
        # Imported here: the embedded server never loads boto or redis (start-up time, memory).
        from agentmemory_server import aws

        return await aws.open_aws(settings, hub, tracing)
    return await open_embedded(settings, hub)


async def create_token(settings: Settings, agent_id: str, grants: tuple[str, ...]) -> tuple[str, TokenRecord]:
    """Issues a bearer token in the configured backend's token store."""
    stores = await open_stores(settings, EventHub())
    try:
        return await Tokens(stores.tokens).create(agent_id, grants)
    finally:
        await stores.resources.aclose()


def _is_loopback(address: str) -> bool:
    host = address.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    if settings.tls_cert_file is None and settings.tls_key_file is None:
        return None
    if settings.tls_cert_file is None or settings.tls_key_file is None:
        raise SystemExit("TLS needs both AGENTMEMORY_TLS_CERT_FILE and AGENTMEMORY_TLS_KEY_FILE")
    client_ca = settings.tls_client_ca_file.read_bytes() if settings.tls_client_ca_file else None
    return grpc.ssl_server_credentials(
        [(settings.tls_key_file.read_bytes(), settings.tls_cert_file.read_bytes())],
        root_certificates=client_ca,
        require_client_auth=client_ca is not None,
    )


async def init_aws(settings: Settings) -> list[str]:
    """Creates the tables (with indexes and TTL) and the archive bucket idempotently; returns
    what it did."""
    from agentmemory_server import aws

    return await aws.init_aws(settings)


async def verify_archive(
    settings: Settings, agent_id: str, first_day: str, last_day: str
) -> archive_digest.Verification:
    """Re-hashes the agent's archived objects and digests of [first_day, last_day] in the
    configured stack's archive (the data directory's folder, or the AWS stack's bucket)."""
    if settings.backend == "embedded":
        return await archive_digest.verify_archive(local_archive(settings), agent_id, first_day, last_day)
    if not settings.archive_bucket:
        raise SystemExit("the AWS stack archives only with AGENTMEMORY_ARCHIVE_BUCKET set")
    from agentmemory_server import aws

    async with aws.s3_archive(settings.archive_bucket) as archive:
        return await archive_digest.verify_archive(archive, agent_id, first_day, last_day)


# How long a graceful stop lets gRPC finish by itself once the services' calls have: a few
# turns of the event loop would do (see Running.stop); the rest is margin on a busy machine.
LEFTOVER_CALLS_WAIT_S = 0.25


@dataclass
class Running:
    """A started server and what must be stopped with it."""

    server: grpc.aio.Server
    port: int
    stores: Stores
    hub: EventHub
    health: health.aio.HealthServicer
    # Maintenance sweeps and scheduled consolidation, cancelled on stop.
    background: list[asyncio.Task[None]]
    settings: Settings
    # The services' calls in flight, which a graceful stop waits for.
    calls: ServiceCalls

    async def stop(self) -> None:
        """Graceful stop: report NOT_SERVING, end subscription streams, let the services' calls in
        flight finish (up to shutdown_grace), cancel what gRPC holds beyond them (api/draining.py
        says what), then close the stores so every acknowledged write is durable."""
        for name in ("", *SERVICE_NAMES):
            await self.health.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
        self.hub.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.shutdown_grace
        stopping = asyncio.ensure_future(self.server.stop(self.settings.shutdown_grace))
        with contextlib.suppress(TimeoutError):
            while not stopping.done():
                await asyncio.wait_for(self.calls.finished(), deadline - loop.time())
                # A call taken in just before the stop reaches ServiceCalls a few turns of the
                # event loop later; once none has for a while, nothing left is the services'.
                await asyncio.wait({stopping}, timeout=LEFTOVER_CALLS_WAIT_S)
                if not stopping.done() and not self.calls.pending():
                    log.info(
                        "services' calls finished; cancelling what gRPC still holds "
                        "(health watches, calls never handed on)"
                    )
                    await self.server.stop(None)
        await stopping
        for task in self.background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.stores.resources.aclose()
        observability.shutdown_metrics()


async def _maintain(
    settings: Settings, memory: MemoryCore, decisions: DecisionStore, archiver: Archiver | None
) -> None:
    """Purges expired short-term entries and events past retention, forever, and runs the
    archiver every archive_interval from the first round on. (On the AWS stack Redis and
    DynamoDB expire both by themselves; the calls there are cheap no-ops or sweeps.)"""
    loop = asyncio.get_running_loop()
    archive_at = loop.time()
    while True:
        await asyncio.sleep(settings.stm_sweep_interval)
        try:
            await memory.purge_expired_short_term()
            if settings.backend == "embedded":
                await decisions.prune_events(now_us() - int(settings.event_retention * 1_000_000))
        except Exception:  # noqa: BLE001 - a failed sweep is retried next round, never fatal
            log.exception("maintenance sweep failed")
        if archiver is not None and loop.time() >= archive_at:
            archive_at = loop.time() + settings.archive_interval
            try:
                if archived := await archiver.run():
                    log.info("archived %d agent-days of decisions", archived)
            except Exception:  # noqa: BLE001 - a failed run is retried after archive_interval
                log.exception("archiver run failed")


async def start(settings: Settings, reuse_port: bool = False) -> Running:
    """`reuse_port`: this process is one of `serve --workers N`, sharing the address with the others."""
    tracing = telemetry.configure()
    observability.configure_metrics()
    if settings.auth == "none" and not settings.allow_insecure_remote and not _is_loopback(settings.address):
        raise SystemExit(
            f"refusing to serve {settings.address} without authentication: set AGENTMEMORY_AUTH=token "
            "(or AGENTMEMORY_ALLOW_INSECURE_REMOTE=true behind something that authenticates)"
        )
    credentials = _server_credentials(settings)
    hub = EventHub()
    stores = await open_stores(settings, hub, tracing)
    try:
        secret = settings.token_secret or await stores.meta.get_or_create("token_secret", secrets.token_hex(32))
    except BaseException:
        await stores.resources.aclose()
        raise
    signer = TokenSigner(secret.encode())

    memory = MemoryCore(settings, stores.short_term, stores.long_term, stores.agent_state)
    analytics = AnalyticsCore(stores.decisions, stores.long_term, rollup_spec(settings), settings.analytics_max_scan)
    learning = LearningCore(analytics, stores.long_term, learning_policy(settings))
    recall = RecallCore(stores.short_term, stores.decisions, stores.archive)
    decisions = DecisionLogCore(stores.decisions, stores.notify, signer, learning.credit, archive=stores.archive)
    subscriptions = Subscriptions(stores.decisions, hub, signer, settings.heartbeat_interval)

    tokens = Tokens(stores.tokens) if settings.auth == "token" else None
    limiter = RateLimiter(settings.rate_limit, settings.rate_limit_burst) if settings.rate_limit > 0 else None
    # Only guards intercept calls: spans come from the servicers' own wrapper (telemetry.ServerSpan)
    # and undecodable requests are refused by the handlers (refusing_malformed below), so without
    # guards, calls skip grpc's interceptor machinery altogether.
    interceptors = [AgentGuardInterceptor(tokens, limiter)] if tokens or limiter else []
    server = grpc.aio.server(
        interceptors=interceptors or None,
        options=[
            ("grpc.max_receive_message_length", settings.max_message_bytes),
            ("grpc.max_send_message_length", settings.max_message_bytes),
            # One process per port unless workers are asked for explicitly: binding an address
            # another server already holds must fail, not silently split its traffic.
            ("grpc.so_reuseport", int(reuse_port)),
            # Long-lived subscription streams: detect dead peers, allow client keepalives.
            ("grpc.keepalive_time_ms", 60_000),
            ("grpc.keepalive_timeout_ms", 20_000),
            ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
            ("grpc.keepalive_permit_without_calls", 1),
        ]
    )
    # First among the generic handlers, so that it sees every call (api/draining.py).
    calls = ServiceCalls(SERVICE_NAMES)
    server.add_generic_rpc_handlers((calls,))
    registrar = WrappingRegistrar(server, refusing_malformed)
    # Only agentmemory's own calls count against AGENTMEMORY_MAX_CONCURRENT_RPCS, never health
    # checks or reflection (api/limits.py says why).
    services = (
        WrappingRegistrar(registrar, CallLimit(settings.max_concurrent_rpcs).wrap)
        if settings.max_concurrent_rpcs
        else registrar
    )
    memory_pb2_grpc.add_MemoryServiceServicer_to_server(MemoryServicer(memory, learning, recall, settings), services)
    decision_log_pb2_grpc.add_DecisionLogServiceServicer_to_server(
        DecisionLogServicer(decisions, subscriptions, analytics, settings), services
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, registrar)
    # What reflection.enable_server_reflection does for an aio server, through the registrar.
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        reflection.aio.ReflectionServicer(
            (*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
            pool=_reflection_pool(),
        ),
        registrar,
    )
    try:
        if credentials is None:
            port = server.add_insecure_port(settings.address)
        else:
            port = server.add_secure_port(settings.address, credentials)
    except RuntimeError as error:
        await stores.resources.aclose()
        raise SystemExit(f"cannot listen on {settings.address} (is another server there?): {error}") from None
    await server.start()
    for name in ("", *SERVICE_NAMES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    archiver = None
    if stores.archive is not None:
        archiver = Archiver(
            stores.decisions,
            stores.archive,
            hot_retention_us=int(settings.hot_retention * 1_000_000),
            lead_us=int(settings.archive_lead * 1_000_000),
        )
    else:
        log.warning("no AGENTMEMORY_ARCHIVE_BUCKET: decisions leave DynamoDB after hot retention without an archive")
    background = [asyncio.create_task(_maintain(settings, memory, stores.decisions, archiver), name="maintenance")]
    if settings.consolidation_interval > 0:
        scheduler = ConsolidationScheduler(
            consolidation_schedule(settings), stores.leases, stores.decisions, learning, holder_id()
        )
        background.append(asyncio.create_task(scheduler.run_forever(), name="consolidation"))
    where = f"embedded store in {settings.data_dir}" if settings.backend == "embedded" else "AWS stack"
    log.info("agentmemory serving on %s (%s)", settings.address, where)
    return Running(server, port, stores, hub, health_servicer, background, settings, calls)


def learning_policy(settings: Settings) -> LearningPolicy:
    return LearningPolicy(
        min_occurrences=settings.consolidation_min_occurrences,
        min_success_rate=settings.consolidation_min_success_rate,
        prune_confidence=settings.pattern_prune_confidence,
        low_confidence_retention_us=int(settings.low_confidence_retention * 1_000_000),
        deprecated_retention_us=int(settings.deprecated_retention * 1_000_000),
        credit_min_trials=settings.credit_min_trials,
    )


def consolidation_schedule(settings: Settings) -> Schedule:
    interval_us = int(settings.consolidation_interval * 1_000_000)
    return Schedule(
        interval_us=interval_us,
        offset_us=int(settings.consolidation_offset * 1_000_000) % interval_us,
        window_us=int(settings.consolidation_window * 1_000_000),
        lease_us=min(interval_us, 15 * 60 * 1_000_000),
    )
