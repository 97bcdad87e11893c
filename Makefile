# survgraph — run `make help` for the targets.
#
# Two commands do everything on a fresh machine:
#   make run    start Neo4j (unless NEO4J_URI is set), load the seed, serve the API
#   make test   start the test Neo4j (unless SURVGRAPH_TEST_NEO4J_URI is set), run every test

SHELL := /bin/bash
GO    ?= go
BIN   := bin/survgraph
PORT  ?= 8080

# The test Neo4j is a second instance, so tests (which wipe their database)
# never touch the data `make run` serves.
TEST_NEO4J_BOLT ?= 127.0.0.1:7688
TEST_NEO4J_DATA ?= .data/neo4j-test

.PHONY: help build run neo4j-up neo4j-down neo4j-status neo4j-test-up neo4j-test-down \
        validate load-seed load-test test test-unit vet golden fuzz kill-mid-load stats clean \
        explorer explorer-deps explorer-check test-explorer deps test-served test-clients

help: ## list the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/survgraph
	$(GO) build -o $(BIN) ./cmd/survgraph

neo4j-up: build ## start the project's Neo4j 5.26 on 127.0.0.1:7687 (fetched with Maven on first use)
	@if [ -n "$$NEO4J_URI" ]; then echo "NEO4J_URI is set ($$NEO4J_URI): not starting a local Neo4j"; \
	else ./$(BIN) neo4j start; fi

neo4j-down: build ## stop the project's Neo4j
	./$(BIN) neo4j stop

neo4j-status: build ## show whether the project's Neo4j runs
	./$(BIN) neo4j status

neo4j-test-up: build ## start the test Neo4j on 127.0.0.1:7688 (data in .data/neo4j-test)
	./$(BIN) neo4j start -data $(TEST_NEO4J_DATA) -bolt $(TEST_NEO4J_BOLT) -heap 1g -pagecache 512m

neo4j-test-down: build ## stop the test Neo4j
	./$(BIN) neo4j stop -data $(TEST_NEO4J_DATA) -bolt $(TEST_NEO4J_BOLT)

validate: build ## check the seed without touching Neo4j
	./$(BIN) validate

load-seed: neo4j-up ## load the seed and the datasets into Neo4j
	./$(BIN) load

run: neo4j-up ## start Neo4j if needed, load the seed, serve GraphQL on :$(PORT)
	./$(BIN) serve -load -addr :$(PORT)

vet: ## go vet
	$(GO) vet ./...

# What the tests need beyond Go, Java 17, Maven, Node and Python: Chromium, curl
# and nginx (apt), the tests' npm packages, and the project's virtualenv .venv.
deps: ## install what make test needs (Chromium, curl, nginx, npm packages, .venv); stops with the command to run when it cannot
	scripts/deps.sh

