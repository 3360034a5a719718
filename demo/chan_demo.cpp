// The handshake race in miniature, on go::chan.
//
// Pion's conn.go readAndBuffer hands each handshake datagram to the handshake
// goroutine through an UNBUFFERED channel inside a select:
//
//     done := make(chan struct{})
//     select {
//     case c.handshakeRecv <- done:
//         <-done                // wait until the handshake goroutine processed it
//     case <-c.fsm.Done():      // the handshake is over: drop the datagram
//     }
//
// A send on an unbuffered channel is only ready while a receiver is waiting,
// so once the handshake goroutine has stopped receiving, only fsm.Done() can
// fire. Give the channel a buffer of one (as a tokio mpsc::channel(1) port
// does) and the send is ready with nobody receiving: when a late
// (retransmitted) handshake datagram arrives after the handshake finished, both
// cases are ready, select picks one at random, and half the time the reader
// waits on `done` forever: application data is never delivered.
//
// This program runs that scenario many times per variant on a single-threaded
// runtime. With one worker the interleaving is fixed and the only randomness is
// select's choice, seeded per run, so every run is reproducible from its seed
// (`--replay SEED`). A run is "stuck" when, after every fiber has had its
// chance to run (the scheduler has been cycled many times with nothing left to
// do), the application datagram was not delivered.
//
// The full demonstration on the DTLS port itself (real Pion code paths,
// retransmitting peers, lossy links) is the project's `make demo` target once
// the port lands; this is its seed.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "chan/go.hpp"

