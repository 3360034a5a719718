// Edge cases of Go's channel semantics that Go's own test files check only in
// passing (or through the compiler), each stated against the Go spec or
// runtime/chan.go. Fiber tests run inside go::run with one and two worker
// threads.
#include <gtest/gtest.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

class GoChanEdge : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

// Lets the other fibers run until they block. With one worker thread a few
// rounds of yield put every runnable fiber at its next blocking point; with two
// it is only likely, and the tests below stay correct either way (a receiver
// or sender that has not parked yet meets the closed channel when it gets
// there, with the same outcome).
void settle() {
  for (int i = 0; i < 20; i++) go::yield();
}

// Returns the message of the go::panic_error f throws, or "" if it throws none.
template <class F>
std::string panic_message(F&& f) {
  try {
    f();
  } catch (const go::panic_error& e) {
    return e.what();
  }
  return "";
}

// ---------------------------------------------------------------------------
// close wakes every parked receiver with (zero value, ok = false) and makes
// every parked sender panic with "send on closed channel".
// go: runtime/chan.go closechan ("release all readers", "release all writers (they will panic)")

TEST_P(GoChanEdge, CloseWakesEveryParkedReceiver) {
  go::run(cfg(), [] {
    constexpr int n = 50;
    auto c = go::make_chan<std::string>();
    auto results = go::make_chan<std::pair<std::string, bool>>(n);
    for (int i = 0; i < n; i++) {
      go::go([=] { results.send(c.recv_ok()); });
    }
    // Half of them wait in a select instead (select's close path).
    auto other = go::make_chan<std::string>();
    for (int i = 0; i < n; i++) {
      go::go([=] {
        std::string v = "unset";
        bool ok = true;
        go::select(go::recv(c, &v, &ok), go::recv(other));
        results.send({v, ok});
      });
    }
    settle();
    EXPECT_EQ(go::len(results), 0) << "a receiver returned before close";
    close(c);
    for (int i = 0; i < 2 * n; i++) {
      auto [v, ok] = results.recv();
      EXPECT_EQ(v, "") << "receive from a closed channel yields the zero value";
      EXPECT_FALSE(ok);
    }
  });
}

TEST_P(GoChanEdge, CloseMakesEveryParkedSenderPanic) {
  go::run(cfg(), [] {
    constexpr int n = 50;
    for (int cap : {0, 3}) {
      auto c = go::make_chan<int>(cap);
      for (int i = 0; i < cap; i++) c.send(-1);  // fill the buffer, so senders park
      auto results = go::make_chan<std::string>(2 * n);
      for (int i = 0; i < n; i++) {
        go::go([=] { results.send(panic_message([&] { c.send(i); })); });
      }
      auto other = go::make_chan<int>();
      for (int i = 0; i < n; i++) {
        go::go([=] { results.send(panic_message([&] { go::select(go::send(c, i), go::recv(other)); })); });
      }
      settle();
      EXPECT_EQ(go::len(results), 0) << "a sender returned before close";
      close(c);
      for (int i = 0; i < 2 * n; i++) {
        EXPECT_EQ(results.recv(), "send on closed channel") << "cap " << cap;
      }
      // The values buffered before close are still delivered, then the zero value.
      for (int i = 0; i < cap; i++) {
        auto [v, ok] = c.recv_ok();
        EXPECT_EQ(v, -1);
        EXPECT_TRUE(ok);
      }
      auto [v, ok] = c.recv_ok();
      EXPECT_EQ(v, 0);
      EXPECT_FALSE(ok);
    }
  });
}

