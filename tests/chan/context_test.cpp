// Ports of Go's context tests (/usr/lib/go-1.19/src/context/context_test.go,
// run by x_test.go) plus tests of this port's lifetime rules.
//
// Go's internal checks (len(pc.children), parentCancelCtx, the goroutines
// counter) use the hooks in go::context::detail. quiescent(t) (Go: up to the
// test deadline) is a 2 s deadlock guard here. Each test runs inside go::run
// with one and with two worker threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <any>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

namespace ctx = go::context;
using ctx::CancelFunc;
using ctx::Context;
using go::time::Duration;

class GoContext : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

const Duration shortDuration = 1 * go::time::Millisecond;  // a reasonable duration to block in a test
const Duration veryLongDuration = 1000 * go::time::Hour;    // an arbitrary upper bound on the test's running time
const Duration quiescent = 2 * go::time::Second;           // deadlock guard

// go: context/context_test.go otherContext — a Context that's not one of the
// types defined in context.cpp (embeds a Context: forwards all four methods).
class otherContext : public ctx::ContextI {
 public:
  explicit otherContext(Context c) : c_(std::move(c)) {}
  std::pair<go::time::Time, bool> Deadline() const override { return c_->Deadline(); }
  go::recv_chan<go::struct_> Done() const override { return c_->Done(); }
  go::error Err() const override { return c_->Err(); }
  std::any Value(const ctx::Key& key) const override { return c_->Value(key); }

 private:
  Context c_;
};
Context other(Context c) { return std::make_shared<otherContext>(std::move(c)); }

// go: context/context_test.go myDoneCtx — supplies its own Done channel.
class myDoneCtx final : public otherContext {
 public:
  using otherContext::otherContext;
  go::recv_chan<go::struct_> Done() const override { return go::make_chan<go::struct_>(); }
};

bool isDone(const Context& c) { return go::select(go::recv(c->Done()), go::default_()) == 0; }

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// go: context/context_test.go XTestBackground
TEST(GoContextPlain, Background) {
  Context c = ctx::Background();
  ASSERT_TRUE(c != nullptr) << "Background returned nil";
  EXPECT_FALSE(isDone(c)) << "<-c.Done() should block";
  EXPECT_TRUE(c->Done() == nullptr);
  EXPECT_EQ(c->String(), "context.Background");
}

// go: context/context_test.go XTestTODO
TEST(GoContextPlain, TODO) {
  Context c = ctx::TODO();
  ASSERT_TRUE(c != nullptr) << "TODO returned nil";
  EXPECT_FALSE(isDone(c)) << "<-c.Done() should block";
  EXPECT_EQ(c->String(), "context.TODO");
}

// go: context/context_test.go XTestWithCancel
TEST_P(GoContext, WithCancel) {
  go::run(cfg(), [] {
    auto [c1, cancel] = ctx::WithCancel(ctx::Background());
    EXPECT_EQ(c1->String(), "context.Background.WithCancel");

    Context o = other(c1);
    auto [c2, cancel2] = ctx::WithCancel(o);
    std::vector<Context> contexts = {c1, o, c2};

    for (std::size_t i = 0; i < contexts.size(); i++) {
      auto& c = contexts[i];
      EXPECT_FALSE(c->Done() == nullptr) << "c[" << i << "].Done() == nil want non-nil";
      EXPECT_TRUE(c->Err() == nullptr) << "c[" << i << "].Err() == " << c->Err().Error() << " want nil";
      EXPECT_FALSE(isDone(c)) << "<-c[" << i << "].Done() should block";
    }

    cancel();  // Should propagate synchronously.
    for (std::size_t i = 0; i < contexts.size(); i++) {
      auto& c = contexts[i];
      EXPECT_TRUE(isDone(c)) << "<-c[" << i << "].Done() blocked, but shouldn't have";
      EXPECT_TRUE(c->Err() == ctx::Canceled) << "c[" << i << "].Err() == " << c->Err().Error();
    }
    cancel2();
  });
}