namespace {

struct unit {};

enum class variant { faithful, buffered1, stopgap_inner_select, stopgap_biased };

const char* name(variant v) {
  switch (v) {
    case variant::faithful: return "faithful (unbuffered, Pion)";
    case variant::buffered1: return "capacity 1 (webrtc-rs v0.11 shape)";
    case variant::stopgap_inner_select: return "capacity 1 + done-check in the wait";
    case variant::stopgap_biased: return "capacity 1 + biased select";
  }
  return "?";
}

enum class datagram { handshake, application };

struct outcome {
  bool delivered = false;
  std::vector<std::string> trace;
};

// One connection: a handshake goroutine that needs two flights, then a reader
// that sees [handshake, handshake, late handshake retransmission, application].
outcome run_once(variant v, std::uint64_t seed, bool want_trace) {
  outcome out;
  auto log = [&](std::string s) {
    if (want_trace) out.trace.push_back(std::move(s));
  };
  go::run({.threads = 1, .seed = seed}, [&] {
    auto handshakeRecv = go::make_chan<go::chan<unit>>(v == variant::faithful ? 0 : 1);
    auto fsmDone = go::make_chan<unit>();
    auto delivered = go::make_chan<unit>(1);

    // The handshake goroutine (Pion's handshakeFSM, reduced to its channel shape).
    go::go([=, &log] {
      for (int flight = 1; flight <= 2; ++flight) {
        go::chan<unit> done = handshakeRecv.recv();
        log("handshaker: processed flight " + std::to_string(flight));
        done.close();
      }
      log("handshaker: handshake complete, closing fsm.Done()");
      fsmDone.close();
    });

    // readAndBuffer
    go::go([=, &log] {
      const datagram incoming[] = {datagram::handshake, datagram::handshake, datagram::handshake,
                                   datagram::application};
      int n = 0;
      for (datagram d : incoming) {
        ++n;
        if (d == datagram::application) {
          log("reader: datagram " + std::to_string(n) + " is application data: delivered");
          delivered.send(unit{});
          continue;
        }
        auto done = go::make_chan<unit>();
        switch (v) {
          case variant::faithful:
          case variant::buffered1: {
            int k = go::select(go::send(handshakeRecv, done), go::recv(fsmDone));
            if (k == 0) {
              log("reader: datagram " + std::to_string(n) + ": select took `handshakeRecv <- done`, waiting on <-done");
              done.recv();
            } else {
              log("reader: datagram " + std::to_string(n) + ": select took `<-fsm.Done()`");
            }
            break;
          }
          case variant::stopgap_inner_select: {
            int k = go::select(go::send(handshakeRecv, done), go::recv(fsmDone));
            if (k == 0) {
              log("reader: datagram " + std::to_string(n) + ": sent, waiting on <-done or <-fsm.Done()");
              go::select(go::recv(done), go::recv(fsmDone));
            } else {
              log("reader: datagram " + std::to_string(n) + ": select took `<-fsm.Done()`");
            }
            break;
          }
          case variant::stopgap_biased: {
            // tokio's `biased;`: poll fsm.Done() first, then the send.
            bool finished = go::select(go::recv(fsmDone), go::default_()) == 0;
            if (finished) {
              log("reader: datagram " + std::to_string(n) + ": fsm.Done() polled first: dropped");
              break;
            }
            int k = go::select(go::send(handshakeRecv, done), go::recv(fsmDone));
            if (k == 0) {
              log("reader: datagram " + std::to_string(n) + ": sent, waiting on <-done");
              done.recv();
            }
            break;
          }
        }
      }
    });

    // Let every fiber run until nothing is left to do. On one worker the
    // scenario needs a few dozen switches; a thousand rounds with nothing
    // delivered means the reader is parked for good.
    for (int round = 0; round < 1000; ++round) {
      if (go::select(go::recv(delivered), go::default_()) == 0) {
        out.delivered = true;
        return;
      }
      go::yield();
    }
    log("main: application data never arrived: the reader is parked on <-done, nobody will close it");
  });
  return out;
}

void usage(FILE* f) {
  std::fprintf(f,
               "usage: chan_demo [--runs N] [--seed S] [--replay SEED] [--json]\n"
               "  --runs N       runs per variant (default 10000)\n"
               "  --seed S       first seed (default 1); run i uses seed S+i\n"
               "  --replay SEED  print the trace of one run of every variant with that seed\n"
               "  --json         print the results as JSON\n");
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 10000;
  std::uint64_t seed0 = 1;
  long long replay = -1;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "chan_demo: %s needs a value\n", flag);
        usage(stderr);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](const char* flag, const char* s) -> long long {
      char* end = nullptr;
      long long n = std::strtoll(s, &end, 10);
      if (end == s || *end != '\0' || n < 0) {
        std::fprintf(stderr, "chan_demo: %s wants a non-negative integer, not '%s'\n", flag, s);
        std::exit(2);
      }
      return n;
    };
    if (a == "--runs") {
      runs = number("--runs", value("--runs"));
    } else if (a == "--seed") {
      seed0 = static_cast<std::uint64_t>(number("--seed", value("--seed")));
    } else if (a == "--replay") {
      replay = number("--replay", value("--replay"));
    } else if (a == "--json") {
      json = true;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "chan_demo: unknown flag '%s'\n", argv[i]);
      usage(stderr);
      return 2;
    }
  }

  const variant all[] = {variant::faithful, variant::buffered1, variant::stopgap_inner_select,
                         variant::stopgap_biased};

  if (replay >= 0) {
    for (variant v : all) {
      outcome o = run_once(v, static_cast<std::uint64_t>(replay), true);
      std::printf("== %s, seed %lld: %s\n", name(v), replay, o.delivered ? "delivered" : "STUCK");
      for (auto& line : o.trace) std::printf("   %s\n", line.c_str());
    }
    return 0;
  }

  if (!json) {
    std::printf("The handshake race in miniature: %ld runs per variant, seeds %llu..%llu, 1 worker thread\n\n", runs,
                static_cast<unsigned long long>(seed0), static_cast<unsigned long long>(seed0 + runs - 1));
    std::printf("%-38s %8s %10s %8s %8s\n", "variant", "runs", "delivered", "stuck", "stuck %");
  } else {
    std::printf("[\n");
  }
  long long first_stuck_seed = -1;
  for (std::size_t vi = 0; vi < std::size(all); ++vi) {
    variant v = all[vi];
    long stuck = 0;
    long long first = -1;
    for (long i = 0; i < runs; ++i) {
      std::uint64_t seed = seed0 + static_cast<std::uint64_t>(i);
      if (!run_once(v, seed, false).delivered) {
        if (first < 0) first = static_cast<long long>(seed);
        ++stuck;
      }
    }
    if (v == variant::buffered1) first_stuck_seed = first;
    double pct = runs ? 100.0 * double(stuck) / double(runs) : 0.0;
    if (json) {
      std::printf("  {\"variant\": \"%s\", \"runs\": %ld, \"stuck\": %ld, \"first_stuck_seed\": %lld}%s\n", name(v),
                  runs, stuck, first, vi + 1 < std::size(all) ? "," : "");
    } else {
      std::printf("%-38s %8ld %10ld %8ld %7.2f%%\n", name(v), runs, runs - stuck, stuck, pct);
    }
  }
  if (json) {
    std::printf("]\n");
    return 0;
  }
  if (first_stuck_seed >= 0) {
    std::printf("\nFirst stuck run of the capacity-1 variant, replayed (seed %lld):\n", first_stuck_seed);
    outcome o = run_once(variant::buffered1, static_cast<std::uint64_t>(first_stuck_seed), true);
    for (auto& line : o.trace) std::printf("   %s\n", line.c_str());
  }
  return 0;
}