// go: runtime/chan.go closechan, chansend, makechan — the panic messages.
TEST_P(GoChanEdge, PanicMessages) {
  go::run(cfg(), [] {
    go::chan<int> nilch;
    EXPECT_EQ(panic_message([&] { close(nilch); }), "close of nil channel");
    EXPECT_EQ(panic_message([&] { nilch.close(); }), "close of nil channel");
    go::send_chan<int> nil_send;
    EXPECT_EQ(panic_message([&] { close(nil_send); }), "close of nil channel");

    auto c = go::make_chan<int>(1);
    close(c);
    EXPECT_EQ(panic_message([&] { close(c); }), "close of closed channel");
    go::send_chan<int> cs = c;
    EXPECT_EQ(panic_message([&] { close(cs); }), "close of closed channel");
    EXPECT_EQ(panic_message([&] { c.send(1); }), "send on closed channel");
    EXPECT_EQ(panic_message([&] { go::select(go::send(c, 1)); }), "send on closed channel");
    EXPECT_EQ(panic_message([&] { go::select(go::send(c, 1), go::default_()); }), "send on closed channel");
    int v = 1;
    std::vector<go::select_case> cases{go::select_case::send(c, &v)};
    EXPECT_EQ(panic_message([&] { go::select_dynamic(cases); }), "send on closed channel");

    EXPECT_EQ(panic_message([] { go::make_chan<int>(-1); }), "makechan: size out of range");
    EXPECT_EQ(panic_message([] { go::make_chan<int>(0); }), "");
  });
}

// ---------------------------------------------------------------------------
// Receives drain the buffer after close (Go spec: "After calling close, and
// after any previously sent values have been received, receive operations will
// return the zero value ... without blocking").

TEST_P(GoChanEdge, ReceivesDrainBufferAfterClose) {
  go::run(cfg(), [] {
    auto c = go::make_chan<int>(5);
    for (int i = 1; i <= 3; i++) c.send(i * 10);
    close(c);
    EXPECT_EQ(go::len(c), 3);
    EXPECT_EQ(go::cap(c), 5);
    EXPECT_EQ(c.recv(), 10);
    EXPECT_EQ(go::len(c), 2);
    // select sees the buffered value, not the close
    int v = 0;
    bool ok = false;
    EXPECT_EQ(go::select(go::recv(c, &v, &ok), go::default_()), 0);
    EXPECT_EQ(v, 20);
    EXPECT_TRUE(ok);
    // range delivers the rest and stops
    std::vector<int> rest;
    for (int x : c) rest.push_back(x);
    EXPECT_EQ(rest, std::vector<int>({30}));
    EXPECT_EQ(go::len(c), 0);
    for (int i = 0; i < 3; i++) {
      auto [z, zok] = c.recv_ok();
      EXPECT_EQ(z, 0);
      EXPECT_FALSE(zok);
    }
    EXPECT_EQ(go::select(go::recv(c, &v, &ok), go::default_()), 0) << "a closed channel is always ready";
    EXPECT_EQ(v, 0);
    EXPECT_FALSE(ok);
    // The same on an unbuffered channel of a non-trivial type (the inline fast path of a
    // one-case select hands over the case's own zero value).
    auto s = go::make_chan<std::string>();
    std::string got = "stale";
    bool sok = true;
    EXPECT_EQ(go::select(go::recv(s, &got, &sok), go::default_()), 1) << "open, nobody sending";
    EXPECT_EQ(got, "stale");
    s.close();
    EXPECT_EQ(go::select(go::recv(s, &got, &sok), go::default_()), 0);
    EXPECT_EQ(got, "");
    EXPECT_FALSE(sok);
  });
}

// ---------------------------------------------------------------------------
// A nil channel in a select is never ready (Go spec: "communication on nil
// channels can never proceed"), whatever else the select holds.

TEST_P(GoChanEdge, NilChannelInSelectNeverFires) {
  go::run(cfg(), [] {
    go::chan<int> nilch;
    auto ready = go::make_chan<int>(1);
    int fired_nil = 0;
    for (int i = 0; i < 1000; i++) {
      ready.send(i);
      int k = go::select(go::recv(nilch, [&] { fired_nil++; }), go::send(nilch, 1, [&] { fired_nil++; }),
                         go::recv(ready), go::recv(nilch, [&] { fired_nil++; }));
      EXPECT_EQ(k, 2);
    }
    EXPECT_EQ(fired_nil, 0);
    // only nil channels and a default: the default
    EXPECT_EQ(go::select(go::recv(nilch), go::send(nilch, 1), go::default_()), 2);
    // a blocked select with a nil case is woken by its other case only
    auto late = go::make_chan<int>();
    go::go([=] {
      go::yield();
      late.send(5);
    });
    int got = 0;
    EXPECT_EQ(go::select(go::send(nilch, 1), go::recv(late, &got), go::recv(nilch)), 1);
    EXPECT_EQ(got, 5);
    // select_dynamic: the same
    std::vector<go::select_case> cases{go::select_case::recv(nilch, &got), go::select_case::send(nilch, &got),
                                       go::select_case::default_()};
    EXPECT_EQ(go::select_dynamic(cases).chosen, 2);
  });
}

