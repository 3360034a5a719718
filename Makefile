# The README's commands. Each installs missing Debian packages, configures, builds and runs.
#   make demo   the main demonstration
#   make test   every test (CTest; labels: chan, dtls, ...)
#   make bench  benchmarks side by side with Go (channels) and Pion (DTLS)
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@bash scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@MAKEFLAGS=--no-print-directory cmake --build $(BUILD) -j $(JOBS)

# The rendezvous demonstration (port-notes/rendezvous.md): the simulation table, a failing seed's
# trace, a loss sweep plotted to $(BUILD)/rendezvous.png, real-socket runs; every number in
# $(BUILD)/rendezvous.json. Flags: DEMO_FLAGS="--help".
DEMO_FLAGS ?=
demo: build
	@$(BUILD)/demo/dtls-rendezvous --json=$(BUILD)/rendezvous.json --plot=$(BUILD)/rendezvous.png $(DEMO_FLAGS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run-all --build $(BUILD) $(BENCH_FLAGS)

clean:
	rm -rf $(BUILD)
