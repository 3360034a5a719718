// A worker's local run queue (Go: runtime/proc.go p.runq, runqput, runqputslow, runqget,
// runqgrab, runqsteal).
//
// A ring of kSize pointers with one producer, the owning worker, and any number of consumers:
// the owner takes from the head, idle workers steal half at a time. Lock-free as Go's: the owner
// publishes with a store-release of `tail`, consumers commit with a CAS-release of `head`. The
// slots are atomics (relaxed) because a stealer may read a slot that the owner overwrites once
// the slot has been consumed; such a stealer's CAS then fails and it discards what it read.
#pragma once

#include <atomic>
#include <cstdint>

namespace go::detail {

template <class T>
class runq {
 public:
  static constexpr std::uint32_t kSize = 256;

  // Go: runqput (the ring part). Owner only. False when the ring is full: the caller moves half
  // of it elsewhere (take_half) and tries again.
  bool put(T* x) noexcept {
    const std::uint32_t h = head_.load(std::memory_order_acquire);  // synchronize with consumers
    const std::uint32_t t = tail_.load(std::memory_order_relaxed);
    if (t - h >= kSize) return false;
    slot(t).store(x, std::memory_order_relaxed);
    tail_.store(t + 1, std::memory_order_seq_cst);  // publishes; seq_cst: the Dekker pair with idle workers
    return true;
  }

  // Go: runqputslow's grab. Owner only: moves the older half of the ring into `out` (room for
  // kSize / 2) and returns how many; 0 if consumers took them meanwhile (the ring has room again).
  std::uint32_t take_half(T** out) noexcept {
    for (;;) {
      const std::uint32_t h = head_.load(std::memory_order_acquire);
      const std::uint32_t t = tail_.load(std::memory_order_relaxed);
      const std::uint32_t n = (t - h) / 2;
      if (n == 0) return 0;
      for (std::uint32_t i = 0; i < n; ++i) out[i] = slot(h + i).load(std::memory_order_relaxed);
      std::uint32_t expect = h;
      if (head_.compare_exchange_strong(expect, h + n, std::memory_order_acq_rel, std::memory_order_acquire)) return n;
    }
  }

  // Go: runqget (the ring part). Owner only: the oldest entry, or null.
  T* get() noexcept {
    std::uint32_t h = head_.load(std::memory_order_acquire);  // synchronize with other consumers
    for (;;) {
      const std::uint32_t t = tail_.load(std::memory_order_relaxed);
      if (t == h) return nullptr;
      T* x = slot(h).load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return x;
    }
  }

  // Go: runqsteal (with runqgrab, without runnext). Called by this ring's owner: moves half of
  // `victim`'s entries (rounded up) to this ring, which must be empty, and returns one of them
  // (taken out too), or null when the victim had none.
  T* steal_from(runq& victim) noexcept {
    const std::uint32_t t = tail_.load(std::memory_order_relaxed);
    std::uint32_t n = 0;
    for (;;) {
      const std::uint32_t vh = victim.head_.load(std::memory_order_acquire);  // other consumers
      const std::uint32_t vt = victim.tail_.load(std::memory_order_acquire);  // the producer
      n = vt - vh;
      n = n - n / 2;
      if (n == 0) return nullptr;
      if (n > kSize / 2) continue;  // read an inconsistent head and tail
      for (std::uint32_t i = 0; i < n; ++i) {
        slot(t + i).store(victim.slot(vh + i).load(std::memory_order_relaxed), std::memory_order_relaxed);
      }
      std::uint32_t expect = vh;
      if (victim.head_.compare_exchange_strong(expect, vh + n, std::memory_order_acq_rel, std::memory_order_acquire)) {
        break;
      }
    }
    --n;
    T* x = slot(t + n).load(std::memory_order_relaxed);
    if (n != 0) tail_.store(t + n, std::memory_order_seq_cst);
    return x;
  }

  // Entries not yet taken; exact only for the owner, a snapshot for anyone else.
  std::uint32_t size() const noexcept {
    for (;;) {
      const std::uint32_t h = head_.load(std::memory_order_seq_cst);
      const std::uint32_t t = tail_.load(std::memory_order_seq_cst);
      if (head_.load(std::memory_order_seq_cst) == h) return t - h;
    }
  }
  bool empty() const noexcept { return size() == 0; }

 private:
  std::atomic<T*>& slot(std::uint32_t i) noexcept { return ring_[i % kSize]; }

  alignas(64) std::atomic<std::uint32_t> head_{0};
  std::atomic<std::uint32_t> tail_{0};
  std::atomic<T*> ring_[kSize] = {};
};

}  // namespace go::detail