# make test runs every integration test: none may skip for want of a Neo4j,
# Python's networkx or a Neo4j of its own to start and stop.
TEST_NEO4J_URI = $${SURVGRAPH_TEST_NEO4J_URI:-bolt://$(TEST_NEO4J_BOLT)}
TEST_ENV = SURVGRAPH_TEST_NEO4J_URI=$(TEST_NEO4J_URI) SURVGRAPH_PROJECT_DIR=$(CURDIR) \
  SURVGRAPH_REQUIRE_NEO4J=1 SURVGRAPH_LOCALNEO4J_TEST=1 SURVGRAPH_REQUIRE_ROUNDTRIP=1 SURVGRAPH_REQUIRE_NGINX=1 \
  PATH=$(CURDIR)/.venv/bin:$$PATH
# The suites that test the server through HTTP run against one `survgraph serve`.
SERVED_ENV = NEO4J_URI=$(TEST_NEO4J_URI) \
  NEO4J_USERNAME=$${SURVGRAPH_TEST_NEO4J_USERNAME:-} NEO4J_PASSWORD=$${SURVGRAPH_TEST_NEO4J_PASSWORD:-} \
  NEO4J_DATABASE=$${SURVGRAPH_TEST_NEO4J_DATABASE:-}

test: deps vet ## install what is missing, then run every test against a real Neo4j, then the browser and client suites
	@if [ -z "$$SURVGRAPH_TEST_NEO4J_URI" ]; then $(MAKE) --no-print-directory neo4j-test-up; fi
	$(TEST_ENV) $(GO) test -p 1 -count=1 ./...
	$(MAKE) --no-print-directory test-served

test-served: build deps ## the explorer's browser tests, the client tests and the docs/clients.md recipes, against one server on the test Neo4j
	@if [ -z "$$SURVGRAPH_TEST_NEO4J_URI" ]; then $(MAKE) --no-print-directory neo4j-test-up; fi
	$(SERVED_ENV) scripts/test-with-server.sh -bin ./$(BIN) node --test explorer/tests/ clients/tests/

test-explorer: build deps ## only the explorer's browser tests (headless Chromium), against a server on the test Neo4j
	@if [ -z "$$SURVGRAPH_TEST_NEO4J_URI" ]; then $(MAKE) --no-print-directory neo4j-test-up; fi
	$(SERVED_ENV) scripts/test-with-server.sh -bin ./$(BIN) node --test explorer/tests/

test-clients: build deps ## only the client tests and recipes (graphql-js, graphql-core, gql, graphql-http audit, GraphiQL), against a server on the test Neo4j
	@if [ -z "$$SURVGRAPH_TEST_NEO4J_URI" ]; then $(MAKE) --no-print-directory neo4j-test-up; fi
	$(SERVED_ENV) scripts/test-with-server.sh -bin ./$(BIN) node --test clients/tests/

explorer-deps: ## install the explorer's npm packages (explorer/node_modules)
	cd explorer && npm ci --ignore-scripts --no-audit --no-fund && cp package-lock.json node_modules/.survgraph-lock

explorer: explorer-deps ## rebuild the explorer into api/assets/explorer (commit the result)
	cd explorer && npm run build

explorer-check: explorer ## fail if api/assets/explorer is not what explorer/ builds
	@if [ -n "$$(git status --porcelain -- api/assets/explorer)" ]; then \
	  echo "api/assets/explorer is stale: run make explorer and commit it"; git status --short -- api/assets/explorer; exit 1; fi

test-unit: ## run the tests that need no Neo4j
	$(GO) test -short ./...

golden: ## rewrite golden files after an intended change (review the diff!)
	$(GO) test ./api ./loader ./export ./graphdb ./internal/layers ./ftm ./tablemap ./importer -update

FUZZTIME ?= 10m
FUZZ_TARGETS := ./loader:FuzzValidate ./schema:FuzzParseDate ./api:FuzzGraphQL \
  ./datasets:FuzzSIICompanies ./datasets:FuzzSIITransfers ./datasets:FuzzNormalisation \
  ./datasets:FuzzSpyFilesDocuments ./datasets:FuzzPegasusCandiruOperators \
  ./ftm:FuzzReader ./tablemap:FuzzParse ./tablemap:FuzzRows

fuzz: ## run every fuzz target for FUZZTIME each (default 10m); crashers land in testdata/fuzz
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "== $$fn ($$pkg, $(FUZZTIME))"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME); done

kill-mid-load: ## SIGKILL Neo4j mid-load of the 100k/500k synthetic graph, reload, compare with an uninterrupted load
	scripts/kill-mid-load.sh

stats: build ## regenerate docs/DATA.md from the seed and the datasets
	./$(BIN) stats -markdown docs/DATA.md

clean: ## remove build output (keeps .data)
	rm -rf bin

# make bench: the latency of every docs/queries.md example, on the seed and the
# datasets, then with a synthetic graph beside them; writes docs/benchmarks-queries.md.
# BENCH_NEO4J_URI defaults to the test Neo4j, which is started when nothing answers
# there. It loads into that Neo4j: never point it at data you want kept as it is, and
# do not run `make test` meanwhile. BENCH_DISPOSABLE=1 lets it empty a Neo4j of the
# project's other than the test one (see bench/run.sh).
BENCH_NEO4J_BOLT    ?= $(TEST_NEO4J_BOLT)
BENCH_NEO4J_DATA    ?= $(TEST_NEO4J_DATA)
BENCH_NEO4J_URI     ?= bolt://$(BENCH_NEO4J_BOLT)
BENCH_DATASETS      ?= datasets/data
BENCH_ENTITIES      ?= 100000
BENCH_RELATIONSHIPS ?= 500000
BENCH_N             ?= 50
BENCH_WARMUP        ?= 5
BENCH_OUT           ?= docs/benchmarks-queries.md
BENCH_DISPOSABLE    ?=

