// Fiber stacks (Go: runtime/stack.go stackalloc, stackfree, stackcache, stackpool)
//
// What a parked fiber costs in memory is the pages of its stack it has touched. One parked on a
// channel has touched a little over a kilobyte at the top (Boost's context object, the entry
// frames, the park), so the top of every stack is the top of a page: then that kilobyte is one
// page, not, as with stacks at malloc's 16-byte offsets, two pages for about a third of the
// fibers (measured: 5,632 bytes of RSS per parked fiber from malloc'd stacks, 4,2xx page-aligned;
// bench/chan/parked_fibers.cpp). Below one page per fiber no fixed, contiguous stack can go;
// Go gets there by starting goroutines on 2 KiB stacks it can grow by copying.
//
// Layout: stacks are carved from spans of kSpanBytes mapped with mmap (NORESERVE, no
// transparent huge pages, so an untouched stack costs address space only), each stack a whole
// number of pages, no guard page (as Go's and boost::context::fixedsize_stack).
//
// Free stacks, in the order alloc looks for one:
//   1. the thread's cache (Go: stackcache; up to kCacheMax, refilled and drained kCacheBatch at a
//      time, Go's stackcacherefill / stackcacherelease): most spawns and exits touch nothing
//      shared;
//   2. the process-wide pool of that size (Go: stackpool), under a mutex: first the stacks
//      whose pages are still resident, then those whose pages were given back;
//   3. a new span.
// The pool keeps the pages of at most kPoolResidentMax free stacks of a size; a stack freed
// beyond that gives its pages back to the system (madvise MADV_DONTNEED; Go's scavenger does
// the same for free spans) and stays reserved for reuse. So a burst of 100,000 fibers that all
// exit leaves a bounded resident set, not 100,000 stacks' worth.
//
// Under AddressSanitizer and ThreadSanitizer stacks come from malloc and go back to free: the
// sanitizers track malloc'd memory (ASan's poisoning, TSan's shadow state) and would report a
// stack handed from a finished fiber to a new one as a race or a stale redzone.
#include "stack.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHAN_STACKS_FROM_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CHAN_STACKS_FROM_MALLOC 1
#endif
#endif

namespace go::detail {

namespace {

std::size_t page_size() noexcept {
  static const std::size_t p = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return p;
}

std::size_t round_to_pages(std::size_t size) noexcept {
  const std::size_t p = page_size();
  return (size + p - 1) / p * p;
}

}  // namespace

#if defined(CHAN_STACKS_FROM_MALLOC)

boost::context::stack_context stack_alloc(std::size_t size) {
  size = round_to_pages(size);
  void* vp = std::aligned_alloc(page_size(), size);
  if (vp == nullptr) throw std::bad_alloc();
  boost::context::stack_context sctx;
  sctx.size = size;
  sctx.sp = static_cast<char*>(vp) + size;
  return sctx;
}

void stack_free(boost::context::stack_context& sctx) noexcept {
  std::free(static_cast<char*>(sctx.sp) - sctx.size);
}

bool stack_pool_in_use() noexcept { return false; }
std::size_t stack_pool_resident_free(std::size_t) noexcept { return 0; }

#else

namespace {

constexpr std::size_t kSpanBytes = 2u << 20;
constexpr std::size_t kCacheMax = 32;
constexpr std::size_t kCacheBatch = kCacheMax / 2;
constexpr std::size_t kPoolResidentMax = 256;

// The free stacks of one size, process-wide (Go: stackpool).
struct size_pool {
  std::size_t size = 0;
  std::vector<void*> resident;  // pages as the last fiber left them
  std::vector<void*> released;  // pages given back (or never touched); address space kept
};

// Every size_pool, under one mutex: it is taken once per kCacheBatch stacks, and programs use one
// or two stack sizes. Never destroyed, so a thread exiting after main returns can still free
// into it.
struct stack_pools {
  std::mutex mu;
  std::vector<size_pool> pools;

