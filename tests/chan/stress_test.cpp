// Channel stress, nothing lost (issue 8): many producers and consumers on 2 and 4 worker
// threads, through an unbuffered channel, a buffered one and two relays whose selects mix send
// and receive cases, with every run ended by context cancellation, one producer per round
// stopped by its own deadline, channels closed while receivers are still draining them, and
// every consumer's select carrying a timer case. No Go test is ported; the checks are the
// ones Go's runtime tests make in pieces (chan_test.go TestMultiConsumer's sums, TestSelfSelect,
// TestSelectStress's close-under-traffic) gathered over one long run:
//   - every value whose send completed (a plain send returned, or select chose its send case)
//     is received exactly once: a per-sender count per sequence number, and sums;
//   - no value is received that was not sent;
//   - per consumer, per channel and per sender, sequence numbers arrive strictly increasing
//     (each channel is FIFO and each sender sends in order; a relay keeps its input's order);
//   - every consumer's timer fired while the consumers were blocked between rounds;
//   - the round's context reports Canceled, and a deadline producer stops with
//     DeadlineExceeded or Canceled;
//   - at the end only main is left (go::num_goroutine() == 1): no fiber parked.
//
// Size: CHAN_STRESS_OPS values in all per thread count: 10^7 by default (about 10 s a run on 2
// cores in a RelWithDebInfo build), 200,000 under a sanitizer, where every operation costs
// 10-50 times more; e.g. CHAN_STRESS_OPS=100000000 ./chan_tests --gtest_filter='*ChanStress*'.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::uint64_t kDefaultOps = 200000;
#else
constexpr std::uint64_t kDefaultOps = 10000000;
#endif

std::uint64_t stress_ops() {
  const char* s = std::getenv("CHAN_STRESS_OPS");
  if (!s || !*s) return kDefaultOps;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (*end != '\0' || v == 0) {
    ADD_FAILURE() << "CHAN_STRESS_OPS must be a positive integer, not '" << s << "'";
    return kDefaultOps;
  }
  return v;
}

struct msg {
  int sender = -1;
  std::uint64_t seq = 0;
};

constexpr int kProducers = 6;
constexpr int kConsumers = 6;
constexpr int kRounds = 20;
// The channels a consumer receives from: 0 unbuffered, 1 buffered, 2 and 3 the relays' outputs.
constexpr int kOut = 4;

// One relay (the Go pattern with nil channels to switch cases off): receives from `in` while
// its queue has room, sends the queue's head to `out` while it holds any, in one select; when
// `in` is closed it drains the queue and closes `out`.
void relay(go::chan<msg> in, go::chan<msg> out, std::size_t room) {
  std::deque<msg> q;
  while (in != nullptr || !q.empty()) {
    go::chan<msg> recv_from = q.size() < room ? in : go::chan<msg>{};
    go::chan<msg> send_to = q.empty() ? go::chan<msg>{} : out;
    msg head = q.empty() ? msg{} : q.front();
    msg v;
    bool ok = false;
    switch (go::select(go::recv(recv_from, &v, &ok), go::send(send_to, head))) {
      case 0:
        if (ok) {
          q.push_back(v);
        } else {
          in = go::chan<msg>{};  // closed: drain what is queued
        }
        break;
      case 1:
        q.pop_front();
        break;
    }
  }
  out.close();
}

struct totals {
  std::uint64_t received = 0;
  std::uint64_t timer_fires_min = 0;  // fewest timer fires seen by one consumer
  std::uint64_t deadline_stops = 0;   // rounds in which the deadline producer stopped by its deadline
};

