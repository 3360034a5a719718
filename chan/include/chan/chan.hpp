// Go channels for C++.
//
//   Go                                C++
//   ch := make(chan int)              auto ch = go::make_chan<int>();
//   ch := make(chan int, 10)          auto ch = go::make_chan<int>(10);
//   var ch chan int                   go::chan<int> ch;          // nil channel
//   ch <- v                           ch.send(v);
//   v := <-ch                         int v = ch.recv();
//   v, ok := <-ch                     auto [v, ok] = ch.recv_ok();
//   close(ch)                         close(ch);  /  ch.close();
//   len(ch), cap(ch)                  len(ch), cap(ch)
//   for v := range ch {}              for (int v : ch) {}
//   func f(out chan<- int)            void f(go::send_chan<int> out)
//   func g(in <-chan int)             void g(go::recv_chan<int> in)
//
// A go::chan<T> is a reference to a shared channel, like Go's: copies share
// it, == compares identity, a default-constructed one is nil. T needs a default
// constructor (Go's zero value, received from a closed channel) and move
// assignment.
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <utility>

#include "chan/detail/hchan.hpp"
#include "chan/runtime.hpp"

namespace go {

// What Go does with `panic`: misuse of a channel. what() is Go's message:
// "send on closed channel", "close of closed channel", "close of nil channel".
struct panic_error : std::logic_error {
  using std::logic_error::logic_error;
};

template <class T>
concept channel_element = std::default_initializable<T> && std::movable<T>;

template <channel_element T>
class send_chan;
template <channel_element T>
class recv_chan;

namespace detail {
// The shared reference all three channel views hold.
template <class T>
class chan_ref {
 public:
  using value_type = T;
  chan_ref() noexcept = default;
  explicit chan_ref(std::shared_ptr<hchan> c) noexcept : c_(std::move(c)) {}

  // len(ch): elements queued in the buffer (0 for nil).
  int len() const noexcept {
    return c_ ? static_cast<int>(c_->qcount.load(std::memory_order_relaxed)) : 0;
  }
  // cap(ch): buffer capacity (0 for nil and unbuffered).
  int cap() const noexcept { return c_ ? static_cast<int>(c_->dataqsiz) : 0; }

  hchan* raw() const noexcept { return c_.get(); }
  const std::shared_ptr<hchan>& shared() const noexcept { return c_; }

  friend bool operator==(const chan_ref& a, std::nullptr_t) noexcept { return !a.c_; }
  template <class U>
  friend bool operator==(const chan_ref& a, const chan_ref<U>& b) noexcept {
    return a.raw() == b.raw();
  }

 protected:
  std::shared_ptr<hchan> c_;
};

// The operations each view exposes, on the raw channel.
template <class T>
T recv(hchan* c) {
  T v{};
  chanrecv(c, &v, true);
  return v;
}
template <class T>
std::pair<T, bool> recv_ok(hchan* c) {
  std::pair<T, bool> r{};
  r.second = chanrecv(c, &r.first, true).second;
  return r;
}

// for v := range ch: receives until the channel is closed and drained.
template <class T>
class range_iterator {
 public:
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  range_iterator() = default;
  explicit range_iterator(hchan* c) : c_(c) {
    if (!c_) block_forever(wait_reason::chan_recv_nil);  // range over a nil channel blocks forever
    ++*this;
  }
  T& operator*() noexcept { return v_; }
  range_iterator& operator++() {
    v_ = T{};
    if (!chanrecv(c_, &v_, true).second) c_ = nullptr;
    return *this;
  }
  void operator++(int) { ++*this; }
  friend bool operator==(const range_iterator& a, std::default_sentinel_t) noexcept { return a.c_ == nullptr; }

 private:
  hchan* c_ = nullptr;
  T v_{};
};
}  // namespace detail

// chan<- T: may send and close, not receive.
template <channel_element T>
class send_chan : public detail::chan_ref<T> {
 public:
  using detail::chan_ref<T>::chan_ref;
  send_chan() noexcept = default;
  send_chan(std::nullptr_t) noexcept {}  // NOLINT

  // ch <- v. Blocks until a receiver takes it (unbuffered) or there is buffer room;
  // a nil channel blocks forever. Throws go::panic_error("send on closed channel").
  void send(T v) const { detail::chansend(this->raw(), &v, true); }
  // close(ch). Throws go::panic_error on a nil or already closed channel.
  void close() const { detail::closechan(this->raw()); }
};

// <-chan T: may receive and range, not send or close.
template <channel_element T>
class recv_chan : public detail::chan_ref<T> {
 public:
  using detail::chan_ref<T>::chan_ref;
  recv_chan() noexcept = default;
  recv_chan(std::nullptr_t) noexcept {}  // NOLINT

  // <-ch. Blocks; from a closed, drained channel returns T{}; nil blocks forever.
  T recv() const { return detail::recv<T>(this->raw()); }
  // v, ok := <-ch
  std::pair<T, bool> recv_ok() const { return detail::recv_ok<T>(this->raw()); }
  detail::range_iterator<T> begin() const { return detail::range_iterator<T>(this->raw()); }
  std::default_sentinel_t end() const noexcept { return {}; }
};

// chan T: bidirectional; converts implicitly to either direction, never back.
template <channel_element T>
class chan : public detail::chan_ref<T> {
 public:
  using detail::chan_ref<T>::chan_ref;
  chan() noexcept = default;
  chan(std::nullptr_t) noexcept {}  // NOLINT

  operator send_chan<T>() const noexcept { return send_chan<T>(this->c_); }  // NOLINT
  operator recv_chan<T>() const noexcept { return recv_chan<T>(this->c_); }  // NOLINT

  void send(T v) const { detail::chansend(this->raw(), &v, true); }
  T recv() const { return detail::recv<T>(this->raw()); }
  std::pair<T, bool> recv_ok() const { return detail::recv_ok<T>(this->raw()); }
  void close() const { detail::closechan(this->raw()); }
  detail::range_iterator<T> begin() const { return detail::range_iterator<T>(this->raw()); }
  std::default_sentinel_t end() const noexcept { return {}; }
};

// make(chan T, size). A negative size throws go::panic_error, as Go panics.
template <channel_element T>
chan<T> make_chan(long long size = 0) {
  detail::check_make_size(size);
  return chan<T>(std::make_shared<detail::typed_hchan<T>>(static_cast<std::uint32_t>(size)));
}

template <class T>
int len(const detail::chan_ref<T>& c) noexcept { return c.len(); }
template <class T>
int cap(const detail::chan_ref<T>& c) noexcept { return c.cap(); }
template <class T>
void close(const chan<T>& c) { c.close(); }
template <class T>
void close(const send_chan<T>& c) { c.close(); }

// Introspection for traces and tools (Go has no such API; its runtime's debugger sees the same
// fields). A snapshot taken under the channel's lock: whether a send / a receive would proceed
// right now without blocking (a waiting partner, buffer room / buffered values, or closed). Racy
// by nature on several threads; exact in deterministic mode, where nothing runs in between.
namespace debug {
bool send_ready(const detail::hchan* c) noexcept;
bool recv_ready(const detail::hchan* c) noexcept;
template <class T>
bool send_ready(const detail::chan_ref<T>& c) noexcept { return send_ready(c.raw()); }
template <class T>
bool recv_ready(const detail::chan_ref<T>& c) noexcept { return recv_ready(c.raw()); }
}  // namespace debug

}  // namespace go