// ---------------------------------------------------------------------------
// Select with a send and a receive on the same channel.

TEST_P(GoChanEdge, SelectSendAndRecvOnSameChannel) {
  go::run(cfg(), [] {
    // Buffered, cap 1: empty -> only the send is ready; full -> only the receive.
    auto c = go::make_chan<int>(1);
    for (int i = 0; i < 200; i++) {
      int got = -1;
      int k = go::select(go::send(c, i), go::recv(c, &got));
      if (i % 2 == 0) {
        EXPECT_EQ(k, 0) << "empty buffer: the send case";
      } else {
        EXPECT_EQ(k, 1) << "full buffer: the receive case";
        EXPECT_EQ(got, i - 1);
      }
    }
    // Unbuffered with nobody else: a select cannot pair with itself.
    auto u = go::make_chan<int>();
    EXPECT_EQ(go::select(go::send(u, 1), go::recv(u), go::default_()), 2);
    // Two goroutines each selecting {send, recv} on u pair up with each other:
    // every exchange has one sender and one receiver, never a self-receive.
    constexpr int n = 2000;
    auto done = go::make_chan<std::pair<int, int>>(2);
    for (int p = 0; p < 2; p++) {
      go::go([=] {
        int sent = 0, received = 0;
        for (int i = 0; i < n; i++) {
          go::select(go::send(u, p, [&] { sent++; }), go::recv(u, [&](int v) {
                       EXPECT_NE(v, p) << "self receive";
                       received++;
                     }));
        }
        done.send({sent, received});
      });
    }
    auto a = done.recv();
    auto b = done.recv();
    EXPECT_EQ(a.first, b.second);
    EXPECT_EQ(a.second, b.first);
    EXPECT_EQ(a.first + a.second, n);
  });
}

// ---------------------------------------------------------------------------
// go::select_dynamic (Go's reflect.Select) with many cases: above the 16 cases
// select keeps on the stack, with sends, receives, closed and nil channels.

