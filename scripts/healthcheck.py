"""The container's HEALTHCHECK: grpc.health.v1 Check("") against the server's own port on
loopback (AGENTMEMORY_ADDRESS names the port); exits 0 only when the server reports SERVING.
Plaintext only: a server configured for TLS needs its orchestrator's own TLS-aware check."""

from __future__ import annotations

import os
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def main() -> int:
    port = os.environ.get("AGENTMEMORY_ADDRESS", "127.0.0.1:50051").rsplit(":", 1)[1]
    target = f"127.0.0.1:{port}"
    try:
        with grpc.insecure_channel(target) as channel:
            status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3).status
    except grpc.RpcError as error:
        print(f"{target}: {error.code().name}")
        return 1
    print(f"{target}: {health_pb2.HealthCheckResponse.ServingStatus.Name(status)}")
    return 0 if status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
