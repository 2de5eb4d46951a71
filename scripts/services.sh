#!/usr/bin/env bash
# Starts and stops the real servers the tests talk to, all on loopback:
#   - redis-server, one node            (AGENTMEMORY_TEST_REDIS_URL)
#   - a 3-node Redis Cluster            (AGENTMEMORY_TEST_REDIS_CLUSTER_URL)
#   - moto in server mode, one request at a time: S3 and DynamoDB APIs over HTTP
#     (AGENTMEMORY_TEST_AWS_ENDPOINT)
# DynamoDB Local is not used: its licence is the vendor's own terms, not an open-source licence.
# Installs redis-server from Debian's packages when missing; moto comes with the dev extras.
# Usage: scripts/services.sh start|stop; `start` writes the variables to .services/env.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run="$root/.services"

free_port() {  # a loopback port that is free now, and (Redis Cluster's bus) so is port + 10000
  python3 - <<'PY'
import random, socket
for _ in range(1000):
    port = random.randint(20000, 45000)
    try:
        for candidate in (port, port + 10000):
            with socket.socket() as s:
                s.bind(("127.0.0.1", candidate))
    except OSError:
        continue
    print(port)
    break
PY
}
python="$root/.venv/bin/python"

env_lines() {
  echo "export AGENTMEMORY_TEST_REDIS_URL=redis://127.0.0.1:${redis_port}/0"
  echo "export AGENTMEMORY_TEST_REDIS_CLUSTER_URL=redis://127.0.0.1:${cluster_ports[0]}"
  echo "export AGENTMEMORY_TEST_AWS_ENDPOINT=http://127.0.0.1:${aws_port}"
}

wait_for() {  # wait_for DESCRIPTION COMMAND...
  local what="$1"; shift
  for _ in $(seq 1 100); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "services: $what did not come up" >&2
  return 1
}

start_redis() {  # start_redis PORT [extra args...]
  local port="$1"; shift
  mkdir -p "$run/redis-$port"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$run/redis-$port" --save '' --appendonly no \
    --daemonize yes --pidfile "$run/redis-$port.pid" --logfile "$run/redis-$port.log" "$@"
  wait_for "redis on $port" redis-cli -p "$port" ping
}

start() {
  stop >/dev/null 2>&1 || true
  rm -rf "$run"
  mkdir -p "$run"
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "services: installing redis-server from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  # Ports are picked afresh, so another checkout's servers (or anything else) never collide.
  redis_port="${AGENTMEMORY_TEST_REDIS_PORT:-$(free_port)}"
  cluster_ports=("$(free_port)" "$(free_port)" "$(free_port)")
  aws_port="${AGENTMEMORY_TEST_AWS_PORT:-$(free_port)}"
  start_redis "$redis_port"
  for port in "${cluster_ports[@]}"; do
    start_redis "$port" --cluster-enabled yes --cluster-config-file "$run/redis-$port/nodes.conf" \
      --cluster-node-timeout 2000
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${cluster_ports[@]}") --cluster-replicas 0 \
    --cluster-yes >"$run/cluster-create.log" 2>&1
  wait_for "redis cluster" bash -c "redis-cli -p ${cluster_ports[0]} cluster info | grep -q cluster_state:ok"
  "$python" "$root/scripts/moto_server_serial.py" 127.0.0.1 "$aws_port" >"$run/moto.log" 2>&1 &
  echo $! >"$run/moto.pid"
  wait_for "moto server" "$python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:${aws_port}/moto-api/')"
  env_lines >"$run/env"
  echo "services: redis :$redis_port, redis cluster :${cluster_ports[*]}, moto (S3, DynamoDB) :$aws_port"
}

stop() {
  local pids=()
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    rm -f "$pidfile"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "${pids[@]}" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
