#!/usr/bin/env bash
# Regenerates the TypeScript stubs (src/gen/) from protos/ with buf and the
# local ts-proto plugin pinned in package-lock.json; no network at generation
# time beyond `npm ci` when node_modules is missing.
#
#   stubs/typescript/generate.sh              rewrite stubs/typescript/src/gen
#   stubs/typescript/generate.sh -o DIR       write DIR/stubs/typescript/src/gen instead
#                                             (test.sh compares that with what is committed)
#
# BUF overrides the buf binary (default <repo>/.tools/node_modules/.bin/buf,
# installed with `make .tools/node_modules/.bin/buf` when missing).
set -euo pipefail

buf="${BUF:-}"
case "$buf" in
  */*) buf="$(cd "$(dirname "$buf")" && pwd)/$(basename "$buf")" ;; # relative to the caller
esac

cd "$(dirname "$0")/../.."
root="$PWD"

if [ -z "$buf" ]; then
  buf="$root/.tools/node_modules/.bin/buf"
  if [ ! -x "$buf" ]; then
    make -C "$root" .tools/node_modules/.bin/buf
  fi
fi

if [ ! -d stubs/typescript/node_modules ]; then
  (cd stubs/typescript && npm ci --no-audit --no-fund)
fi

"$buf" generate --template stubs/typescript/buf.gen.yaml "$@"
