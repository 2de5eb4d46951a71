#!/usr/bin/env bash
# Regenerates the Java stubs (messages + gRPC services) from protos/ into
# stubs/java/src/main/java/dev/agentmemory/v1/ with buf and local plugins.
#
# The two code generators are pinned executables from Maven Central, fetched
# into <repo>/.tools/java/ only when missing (the versions must match the
# paths in stubs/java/buf.gen.yaml):
#   com.google.protobuf:protoc:<PROTOC_VERSION>:exe:<os>-<arch>
#   io.grpc:protoc-gen-grpc-java:<GRPC_JAVA_PLUGIN_VERSION>:exe:<os>-<arch>
# BUF overrides the buf executable (default <repo>/.tools/node_modules/.bin/buf,
# installed by `make .tools/node_modules/.bin/buf`). Output is deterministic:
# running this twice gives byte-identical files.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$(pwd)"

PROTOC_VERSION=4.36.2
# 1.85.x's linux-x86_64 plugin is not served by Maven Central here; 1.83.1 is the
# newest served one found. Its output runs on the grpc-java 1.85.1 runtime.
GRPC_JAVA_PLUGIN_VERSION=1.83.1

buf="${BUF:-$repo/.tools/node_modules/.bin/buf}"
tools="$repo/.tools/java"
out="stubs/java/src/main/java"
generated="$out/dev/agentmemory/v1"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=osx ;;
  *) echo "generate.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch_64 ;;
  *) echo "generate.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac

# fetch GROUP:ARTIFACT:VERSION DEST: copy the exe artifact from Maven Central to DEST.
fetch() {
  local coords="$1" dest="$2" tmp
  [[ -x "$dest" ]] && return 0
  mkdir -p "$(dirname "$dest")"
  tmp="$(mktemp -d)"
  # Run outside the repo so no pom.xml is picked up.
  (cd "$tmp" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    -Dartifact="$coords:exe:$os-$arch" -DoutputDirectory="$tmp/out")
  chmod +x "$tmp"/out/*.exe
  mv "$tmp"/out/*.exe "$dest"
  rm -rf "$tmp"
}

fetch "com.google.protobuf:protoc:$PROTOC_VERSION" "$tools/protoc-$PROTOC_VERSION"
fetch "io.grpc:protoc-gen-grpc-java:$GRPC_JAVA_PLUGIN_VERSION" "$tools/protoc-gen-grpc-java-$GRPC_JAVA_PLUGIN_VERSION"

if [[ ! -x "$buf" ]]; then
  echo "generate.sh: no buf at $buf (run: make .tools/node_modules/.bin/buf, or set BUF)" >&2
  exit 1
fi

# Only the generated package is replaced; examples/ beside it is hand-written.
rm -rf "$generated"
"$buf" generate --template stubs/java/buf.gen.yaml