// go: context/context_test.go XTestParentFinishesChild
TEST_P(GoContext, ParentFinishesChild) {
  go::run(cfg(), [] {
    // Context tree:
    // parent -> cancelChild
    // parent -> valueChild -> timerChild
    auto [parent, cancel] = ctx::WithCancel(ctx::Background());
    auto [cancelChild, stop1] = ctx::WithCancel(parent);
    Context valueChild = ctx::WithValue(parent, "key", "value");
    auto [timerChild, stop2] = ctx::WithTimeout(valueChild, veryLongDuration);

    EXPECT_FALSE(isDone(parent));
    EXPECT_FALSE(isDone(cancelChild));
    EXPECT_FALSE(isDone(timerChild));
    EXPECT_FALSE(isDone(valueChild));

    // The parent's children should contain the two cancelable children.
    EXPECT_EQ(ctx::detail::children(parent), 2u) << "bad linkage";
    EXPECT_EQ(ctx::detail::parent_cancel_ctx(parent), parent.get()) << "bad linkage: parentCancelCtx(cancelChild.Context)";
    EXPECT_EQ(ctx::detail::parent_cancel_ctx(valueChild), parent.get()) << "bad linkage: parentCancelCtx(timerChild.Context)";

    cancel();

    EXPECT_EQ(ctx::detail::children(parent), 0u) << "pc.cancel didn't clear pc.children";

    // parent and children should all be finished.
    auto check = [](const Context& c, const char* name) {
      EXPECT_TRUE(isDone(c)) << "<-" << name << ".Done() blocked, but shouldn't have";
      EXPECT_TRUE(c->Err() == ctx::Canceled) << name << ".Err() == " << c->Err().Error() << " want context canceled";
    };
    check(parent, "parent");
    check(cancelChild, "cancelChild");
    check(valueChild, "valueChild");
    check(timerChild, "timerChild");

    // WithCancel should return a canceled context on a canceled parent.
    Context precanceledChild = ctx::WithValue(parent, "key", "value");
    EXPECT_TRUE(isDone(precanceledChild)) << "<-precanceledChild.Done() blocked, but shouldn't have";
    EXPECT_TRUE(precanceledChild->Err() == ctx::Canceled);
    stop1();  // defer stop()
    stop2();
  });
}

// go: context/context_test.go XTestChildFinishesFirst
TEST_P(GoContext, ChildFinishesFirst) {
  go::run(cfg(), [] {
    auto [cancelable, stop] = ctx::WithCancel(ctx::Background());
    for (const Context& parent : {ctx::Background(), cancelable}) {
      auto [child, cancel] = ctx::WithCancel(parent);

      EXPECT_FALSE(isDone(parent));
      EXPECT_FALSE(isDone(child));

      bool pcok = parent == cancelable;  // false when parent == Background()
      const ctx::ContextI* p = ctx::detail::parent_cancel_ctx(parent);
      EXPECT_EQ(p != nullptr, pcok) << "bad linkage: parentCancelCtx(cc.Context)";
      if (pcok) {
        EXPECT_EQ(p, parent.get());
        EXPECT_EQ(ctx::detail::children(parent), 1u) << "bad linkage: pc.children";
      }

      cancel();

      if (pcok) {
        EXPECT_EQ(ctx::detail::children(parent), 0u) << "child's cancel didn't remove self from pc.children";
      }

      // child should be finished.
      EXPECT_TRUE(isDone(child)) << "<-child.Done() blocked, but shouldn't have";
      EXPECT_TRUE(child->Err() == ctx::Canceled);

      // parent should not be finished.
      EXPECT_FALSE(isDone(parent)) << "<-parent.Done() should block";
      EXPECT_TRUE(parent->Err() == nullptr) << "parent.Err() == " << parent->Err().Error() << " want nil";
    }
    stop();
  });
}

// go: context/context_test.go testDeadline
void testDeadline(const Context& c, const std::string& name) {
  auto timer = go::time::NewTimer(quiescent);
  int idx = go::select(go::recv(timer->C), go::recv(c->Done()));
  timer->Stop();
  ASSERT_EQ(idx, 1) << name << ": context not timed out after " << go::time::String(quiescent);
  EXPECT_TRUE(c->Err() == ctx::DeadlineExceeded) << name << ": c.Err() == " << c->Err().Error();
}

