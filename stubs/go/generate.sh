#!/usr/bin/env bash
# Regenerates the Go stubs (stubs/go/agentmemory/v1/*.pb.go) from protos/ with
# buf and the local plugins protoc-gen-go and protoc-gen-go-grpc.
#
# Runs from anywhere. Installs the pinned plugins into <repo>/.tools/bin when
# they are missing (or at another version); needs Go and buf (make
# .tools/node_modules/.bin/buf installs buf; BUF=/path/to/buf overrides it).
# The output depends only on the .proto files and the pinned versions, so
# running it twice gives byte-identical files.
set -euo pipefail

# protoc-gen-go comes from google.golang.org/protobuf: keep it at the version
# stubs/go/go.mod requires. protoc-gen-go-grpc is its own module, versioned
# apart from grpc-go; v1.6.x code needs grpc >= v1.64 (go.mod pins v1.85.0).
PROTOC_GEN_GO_VERSION=v1.36.12
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

tools_bin="$repo/.tools/bin"
buf="${BUF:-$repo/.tools/node_modules/.bin/buf}"
if [[ ! -x "$buf" ]] && ! command -v "$buf" >/dev/null 2>&1; then
  echo "generate.sh: buf not found at $buf (run: make .tools/node_modules/.bin/buf, or set BUF)" >&2
  exit 1
fi

# install_plugin BINARY PACKAGE VERSION: go install PACKAGE@VERSION into
# .tools/bin unless that exact version is already there.
install_plugin() {
  local bin="$1" pkg="$2" version="$3" have=""
  if [[ -x "$tools_bin/$bin" ]]; then
    # "protoc-gen-go v1.36.12" / "protoc-gen-go-grpc 1.6.2"
    have="$("$tools_bin/$bin" --version 2>/dev/null | awk '{print $NF}')"
  fi
  if [[ "v${have#v}" != "$version" ]]; then
    echo "generate.sh: installing $pkg@$version into .tools/bin" >&2
    mkdir -p "$tools_bin"
    GOBIN="$tools_bin" go install "$pkg@$version"
  fi
}
install_plugin protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION"
install_plugin protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC_VERSION"

# The package directory holds generated code only: clear it so a file whose
# .proto was removed does not linger.
rm -f stubs/go/agentmemory/v1/*.pb.go
PATH="$tools_bin:$PATH" "$buf" generate --template stubs/go/buf.gen.yaml
