// go: test/chan/perm.go
//
// perm.go is an `errorcheck` test: it does not compile, and each line marked
// `// ERROR` must be rejected by the compiler. Here every `// ok` line is a
// static_assert that the operation is well-formed, and every `// ERROR` line a
// static_assert that it is not, written as a requires-expression over the
// channel types (the C++ compiler's equivalent of Go's type checker).
//
// Direction rules (Go spec, "Channel types"): a `chan T` converts to
// `chan<- T` and `<-chan T`; neither directional type converts back or to the
// other direction. Only a channel that can receive can be ranged over; only one
// that can send can be closed.
#include <gtest/gtest.h>

#include <concepts>
#include <iterator>
#include <type_traits>
#include <utility>

#include "chan/chan.hpp"
#include "chan/select.hpp"

namespace {

using cr_t = go::recv_chan<int>;  // var cr <-chan int
using cs_t = go::send_chan<int>;  // var cs chan<- int
using c_t = go::chan<int>;        // var c  chan int

// `x = y` for variables of these types.
template <class To, class From>
concept assignable_from = std::is_assignable_v<To&, From> && std::is_constructible_v<To, From> &&
                          std::is_convertible_v<From, To>;
// None of the three forms (assign, explicit construct, implicit convert) may compile.
template <class To, class From>
concept no_conversion = !std::is_assignable_v<To&, From> && !std::is_constructible_v<To, From> &&
                        !std::is_convertible_v<From, To> && !std::is_assignable_v<To&, const From&> &&
                        !std::is_constructible_v<To, const From&>;

// ch <- 0
template <class C>
concept can_send = requires(const C& c) { c.send(0); };
// <-ch
template <class C>
concept can_recv = requires(const C& c) { c.recv(); };
// x, ok = <-ch
template <class C>
concept can_recv_ok = requires(const C& c) {
  { c.recv_ok() } -> std::same_as<std::pair<int, bool>>;
};
// close(ch), both spellings
template <class C>
concept can_close = requires(const C& c) { go::close(c); };
template <class C>
concept can_close_adl = requires(const C& c) { close(c); };
template <class C>
concept can_close_member = requires(const C& c) { c.close(); };
// for range ch  (what a range-for statement needs: begin(), end(), !=, *, ++)
template <class C>
concept can_range = requires(const C& c) {
  { c.begin() != c.end() } -> std::convertible_to<bool>;
  { *std::declval<decltype(c.begin())&>() } -> std::convertible_to<int>;
  ++std::declval<decltype(c.begin())&>();
};
// select { case ch <- 0: }
template <class C>
concept can_select_send = requires(const C& c) { go::send(c, 0); };
// select { case x := <-ch: }
template <class C>
concept can_select_recv = requires(const C& c, int* x) {
  go::recv(c);
  go::recv(c, x);
  go::recv(c, [](int) {});
};
// reflect.Select's cases (run-time select): a send case needs a channel that can send.
template <class C>
concept can_select_case_send = requires(const C& c, int* v) { go::select_case::send(c, v); };
template <class C>
concept can_select_case_recv = requires(const C& c, int* v) { go::select_case::recv(c, v); };

// ---- conversions ----------------------------------------------------------
static_assert(assignable_from<cr_t, c_t>);  // cr = c  // ok
static_assert(assignable_from<cs_t, c_t>);  // cs = c  // ok
static_assert(no_conversion<c_t, cr_t>);    // c = cr  // ERROR
static_assert(no_conversion<c_t, cs_t>);    // c = cs  // ERROR
static_assert(no_conversion<cr_t, cs_t>);   // cr = cs // ERROR
static_assert(no_conversion<cs_t, cr_t>);   // cs = cr // ERROR

// A channel of another element type does not convert either (not in perm.go;
// Go's assignability rules).
static_assert(no_conversion<go::chan<long>, c_t>);
static_assert(no_conversion<go::recv_chan<long>, c_t>);

// ---- operations on a non-channel ------------------------------------------
static_assert(!can_recv<int>);   // <-n    // ERROR
static_assert(!can_send<int>);   // n <- 2 // ERROR
static_assert(!can_close<int>);  // close(n) // ERROR
static_assert(!can_select_send<int>);
static_assert(!can_select_recv<int>);

// ---- chan int --------------------------------------------------------------
static_assert(can_send<c_t>);     // c <- 0       // ok
static_assert(can_recv<c_t>);     // <-c          // ok
static_assert(can_recv_ok<c_t>);  // x, ok := <-c // ok
static_assert(can_select_send<c_t>);  // case c <- 0:   // ok
static_assert(can_select_recv<c_t>);  // case x := <-c: // ok
static_assert(can_close<c_t> && can_close_adl<c_t> && can_close_member<c_t>);  // close(c)
static_assert(can_range<c_t>);
static_assert(can_select_case_send<c_t> && can_select_case_recv<c_t>);

// ---- <-chan int --------------------------------------------------------------
static_assert(!can_send<cr_t>);    // cr <- 0      // ERROR "send"
static_assert(can_recv<cr_t>);     // <-cr         // ok
static_assert(can_recv_ok<cr_t>);  // x, ok = <-cr // ok
static_assert(can_select_recv<cr_t>);  // case x := <-cr: // ok
static_assert(can_range<cr_t>);
static_assert(!can_close<cr_t>);         // close(cr) // ERROR "receive"
static_assert(!can_close_adl<cr_t>);     // close(cr) // ERROR "receive"
static_assert(!can_close_member<cr_t>);  // close(cr) // ERROR "receive"
static_assert(can_select_case_recv<cr_t>);

// ---- chan<- int --------------------------------------------------------------
static_assert(can_send<cs_t>);       // cs <- 0      // ok
static_assert(!can_recv<cs_t>);      // <-cs         // ERROR "receive"
static_assert(!can_recv_ok<cs_t>);   // x, ok = <-cs // ERROR "receive"
static_assert(can_select_send<cs_t>);  // case cs <- 0: // ok
static_assert(!can_range<cs_t>);     // for _ = range cs // ERROR "receive"; for range cs // ERROR "receive"
static_assert(can_close<cs_t> && can_close_adl<cs_t> && can_close_member<cs_t>);  // close(cs) // ok
static_assert(can_select_case_send<cs_t>);

// len and cap work on every direction (Go: len/cap accept any channel type).
static_assert(requires(const cr_t& a, const cs_t& b, const c_t& c) {
  { go::len(a) } -> std::same_as<int>;
  { go::cap(b) } -> std::same_as<int>;
  { go::len(c) + go::cap(c) } -> std::same_as<int>;
});

// The select-case lines of perm.go, and the same rule for the run-time select
// (reflect.Select panics at run time for a case of the wrong direction; the
// typed go::select_case rejects it at compile time).
// (These were first a BUG REPRO: go::send/go::recv and go::select_case took the
// common base detail::chan_ref<T> and accepted either direction; select.hpp now
// constrains them to sendable/receivable channel views.)
static_assert(!can_select_send<cr_t>);       // case cr <- 0:   // ERROR "send"
static_assert(!can_select_recv<cs_t>);       // case x := <-cs: // ERROR "receive"
static_assert(!can_select_case_send<cr_t>);  // reflect.Select: SendDir case using recv-only channel
static_assert(!can_select_case_recv<cs_t>);  // reflect.Select: RecvDir case using send-only channel

}  // namespace

// The conversions that are allowed keep the channel's identity (cr = c; cs = c).
// go: test/chan/perm.go
TEST(GoTestChanPerm, ConversionsShareTheChannel) {
  c_t c = go::make_chan<int>(1);
  cr_t cr = c;
  cs_t cs = c;
  EXPECT_TRUE(cr == c);
  EXPECT_TRUE(cs == c);
  cs.send(7);
  EXPECT_EQ(go::len(cr), 1);
  EXPECT_EQ(cr.recv(), 7);
  go::close(cs);
  auto [v, ok] = cr.recv_ok();
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(ok);
}
