// Go's select statement.
//
//   select {                                  go::select(
//   case v := <-in:                             go::recv(in, [&](int v) { use(v); }),
//   case v, ok := <-in2:                        go::recv(in2, [&](int v, bool ok) { ... }),
//   case out <- x:                              go::send(out, x, [&] { ... }),
//   case <-done:                                go::recv(done, [&] { ... }),
//   default:                                    go::default_([&] { ... }));
//   }
//
// select returns the index (in argument order) of the case that ran, so a case
// body that must `return` or `break` from the enclosing function can be written
// as a switch over the result, with the received value written through a
// pointer:
//
//   int v; bool ok;
//   switch (go::select(go::recv(in, &v, &ok), go::recv(done))) {
//     case 0: if (!ok) return; ...; break;
//     case 1: return;
//   }
//
// Semantics are Go's: if several cases are ready one is chosen uniformly at
// random; with no ready case and no default the caller blocks until one is;
// cases on nil channels are never ready; a send case on a closed channel
// throws go::panic_error. The same channel may appear in several cases.
//
// select_dynamic is the run-time form (Go's reflect.Select) over a list of
// type-erased cases.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <source_location>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "chan/chan.hpp"
#include "chan/detail/trace.hpp"

namespace go {

namespace detail {

struct no_body {
  void operator()() const noexcept {}
};

template <class T, class F>
struct recv_case {
  hchan* c;
  F body;
  T* out = nullptr;
  bool* out_ok = nullptr;
  std::source_location where{};  // the select statement's line, for the runtime trace
  T value{};
  static constexpr bool is_default = false;

  scase to_scase() noexcept { return scase{c, &value, false}; }
  void fire(bool ok) {
    if (out) *out = std::move(value);
    if (out_ok) *out_ok = ok;
    if constexpr (std::is_invocable_v<F&, T&&, bool>) {
      body(std::move(value), ok);
    } else if constexpr (std::is_invocable_v<F&, T&&>) {
      body(std::move(value));
    } else {
      static_assert(std::is_invocable_v<F&>, "a recv case body takes (T, bool), (T) or ()");
      body();
    }
  }
};

template <class T, class F>
struct send_case {
  hchan* c;
  T value;
  F body;
  std::source_location where{};
  static constexpr bool is_default = false;

