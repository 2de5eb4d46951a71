#!/usr/bin/env bash
# Regenerates the Python stubs (messages, .pyi type stubs, gRPC stubs) from
# protos/ into the directory given (default stubs/python). The stale-code test
# calls it with a temporary directory and compares the result with what is
# committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-stubs/python}"
python="${PYTHON:-.venv/bin/python}"
mkdir -p "$out"
"$python" -m grpc_tools.protoc \
  -Iprotos \
  --python_out="$out" \
  --pyi_out="$out" \
  --grpc_python_out="$out" \
  protos/agentmemory/v1/*.proto
# The descriptor set with source info lets server reflection (grpcurl describe) show the
# contract's comments.
"$python" -m grpc_tools.protoc \
  -Iprotos \
  --include_imports \
  --include_source_info \
  --descriptor_set_out="$out/agentmemory/v1/descriptor_set.binpb" \
  protos/agentmemory/v1/*.proto
