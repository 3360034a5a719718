# The README's commands. Each installs missing Debian packages, configures, builds and runs.
#   make demo   the main demonstration
#   make test   every test (CTest; labels: chan, dtls, ...)
#   make bench  benchmarks side by side with Go (channels) and Pion (DTLS)
#   make fuzz   every libFuzzer target FUZZ_SECONDS (default 600) each (tests/fuzz/README.md)
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench fuzz clean

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

# libFuzzer targets (tests/fuzz/README.md): clang 16 with ASan+UBSan in $(FUZZ_BUILD), then each
# target FUZZ_SECONDS from its committed corpus, fixed seed; CI runs FUZZ_SECONDS=20.
FUZZ_SECONDS ?= 600
FUZZ_BUILD ?= build-fuzz
# Boost.Fiber/Context sources, compiled with ASan's fiber-switch annotations (port-notes/sanitizers.md).
BOOST_SRC ?= $(FUZZ_BUILD)/boost-src
fuzz:
	@bash scripts/deps.sh fuzz
	@bash scripts/boost-fiber-src.sh $(BOOST_SRC)
	@CC=clang-16 CXX=clang++-16 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHAN_FUZZ=ON \
	  -DCHAN_BUILD_BENCH=OFF -DDTLS_BUILD_EXAMPLES=OFF -DFUZZ_SECONDS=$(FUZZ_SECONDS) \
	  -DBOOST_FIBER_SOURCE_DIR="$(abspath $(BOOST_SRC))" $(CMAKE_FLAGS) >/dev/null
	@MAKEFLAGS=--no-print-directory cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	@cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

clean:
	rm -rf $(BUILD)
