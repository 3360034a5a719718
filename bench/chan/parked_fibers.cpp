// Memory per parked fiber: start N fibers that each block receiving from a
// channel nobody sends on, then report the process's resident set growth
// (VmRSS from /proc/self/status) per fiber. bench/go/parked_goroutines.go does
// the same with goroutines; bench/compare-go prints both.
//
//   parked_fibers [-n N] [--stack-kib K] [--threads T]
//
// Output (one line, key=value, parsed by compare-go):
//   parked_fibers n=100000 stack_size=65536 threads=1 rss_before_kib=... rss_after_kib=...
//   bytes_per_fiber=... spawn_park_ms=...
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"

namespace {

long vm_rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

[[noreturn]] void usage(const char* msg) {
  if (msg) std::fprintf(stderr, "parked_fibers: %s\n", msg);
  std::fprintf(stderr,
               "usage: parked_fibers [-n N] [--stack-kib K] [--threads T]\n"
               "  -n N           fibers to park (default 100000)\n"
               "  --stack-kib K  go::config::stack_size in KiB (default %zu, minimum 16)\n"
               "  --threads T    worker threads (default 1)\n",
               go::config{}.stack_size / 1024);
  std::exit(msg ? 2 : 0);
}

long parse_positive(const char* flag, const char* v) {
  if (v == nullptr) usage((std::string(flag) + " needs a value").c_str());
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || n <= 0) usage((std::string("bad value for ") + flag + ": " + v).c_str());
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  long n = 100000;
  go::config cfg;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help")) usage(nullptr);
    if (!std::strcmp(a, "-n")) {
      n = parse_positive(a, v);
      ++i;
    } else if (!std::strcmp(a, "--stack-kib")) {
      cfg.stack_size = static_cast<std::size_t>(parse_positive(a, v)) * 1024;
      ++i;
    } else if (!std::strcmp(a, "--threads")) {
      cfg.threads = static_cast<int>(parse_positive(a, v));
      ++i;
    } else {
      usage((std::string("unknown flag ") + a).c_str());
    }
  }
  if (cfg.stack_size < 16 * 1024) usage("--stack-kib must be at least 16");

  long before = 0, after = 0;
  double spawn_ms = 0;
  go::run(cfg, [&] {
    auto block = go::make_chan<int>();
    std::atomic<long> started{0};
    before = vm_rss_kib();
    auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      go::go([&started, block] {
        started.fetch_add(1, std::memory_order_relaxed);
        block.recv();  // parks until the runtime exits
      });
    }
    while (started.load(std::memory_order_relaxed) < n) go::yield();
    go::yield();
    spawn_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    // A fiber counted on another worker may still be on its way into recv().
    if (cfg.threads > 1) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = vm_rss_kib();
    // Returning unwinds the parked fibers (Go: the program exits).
  });
  std::printf(
      "parked_fibers n=%ld stack_size=%zu threads=%d rss_before_kib=%ld rss_after_kib=%ld bytes_per_fiber=%.0f "
      "spawn_park_ms=%.1f\n",
      n, cfg.stack_size, cfg.threads, before, after, double(after - before) * 1024.0 / double(n), spawn_ms);
  return 0;
}