// go: context/context_test.go XTestDeadline
TEST_P(GoContext, Deadline) {
  go::run(cfg(), [] {
    auto now = [] { return go::time::Now(); };
    auto [c, cancel] = ctx::WithDeadline(ctx::Background(), now() + shortDuration);
    EXPECT_TRUE(startsWith(c->String(), "context.Background.WithDeadline(")) << c->String();
    testDeadline(c, "WithDeadline");

    c = ctx::WithDeadline(ctx::Background(), now() + shortDuration).first;
    Context o = other(c);
    testDeadline(o, "WithDeadline+otherContext");

    c = ctx::WithDeadline(ctx::Background(), now() + shortDuration).first;
    o = other(c);
    c = ctx::WithDeadline(o, now() + veryLongDuration).first;
    testDeadline(c, "WithDeadline+otherContext+WithDeadline");

    c = ctx::WithDeadline(ctx::Background(), now() - shortDuration).first;
    testDeadline(c, "WithDeadline+inthepast");

    c = ctx::WithDeadline(ctx::Background(), now()).first;
    testDeadline(c, "WithDeadline+now");
  });
}

// go: context/context_test.go XTestTimeout
TEST_P(GoContext, Timeout) {
  go::run(cfg(), [] {
    Context c = ctx::WithTimeout(ctx::Background(), shortDuration).first;
    EXPECT_TRUE(startsWith(c->String(), "context.Background.WithDeadline(")) << c->String();
    testDeadline(c, "WithTimeout");

    c = ctx::WithTimeout(ctx::Background(), shortDuration).first;
    Context o = other(c);
    testDeadline(o, "WithTimeout+otherContext");

    c = ctx::WithTimeout(ctx::Background(), shortDuration).first;
    o = other(c);
    c = ctx::WithTimeout(o, veryLongDuration).first;
    testDeadline(c, "WithTimeout+otherContext+WithTimeout");
  });
}

// go: context/context_test.go XTestCanceledTimeout
TEST_P(GoContext, CanceledTimeout) {
  go::run(cfg(), [] {
    auto [c0, cancel0] = ctx::WithTimeout(ctx::Background(), go::time::Second);
    Context o = other(c0);
    auto [c, cancel] = ctx::WithTimeout(o, veryLongDuration);
    cancel();  // Should propagate synchronously.
    EXPECT_TRUE(isDone(c)) << "<-c.Done() blocked, but shouldn't have";
    EXPECT_TRUE(c->Err() == ctx::Canceled) << c->Err().Error();
    cancel0();
  });
}

// go: context/context_test.go key1, key2, k1, k2, k3
enum class key1 : int {};
enum class key2 : int {};
const key1 k1 = key1(1);
const key2 k2 = key2(1);  // same int as k1, different type
const key2 k3 = key2(3);  // same type as k2, different int