TEST_P(GoChanEdge, SelectDynamicManyCases) {
  go::run(cfg(), [] {
    constexpr int n = 40;
    std::vector<go::chan<int>> chans;
    for (int i = 0; i < n; i++) chans.push_back(go::make_chan<int>(1));
    std::vector<int> slots(n, -1);
    std::vector<go::select_case> cases;
    for (int i = 0; i < n; i++) cases.push_back(go::select_case::recv(chans[i], &slots[i]));

    // One ready channel among 40: it is the one chosen, with its value.
    for (int round = 0; round < 200; round++) {
      int k = (round * 7) % n;
      chans[k].send(round);
      auto r = go::select_dynamic(cases);
      ASSERT_EQ(r.chosen, k);
      EXPECT_TRUE(r.recv_ok);
      EXPECT_EQ(slots[k], round);
    }

    // All ready: each is chosen sometimes (uniform choice; P(some case never
    // chosen in 4000 draws) < 40 * (39/40)^4000 ~ 1e-42).
    std::vector<int> hits(n);
    for (int i = 0; i < n; i++) chans[i].send(i);
    for (int round = 0; round < 4000; round++) {
      auto r = go::select_dynamic(cases);
      ASSERT_GE(r.chosen, 0);
      ASSERT_LT(r.chosen, n);
      hits[r.chosen]++;
      EXPECT_EQ(slots[r.chosen], r.chosen);
      chans[r.chosen].send(r.chosen);  // refill
    }
    for (int i = 0; i < n; i++) EXPECT_GT(hits[i], 0) << "case " << i << " never chosen";
    for (int i = 0; i < n; i++) chans[i].recv();  // drain

    // With a default and nothing ready: the default, wherever it is.
    auto with_default = cases;
    with_default.insert(with_default.begin() + 17, go::select_case::default_());
    auto r = go::select_dynamic(with_default);
    EXPECT_EQ(r.chosen, 17);
    EXPECT_FALSE(r.recv_ok);

    // Send cases: the buffers are empty, so every send is ready; one is chosen
    // and exactly that channel has the value.
    std::vector<int> vals(n);
    std::vector<go::select_case> sends;
    for (int i = 0; i < n; i++) {
      vals[i] = 1000 + i;
      sends.push_back(go::select_case::send(chans[i], &vals[i]));
    }
    r = go::select_dynamic(sends);
    ASSERT_GE(r.chosen, 0);
    for (int i = 0; i < n; i++) EXPECT_EQ(go::len(chans[i]), i == r.chosen ? 1 : 0);
    EXPECT_EQ(chans[r.chosen].recv(), 1000 + r.chosen);

    // Blocking: parked on 40 channels (plus a nil one), woken by a goroutine
    // sending on one of them; the other 39 sudogs are dequeued again, so the
    // next sends on those channels are not taken by a stale waiter.
    go::chan<int> nilch;
    auto blocking = cases;
    blocking.push_back(go::select_case::recv(nilch, static_cast<int*>(nullptr)));
    go::go([c = chans[23]] { c.send(77); });
    r = go::select_dynamic(blocking);
    EXPECT_EQ(r.chosen, 23);
    EXPECT_EQ(slots[23], 77);
    for (int i = 0; i < n; i++) {
      chans[i].send(i);
      EXPECT_EQ(go::len(chans[i]), 1) << "a stale select waiter took the value on " << i;
      EXPECT_EQ(chans[i].recv(), i);
    }

    // A receive from a closed channel: recv_ok false, zero value; a null
    // destination discards.
    close(chans[5]);
    slots[5] = 99;
    r = go::select_dynamic(cases);
    EXPECT_EQ(r.chosen, 5);
    EXPECT_FALSE(r.recv_ok);
    EXPECT_EQ(slots[5], 0);
    std::vector<go::select_case> discard{go::select_case::recv(chans[5], static_cast<int*>(nullptr))};
    r = go::select_dynamic(discard);
    EXPECT_EQ(r.chosen, 0);
    EXPECT_FALSE(r.recv_ok);

    // Duplicate channel in many cases.
    auto d = go::make_chan<int>();
    std::vector<int> dv(30, -1);
    std::vector<go::select_case> dups;
    for (int i = 0; i < 30; i++) dups.push_back(go::select_case::recv(d, &dv[i]));
    go::go([=] { d.send(5); });
    r = go::select_dynamic(dups);
    ASSERT_GE(r.chosen, 0);
    EXPECT_EQ(dv[r.chosen], 5);
    EXPECT_EQ(std::count(dv.begin(), dv.end(), -1), 29);

    // No cases and a default; two defaults panic (reflect.Select's message).
    std::vector<go::select_case> only_default{go::select_case::default_()};
    EXPECT_EQ(go::select_dynamic(only_default).chosen, 0);
    std::vector<go::select_case> two_defaults{go::select_case::default_(), go::select_case::default_()};
    EXPECT_EQ(panic_message([&] { go::select_dynamic(two_defaults); }), "reflect.Select: multiple default cases");
  });
}

// The heap-allocated scratch of a large select (more than 16 cases) is freed:
// 20,000 selects over 40 cases do not grow the heap (the select2.go measure:
// glibc's bytes in use).
TEST_P(GoChanEdge, LargeSelectDoesNotGrowHeap) {
  auto heap_in_use = [] {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
  };
  std::size_t before = 0, after = 0;
  go::run(cfg(), [&] {
    constexpr int n = 40;
    std::vector<go::chan<int>> chans;
    for (int i = 0; i < n; i++) chans.push_back(go::make_chan<int>());
    auto c = go::make_chan<int>();
    std::vector<int> slots(n + 1);
    std::vector<go::select_case> cases;
    for (int i = 0; i < n; i++) cases.push_back(go::select_case::recv(chans[i], &slots[i]));
    cases.push_back(go::select_case::recv(c, &slots[n]));
    auto round = [&] {
      go::go([=] {
        for (int i = 0; i < 10000; i++) c.send(i);
      });
      for (int i = 0; i < 10000; i++) {
        auto r = go::select_dynamic(cases);
        ASSERT_EQ(r.chosen, n);
        ASSERT_EQ(slots[n], i);
      }
      for (int i = 0; i < 10; i++) go::yield();
    };
    round();  // warm up
    before = heap_in_use();
    round();
    after = heap_in_use();
  });
  if (after > before) {
    EXPECT_LE(after - before, 110000u) << "heap grew by " << after - before;
  }
}

