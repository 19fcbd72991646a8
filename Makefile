# Scrutineer: make run starts the demo, make test runs everything CI runs.

# NOTE: the installed Go has standard-library vulnerabilities reachable from an HTTP
# server; the go command fetches this toolchain through the module proxy.
export GOTOOLCHAIN := go1.27.3
export CGO_ENABLED := 0
# The browser tests keep a screenshot of every page they check under here, one folder
# per test (internal/testutil/browser.go).
export SCRUTINEER_ARTIFACTS ?= $(CURDIR)/artifacts

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
ASSETS  := internal/web/static/vendor/sgds/design-system.min.css

.PHONY: run build test vet staticcheck vulncheck unit fuzz fuzz-short soak deps assets clean bench

## run: install what the build needs, build, seed the demo data and serve it on :8080
run: build
	./bin/scrutineer demo --addr 127.0.0.1:8080 --data data

## build: leave the binary at bin/scrutineer with the design system embedded
build: assets
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/scrutineer ./cmd/scrutineer

## test: vet, staticcheck, govulncheck and every test on SQLite and a throwaway PostgreSQL, browser tests included
test: assets vet staticcheck vulncheck unit fuzz-short

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) tool staticcheck ./...

## vulncheck: govulncheck against an offline database (GOVULNDB, ./vulndb, or built
## from the golang.org/x/vulndb module through the module proxy; see the script)
vulncheck:
	scripts/vulncheck.sh ./...

# NOTE: cmd/scrutineer (the whole program in Chromium: the crawl and the journeys)
# runs on its own after the other packages. Run beside them on 2 cores, a browser
# step now and then waited past its time limit for a machine busy with crash tests
# and another browser.
unit:
	scripts/with-postgres.sh sh -c '$(GO) test -count=1 -timeout 25m $$($(GO) list ./... | grep -v "/cmd/scrutineer$$") && $(GO) test -count=1 -timeout 25m ./cmd/scrutineer'

## fuzz: every fuzz target for FUZZTIME each (default 10s), e.g. make fuzz FUZZTIME=5m
FUZZTIME ?= 10s
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# The short form make test runs: 3 s per target (about a minute in all).
fuzz-short:
	FUZZTIME=3s scripts/fuzz.sh

## soak: the long forms: 100 SIGKILLs under load on each engine (SCRUTINEER_SOAK_KILLS),
## then every fuzz target for a minute (FUZZTIME); an hour or more on two cores
soak:
	SCRUTINEER_SOAK=1 scripts/with-postgres.sh $(GO) test -count=1 -timeout 180m -v -run 'TestCrashSafety|TestTwoServers|TestDatabaseStopped' ./internal/crashtest
	FUZZTIME=$${FUZZTIME_SOAK:-60s} scripts/fuzz.sh

## bench: the quick benchmark set (docs/benchmarks.md), a few minutes on 2 cores; PostgreSQL too under scripts/with-postgres.sh
bench: build
	$(GO) test ./bench/searchapi -run '^$$' -bench 'SearchAPI$$' -benchtime 100x -count 1
	$(GO) test ./bench/writes -run '^$$' -bench . -benchtime 2000x -count 1
	$(GO) test ./bench/upload -run '^$$' -bench . -benchtime 3x -count 1
	$(GO) run ./bench/scan -bin bin/scrutineer -files 500 -runs 2
	$(GO) run ./bench/load -bin bin/scrutineer -size small -requests 1000 -duration 10s -writes 3000 -write-duration 10s -startups 2
	$(GO) test ./internal/web -run '^$$' -bench MainPagesUnderLoad -benchtime 2x -count 1

deps: node_modules/.package-lock.json
	$(GO) mod download

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: $(ASSETS)

$(ASSETS): node_modules/.package-lock.json scripts/copy-assets.sh
	scripts/copy-assets.sh

clean:
	rm -rf bin artifacts internal/web/static/vendor
