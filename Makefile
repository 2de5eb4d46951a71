# agentmemory developer entry points. Everything installs itself on first use:
# a fresh machine needs only python3 (3.11+) and, for the contract checks,
# node/npm (buf ships as an npm package).
PYTHON_BOOTSTRAP ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUF_VERSION := 1.75.0
BUF := .tools/node_modules/.bin/buf

.PHONY: install run test test-python lint generate check-generated bench bench-latency bench-analytics soak clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

$(BUF):
	mkdir -p .tools
	npm install --silent --no-audit --no-fund --prefix .tools @bufbuild/buf@$(BUF_VERSION)

## run: serve on the embedded store (AGENTMEMORY_ADDRESS, AGENTMEMORY_DATA_DIR, ... apply)
run: install
	$(VENV)/bin/agentmemory serve

## generate: rewrite every language's generated stubs from protos/ (local plugins only; the
## Go, TypeScript and Java scripts install their pinned generators on first use)
generate: install $(BUF)
	PYTHON=$(PY) scripts/generate_python.sh
	BUF=$(abspath $(BUF)) stubs/go/generate.sh
	BUF=$(abspath $(BUF)) stubs/typescript/generate.sh
	BUF=$(abspath $(BUF)) stubs/java/generate.sh

## check-generated: fail when the committed stubs differ from what the protos generate
check-generated: generate
	@if [ -n "$$(git status --porcelain -- stubs/)" ]; then \
		git status --short -- stubs/; \
		echo "generated stubs are stale: run 'make generate' and commit the result"; exit 1; \
	fi

## lint: buf lint, and buf breaking against main once main has a commit
lint: $(BUF)
	$(BUF) lint
	@if git rev-parse --verify --quiet main >/dev/null; then \
		echo "buf breaking --against .git#branch=main"; \
		$(BUF) breaking --against '.git#branch=main'; \
	fi

## test: every suite, against real servers (redis-server, a Redis Cluster, moto's S3/DynamoDB
## server) that scripts/services.sh starts on loopback and stops afterwards
test: install lint check-generated test-python

test-python: install
	scripts/services.sh start
	. .services/env && AGENTMEMORY_TEST_REQUIRE_SERVICES=1 $(PY) -m pytest -q; \
		status=$$?; scripts/services.sh stop; exit $$status

## bench: every scenario of the benchmark suite against its baselines, one table, results in
## bench/results/ (starts and stops its own servers; BENCH_ARGS=--quick for a short run)
bench: install
	scripts/services.sh start
	. .services/env && $(PY) -m bench.suite $(BENCH_ARGS); status=$$?; scripts/services.sh stop; exit $$status

## bench-latency: per-RPC p50/p99 on both stacks (starts and stops its own servers)
bench-latency: install
	scripts/services.sh start
	. .services/env && $(PY) -m bench.rpc_latency; status=$$?; scripts/services.sh stop; exit $$status

## bench-analytics: 1,000,000 decisions over 30 days, then AnalyzeDecisions from the rollups
## against a full scan of the same range (embedded store; a few minutes)
bench-analytics: install
	$(PY) -m bench.analytics --decisions 1000000 --days 30

## soak: 30 minutes of mixed load on the embedded stack, with server memory at start and end
soak: install
	$(PY) -m bench.soak --seconds 1800 --stack embedded

clean:
	rm -rf $(VENV) .tools .pytest_cache .services
