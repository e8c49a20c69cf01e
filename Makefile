# budgit: make run (demo on the bundled fixtures), make test, make bench, make fuzz, make install.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DEMO ?= demo
RELEASE_BIN := .build/release/budgit

.PHONY: all deps build release run test bench install clean fuzz

all: build

# Installs what is missing on a Debian machine: libgit2 headers and pkg-config (git for tests).
deps:
	@if ! pkg-config --exists libgit2 2>/dev/null || ! command -v git >/dev/null; then \
		echo "installing libgit2-dev pkg-config git"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libgit2-dev pkg-config git >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install Swift 6 (https://www.swift.org/install/linux/)"; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product budgit

# The main job: a demo repository from the bundled fixtures, its history and checks.
run: release
	@bash scripts/demo.sh $(RELEASE_BIN) $(DEMO)

test: deps
	@# Full log in .build-test.log; the terminal shows failures and the summary.
	$(SWIFT) test --disable-xctest 2>&1 | tee .build-test.log | awk '/^(◇|↳)/ {next} /^✔ (Test|Suite) / && !/^✔ Test run with/ {next} {print}'; exit $${PIPESTATUS[0]}

# Benchmarks (not tests): both scales, against git and the peers; results in bench-out/.
BENCH_SCALES ?= small,large
bench: deps
	$(SWIFT) build -c release --product budgit
	$(SWIFT) build -c release --product budgit-corpus
	$(SWIFT) build -c release --product budgit-bench
	@command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null; }
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
	bash bench/peers/setup.sh
	python3 bench/run_bench.py --scales $(BENCH_SCALES)

install: release
	install -d $(PREFIX)/bin
	install -m 0755 $(RELEASE_BIN) $(PREFIX)/bin/budgit

clean:
	rm -rf .build $(DEMO) .build-test.log fuzz-out

# Fuzzing (not tests): each target (import, canonical, cache) for FUZZ_RUNS mutated inputs, in
# batches run in child processes; crashes and hangs are saved under fuzz-out/. See docs/RELIABILITY.md.
FUZZ_RUNS ?= 100000
FUZZ_SEED ?= 1
FUZZ_TARGET ?= all
fuzz: deps
	$(SWIFT) build -c release --product budgit-fuzz
	.build/release/budgit-fuzz --target $(FUZZ_TARGET) --runs $(FUZZ_RUNS) --seed $(FUZZ_SEED) --out fuzz-out --fixtures Fixtures