// go: context/context_test.go XTestValues
TEST(GoContextPlain, Values) {
  auto check = [](const Context& c, const std::string& nm, const std::string& v1, const std::string& v2,
                  const std::string& v3) {
    auto get = [&](const ctx::Key& k) -> std::pair<std::string, bool> {
      std::any v = c->Value(k);
      if (auto* s = std::any_cast<std::string>(&v)) return {*s, true};
      return {"", false};
    };
    auto [g1, ok1] = get(k1);
    EXPECT_TRUE(ok1 == !v1.empty() && g1 == v1) << nm << ".Value(k1) = " << g1 << " want " << v1;
    auto [g2, ok2] = get(k2);
    EXPECT_TRUE(ok2 == !v2.empty() && g2 == v2) << nm << ".Value(k2) = " << g2 << " want " << v2;
    auto [g3, ok3] = get(k3);
    EXPECT_TRUE(ok3 == !v3.empty() && g3 == v3) << nm << ".Value(k3) = " << g3 << " want " << v3;
  };
  using S = std::string;

  Context c0 = ctx::Background();
  check(c0, "c0", "", "", "");

  Context c1 = ctx::WithValue(ctx::Background(), k1, S("c1k1"));
  check(c1, "c1", "c1k1", "", "");

  // Go: `context.Background.WithValue(type context.key1, val c1k1)`; the
  // type is C++'s name for key1.
  EXPECT_TRUE(startsWith(c1->String(), "context.Background.WithValue(type ")) << c1->String();
  EXPECT_NE(c1->String().find("key1, val c1k1)"), std::string::npos) << c1->String();

  Context c2 = ctx::WithValue(c1, k2, S("c2k2"));
  check(c2, "c2", "c1k1", "c2k2", "");

  Context c3 = ctx::WithValue(c2, k3, S("c3k3"));
  check(c3, "c2", "c1k1", "c2k2", "c3k3");

  Context c4 = ctx::WithValue(c3, k1, std::any{});
  check(c4, "c4", "", "c2k2", "c3k3");

  Context o0 = other(ctx::Background());
  check(o0, "o0", "", "", "");

  Context o1 = other(ctx::WithValue(ctx::Background(), k1, S("c1k1")));
  check(o1, "o1", "c1k1", "", "");

  Context o2 = ctx::WithValue(o1, k2, S("o2k2"));
  check(o2, "o2", "c1k1", "o2k2", "");

  Context o3 = other(c4);
  check(o3, "o3", "", "c2k2", "c3k3");

  Context o4 = ctx::WithValue(o3, k3, std::any{});
  check(o4, "o4", "", "c2k2", "");
}

// go: context/context_test.go XTestSimultaneousCancels
TEST_P(GoContext, SimultaneousCancels) {
  go::run(cfg(), [] {
    auto [root, cancel] = ctx::WithCancel(ctx::Background());
    std::vector<std::pair<Context, CancelFunc>> m = {{root, cancel}};
    std::vector<Context> q = {root};
    // Create a tree of contexts.
    for (std::size_t head = 0; head < q.size() && m.size() < 100; head++) {
      Context parent = q[head];
      for (int i = 0; i < 4; i++) {
        auto [c, cf] = ctx::WithCancel(parent);
        m.emplace_back(c, cf);
        q.push_back(c);
      }
    }
    std::mt19937 rng(std::random_device{}());
    std::shuffle(m.begin(), m.end(), rng);  // Go's map iteration order is random
    // Start all the cancels in a random order.
    go::sync::WaitGroup wg;
    wg.Add(static_cast<int>(m.size()));
    for (auto& [c, cf] : m) {
      go::go([&wg, cf = cf] {
        cf();
        wg.Done();
      });
    }

    auto stuck = go::make_chan<go::struct_>();
    auto timer = go::time::AfterFunc(quiescent, [stuck] { stuck.close(); });

    // Wait on all the contexts in a random order.
    std::shuffle(m.begin(), m.end(), rng);
    for (auto& [c, cf] : m) {
      int idx = go::select(go::recv(c->Done()), go::recv(stuck));
      ASSERT_EQ(idx, 0) << "timed out waiting for <-ctx.Done()";
    }
    // Wait for all the cancel functions to return.
    auto done = go::make_chan<go::struct_>();
    go::go([&wg, done] {
      wg.Wait();
      done.close();
    });
    int idx = go::select(go::recv(done), go::recv(stuck));
    EXPECT_EQ(idx, 0) << "timed out waiting for cancel functions";
    timer->Stop();
  });
}

// go: context/context_test.go XTestInterlockedCancels
TEST_P(GoContext, InterlockedCancels) {
  go::run(cfg(), [] {
    auto [parent, cancelParent] = ctx::WithCancel(ctx::Background());
    auto [child, cancelChild] = ctx::WithCancel(parent);
    go::go([parent = parent, cancelChild = cancelChild] {
      parent->Done().recv();
      cancelChild();
    });
    cancelParent();
    auto timer = go::time::NewTimer(quiescent);
    int idx = go::select(go::recv(child->Done()), go::recv(timer->C));
    timer->Stop();
    EXPECT_EQ(idx, 0) << "timed out waiting for child.Done()";
  });
}

