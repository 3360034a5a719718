// The rendezvous demonstration at CI size (CTest label `demo`): the deterministic simulation of
// demo/rendezvous over 2,000 seeds per variant. See port-notes/rendezvous.md.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "demo/rendezvous/sim.hpp"

namespace {

using dtls::HandshakeRendezvous;
using rendezvous::Result;
using rendezvous::SimOutcome;
using rendezvous::SimParams;

constexpr std::uint64_t kSeeds = 2000;

struct tally {
  long completed = 0, stuck = 0, failed = 0, deadlock = 0;
  std::optional<std::uint64_t> first_stuck;
};

tally run_seeds(HandshakeRendezvous v, rendezvous::Side side = rendezvous::Side::Server, double duplicate = 0) {
  tally t;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SimParams p;
    p.variant = v;
    p.seed = seed;
    p.side = side;
    p.duplicate = duplicate;
    switch (rendezvous::simulate(p).result) {
      case Result::Completed: ++t.completed; break;
      case Result::Stuck:
        ++t.stuck;
        if (!t.first_stuck) t.first_stuck = seed;
        break;
      case Result::HandshakeFailed: ++t.failed; break;
      case Result::Deadlock: ++t.deadlock; break;
    }
  }
  return t;
}

// Pion's shape: an unbuffered handoff inside a select, and a handshake fiber that lives until
// Close. No seed may leave a run with both handshakes done and the echo undelivered, and the
// peer's retransmissions after the handshake are always answered.
TEST(Rendezvous, FaithfulNeverGetsStuck) {
  tally t = run_seeds(HandshakeRendezvous::Faithful);
  EXPECT_EQ(t.stuck, 0) << "first stuck seed: " << t.first_stuck.value_or(0);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.deadlock, 0);
  EXPECT_EQ(t.completed, static_cast<long>(kSeeds));
}

// The webrtc-rs shape (capacity 1, handshake task gone after the first Finished): some seeds
// deliver a late handshake datagram after the handshake, the buffered send succeeds with no one
// to answer, and the read loop never delivers the echo.
TEST(Rendezvous, WebrtcRsGetsStuck) {
  tally t = run_seeds(HandshakeRendezvous::WebrtcRs);
  EXPECT_GT(t.stuck, 0);
  EXPECT_GT(t.completed, 0);
}

// The fix: a rendezvous handoff (the send completes only when the handshake task takes it).
TEST(Rendezvous, OneshotFixNeverGetsStuck) {
  tally t = run_seeds(HandshakeRendezvous::OneshotFix);
  EXPECT_EQ(t.stuck, 0) << "first stuck seed: " << t.first_stuck.value_or(0);
  EXPECT_EQ(t.deadlock, 0);
}

// The variant on the client side gets stuck too (duplicated final flights from the peer).
TEST(Rendezvous, WebrtcRsClientSideGetsStuck) {
  tally t = run_seeds(HandshakeRendezvous::WebrtcRs, rendezvous::Side::Client);
  EXPECT_GT(t.stuck, 0);
  tally f = run_seeds(HandshakeRendezvous::Faithful, rendezvous::Side::Client);
  EXPECT_EQ(f.stuck, 0) << "first stuck seed: " << f.first_stuck.value_or(0);
}

// With duplicated datagrams on top of loss and reordering (30% of the surviving datagrams arrive
// twice, each copy with its own delay), Pion's shape still completes every run; the buffered
// shape still gets stuck. The copies do change the runs: some seed's handshake takes a
// different (virtual) time than without them.
TEST(Rendezvous, DuplicationFaithfulNeverGetsStuck) {
  tally t = run_seeds(HandshakeRendezvous::Faithful, rendezvous::Side::Server, 0.3);
  EXPECT_EQ(t.stuck, 0) << "first stuck seed: " << t.first_stuck.value_or(0);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.deadlock, 0);
  tally w = run_seeds(HandshakeRendezvous::WebrtcRs, rendezvous::Side::Server, 0.3);
  EXPECT_GT(w.stuck, 0);
  bool differs = false;
  for (std::uint64_t seed = 1; seed <= 50 && !differs; ++seed) {
    SimParams a;
    a.seed = seed;
    SimParams b = a;
    b.duplicate = 0.3;
    differs = rendezvous::simulate(a).handshake_ms != rendezvous::simulate(b).handshake_ms;
  }
  EXPECT_TRUE(differs) << "duplication changed no run";
}

// A failing seed replays exactly: same outcome, same trace, same final goroutine dump.
TEST(Rendezvous, FailingSeedReplaysIdentically) {
  tally t = run_seeds(HandshakeRendezvous::WebrtcRs);
  ASSERT_TRUE(t.first_stuck.has_value());
  SimParams p;
  p.variant = HandshakeRendezvous::WebrtcRs;
  p.seed = *t.first_stuck;
  p.trace = true;
  SimOutcome a = rendezvous::simulate(p);
  SimOutcome b = rendezvous::simulate(p);
  EXPECT_EQ(a.result, Result::Stuck);
  ASSERT_FALSE(a.trace.empty());
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.goroutines, b.goroutines);
  EXPECT_EQ(a.handshake_ms, b.handshake_ms);
  // The trace shows the select at readAndBuffer taking the buffered send after the handshake.
  bool saw_send_after_done = false;
  for (const auto& line : a.trace)
    if (line.find("chose handshakeRecv <- done") != std::string::npos &&
        line.find("fsm.Done() ready") != std::string::npos)
      saw_send_after_done = true;
  EXPECT_TRUE(saw_send_after_done) << "trace:\n" << [&] {
    std::string s;
    for (const auto& l : a.trace) s += l + "\n";
    return s;
  }();
}

}  // namespace
