#!/usr/bin/env bash
# Runs the Java stubs' tests: the shared cross-language scenario
# (tests/scenario/README.md) and the quickstart example, against the live
# server at AGENTMEMORY_ADDRESS (host:port, plaintext). Without
# AGENTMEMORY_ADDRESS they are skipped. Needs Java 17+ and Maven; dependencies
# come from Maven Central on first use. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${AGENTMEMORY_ADDRESS:-}" ]]; then
  echo "test.sh: AGENTMEMORY_ADDRESS is unset: the scenario tests will be skipped" >&2
fi
exec mvn -B -ntp -Dstyle.color=never test "$@"