  scase to_scase() noexcept { return scase{c, &value, true}; }
  void fire(bool) {
    static_assert(std::is_invocable_v<F&>, "a send case body takes no arguments");
    body();
  }
};

template <class F>
struct default_case {
  F body;
  std::source_location where{};
  static constexpr bool is_default = true;
  void fire(bool) { body(); }
};

template <class C>
struct is_default_case : std::false_type {};
template <class F>
struct is_default_case<default_case<F>> : std::true_type {};

}  // namespace detail

namespace detail {
// Which directions a channel view allows (Go's chan T, chan<- T, <-chan T).
template <class C>
struct chan_dir {
  static constexpr bool can_send = false;
  static constexpr bool can_recv = false;
};
template <class T>
struct chan_dir<chan<T>> {
  using elem = T;
  static constexpr bool can_send = true;
  static constexpr bool can_recv = true;
};
template <class T>
struct chan_dir<send_chan<T>> {
  using elem = T;
  static constexpr bool can_send = true;
  static constexpr bool can_recv = false;
};
template <class T>
struct chan_dir<recv_chan<T>> {
  using elem = T;
  static constexpr bool can_send = false;
  static constexpr bool can_recv = true;
};
}  // namespace detail

// A channel that may be received from: chan<T> or recv_chan<T> (a send_chan<T>
// in a receive case does not compile, as in Go).
template <class C>
concept receivable = detail::chan_dir<C>::can_recv;
// A channel that may be sent to: chan<T> or send_chan<T>.
template <class C>
concept sendable = detail::chan_dir<C>::can_send;

template <class C>
using elem_t = typename detail::chan_dir<C>::elem;

// case v := <-ch  (body takes (T, bool), (T) or ())
template <receivable C, class F = detail::no_body>
  requires(!std::is_pointer_v<std::remove_cvref_t<F>>)
detail::recv_case<elem_t<C>, std::decay_t<F>> recv(const C& ch, F&& body = {},
                                                    std::source_location where = std::source_location::current()) {
  return {ch.raw(), std::forward<F>(body), nullptr, nullptr, where};
}
// case *out, *ok = <-ch
template <receivable C>
detail::recv_case<elem_t<C>, detail::no_body> recv(const C& ch, elem_t<C>* out, bool* ok = nullptr,
                                                   std::source_location where = std::source_location::current()) {
  return {ch.raw(), {}, out, ok, where};
}
// case ch <- v
template <sendable C, class V, class F = detail::no_body>
  requires std::convertible_to<V, elem_t<C>>
detail::send_case<elem_t<C>, std::decay_t<F>> send(const C& ch, V&& v, F&& body = {},
                                                    std::source_location where = std::source_location::current()) {
  return {ch.raw(), elem_t<C>(std::forward<V>(v)), std::forward<F>(body), where};
}
// default:
template <class F = detail::no_body>
detail::default_case<std::decay_t<F>> default_(F&& body = {},
                                               std::source_location where = std::source_location::current()) {
  return {std::forward<F>(body), where};
}

// The select statement. Returns the argument index of the case that ran.
template <class... Cases>
int select(Cases&&... cases) {
  constexpr int ndefault = (0 + ... + (detail::is_default_case<std::decay_t<Cases>>::value ? 1 : 0));
  static_assert(ndefault <= 1, "select: multiple defaults");
  constexpr int n = sizeof...(Cases);
  constexpr int nchan = n - ndefault;

  auto all = std::forward_as_tuple(cases...);
  // Argument index of each channel case, and of the default.
  constexpr auto layout = [] {
    struct {
      // sizeof...(Cases) (>= nchan), not nchan: clang (16) wants nchan captured here.
      int chan_index[sizeof...(Cases) > 0 ? sizeof...(Cases) : 1];
      int default_index;
    } l{};
    l.default_index = -1;
    int k = 0, i = 0;
    ((detail::is_default_case<std::decay_t<Cases>>::value ? (l.default_index = i++, 0) : (l.chan_index[k++] = i++, 0)),
     ...);
    return l;
  }();

  int chosen_arg = -1;
  bool ok = false;
  if constexpr (nchan == 0) {
    if constexpr (ndefault == 0) {
      detail::block_forever(detail::wait_reason::select_no_cases);  // select {}
    }
    chosen_arg = layout.default_index;
  } else {
    // The statement's line (for the runtime trace) is where its first case was written.
    const std::source_location where = std::get<0>(all).where;
    detail::scase sc[nchan];
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      int k = 0;
      (
          [&] {
            auto& c = std::get<I>(all);
            if constexpr (!std::decay_t<decltype(c)>::is_default) sc[k++] = c.to_scase();
          }(),
          ...);
    }(std::make_index_sequence<n>{});

    if constexpr (nchan == 1 && ndefault == 1) {
      // Go compiles `select { case v := <-c: ...; default: ... }` to a single
      // non-blocking channel operation (selectnbrecv / selectnbsend).
      bool selected = false;
      if (sc[0].is_send) {
        if (!detail::send_would_block(sc[0].c)) selected = detail::chansend(sc[0].c, sc[0].elem, false);
      } else {
        switch (detail::nb_recv_check(sc[0].c)) {
          case detail::nb_recv::would_block: break;
          case detail::nb_recv::closed_drained: selected = true; break;  // the case's value is still T{}
          case detail::nb_recv::call: std::tie(selected, ok) = detail::chanrecv(sc[0].c, sc[0].elem, false); break;
        }
      }
      chosen_arg = selected ? layout.chan_index[0] : layout.default_index;
      if (detail::tl_trace != nullptr) [[unlikely]] {
        int ready0 = 0;
        detail::trace_select(where, sc, 1, &ready0, selected ? 1 : 0, false, selected ? 0 : -1, ok);
      }
    } else {
      auto [casi, recv_ok] = detail::selectgo(sc, nchan, ndefault == 0, where);
      ok = recv_ok;
      chosen_arg = casi < 0 ? layout.default_index : layout.chan_index[casi];
    }
  }

  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((static_cast<int>(I) == chosen_arg ? (std::get<I>(all).fire(ok), 0) : 0), ...);
  }(std::make_index_sequence<n>{});
  return chosen_arg;
}

// A run-time select case (Go's reflect.SelectCase).
class select_case {
 public:
  // case v, ok := <-ch, written to *out (may be null to discard)
  template <receivable C>
  static select_case recv(const C& ch, elem_t<C>* out) {
    return select_case(detail::scase{ch.raw(), out, false});
  }
  // case ch <- *v (the value is moved from *v if this case is chosen)
  template <sendable C>
  static select_case send(const C& ch, elem_t<C>* v) {
    return select_case(detail::scase{ch.raw(), v, true});
  }
  // default:
  static select_case default_() { return select_case(); }

  bool is_default() const noexcept { return default_case_; }
  const detail::scase& raw() const noexcept { return c_; }

 private:
  select_case() : c_{nullptr, nullptr, false}, default_case_(true) {}
  explicit select_case(detail::scase c) : c_(c) {}
  detail::scase c_;
  bool default_case_ = false;
};

struct select_result {
  int chosen;    // index into the cases
  bool recv_ok;  // for a receive case: a value was received (false: channel closed)
};

// Go's reflect.Select: blocks unless a default case is present; at most one default.
select_result select_dynamic(std::span<const select_case> cases,
                             std::source_location where = std::source_location::current());

}  // namespace go