  size_pool& of(std::size_t size) {
    for (auto& p : pools) {
      if (p.size == size) return p;
    }
    pools.emplace_back();
    pools.back().size = size;
    return pools.back();
  }
};

stack_pools& pools() {
  static auto* p = new stack_pools();
  return *p;
}

// Go: stackpoolalloc's span refill. Maps a span of `size`-byte stacks and lists all of them as
// released (untouched) in `pool`.
void new_span(size_pool& pool) {
  const std::size_t size = pool.size;
  const std::size_t n = size >= kSpanBytes ? 1 : kSpanBytes / size;
  void* base = ::mmap(nullptr, n * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_NOHUGEPAGE)
  // With transparent huge pages set to "always", one touched byte would make 2 MiB resident.
  ::madvise(base, n * size, MADV_NOHUGEPAGE);
#endif
  for (std::size_t i = n; i-- > 0;) pool.released.push_back(static_cast<char*>(base) + i * size);
}

// Go: stackcacherefill. Moves up to `want` free stacks of the pool's size into `out`, resident
// ones first, mapping a new span when the pool has none.
void pool_take(std::size_t size, std::vector<void*>& out, std::size_t want) {
  auto& ps = pools();
  std::lock_guard lk(ps.mu);
  size_pool& pool = ps.of(size);
  if (pool.resident.empty() && pool.released.empty()) new_span(pool);
  while (want > 0 && !pool.resident.empty()) {
    out.push_back(pool.resident.back());
    pool.resident.pop_back();
    --want;
  }
  while (want > 0 && !pool.released.empty()) {
    out.push_back(pool.released.back());
    pool.released.pop_back();
    --want;
  }
}

// Gives the pages of n stacks of `size` bytes back to the system, stacks that are adjacent in one
// call: each call costs a TLB shootdown on every CPU the process runs on (measured in a 2-vCPU VM:
// ~15 us a call, 1,000 fibers exiting at once would take 11 ms one at a time).
void release_pages(std::size_t size, void** stacks, std::size_t n) noexcept {
  std::sort(stacks, stacks + n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && static_cast<char*>(stacks[j]) == static_cast<char*>(stacks[j - 1]) + size) ++j;
    ::madvise(stacks[i], (j - i) * size, MADV_DONTNEED);
    i = j;
  }
}

// Go: stackcacherelease / stackpoolfree. Returns stacks to the pool; beyond kPoolResidentMax
// resident ones, their pages go back to the system first, outside the pool's lock.
void pool_put(std::size_t size, void* const* stacks, std::size_t n) noexcept {
  auto& ps = pools();
  while (n > 0) {
    const std::size_t chunk = std::min(n, kCacheMax);
    void* rest[kCacheMax];
    std::size_t nrest = 0;
    {
      std::lock_guard lk(ps.mu);
      for (std::size_t i = 0; i < chunk; ++i) {
        try {
          size_pool& pool = ps.of(size);  // there since the stack was allocated: does not allocate
          if (pool.resident.size() < kPoolResidentMax) {
            pool.resident.push_back(stacks[i]);
            continue;
          }
        } catch (...) {
          // no memory for the list entry: release it like the others below
        }
        rest[nrest++] = stacks[i];
      }
    }
    if (nrest > 0) {
      release_pages(size, rest, nrest);
      std::lock_guard lk(ps.mu);
      for (std::size_t i = 0; i < nrest; ++i) {
        try {
          ps.of(size).released.push_back(rest[i]);
        } catch (...) {
          // No memory for the list entry: its pages are back already, and its address space is
          // lost to the pool (it stays mapped; a span is never unmapped, as its other stacks may
          // be in use).
        }
      }
    }
    stacks += chunk;
    n -= chunk;
  }
}

// Set once this thread's cache is destroyed: a fiber stack freed after that (Boost.Fiber's
// per-thread scheduler frees its remaining fibers when it dies, after the cache, which was made
// later) goes straight to the pool. A bool has no destructor, so it can still be read then.
thread_local bool tl_cache_gone = false;

// Go: mcache.stackcache, one size at a time (the runtime's config::stack_size).
struct stack_cache {
  std::size_t size = 0;
  std::vector<void*> free;

  ~stack_cache() {
    drain();
    tl_cache_gone = true;
  }
  void drain() noexcept {
    if (!free.empty()) pool_put(size, free.data(), free.size());
    free.clear();
  }
};

thread_local stack_cache tl_cache;

}  // namespace

boost::context::stack_context stack_alloc(std::size_t size) {
  size = round_to_pages(size);
  void* vp = nullptr;
  if (tl_cache_gone) {
    std::vector<void*> one;
    pool_take(size, one, 1);
    vp = one.front();
  } else {
    stack_cache& c = tl_cache;
    if (c.size != size) {
      c.drain();
      c.size = size;
    }
    if (c.free.empty()) {
      c.free.reserve(kCacheMax);
      pool_take(size, c.free, kCacheBatch);
    }
    vp = c.free.back();
    c.free.pop_back();
  }
  boost::context::stack_context sctx;
  sctx.size = size;
  sctx.sp = static_cast<char*>(vp) + size;
  return sctx;
}

void stack_free(boost::context::stack_context& sctx) noexcept {
  void* vp = static_cast<char*>(sctx.sp) - sctx.size;
  if (tl_cache_gone) {
    pool_put(sctx.size, &vp, 1);
    return;
  }
  stack_cache& c = tl_cache;
  if (c.size != sctx.size) {
    c.drain();
    c.size = sctx.size;
  }
  if (c.free.capacity() < kCacheMax) {
    try {
      c.free.reserve(kCacheMax);  // a thread that frees stacks it never allocated
    } catch (...) {
      pool_put(sctx.size, &vp, 1);
      return;
    }
  }
  if (c.free.size() == kCacheMax) {
    // Go: stackcacherelease gives back half, so alternating spawns and exits at the boundary
    // do not take the pool's lock every time.
    pool_put(c.size, c.free.data() + (kCacheMax - kCacheBatch), kCacheBatch);
    c.free.resize(kCacheMax - kCacheBatch);
  }
  c.free.push_back(vp);  // within the reserved capacity: cannot throw
}

bool stack_pool_in_use() noexcept { return true; }

std::size_t stack_pool_resident_free(std::size_t size) noexcept {
  auto& ps = pools();
  std::lock_guard lk(ps.mu);
  for (auto& p : ps.pools) {
    if (p.size == round_to_pages(size)) return p.resident.size();
  }
  return 0;
}

#endif

}  // namespace go::detail