.PHONY: bench
bench: build ## time every docs/queries.md query on the seed, then with a 100k/500k synthetic graph (BENCH_* variables)
	GO="$(GO)" BIN=$(BIN) BENCH_NEO4J_URI=$(BENCH_NEO4J_URI) BENCH_NEO4J_BOLT=$(BENCH_NEO4J_BOLT) \
	BENCH_NEO4J_DATA=$(BENCH_NEO4J_DATA) BENCH_TEST_NEO4J_DATA=$(TEST_NEO4J_DATA) BENCH_DISPOSABLE=$(BENCH_DISPOSABLE) \
	BENCH_DATASETS=$(BENCH_DATASETS) BENCH_ENTITIES=$(BENCH_ENTITIES) BENCH_RELATIONSHIPS=$(BENCH_RELATIONSHIPS) \
	BENCH_N=$(BENCH_N) BENCH_WARMUP=$(BENCH_WARMUP) BENCH_OUT=$(BENCH_OUT) \
	  bench/run.sh

# make bench-peers: survgraph beside @neo4j/graphql and hand-written Cypher, over one
# Neo4j of the project's (started with APOC core, which @neo4j/graphql needs) holding the
# seed, the datasets and a synthetic graph; writes docs/benchmarks.md. Fetches APOC with
# Maven and the Node server's packages with npm ci. See bench/peers/run.sh.
PEERS_NEO4J_BOLT      ?= 127.0.0.1:7687
PEERS_NEO4J_DATA      ?= .data/neo4j-peers
PEERS_NEO4J_HEAP      ?= 2g
PEERS_NEO4J_PAGECACHE ?= 1g
PEERS_DATASETS        ?= datasets/data
PEERS_ENTITIES        ?= 100000
PEERS_RELATIONSHIPS   ?= 500000
PEERS_SURVGRAPH_ADDR  ?= 127.0.0.1:8291
PEERS_NODE_PORT       ?= 8292
PEERS_ROUNDS          ?= 5
PEERS_DURATION        ?= 3s
PEERS_CONCURRENCY     ?= 1,8,32
PEERS_OUT             ?= docs/benchmarks.md
PEERS_ALLOW_FAILED    ?= 0

.PHONY: bench-peers
bench-peers: build ## survgraph vs @neo4j/graphql vs raw Cypher on a 100k/500k synthetic graph (PEERS_* variables); writes docs/benchmarks.md
	GO="$(GO)" BIN=$(BIN) PEERS_NEO4J_BOLT=$(PEERS_NEO4J_BOLT) PEERS_NEO4J_DATA=$(PEERS_NEO4J_DATA) \
	PEERS_NEO4J_HEAP=$(PEERS_NEO4J_HEAP) PEERS_NEO4J_PAGECACHE=$(PEERS_NEO4J_PAGECACHE) PEERS_DATASETS=$(PEERS_DATASETS) \
	PEERS_ENTITIES=$(PEERS_ENTITIES) PEERS_RELATIONSHIPS=$(PEERS_RELATIONSHIPS) PEERS_SURVGRAPH_ADDR=$(PEERS_SURVGRAPH_ADDR) \
	PEERS_NODE_PORT=$(PEERS_NODE_PORT) PEERS_ROUNDS=$(PEERS_ROUNDS) PEERS_DURATION=$(PEERS_DURATION) \
	PEERS_CONCURRENCY=$(PEERS_CONCURRENCY) PEERS_OUT=$(PEERS_OUT) PEERS_ALLOW_FAILED=$(PEERS_ALLOW_FAILED) \
	  bench/peers/run.sh

# make load-test: C concurrent clients for D against `survgraph serve` on a free
# loopback port, over the 100,000-entity / 500,000-relationship synthetic graph
# (loaded with `survgraph synthetic` when the Neo4j holds fewer entities);
# writes docs/load-test.md. See loadtest/README.md. (`make load-seed` loads the seed.)
LOAD_NEO4J_URI     ?= bolt://127.0.0.1:7687
LOAD_CLIENTS       ?= 50
LOAD_DURATION      ?= 10m
LOAD_TIMEOUT       ?= 15s
LOAD_ENTITIES      ?= 100000
LOAD_RELATIONSHIPS ?= 500000
LOAD_PROFILE       ?= direct
ifeq ($(LOAD_PROFILE),public)
LOAD_OUT           ?= docs/load-test-public.md
else
LOAD_OUT           ?= docs/load-test.md
endif