// ---------------------------------------------------------------------------
// for v := range ch

TEST_P(GoChanEdge, RangeOverChannel) {
  go::run(cfg(), [] {
    for (int cap : {0, 1, 7}) {
      auto c = go::make_chan<int>(cap);
      go::go([=] {
        for (int i = 1; i <= 100; i++) c.send(i);
        close(c);
      });
      int sum = 0, count = 0;
      for (int v : c) {
        sum += v;
        count++;
      }
      EXPECT_EQ(count, 100);
      EXPECT_EQ(sum, 5050);
      // ranging again over the closed, drained channel yields nothing
      for (int v : c) ADD_FAILURE() << "got " << v;
      // a receive-only view ranges too
      go::recv_chan<int> rc = c;
      for (int v : rc) ADD_FAILURE() << "got " << v;
    }
  });
}

// Range over a nil channel blocks forever; the fiber is unwound (destructors
// run) when main returns.
TEST_P(GoChanEdge, RangeOverNilChannelBlocksForever) {
  auto destroyed = std::make_shared<std::atomic<int>>(0);
  std::atomic<bool> passed_range{false};
  go::run(cfg(), [&] {
    struct guard {
      std::shared_ptr<std::atomic<int>> d;
      ~guard() { d->fetch_add(1); }
    };
    go::go([&passed_range, destroyed] {
      guard g{destroyed};
      go::chan<int> nilch;
      for (int v : nilch) (void)v;
      passed_range = true;
    });
    settle();
  });
  EXPECT_FALSE(passed_range.load());
  EXPECT_EQ(destroyed->load(), 1) << "the blocked fiber's stack was not unwound";
}

// ---------------------------------------------------------------------------
// len and cap

TEST_P(GoChanEdge, LenCap) {
  go::run(cfg(), [] {
    go::chan<int> nilch;
    EXPECT_EQ(go::len(nilch), 0);
    EXPECT_EQ(go::cap(nilch), 0);
    auto u = go::make_chan<int>();
    EXPECT_EQ(go::len(u), 0);
    EXPECT_EQ(go::cap(u), 0);
    // a sender parked on an unbuffered channel is not counted by len
    go::go([=] { u.send(1); });
    settle();
    EXPECT_EQ(go::len(u), 0);
    EXPECT_EQ(u.recv(), 1);

    auto b = go::make_chan<int>(4);
    go::recv_chan<int> rb = b;
    go::send_chan<int> sb = b;
    for (int i = 1; i <= 4; i++) {
      b.send(i);
      EXPECT_EQ(go::len(b), i);
      EXPECT_EQ(go::len(rb), i);
      EXPECT_EQ(go::len(sb), i);
      EXPECT_EQ(go::cap(rb), 4);
      EXPECT_EQ(go::cap(sb), 4);
    }
    // a parked sender on a full buffer is not counted either
    auto sent = go::make_chan<bool>(1);
    go::go([=] {
      b.send(5);
      sent.send(true);
    });
    settle();
    EXPECT_EQ(go::len(b), 4);
    EXPECT_EQ(b.recv(), 1);  // makes room: the parked sender's 5 goes to the tail
    sent.recv();
    EXPECT_EQ(go::len(b), 4);
    close(b);
    EXPECT_EQ(go::len(b), 4) << "close keeps the buffered values";
    EXPECT_EQ(go::cap(b), 4);
    std::vector<int> got;
    for (int v : b) got.push_back(v);
    EXPECT_EQ(got, std::vector<int>({2, 3, 4, 5}));
    EXPECT_EQ(go::len(b), 0);
  });
}

// ---------------------------------------------------------------------------
// Values of non-trivial types are moved through the channel, never lost or
// duplicated: a move-only type whose live instances are counted.

struct tracked {
  static std::atomic<int> live;  // instances holding a value
  int id = -1;
  tracked() = default;
  explicit tracked(int i) : id(i) { live++; }
  tracked(tracked&& o) noexcept : id(o.id) { o.id = -1; }
  tracked& operator=(tracked&& o) noexcept {
    if (this != &o) {
      if (id >= 0) live--;
      id = o.id;
      o.id = -1;
    }
    return *this;
  }
  tracked(const tracked&) = delete;
  tracked& operator=(const tracked&) = delete;
  ~tracked() {
    if (id >= 0) live--;
  }
};
std::atomic<int> tracked::live{0};

