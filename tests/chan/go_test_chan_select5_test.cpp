// go: test/chan/select5.go
//
// select5.go is a generator: it expands five text/templates (recv, send,
// recvOrder, sendOrder, nonblock) over every combination of the template's
// choices (plain operation or select; default before or after the real case;
// the form of the receive assignment; dummy send/receive cases on a channel
// that is never ready; send/receive cases on a nil channel) and writes one Go
// function per combination — 1045 in all — which is then compiled and run.
//
// Here the same enumeration runs directly: the generator's choose/maybe/next
// machinery is ported unchanged, and each template is a C++ function that asks
// the same questions (`Maybe`, `MaybeDefault`, `MustDefault`) in the same order
// as text/template evaluates them, and instead of printing the Go statement it
// executes it. Every combination runs twice:
//   - through the compile-time go::select, built case by case from the
//     combination (a recursive template that instantiates one go::select per
//     distinct case-type list), so the two-case select-with-default fast path
//     and the argument-index bookkeeping are exercised exactly as a
//     hand-written select would;
//   - through go::select_dynamic (reflect.Select) with the same cases.
// Each run checks the value received, that exactly the expected case (the real
// one, or `default` in the nonblock template) fired, that no dummy/nil case's
// body ran, and (recvOrder/sendOrder) that channel and value expressions are
// evaluated in source order while a receive's left-hand side is evaluated only
// after its case was chosen. The total number of combinations must equal the
// generator's (1045, the count select5.go prints as `// 1045 cases`).
//
// C++ note on evaluation order: the arguments of one function call are
// indeterminately sequenced, so `go::select(go::send(fc(dummy,3), fn(1,4)), ...)`
// would not fix an order. As in the generated Go code, each case's channel and
// value are evaluated statement by statement in source order before the
// select; the receive's left-hand side is in the case body.
#include <gtest/gtest.h>

#include <any>
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"

namespace {

// ---------------------------------------------------------------------------
// Code for enumerating all possible paths through some logic (select5.go's
// choose / maybe / next, unchanged).

struct enumerator {
  struct choice {
    int i, n;
  };
  std::vector<choice> choices;
  int cp = -1;

  bool maybe() { return choose(2) == 0; }

  int choose(int n) {
    if (cp >= static_cast<int>(choices.size())) {
      // never asked this before: start with 0.
      choices.push_back(choice{0, n});
      cp = static_cast<int>(choices.size());
      return 0;
    }
    // otherwise give recorded answer
    if (n != choices[cp].n) {
      ADD_FAILURE() << "inconsistent choices";
    }
    int i = choices[cp].i;
    cp++;
    return i;
  }

  bool next() {
    if (cp < 0) {
      // start a new round
      cp = 0;
      return true;
    }

    // increment last choice sequence
    cp = static_cast<int>(choices.size()) - 1;
    while (cp >= 0 && choices[cp].i == choices[cp].n - 1) {
      cp--;
    }
    if (cp < 0) {
      choices.clear();
      return false;
    }
    choices[cp].i++;
    choices.resize(cp + 1);
    cp = 0;
    return true;
  }

  // Replay the current path from its first choice (to run it a second time).
  void rewind() { cp = 0; }

  std::string path() const {
    std::string s;
    for (const auto& c : choices) s += char('0' + c.i);
    return s;
  }
};

// Go: type arg struct { def bool; nreset int }
struct arg {
  enumerator& e;
  bool def = false;
  int nreset = 0;

  bool Maybe() { return e.maybe(); }
  bool MaybeDefault() {
    if (def) return false;
    def = e.maybe();
    return def;
  }
  bool MustDefault() { return !def; }
  void reset() {
    def = false;
    nreset++;
  }
};

// ---------------------------------------------------------------------------
// The generated program's globals and helpers (select5.go's `header`).

struct program {
  // channel is buffered so test is single-goroutine.
  // we are not interested in the concurrency aspects
  // of select, just testing that the right calls happen.
  go::chan<int> c = go::make_chan<int>(1);
  go::chan<int> nilch;
  int n = 1;
  int x = 0;
  std::any i;
  go::chan<int> dummy = go::make_chan<int>();
  std::map<int, int> m;
  int order = 0;
  int scratch = 0;

