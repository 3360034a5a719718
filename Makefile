# The README's commands. Each installs missing Debian packages, configures, builds and runs.
#   make demo   the main demonstration
#   make test   every test (CTest; labels: chan, dtls, ...)
#   make bench  benchmarks side by side with Go
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
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@$(BUILD)/demo/chan_demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/compare-go

clean:
	rm -rf $(BUILD)
