# Ally — make targets. `make test` is what CI runs (through .ci/run).
GO       ?= go
BIN      ?= ally
PKG      := github.com/allyworks/ally
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE     ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS  := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
FUZZTIME ?= 10s
# Release builds leave out net/http's HTTP/2 client (0.4 MB): `ally sync`
# talks HTTP/1.1 to an LRS, which every LRS serves.
TAGS     ?= nethttpomithttp2

.PHONY: build run test fuzz bench e2e dist clean

build: ## build ./ally for this machine (making the built-in course's code again first)
	$(GO) generate ./content
	$(GO) build -trimpath -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/ally

run: ## run Ally on the built-in course
	$(GO) run ./cmd/ally

test: ## vet, then every test with the race detector
	$(GO) vet ./...
	$(GO) test -race ./...

fuzz: ## run each fuzz target for FUZZTIME (default 10s; see scripts/fuzz.sh)
	GO="$(GO)" FUZZTIME="$(FUZZTIME)" scripts/fuzz.sh

e2e: ## drive the real binary in tmux, as a learner would (needs tmux)
	$(GO) test -tags e2e -count=1 -run 'TestNewcomer|TestResumeAfter|TestQuitRightAfter|TestStage3Checklist|TestQuizAt40x12|TestBigCourseRefused|TestBigCourseIndex' ./cmd/ally/

bench: ## Go benchmarks
	$(GO) test -run '^$$' -bench . -benchmem ./...

dist: ## release binaries for every platform in dist/ (COURSE=dir embeds another course)
	TAGS="$(TAGS)" COURSE="$(COURSE)" VERSION="$(VERSION)" COMMIT="$(COMMIT)" DATE="$(DATE)" scripts/dist.sh

clean:
	rm -rf $(BIN) dist