// go: context/context_test.go testLayers
void testLayers(std::uint64_t seed, bool testTimeout) {
  std::mt19937_64 r(seed);
  const int minLayers = 30;
  std::vector<std::unique_ptr<int>> vals;
  std::vector<CancelFunc> cancels;
  int numTimers = 0;
  Context c = ctx::Background();
  for (int i = 0; i < minLayers || numTimers == 0 || cancels.empty() || vals.empty(); i++) {
    switch (r() % 3) {
      case 0: {
        vals.push_back(std::make_unique<int>(i));
        int* v = vals.back().get();
        c = ctx::WithValue(c, v, v);
        break;
      }
      case 1: {
        auto [nc, cancel] = ctx::WithCancel(c);
        c = nc;
        cancels.push_back(cancel);
        break;
      }
      case 2: {
        Duration d = testTimeout ? shortDuration : veryLongDuration;
        auto [nc, cancel] = ctx::WithTimeout(c, d);
        c = nc;
        cancels.push_back(cancel);
        numTimers++;
        break;
      }
    }
  }
  auto checkValues = [&](const char* when) {
    for (auto& key : vals) {
      std::any v = c->Value(key.get());
      auto* got = std::any_cast<int*>(&v);
      EXPECT_TRUE(got && *got == key.get()) << "seed=" << seed << ": " << when << ": ctx.Value(" << key.get() << ")";
    }
  };
  if (!testTimeout) {
    EXPECT_FALSE(isDone(c)) << "seed=" << seed << ": ctx should not be canceled yet";
  }
  EXPECT_TRUE(startsWith(c->String(), "context.Background.")) << c->String();
  checkValues("before cancel");
  if (testTimeout) {
    auto timer = go::time::NewTimer(quiescent);
    int idx = go::select(go::recv(c->Done()), go::recv(timer->C));
    timer->Stop();
    EXPECT_EQ(idx, 0) << "seed=" << seed << ": ctx should have timed out";
    checkValues("after timeout");
  } else {
    CancelFunc cancel = cancels[r() % cancels.size()];
    cancel();
    EXPECT_TRUE(isDone(c)) << "seed=" << seed << ": ctx should be canceled";
    checkValues("after cancel");
  }
  for (auto& cf : cancels) cf();
}

// go: context/context_test.go XTestLayersCancel
TEST_P(GoContext, LayersCancel) {
  go::run(cfg(), [] { testLayers(std::random_device{}(), false); });
}

// go: context/context_test.go XTestLayersTimeout
TEST_P(GoContext, LayersTimeout) {
  go::run(cfg(), [] { testLayers(std::random_device{}(), true); });
}

// go: context/context_test.go XTestCancelRemoves
TEST_P(GoContext, CancelRemoves) {
  go::run(cfg(), [] {
    auto checkChildren = [](const char* when, const Context& c, std::size_t want) {
      EXPECT_EQ(ctx::detail::children(c), want) << when;
    };

    Context c = ctx::WithCancel(ctx::Background()).first;
    checkChildren("after creation", c, 0);
    auto [c1, cancel] = ctx::WithCancel(c);
    checkChildren("with WithCancel child ", c, 1);
    cancel();
    checkChildren("after canceling WithCancel child", c, 0);

    c = ctx::WithCancel(ctx::Background()).first;
    checkChildren("after creation", c, 0);
    auto [c2, cancel2] = ctx::WithTimeout(c, 60 * go::time::Minute);
    checkChildren("with WithTimeout child ", c, 1);
    cancel2();
    checkChildren("after canceling WithTimeout child", c, 0);
  });
}

// go: context/context_test.go XTestWithCancelCanceledParent
TEST_P(GoContext, WithCancelCanceledParent) {
  go::run(cfg(), [] {
    auto [parent, pcancel] = ctx::WithCancel(ctx::Background());
    pcancel();

    auto [c, cancel] = ctx::WithCancel(parent);
    EXPECT_TRUE(isDone(c)) << "child not done immediately upon construction";
    EXPECT_TRUE(c->Err() == ctx::Canceled) << "child not canceled; got = " << c->Err().Error();
    cancel();
  });
}

