"""The floors `make bench` holds agentmemory against: a bare grpc.aio server with agentmemory's
own contract, answering PutShortTerm with one Redis SET and GetShortTerm with one Redis GET
(scenario 1), receiving a LogDecisions stream to the end and answering with an id per decision
(scenario 2's bulk floor: what the stream costs before anything is stored), and handing each
LogDecision straight to every open SubscribeDecisions stream of its agent (scenario 4's floor:
what fanning one event out to each subscriber costs), and nothing else (no validation, no
storage, no cursors, no interceptors, no tracing).

Usage: python -m bench.baseline_server --address 127.0.0.1:PORT --redis-url redis://...
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import uuid

import grpc
import redis.asyncio as redis
from google.protobuf import struct_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc

TTL_MS = 3_600_000


class BareShortTerm(memory_pb2_grpc.MemoryServiceServicer):
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    async def PutShortTerm(self, request: m.PutShortTermRequest, context: grpc.aio.ServicerContext) -> m.PutShortTermResponse:
        await self._redis.set(f"bare:{request.agent_id}:{request.key}", request.value.SerializeToString(), px=TTL_MS)
        return m.PutShortTermResponse(entry=m.ShortTermEntry(agent_id=request.agent_id, key=request.key, value=request.value))

    async def GetShortTerm(self, request: m.GetShortTermRequest, context: grpc.aio.ServicerContext) -> m.GetShortTermResponse:
        stored = await self._redis.get(f"bare:{request.agent_id}:{request.key}")
        if stored is None:
            return m.GetShortTermResponse(found=False)
        value = struct_pb2.Value.FromString(stored)
        return m.GetShortTermResponse(found=True, entry=m.ShortTermEntry(agent_id=request.agent_id, key=request.key, value=value))


class BareDecisions(decision_log_pb2_grpc.DecisionLogServiceServicer):
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dl.SubscribeDecisionsResponse]]] = {}

    async def LogDecision(self, request: dl.LogDecisionRequest, context: grpc.aio.ServicerContext) -> dl.LogDecisionResponse:
        decision = dl.Decision(
            decision_id=uuid.uuid4().hex, agent_id=request.agent_id, decision_type=request.decision_type,
            context=request.context, reasoning=request.reasoning,
        )
        decision.create_time.GetCurrentTime()
        event = dl.SubscribeDecisionsResponse(kind=dl.DECISION_EVENT_KIND_DECISION_LOGGED, decision=decision)
        for queue in self._subscribers.get(request.agent_id, ()):
            queue.put_nowait(event)
        return dl.LogDecisionResponse(decision=decision)

    async def SubscribeDecisions(self, request: dl.SubscribeDecisionsRequest, context: grpc.aio.ServicerContext):
        queue: asyncio.Queue[dl.SubscribeDecisionsResponse] = asyncio.Queue()
        subscribers = self._subscribers.setdefault(request.agent_id, set())
        subscribers.add(queue)
        try:
            # The harness starts logging once every subscriber has seen its first heartbeat.
            yield dl.SubscribeDecisionsResponse(kind=dl.DECISION_EVENT_KIND_HEARTBEAT)
            while True:
                yield await queue.get()
        finally:
            subscribers.discard(queue)

    async def LogDecisions(self, request_iterator, context: grpc.aio.ServicerContext) -> dl.LogDecisionsResponse:
        received = [message.decision.agent_id async for message in request_iterator]
        return dl.LogDecisionsResponse(decision_ids=[f"{agent}-{index}" for index, agent in enumerate(received)])


async def serve(address: str, redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    server = grpc.aio.server()
    memory_pb2_grpc.add_MemoryServiceServicer_to_server(BareShortTerm(client), server)
    decision_log_pb2_grpc.add_DecisionLogServiceServicer_to_server(BareDecisions(), server)
    # Readiness the same way as agentmemory's (the harness waits for SERVING); not on the hot path.
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    server.add_insecure_port(address)
    await server.start()
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop(1)
    await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--redis-url", required=True)
    args = parser.parse_args()
    asyncio.run(serve(args.address, args.redis_url))


if __name__ == "__main__":
    main()