static_assert(go::channel_element<std::unique_ptr<int>>);
static_assert(go::channel_element<tracked>);
static_assert(!std::is_copy_constructible_v<tracked>);

TEST_P(GoChanEdge, MoveOnlyValuesNeitherLostNorDuplicated) {
  tracked::live = 0;
  go::run(cfg(), [] {
    constexpr int producers = 4, per = 500;
    for (int cap : {0, 1, 16}) {
      auto c = go::make_chan<tracked>(cap);
      auto alt = go::make_chan<tracked>(cap);
      for (int p = 0; p < producers; p++) {
        go::go([=] {
          for (int i = 0; i < per; i++) {
            int id = p * per + i;
            if (i % 3 == 0) {
              c.send(tracked(id));
            } else {
              // the select's send case owns its value until the case fires
              go::select(go::send(c, tracked(id)), go::send(alt, tracked(id)));
            }
          }
        });
      }
      std::vector<int> seen(producers * per);
      for (int n = 0; n < producers * per; n++) {
        tracked t;
        go::select(go::recv(c, &t), go::recv(alt, [&](tracked v) { t = std::move(v); }));
        ASSERT_GE(t.id, 0) << "received a moved-from value";
        seen[t.id]++;
      }
      for (int id = 0; id < producers * per; id++) EXPECT_EQ(seen[id], 1) << "value " << id << " cap " << cap;
      settle();
      EXPECT_EQ(tracked::live.load(), 0) << "values leaked or were duplicated (cap " << cap << ")";
    }
    // Values still buffered when the last reference to the channel goes away are destroyed with it.
    {
      auto c = go::make_chan<tracked>(3);
      c.send(tracked(1));
      c.send(tracked(2));
      EXPECT_EQ(tracked::live.load(), 2);
    }
    EXPECT_EQ(tracked::live.load(), 0);
    // unique_ptr: ownership moves through, the pointee is untouched.
    auto up = go::make_chan<std::unique_ptr<int>>(1);
    auto p = std::make_unique<int>(42);
    int* raw = p.get();
    up.send(std::move(p));
    auto q = up.recv();
    EXPECT_EQ(q.get(), raw);
    EXPECT_EQ(*q, 42);
    close(up);
    EXPECT_EQ(up.recv(), nullptr);  // zero value of unique_ptr
  });
  EXPECT_EQ(tracked::live.load(), 0);
}