// go: context/context_test.go XTestWithValueChecksKey — Go panics at run time
// for a non-comparable or nil key; here such keys do not compile.
struct notComparable {};
static_assert(!std::is_constructible_v<ctx::Key, notComparable>);
static_assert(!std::is_constructible_v<ctx::Key, std::nullptr_t>);
static_assert(std::is_constructible_v<ctx::Key, key1>);

// go: context/context_test.go XTestInvalidDerivedFail
TEST(GoContextPlain, InvalidDerivedFail) {
  EXPECT_THROW(ctx::WithCancel(nullptr), go::panic_error) << "expected panic";
  EXPECT_THROW(ctx::WithDeadline(nullptr, go::time::Now() + shortDuration), go::panic_error) << "expected panic";
  EXPECT_THROW(ctx::WithValue(nullptr, "foo", "bar"), go::panic_error) << "expected panic";
  try {
    ctx::WithCancel(nullptr);
  } catch (const go::panic_error& e) {
    EXPECT_STREQ(e.what(), "cannot create context from nil parent");
  }
}

// go: context/context_test.go XTestDeadlineExceededSupportsTimeout
TEST(GoContextPlain, DeadlineExceededSupportsTimeout) {
  auto* i = go::errors::As<go::net::Error>(ctx::DeadlineExceeded);
  ASSERT_NE(i, nullptr) << "DeadlineExceeded does not support Timeout interface";
  EXPECT_TRUE(i->Timeout()) << "wrong value for timeout";
  EXPECT_EQ(ctx::DeadlineExceeded.Error(), "context deadline exceeded");
  EXPECT_EQ(ctx::Canceled.Error(), "context canceled");
}

// go: context/context_test.go XTestCustomContextGoroutines
TEST_P(GoContext, CustomContextGoroutines) {
  go::run(cfg(), [] {
    int g = ctx::detail::goroutines();
    auto checkNoGoroutine = [&](int line) {
      int now = ctx::detail::goroutines();
      EXPECT_EQ(now, g) << "line " << line << ": " << now - g << " goroutines created";
    };
    auto checkCreatedGoroutine = [&](int line) {
      int now = ctx::detail::goroutines();
      EXPECT_EQ(now, g + 1) << "line " << line << ": " << now - g << " goroutines created, want 1";
      g = now;
    };
    std::vector<CancelFunc> deferred;

    auto cancel0 = ctx::WithCancel(std::make_shared<myDoneCtx>(ctx::Background())).second;
    cancel0();
    checkCreatedGoroutine(__LINE__);

    cancel0 = ctx::WithTimeout(std::make_shared<myDoneCtx>(ctx::Background()), veryLongDuration).second;
    cancel0();
    checkCreatedGoroutine(__LINE__);

    checkNoGoroutine(__LINE__);

    auto [ctx1, cancel1] = ctx::WithCancel(ctx::Background());
    deferred.push_back(cancel1);
    checkNoGoroutine(__LINE__);

    Context ctx2 = other(ctx1);  // Go: &myCtx{ctx1}
    auto [ctx3, cancel3] = ctx::WithCancel(ctx2);
    deferred.push_back(cancel3);
    checkNoGoroutine(__LINE__);

    auto cancel3b = ctx::WithCancel(std::make_shared<myDoneCtx>(ctx2)).second;
    deferred.push_back(cancel3b);
    checkCreatedGoroutine(__LINE__);  // ctx1 is not providing Done, must not be used

    auto [ctx4, cancel4] = ctx::WithTimeout(ctx3, veryLongDuration);
    deferred.push_back(cancel4);
    checkNoGoroutine(__LINE__);

    auto [ctx5, cancel5] = ctx::WithCancel(ctx4);
    deferred.push_back(cancel5);
    checkNoGoroutine(__LINE__);

    cancel5();
    checkNoGoroutine(__LINE__);

    auto cancel6 = ctx::WithTimeout(ctx5, veryLongDuration).second;
    deferred.push_back(cancel6);
    checkNoGoroutine(__LINE__);

    // Check applied to canceled context.
    cancel6();
    cancel1();
    auto cancel7 = ctx::WithCancel(ctx5).second;
    deferred.push_back(cancel7);
    checkNoGoroutine(__LINE__);

    std::reverse(deferred.begin(), deferred.end());
    for (auto& f : deferred) f();
    checkNoGoroutine(__LINE__);
  });
}