totals run_stress(int threads, std::uint64_t ops, std::uint64_t seed) {
  const std::uint64_t quota = std::max<std::uint64_t>(1, ops / kRounds);
  // Upper bound on what one producer can send in one round: before each send a producer
  // cancels the round once the quota is reached and stops once its context is done, so at most
  // kProducers sends race past the quota before the cancel and one each after it.
  const std::uint64_t per_round_cap = quota + 2 * kProducers;
  // seen[p][round * per_round_cap + seq]: how many times that value was received.
  std::vector<std::unique_ptr<std::atomic<std::uint8_t>[]>> seen(kProducers);
  const std::size_t slots = static_cast<std::size_t>(per_round_cap) * kRounds;
  for (auto& s : seen) {
    s = std::make_unique<std::atomic<std::uint8_t>[]>(slots);
    for (std::size_t i = 0; i < slots; ++i) s[i].store(0, std::memory_order_relaxed);
  }
  std::vector<std::uint64_t> sent(kProducers * kRounds, 0);  // completed sends, per producer and round
  std::atomic<std::uint64_t> recv_sum{0}, recv_count{0}, bad{0}, out_of_order{0};
  std::vector<std::uint64_t> timer_fires(kConsumers, 0);
  totals t;
  int left = -1;

  go::config cfg{.threads = threads, .seed = seed};
  go::run(cfg, [&] {
    for (int round = 0; round < kRounds; ++round) {
      auto u = go::make_chan<msg>();                  // unbuffered
      auto b = go::make_chan<msg>(1 + round % 16);    // buffered, capacity 1..16
      go::chan<msg> r[2] = {go::make_chan<msg>(), go::make_chan<msg>(4)};
      go::chan<msg> o[2] = {go::make_chan<msg>(), go::make_chan<msg>(2)};
      auto start = go::make_chan<go::struct_>();
      auto cc = go::context::WithCancel(go::context::Background());
      go::context::Context ctx = cc.first;
      go::context::CancelFunc cancel = cc.second;
      std::atomic<std::uint64_t> round_sent{0};
      go::sync::WaitGroup producers, consumers, relays;

      relays.Add(2);
      for (int i = 0; i < 2; ++i) {
        go::go([&relays, in = r[i], out = o[i], room = std::size_t(1 + i * 7)] {
          relay(in, out, room);
          relays.Done();
        });
      }

      consumers.Add(kConsumers);
      for (int c = 0; c < kConsumers; ++c) {
        go::go([&, c] {
          go::chan<msg> in[kOut] = {u, b, o[0], o[1]};
          std::vector<std::uint64_t> last(kOut * kProducers, 0);  // last seq + 1, per channel and sender
          auto timer = go::time::NewTimer(500 * go::time::Microsecond);
          int open = kOut;
          while (open > 0) {
            msg v;
            bool ok = false;
            int k = go::select(go::recv(in[0], &v, &ok), go::recv(in[1], &v, &ok), go::recv(in[2], &v, &ok),
                               go::recv(in[3], &v, &ok), go::recv(timer->C));
            if (k == kOut) {
              ++timer_fires[c];
              timer->Reset(500 * go::time::Microsecond);
              continue;
            }
            if (!ok) {
              in[k] = go::chan<msg>{};  // closed: never ready again
              --open;
              continue;
            }
            if (v.sender < 0 || v.sender >= kProducers || v.seq >= per_round_cap) {
              bad.fetch_add(1);
              continue;
            }
            std::uint64_t& l = last[k * kProducers + v.sender];
            if (v.seq + 1 <= l) out_of_order.fetch_add(1);
            l = v.seq + 1;
            seen[v.sender][round * per_round_cap + v.seq].fetch_add(1, std::memory_order_relaxed);
            recv_sum.fetch_add(v.seq + 1, std::memory_order_relaxed);
            recv_count.fetch_add(1, std::memory_order_relaxed);
          }
          timer->Stop();
          consumers.Done();
        });
      }

      std::atomic<bool> deadline_stopped{false};
      producers.Add(kProducers);
      for (int p = 0; p < kProducers; ++p) {
        go::go([&, p] {
          // Producer 0 runs under its own 2 ms deadline, a child of the round's context.
          go::context::Context my = ctx;
          go::context::CancelFunc my_cancel = [] {};
          if (p == 0) std::tie(my, my_cancel) = go::context::WithTimeout(ctx, 2 * go::time::Millisecond);
          auto done = my->Done();
          start.recv();  // returns when main closes start
          std::uint64_t seq = 0;
          for (;;) {
            if (round_sent.load(std::memory_order_relaxed) >= quota) cancel();
            if (my->Err() != nullptr) break;
            msg v{p, seq};
            bool delivered = false;
            if (seq % 16 == 15) {
              // a plain blocking send: consumers drain until close, so it completes
              (seq % 32 == 15 ? u : b).send(v);
              delivered = true;
            } else {
              int k = go::select(go::send(u, v), go::send(b, v), go::send(r[0], v), go::send(r[1], v),
                                 go::recv(done));
              delivered = k < 4;
            }
            if (!delivered) break;
            ++seq;
            round_sent.fetch_add(1, std::memory_order_relaxed);
            if (seq >= per_round_cap) {
              bad.fetch_add(1);  // the quota check failed to stop this producer
              break;
            }
          }
          if (p == 0 && my->Err() == go::context::DeadlineExceeded) deadline_stopped = true;
          if (my->Err() == nullptr) bad.fetch_add(1);
          my_cancel();
          sent[round * kProducers + p] = seq;
          producers.Done();
        });
      }

      // Consumers block with nothing to receive until start closes: each one's timer fires.
      go::time::Sleep(3 * go::time::Millisecond);
      start.close();
      producers.Wait();
      EXPECT_EQ(ctx->Err(), go::context::Canceled) << "round " << round;
      if (deadline_stopped) ++t.deadline_stops;
      // Close while consumers and relays are still draining: buffered values must survive it.
      u.close();
      b.close();
      r[0].close();
      r[1].close();
      relays.Wait();
      consumers.Wait();
    }
    // Fibers finish just after their last Done(), possibly on a worker thread the OS has
    // preempted (4 workers on 2 cores): wait for them as Go's tests do, polling with a sleep,
    // for up to 10 s.
    for (int i = 0; i < 10000 && go::num_goroutine() > 1; ++i) go::time::Sleep(go::time::Millisecond);
    left = go::num_goroutine();
    if (left != 1) std::fputs(go::stack_all().c_str(), stderr);
  });

  EXPECT_EQ(left, 1) << "fibers left at the end";
  EXPECT_EQ(bad.load(), 0u) << "values received that were never sent, or producers running past the quota";
  EXPECT_EQ(out_of_order.load(), 0u) << "a sender's values arrived out of order on one channel";
  std::uint64_t want_sum = 0, want_count = 0, lost = 0, dup = 0, phantom = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int p = 0; p < kProducers; ++p) {
      const std::uint64_t n = sent[round * kProducers + p];
      want_count += n;
      want_sum += n * (n + 1) / 2;
      for (std::uint64_t s = 0; s < per_round_cap; ++s) {
        const unsigned got = seen[p][round * per_round_cap + s].load();
        if (s < n && got == 0) ++lost;
        if (got > 1) ++dup;
        if (s >= n && got != 0) ++phantom;
      }
    }
  }
  EXPECT_EQ(lost, 0u) << "values sent and never received";
  EXPECT_EQ(dup, 0u) << "values received more than once";
  EXPECT_EQ(phantom, 0u) << "values received whose send never completed";
  EXPECT_EQ(recv_count.load(), want_count);
  EXPECT_EQ(recv_sum.load(), want_sum);
  // Each round's quota is reached before the round ends (or the deadline producer is the only
  // one stopped early): the whole run moves at least kRounds * quota values.
  EXPECT_GE(want_count, kRounds * quota);
  t.received = recv_count.load();
  t.timer_fires_min = *std::min_element(timer_fires.begin(), timer_fires.end());
  EXPECT_GE(t.timer_fires_min, static_cast<std::uint64_t>(kRounds)) << "a consumer's timer never fired in some round";
  return t;
}

class ChanStress : public ::testing::TestWithParam<int> {};

TEST_P(ChanStress, NothingLost) {
  const std::uint64_t ops = stress_ops();
  totals t = run_stress(GetParam(), ops, 0x5eed0000u + static_cast<std::uint64_t>(GetParam()));
  std::printf("chan stress: %d threads, %llu values received exactly once, min timer fires per consumer %llu, "
              "deadline-stopped rounds %llu/%d\n",
              GetParam(), static_cast<unsigned long long>(t.received),
              static_cast<unsigned long long>(t.timer_fires_min),
              static_cast<unsigned long long>(t.deadline_stops), kRounds);
}

INSTANTIATE_TEST_SUITE_P(Threads, ChanStress, ::testing::Values(2, 4),
                         [](const ::testing::TestParamInfo<int>& i) { return "threads" + std::to_string(i.param); });

}  // namespace
