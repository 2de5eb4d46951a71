#!/usr/bin/env bash
# Tests the Go stubs against a live agentmemory server:
#
#   AGENTMEMORY_ADDRESS=127.0.0.1:50051 stubs/go/test.sh
#
# gofmt, go vet, then go test (the cross-language scenario of
# tests/scenario/README.md, in scenario_test.go), then the quickstart example.
# Needs only Go: modules are downloaded as go.mod/go.sum pin them. Exits
# non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ -z "${AGENTMEMORY_ADDRESS:-}" ]]; then
  echo "test.sh: set AGENTMEMORY_ADDRESS to host:port of a live agentmemory server" >&2
  exit 2
fi

echo "== go version: $(go version)"
echo "== gofmt -l ."
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
  echo "test.sh: not gofmt-formatted:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "== go vet ./..."
go vet ./...

echo "== go test ./... -count=1 -v (AGENTMEMORY_ADDRESS=$AGENTMEMORY_ADDRESS)"
go test ./... -count=1 -v

echo "== go run ./examples/quickstart"
go run ./examples/quickstart