  int* f(int* p) { return p; }

  // check order of operations by ensuring that
  // successive calls to checkorder have increasing o values.
  void checkorder(int o) {
    if (o <= order) {
      ADD_FAILURE() << "invalid order " << o << " after " << order;
    }
    order = o;
  }
  go::chan<int> fc(go::chan<int> ch, int o) {
    checkorder(o);
    return ch;
  }
  int* fp(int* p, int o) {
    checkorder(o);
    return p;
  }
  int fn(int v, int o) {
    checkorder(o);
    return v;
  }
  void die(int got) { ADD_FAILURE() << "have " << got << " want " << n; }
  // `**(**int)(nil) = <-ch`: evaluating this left-hand side would crash in Go.
  int* nil_lhs() {
    ADD_FAILURE() << "receive assignment evaluated its left-hand side for a case that was not chosen";
    return &scratch;
  }
};

// ---------------------------------------------------------------------------
// One select statement as a list of slots in source order. A slot is absent
// (kNone) or one case.

using VoidFn = std::function<void()>;
using IntFn = std::function<void(int)>;

// Few distinct case types keep the number of go::select instantiations (and
// the compile time) down: every receive with a body is a recv_case<int, IntFn>,
// and only the direct `case x = <-c:` uses the pointer form go::recv(c, &x).
enum kind : unsigned {
  kNone,
  kDefault,  // default: body
  kRecvPtr,  // case *out = <-ch:       (go::recv(ch, out))
  kRecvFn,   // case v := <-ch: on_recv(v)
  kSend,     // case ch <- value: body
};
constexpr unsigned bit(kind k) { return 1u << k; }

struct slot {
  kind k = kNone;
  go::chan<int> ch;
  int* out = nullptr;
  int value = 0;
  IntFn on_recv;
  VoidFn body;
};

slot Default(VoidFn body) { return slot{kDefault, {}, nullptr, 0, {}, std::move(body)}; }
slot RecvPtr(go::chan<int> ch, int* out) { return slot{kRecvPtr, ch, out, 0, {}, {}}; }
slot RecvFn(go::chan<int> ch, IntFn f) { return slot{kRecvFn, ch, nullptr, 0, std::move(f), {}}; }
// case <-ch: body
slot RecvVoid(go::chan<int> ch, VoidFn body) {
  return slot{kRecvFn, ch, nullptr, 0, [body = std::move(body)](int) { body(); }, {}};
}
slot Send(go::chan<int> ch, int v, VoidFn body) { return slot{kSend, ch, nullptr, v, {}, std::move(body)}; }

VoidFn fails(const char* what) {
  return [what] { ADD_FAILURE() << "case fired: " << what; };  // Go: panic(what)
}

// Which kinds each slot of a template's select may hold.
constexpr unsigned ND = bit(kNone) | bit(kDefault);
constexpr unsigned NS = bit(kNone) | bit(kSend);
constexpr unsigned NRF = bit(kNone) | bit(kRecvFn);
// recv and recvOrder: [default] <-c [default] [dummy<-] [<-dummy] [nilch<-] [<-nilch]
constexpr std::array<unsigned, 7> kRecvSchema{ND, bit(kRecvPtr) | bit(kRecvFn), ND, NS, NRF, NS, NRF};
// send and sendOrder: [default] c<- [default] [dummy<-] [<-dummy] [nilch<-] [<-nilch]
constexpr std::array<unsigned, 7> kSendSchema{ND, bit(kSend), ND, NS, NRF, NS, NRF};
// nonblock: [default] dummy<- nilch<- <-dummy x=<-dummy nil=<-dummy <-nilch x=<-nilch nil=<-nilch [default]
constexpr std::array<unsigned, 10> kNonblockSchema{ND, NS, NS, NRF, NRF, NRF, NRF, NRF, NRF, ND};

// Compile-time select over the present slots. Returns go::select's result (the
// argument index among the present slots).
template <const auto& Schema, std::size_t K, class... Cs>
int build(std::span<slot> sl, Cs... cs) {
  if constexpr (K == Schema.size()) {
    return go::select(cs...);
  } else {
    constexpr unsigned mask = Schema[K];
    slot& s = sl[K];
    if constexpr ((mask & bit(kNone)) != 0) {
      if (s.k == kNone) return build<Schema, K + 1>(sl, cs...);
    }
    // (A select has at most one default: combinations with two are never
    // generated, and must not be instantiated either.)
    constexpr bool has_default = (go::detail::is_default_case<Cs>::value || ...);
    if constexpr ((mask & bit(kDefault)) != 0 && !has_default) {
      if (s.k == kDefault) return build<Schema, K + 1>(sl, cs..., go::default_(s.body));
    }
    if constexpr ((mask & bit(kRecvPtr)) != 0) {
      if (s.k == kRecvPtr) return build<Schema, K + 1>(sl, cs..., go::recv(s.ch, s.out));
    }
    if constexpr ((mask & bit(kRecvFn)) != 0) {
      if (s.k == kRecvFn) return build<Schema, K + 1>(sl, cs..., go::recv(s.ch, s.on_recv));
    }
    if constexpr ((mask & bit(kSend)) != 0) {
      if (s.k == kSend) return build<Schema, K + 1>(sl, cs..., go::send(s.ch, s.value, s.body));
    }
    ADD_FAILURE() << "slot " << K << " holds a kind its schema does not allow";
    return -2;
  }
}

enum class mode { static_select, dynamic_select };

// Runs the select described by `sl`; returns the index of the slot that fired.
template <const auto& Schema>
int exec(std::span<slot> sl, mode md) {
  std::vector<int> present;  // argument index -> slot index
  for (std::size_t k = 0; k < sl.size(); ++k) {
    if (sl[k].k != kNone) present.push_back(static_cast<int>(k));
  }
  if (md == mode::static_select) {
    int a = build<Schema, 0>(sl);
    if (a < 0 || a >= static_cast<int>(present.size())) {
      ADD_FAILURE() << "go::select returned " << a;
      return -1;
    }
    return present[a];
  }
  std::vector<go::select_case> cases;
  std::vector<int> tmp(sl.size());
  for (int k : present) {
    slot& s = sl[k];
    switch (s.k) {
      case kDefault: cases.push_back(go::select_case::default_()); break;
      case kRecvPtr: cases.push_back(go::select_case::recv(s.ch, s.out)); break;
      case kRecvFn: cases.push_back(go::select_case::recv(s.ch, &tmp[k])); break;
      case kSend: cases.push_back(go::select_case::send(s.ch, &s.value)); break;
      case kNone: break;
    }
  }
  go::select_result r = go::select_dynamic(cases);
  if (r.chosen < 0 || r.chosen >= static_cast<int>(present.size())) {
    ADD_FAILURE() << "go::select_dynamic returned " << r.chosen;
    return -1;
  }
  int k = present[r.chosen];
  slot& s = sl[k];
  switch (s.k) {
    case kRecvFn: s.on_recv(tmp[k]); break;
    case kDefault:
    case kSend: s.body(); break;
    case kRecvPtr:
    case kNone: break;
  }
  return k;
}

// ---------------------------------------------------------------------------
// The templates. Comments quote the template text each step expands.

// var recv = parse("recv", ...)
void recv(arg& a, program& p, mode md) {
  // Send n, receive it one way or another into x, check that they match.
  p.c.send(p.n);
  if (a.Maybe()) {
    p.x = p.c.recv();
  } else {
    std::array<slot, 7> sl;
    // Blocking or non-blocking, before the receive.
    if (a.MaybeDefault()) sl[0] = Default(fails("nonblock"));
    // Receive from c.  Different cases are direct, indirect, :=, interface, and map assignment.
    if (a.Maybe()) {
      sl[1] = RecvPtr(p.c, &p.x);  // case x = <-c:
    } else if (a.Maybe()) {
      sl[1] = RecvFn(p.c, [&p](int v) { *p.f(&p.x) = v; });  // case *f(&x) = <-c:
    } else if (a.Maybe()) {
      sl[1] = RecvFn(p.c, [&p](int y) { p.x = y; });  // case y := <-c: x = y
    } else if (a.Maybe()) {
      sl[1] = RecvFn(p.c, [&p](int v) {  // case i = <-c: x = i.(int)
        p.i = v;
        p.x = std::any_cast<int>(p.i);
      });
    } else {
      sl[1] = RecvFn(p.c, [&p](int v) {  // case m[13] = <-c: x = m[13]
        p.m[13] = v;
        p.x = p.m[13];
      });
    }
    // Blocking or non-blocking again, after the receive.
    if (a.MaybeDefault()) sl[2] = Default(fails("nonblock"));
    // Dummy send, receive to keep compiler from optimizing select.
    if (a.Maybe()) sl[3] = Send(p.dummy, 1, fails("dummy send"));
    if (a.Maybe()) sl[4] = RecvVoid(p.dummy, fails("dummy receive"));
    // Nil channel send, receive to keep compiler from optimizing select.
    if (a.Maybe()) sl[5] = Send(p.nilch, 1, fails("nilch send"));
    if (a.Maybe()) sl[6] = RecvVoid(p.nilch, fails("nilch recv"));
    EXPECT_EQ(exec<kRecvSchema>(sl, md), 1);
  }
  if (p.x != p.n) p.die(p.x);
  p.n++;
}

// var recvOrder = parse("recvOrder", ...)
void recvOrder(arg& a, program& p, mode md) {
  // Send n, receive it one way or another into x, check that they match.
  // Check order of operations along the way by calling functions that check
  // that the argument sequence is strictly increasing.
  p.order = 0;
  p.c.send(p.n);
  if (a.Maybe()) {
    // Outside of select, left-to-right rule applies.
    // *fp(&x, 1) = <-fc(c, 2)   (C++17 sequences the right operand of = first: spell Go's order out)
    int* lhs = p.fp(&p.x, 1);
    *lhs = p.fc(p.c, 2).recv();
  } else if (a.Maybe()) {
    // m[fn(13, 1)] = <-fc(c, 2); x = m[13]
    int key = p.fn(13, 1);
    int v = p.fc(p.c, 2).recv();
    p.m[key] = v;
    p.x = p.m[13];
  } else {
    std::array<slot, 7> sl;
    // Blocking or non-blocking, before the receive.
    if (a.MaybeDefault()) sl[0] = Default(fails("nonblock"));
    // Receive from c.  Different cases are direct, indirect, :=, interface, and map assignment.
    // (Inside select, assignment waits until case is chosen, so right hand side
    // happens before anything on left hand side.)
    if (a.Maybe()) {
      sl[1] = RecvFn(p.fc(p.c, 1), [&p](int v) { *p.fp(&p.x, 100) = v; });  // case *fp(&x, 100) = <-fc(c, 1):
    } else if (a.Maybe()) {
      sl[1] = RecvFn(p.fc(p.c, 1), [&p](int y) { p.x = y; });  // case y := <-fc(c, 1): x = y
    } else if (a.Maybe()) {
      sl[1] = RecvFn(p.fc(p.c, 1), [&p](int v) {  // case i = <-fc(c, 1): x = i.(int)
        p.i = v;
        p.x = std::any_cast<int>(p.i);
      });
    } else {
      sl[1] = RecvFn(p.fc(p.c, 1), [&p](int v) {  // case m[fn(13, 100)] = <-fc(c, 1): x = m[13]
        p.m[p.fn(13, 100)] = v;
        p.x = p.m[13];
      });
    }
    // Blocking or non-blocking again, after the receive.
    if (a.MaybeDefault()) sl[2] = Default(fails("nonblock"));
    // Dummy send, receive to keep compiler from optimizing select.
    if (a.Maybe()) {
      auto ch = p.fc(p.dummy, 2);  // case fc(dummy, 2) <- fn(1, 3):
      sl[3] = Send(ch, p.fn(1, 3), fails("dummy send"));
    }
    if (a.Maybe()) sl[4] = RecvVoid(p.fc(p.dummy, 4), fails("dummy receive"));  // case <-fc(dummy, 4):
    // Nil channel send, receive to keep compiler from optimizing select.
    if (a.Maybe()) {
      auto ch = p.fc(p.nilch, 5);  // case fc(nilch, 5) <- fn(1, 6):
      sl[5] = Send(ch, p.fn(1, 6), fails("nilch send"));
    }
    if (a.Maybe()) sl[6] = RecvVoid(p.fc(p.nilch, 7), fails("nilch recv"));  // case <-fc(nilch, 7):
    EXPECT_EQ(exec<kRecvSchema>(sl, md), 1);
  }
  if (p.x != p.n) p.die(p.x);
  p.n++;
}

// var send = parse("send", ...)
void send(arg& a, program& p, mode md) {
  // Send n one way or another, receive it into x, check that they match.
  if (a.Maybe()) {
    p.c.send(p.n);
  } else {
    std::array<slot, 7> sl;
    // Blocking or non-blocking, before the receive (same reason as in recv).
    if (a.MaybeDefault()) sl[0] = Default(fails("nonblock"));
    // Send c <- n.  No real special cases here, because no values come back
    // from the send operation.
    sl[1] = Send(p.c, p.n, [] {});
    // Blocking or non-blocking.
    if (a.MaybeDefault()) sl[2] = Default(fails("nonblock"));
    // Dummy send, receive to keep compiler from optimizing select.
    if (a.Maybe()) sl[3] = Send(p.dummy, 1, fails("dummy send"));
    if (a.Maybe()) sl[4] = RecvVoid(p.dummy, fails("dummy receive"));
    // Nil channel send, receive to keep compiler from optimizing select.
    if (a.Maybe()) sl[5] = Send(p.nilch, 1, fails("nilch send"));
    if (a.Maybe()) sl[6] = RecvVoid(p.nilch, fails("nilch recv"));
    EXPECT_EQ(exec<kSendSchema>(sl, md), 1);
  }
  p.x = p.c.recv();
  if (p.x != p.n) p.die(p.x);
  p.n++;
}

// var sendOrder = parse("sendOrder", ...)
void sendOrder(arg& a, program& p, mode md) {
  // Send n one way or another, receive it into x, check that they match.
  // Check order of operations along the way by calling functions that check
  // that the argument sequence is strictly increasing.
  p.order = 0;
  if (a.Maybe()) {
    auto ch = p.fc(p.c, 1);  // fc(c, 1) <- fn(n, 2)
    ch.send(p.fn(p.n, 2));
  } else {
    std::array<slot, 7> sl;
    // Blocking or non-blocking, before the receive (same reason as in recv).
    if (a.MaybeDefault()) sl[0] = Default(fails("nonblock"));
    // Send c <- n.  No real special cases here, because no values come back
    // from the send operation.
    {
      auto ch = p.fc(p.c, 1);  // case fc(c, 1) <- fn(n, 2):
      sl[1] = Send(ch, p.fn(p.n, 2), [] {});
    }
    // Blocking or non-blocking.
    if (a.MaybeDefault()) sl[2] = Default(fails("nonblock"));
    // Dummy send, receive to keep compiler from optimizing select.
    if (a.Maybe()) {
      auto ch = p.fc(p.dummy, 3);  // case fc(dummy, 3) <- fn(1, 4):
      sl[3] = Send(ch, p.fn(1, 4), fails("dummy send"));
    }
    if (a.Maybe()) sl[4] = RecvVoid(p.fc(p.dummy, 5), fails("dummy receive"));  // case <-fc(dummy, 5):
    // Nil channel send, receive to keep compiler from optimizing select.
    if (a.Maybe()) {
      auto ch = p.fc(p.nilch, 6);  // case fc(nilch, 6) <- fn(1, 7):
      sl[5] = Send(ch, p.fn(1, 7), fails("nilch send"));
    }
    if (a.Maybe()) sl[6] = RecvVoid(p.fc(p.nilch, 8), fails("nilch recv"));  // case <-fc(nilch, 8):
    EXPECT_EQ(exec<kSendSchema>(sl, md), 1);
  }
  p.x = p.c.recv();
  if (p.x != p.n) p.die(p.x);
  p.n++;
}

// var nonblock = parse("nonblock", ...)
void nonblock(arg& a, program& p, mode md) {
  p.x = p.n;
  // Test various combinations of non-blocking operations.
  // Receive assignments must not edit or even attempt to compute the address of the lhs.
  std::array<slot, 10> sl;
  if (a.MaybeDefault()) sl[0] = Default([] {});
  if (a.Maybe()) sl[1] = Send(p.dummy, 1, fails("dummy <- 1"));
  if (a.Maybe()) sl[2] = Send(p.nilch, 1, fails("nilch <- 1"));
  if (a.Maybe()) sl[3] = RecvVoid(p.dummy, fails("<-dummy"));
  if (a.Maybe()) sl[4] = RecvFn(p.dummy, [&p](int v) { p.x = v; });  // case x = <-dummy:
  if (a.Maybe()) sl[5] = RecvFn(p.dummy, [&p](int v) { *p.nil_lhs() = v; });  // case **(**int)(nil) = <-dummy:
  if (a.Maybe()) sl[6] = RecvVoid(p.nilch, fails("<-nilch"));
  if (a.Maybe()) sl[7] = RecvFn(p.nilch, [&p](int v) { p.x = v; });  // case x = <-nilch:
  if (a.Maybe()) sl[8] = RecvFn(p.nilch, [&p](int v) { *p.nil_lhs() = v; });  // case **(**int)(nil) = <-nilch:
  if (a.MustDefault()) sl[9] = Default([] {});
  int want = sl[0].k == kDefault ? 0 : 9;
  EXPECT_EQ(exec<kNonblockSchema>(sl, md), want) << "a non-default case fired";
  if (p.x != p.n) p.die(p.x);
  p.n++;
}

class GoTestChanSelect5 : public ::testing::TestWithParam<int> {};

TEST_P(GoTestChanSelect5, GeneratedCases) {
  int cases = 0, runs = 0;
  std::map<std::string, int> per_template;
  go::run({.threads = GetParam()}, [&] {
    program p;
    enumerator e;
    arg a{e};
    // Go: do := func(t *template.Template) { for ; next(); a.reset() { run(t, a, out) } }
    bool stop = false;
    auto do_ = [&](const char* name, void (*t)(arg&, program&, mode)) {
      for (; !stop && e.next(); a.reset()) {
        SCOPED_TRACE(std::string(name) + " path " + e.path());
        bool def = a.def;
        t(a, p, mode::static_select);
        std::string path = e.path();
        // Replay the same path through select_dynamic.
        e.rewind();
        a.def = def;
        {
          SCOPED_TRACE("select_dynamic");
          t(a, p, mode::dynamic_select);
        }
        EXPECT_EQ(e.path(), path);
        runs += 2;
        per_template[name]++;
        stop = ::testing::Test::HasFailure();  // one failing combination is enough to debug
      }
    };
    do_("recv", recv);
    do_("send", send);
    do_("recvOrder", recvOrder);
    do_("sendOrder", sendOrder);
    do_("nonblock", nonblock);
    cases = a.nreset;
    EXPECT_EQ(go::len(p.c), 0);
    EXPECT_EQ(p.n, 1 + runs);
  });
  // fmt.Fprintln(out, "//", a.nreset, "cases") printed "// 1045 cases" for go1.19.
  EXPECT_EQ(cases, 1045);
  EXPECT_EQ(runs, 2 * 1045);
  std::ostringstream os;
  for (auto& [k, v] : per_template) os << k << "=" << v << " ";
  RecordProperty("cases", os.str());
}

INSTANTIATE_TEST_SUITE_P(Threads, GoTestChanSelect5, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "threads" + std::to_string(info.param);
                         });

}  // namespace