TEST_P(GoChanEdge, StringsNeitherLostNorDuplicated) {
  go::run(cfg(), [] {
    constexpr int producers = 3, consumers = 3, per = 1000;
    for (int cap : {0, 5}) {
      auto c = go::make_chan<std::string>(cap);
      auto out = go::make_chan<std::multiset<std::string>>(consumers);
      go::sync::WaitGroup wg;
      for (int p = 0; p < producers; p++) {
        wg.Add(1);
        go::go([=, &wg] {
          for (int i = 0; i < per; i++) {
            // long enough to live on the heap: a bitwise copy would double-free
            c.send("producer " + std::to_string(p) + " value " + std::to_string(i) + std::string(40, 'x'));
          }
          wg.Done();
        });
      }
      for (int k = 0; k < consumers; k++) {
        go::go([=] {
          std::multiset<std::string> got;
          for (std::string s : c) got.insert(std::move(s));
          out.send(std::move(got));
        });
      }
      wg.Wait();
      close(c);
      std::multiset<std::string> all;
      for (int k = 0; k < consumers; k++) all.merge(out.recv());
      ASSERT_EQ(all.size(), std::size_t(producers * per));
      for (int p = 0; p < producers; p++) {
        for (int i = 0; i < per; i++) {
          EXPECT_EQ(all.count("producer " + std::to_string(p) + " value " + std::to_string(i) + std::string(40, 'x')),
                    1u);
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------
// A plain std::thread (not a fiber) exchanging values with fibers of a
// runtime, in both directions, unbuffered and buffered, with select on both
// sides. The thread blocks as a thread; the fibers park. (go::external_waker
// tells the runtime's deadlock detector that the thread may still wake its
// fibers.)

TEST_P(GoChanEdge, PlainThreadTalksToFibers) {
  go::run(cfg(), [] {
    constexpr int n = 2000;
    for (int cap : {0, 4}) {
      auto to_fibers = go::make_chan<int>(cap);
      auto to_thread = go::make_chan<int>(cap);
      auto done = go::make_chan<long long>(1);
      // fibers: echo every value back, doubled
      go::go([=] {
        for (int v : to_fibers) to_thread.send(2 * v);
        close(to_thread);
      });
      long long thread_sum = -1;
      std::thread t;
      {
        go::external_waker waker;
        t = std::thread([=, &thread_sum] {
          long long sum = 0;
          int sent = 0;
          // interleave sends and receives through select, as a fiber would
          while (sent < n) {
            go::select(go::send(to_fibers, sent, [&] { sent++; }), go::recv(to_thread, [&](int v) { sum += v; }));
          }
          close(to_fibers);
          for (int v : to_thread) sum += v;
          thread_sum = sum;
          done.send(sum);
        });
        // main fiber waits on a channel, not on join (join would block the worker)
        EXPECT_EQ(done.recv(), 2LL * n * (n - 1) / 2);
      }
      t.join();
      EXPECT_EQ(thread_sum, 2LL * n * (n - 1) / 2);
    }
  });
}

// ---------------------------------------------------------------------------
// Regression test (written as a BUG REPRO): a timer that comes due while the
// fiber it wakes is still on its way into park().
//
// worker_algo::pick_next runs due timers (timer_queue::run_due) while the
// fiber that is parking is still the active context: Boost.Fiber calls
// pick_next from inside that fiber's suspend(). When the timer's callback woke
// that very fiber (time.Sleep's own timer, or a timer/ticker sending on a
// channel the fiber is parked on), ready() -> ready_local() put the
// still-running context into runnext_, pick_next returned it, and Boost
// switched from the fiber to itself: SIGSEGV in ontop_fcontext (before commit
// d06aacf, ready() instead spun forever on the parker lock its own thread
// held). Deterministic with a timer that is already due (After(0), Sleep(1ns),
// a 10 us ticker); a matter of timing for longer ones. Fixed in runtime.cpp by
// take_local(), which never hands pick_next's caller back to itself. (Go runs
// timers from the scheduler on g0, after the parking goroutine has switched out.)
// Runs in a child process (death-test machinery) with an alarm, so a crash or
// hang fails this test instead of the whole binary.
TEST(GoChanEdgeDeathTest, TimerDueWhileParking) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        alarm(20);
        go::run([] {
          for (int i = 0; i < 100; i++) go::time::After(go::time::Duration(0)).recv();
          for (int i = 0; i < 100; i++) go::time::Sleep(go::time::Nanosecond);
          auto tick = go::time::Tick(10 * go::time::Microsecond);
          for (int i = 0; i < 100; i++) tick.recv();
        });
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

INSTANTIATE_TEST_SUITE_P(Threads, GoChanEdge, ::testing::Values(1, 2), threads_name);

}  // namespace

// go::debug::send_ready / recv_ready: snapshots of whether an operation would block.
TEST(ChanDebug, ReadinessSnapshots) {
  go::run({.threads = 1}, [] {
    go::chan<int> nil;
    EXPECT_FALSE(go::debug::send_ready(nil));
    EXPECT_FALSE(go::debug::recv_ready(nil));
    auto u = go::make_chan<int>();
    EXPECT_FALSE(go::debug::send_ready(u)) << "unbuffered, nobody receiving";
    EXPECT_FALSE(go::debug::recv_ready(u));
    go::go([u] { u.recv(); });
    go::yield();
    EXPECT_TRUE(go::debug::send_ready(u)) << "a receiver is parked";
    u.send(1);
    auto b = go::make_chan<int>(1);
    EXPECT_TRUE(go::debug::send_ready(b)) << "buffer room, though nobody receives";
    b.send(1);
    EXPECT_FALSE(go::debug::send_ready(b));
    EXPECT_TRUE(go::debug::recv_ready(b));
    b.close();
    EXPECT_TRUE(go::debug::send_ready(b)) << "a send on a closed channel does not block (it panics)";
    b.recv();
    EXPECT_TRUE(go::debug::recv_ready(b)) << "closed and drained: receives return at once";
  });
}
