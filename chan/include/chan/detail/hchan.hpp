// The type-erased channel core: Go's runtime/chan.go and select.go.
//
// One struct (hchan) and one function per operation, as in Go's runtime.
// Element values move through `elem_ops`, the counterpart of Go's
// typedmemmove/typedmemclr: a channel of std::string moves strings, a channel
// of int copies ints.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <source_location>
#include <type_traits>
#include <utility>

#include "chan/detail/park.hpp"

namespace go::detail {

struct elem_ops {
  void (*move)(void* dst, void* src) noexcept;  // *dst = std::move(*src)
  void (*clear)(void* p) noexcept;              // *p = T{} (Go's zero value)
  std::size_t size;
  bool trivial;  // trivially copyable: memcpy/memset instead of calls
};

template <class T>
const elem_ops* ops_for() noexcept {
  static const elem_ops ops{
      [](void* d, void* s) noexcept { *static_cast<T*>(d) = std::move(*static_cast<T*>(s)); },
      [](void* p) noexcept { *static_cast<T*>(p) = T{}; },
      sizeof(T),
      std::is_trivially_copyable_v<T> && std::is_trivially_default_constructible_v<T>,
  };
  return &ops;
}

// A pointer that the lock-free fast paths read without the channel's lock (Go, in full() and
// empty(): "Assumes that a pointer read is relaxed-atomic"). In C++ such a read is a data race
// unless the pointer is atomic, so every access is a relaxed atomic one: on x86-64 and arm64 the
// same plain load or store, and visible as such to ThreadSanitizer.
template <class T>
class relaxed_ptr {
 public:
  relaxed_ptr& operator=(T* v) noexcept {
    p_.store(v, std::memory_order_relaxed);
    return *this;
  }
  operator T*() const noexcept { return p_.load(std::memory_order_relaxed); }
  T* operator->() const noexcept { return p_.load(std::memory_order_relaxed); }

 private:
  std::atomic<T*> p_{nullptr};
};

// Go: runtime/chan.go waitq — a FIFO of sudogs.
struct waitq {
  relaxed_ptr<sudog> first;  // read without the lock by full() and empty()
  sudog* last = nullptr;

  void enqueue(sudog* s) noexcept;
  // Pops waiters until one can be claimed (a select may already have fired
  // elsewhere, a parked fiber may have been claimed by shutdown).
  sudog* dequeue() noexcept;
  // Removes s if it is still queued (Go: dequeueSudoG in select's pass 3).
  void remove(sudog* s) noexcept;
  bool empty() const noexcept { return first == nullptr; }
};

// Go: runtime/chan.go hchan
struct hchan {
  std::atomic<std::uint32_t> qcount{0};  // total data in the queue
  std::uint32_t dataqsiz = 0;            // size of the circular queue
  unsigned char* buf = nullptr;          // points to an array of dataqsiz elements
  const elem_ops* ops = nullptr;
  std::atomic<std::uint32_t> closed{0};
  std::uint32_t sendx = 0;  // send index
  std::uint32_t recvx = 0;  // receive index
  waitq recvq;              // list of recv waiters
  waitq sendq;              // list of send waiters
  spinlock lock;            // protects all fields above but the atomics' lock-free reads

  void* slot(std::uint32_t i) const noexcept { return buf + std::size_t(i) * ops->size; }
};

// A channel together with its buffer of T, value-initialized like Go's make.
template <class T>
struct typed_hchan final : hchan {
  explicit typed_hchan(std::uint32_t n) : storage(n ? new T[n]() : nullptr) {
    dataqsiz = n;
    buf = reinterpret_cast<unsigned char*>(storage.get());
    ops = ops_for<T>();
  }
  std::unique_ptr<T[]> storage;
};

// The lock-free "would block" checks at the top of chansend and chanrecv (Go's fast paths for a
// failed non-blocking operation), inline for callers that make one non-blocking operation: a
// select with one channel case and a default. True means chansend/chanrecv(c, ep, false) would
// return "not selected"; false means call them.
inline bool send_would_block(const hchan* c) noexcept {
  if (c == nullptr) return true;
  if (c->closed.load(std::memory_order_relaxed) != 0) return false;  // it panics
  return c->dataqsiz == 0 ? c->recvq.first == nullptr
                          : c->qcount.load(std::memory_order_relaxed) == c->dataqsiz;  // full(c)
}
// chanrecv(c, ep, false)'s fast path: would it block, find the channel closed and drained (it
// then returns {true, false} with *ep cleared), or must it be called?
enum class nb_recv { would_block, closed_drained, call };
inline nb_recv nb_recv_check(const hchan* c) noexcept {
  if (c == nullptr) return nb_recv::would_block;
  auto empty = [c] {
    return c->dataqsiz == 0 ? c->sendq.first == nullptr : c->qcount.load(std::memory_order_relaxed) == 0;
  };
  if (!empty()) return nb_recv::call;
  // Empty, then closed, then empty again: the order chanrecv keeps (a close or a send racing it).
  if (c->closed.load(std::memory_order_acquire) == 0) return nb_recv::would_block;
  return empty() ? nb_recv::closed_drained : nb_recv::call;
}

// Go: runtime/chan.go makechan's size check. Throws go::panic_error.
void check_make_size(long long size);

// Go: runtime/chan.go chansend. Returns false only when !block and the send
// could not proceed. `ep` points to the value to move from.
bool chansend(hchan* c, void* ep, bool block);

// Go: runtime/chan.go chanrecv. Returns {selected, received}. `ep` points to
// the slot to move into (may be null to discard).
std::pair<bool, bool> chanrecv(hchan* c, void* ep, bool block);

// Go: runtime/chan.go closechan
void closechan(hchan* c);

// Go: runtime/select.go scase
struct scase {
  hchan* c;  // null: a nil channel, never ready
  void* elem;
  bool is_send;
};

// Go: runtime/select.go selectgo. Returns {chosen case index or -1 for the
// default, recvOK}. Cases keep the caller's order; the poll order is random.
// `where` is the select statement's source line, for the runtime trace.
std::pair<int, bool> selectgo(scase* cases, int ncases, bool block, const std::source_location& where = {});

}  // namespace go::detail
