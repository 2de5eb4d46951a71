#!/usr/bin/env bash
# Installs (npm ci), builds (tsc, strict) and tests the TypeScript stubs:
#  1. the committed src/gen matches what generate.sh produces from protos/;
#  2. the shared cross-language scenario (tests/scenario/README.md), the
#     quickstart example and the streaming tests, against the live server at
#     AGENTMEMORY_ADDRESS (host:port, plaintext). With AGENTMEMORY_ADDRESS
#     unset those tests are skipped, and say so.
# Exits non-zero on any failure. Needs only node (20+) and npm.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund
npm run build

echo "== generated code is fresh (stubs/typescript/generate.sh)"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
./generate.sh -o "$fresh"
if ! diff -r "$fresh/stubs/typescript/src/gen" src/gen; then
  echo "FAIL: stubs/typescript/src/gen is stale: run stubs/typescript/generate.sh and commit the result" >&2
  exit 1
fi

if [ -z "${AGENTMEMORY_ADDRESS:-}" ]; then
  echo "== AGENTMEMORY_ADDRESS is unset: the live-server tests will be skipped"
else
  echo "== tests against $AGENTMEMORY_ADDRESS"
fi
npm test