// ---------------------------------------------------------------------------
// Behaviour of this port beyond Go's suite.

// Done is closed on cancel, waking fibers blocked on it (on either worker).
TEST_P(GoContext, CancelWakesBlockedReceivers) {
  go::run(cfg(), [] {
    auto [c, cancel] = ctx::WithCancel(ctx::Background());
    auto [child, childCancel] = ctx::WithTimeout(c, veryLongDuration);
    go::sync::WaitGroup wg;
    const int n = 6;
    wg.Add(n);
    for (int i = 0; i < n; i++) {
      Context w = i % 2 ? c : child;
      go::go([w, &wg] {
        auto [v, ok] = w->Done().recv_ok();
        if (ok) ADD_FAILURE() << "Done delivered a value instead of being closed";
        if (w->Err() != ctx::Canceled) ADD_FAILURE() << "Err() = " << w->Err().Error();
        wg.Done();
      });
    }
    go::time::Sleep(2 * go::time::Millisecond);
    cancel();
    wg.Wait();
    childCancel();
  });
}

// A deadline-exceeded parent cancels its children with DeadlineExceeded; a
// child asking for a later deadline keeps the parent's (Go: WithCancel).
TEST_P(GoContext, DeadlinePropagates) {
  go::run(cfg(), [] {
    auto d = go::time::Now() + 20 * go::time::Millisecond;
    auto [parent, pcancel] = ctx::WithDeadline(ctx::Background(), d);
    auto [pd, pok] = parent->Deadline();
    EXPECT_TRUE(pok);
    EXPECT_EQ(pd, d);
    auto [later, lcancel] = ctx::WithTimeout(parent, go::time::Hour);
    auto [ld, lok] = later->Deadline();
    EXPECT_TRUE(lok);
    EXPECT_EQ(ld, d) << "a later deadline must not replace the parent's";
    auto [plain, ccancel] = ctx::WithCancel(ctx::WithValue(parent, "k", 1));
    auto [bd, bok] = ctx::Background()->Deadline();
    EXPECT_FALSE(bok);

    auto guard = go::time::After(quiescent);
    ASSERT_EQ(go::select(go::recv(plain->Done()), go::recv(guard)), 0);
    auto start = d;
    EXPECT_GE(go::time::Now(), start) << "canceled before the deadline";
    EXPECT_TRUE(parent->Err() == ctx::DeadlineExceeded);
    EXPECT_TRUE(later->Err() == ctx::DeadlineExceeded);
    EXPECT_TRUE(plain->Err() == ctx::DeadlineExceeded);
    EXPECT_EQ(ctx::detail::children(parent), 0u);
    pcancel();  // after the fact: no effect on Err
    EXPECT_TRUE(parent->Err() == ctx::DeadlineExceeded);
    lcancel();
    ccancel();
  });
}

// A child dropped without calling its CancelFunc leaves its parent's set
// (this port's weak registration); cancel functions are idempotent.
TEST_P(GoContext, DroppedChildLeavesParent) {
  go::run(cfg(), [] {
    auto [parent, cancel] = ctx::WithCancel(ctx::Background());
    {
      auto [child, childCancel] = ctx::WithCancel(parent);
      auto [grandchild, gcancel] = ctx::WithCancel(child);
      EXPECT_EQ(ctx::detail::children(parent), 1u);
      EXPECT_EQ(ctx::detail::children(child), 1u);
      (void)gcancel;
      (void)childCancel;
    }
    EXPECT_EQ(ctx::detail::children(parent), 0u);
    cancel();
    cancel();
    EXPECT_TRUE(parent->Err() == ctx::Canceled);
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, GoContext, ::testing::Values(1, 2), threads_name);

}  // namespace