.PHONY: load-test
load-test: build ## load test: LOAD_CLIENTS clients for LOAD_DURATION against the synthetic graph (LOAD_* variables; LOAD_PROFILE=public goes through nginx); writes docs/load-test.md or docs/load-test-public.md
	GO="$(GO)" BIN=$(BIN) LOAD_PROFILE=$(LOAD_PROFILE) LOAD_NEO4J_URI=$(LOAD_NEO4J_URI) LOAD_CLIENTS=$(LOAD_CLIENTS) LOAD_DURATION=$(LOAD_DURATION) \
	LOAD_TIMEOUT=$(LOAD_TIMEOUT) LOAD_ENTITIES=$(LOAD_ENTITIES) LOAD_RELATIONSHIPS=$(LOAD_RELATIONSHIPS) LOAD_OUT=$(LOAD_OUT) \
	  loadtest/run.sh

# make bench-loader: the loader against a minimal raw-driver UNWIND/MERGE baseline,
# alternately, on the same synthetic graph, each run into an emptied Neo4j; writes
# docs/benchmarks-loader.md. It EMPTIES the Neo4j at LOADERBENCH_NEO4J_BOLT (started
# from LOADERBENCH_NEO4J_DATA when nothing answers there): give it one of its own.
# See bench/loaderbench/run.sh.
LOADERBENCH_NEO4J_BOLT    ?= 127.0.0.1:7695
LOADERBENCH_NEO4J_DATA    ?= .data/neo4j-loaderbench
LOADERBENCH_ENTITIES      ?= 100000
LOADERBENCH_RELATIONSHIPS ?= 500000
LOADERBENCH_ROUNDS        ?= 3
LOADERBENCH_BATCH         ?= 5000
LOADERBENCH_IMPORT_ROWS   ?= 1000000
LOADERBENCH_ONLY          ?=
LOADERBENCH_OUT           ?= docs/benchmarks-loader.md

.PHONY: bench-loader
bench-loader: build ## loader vs raw UNWIND/MERGE on the synthetic graph, and import table on a 1M-row CSV (LOADERBENCH_* variables); empties its own Neo4j; writes docs/benchmarks-loader.md
	GO="$(GO)" BIN=$(BIN) LOADERBENCH_NEO4J_BOLT=$(LOADERBENCH_NEO4J_BOLT) LOADERBENCH_NEO4J_DATA=$(LOADERBENCH_NEO4J_DATA) \
	LOADERBENCH_ENTITIES=$(LOADERBENCH_ENTITIES) LOADERBENCH_RELATIONSHIPS=$(LOADERBENCH_RELATIONSHIPS) \
	LOADERBENCH_ROUNDS=$(LOADERBENCH_ROUNDS) LOADERBENCH_BATCH=$(LOADERBENCH_BATCH) LOADERBENCH_OUT=$(LOADERBENCH_OUT) \
	LOADERBENCH_IMPORT_ROWS=$(LOADERBENCH_IMPORT_ROWS) LOADERBENCH_ONLY=$(LOADERBENCH_ONLY) \
	  bench/loaderbench/run.sh

# make bench-exports: 20 concurrent whole-graph GraphML downloads from a fresh
# server on the synthetic graph (the first builds the file): the server's RSS
# and a normal query's latency meanwhile; writes docs/benchmarks-exports.md.
# EXPORTBENCH_NEO4J_URI must hold the 100k/500k synthetic graph (make load-test loads it).
EXPORTBENCH_NEO4J_URI  ?= bolt://127.0.0.1:7687
EXPORTBENCH_DOWNLOADS  ?= 20
EXPORTBENCH_OUT        ?= docs/benchmarks-exports.md

.PHONY: bench-exports
bench-exports: build ## 20 concurrent whole-graph downloads: server RSS and a normal query's latency (EXPORTBENCH_* variables); writes docs/benchmarks-exports.md
	GO="$(GO)" BIN=$(BIN) EXPORTBENCH_NEO4J_URI=$(EXPORTBENCH_NEO4J_URI) EXPORTBENCH_DOWNLOADS=$(EXPORTBENCH_DOWNLOADS) \
	EXPORTBENCH_OUT=$(EXPORTBENCH_OUT) bench/exportbench/run.sh
