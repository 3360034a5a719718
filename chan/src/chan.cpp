// The channel core. Each function mirrors the Go runtime function it names
// (go1.19 runtime/chan.go and runtime/select.go) and lists its cases in the
// order the code handles them.
#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>

#include "chan/chan.hpp"
#include "chan/detail/hchan.hpp"
#include "chan/detail/trace.hpp"

namespace go::detail {

namespace {

using lock_guard = std::unique_lock<spinlock>;

[[gnu::always_inline]] inline void move_elem(const elem_ops* ops, void* dst, void* src) noexcept {
  if (ops->trivial) {
    switch (ops->size) {  // the common sizes as single loads and stores
      case 1: std::memcpy(dst, src, 1); return;
      case 4: std::memcpy(dst, src, 4); return;
      case 8: std::memcpy(dst, src, 8); return;
      default: std::memcpy(dst, src, ops->size); return;
    }
  } else {
    ops->move(dst, src);
  }
}

[[gnu::always_inline]] inline void clear_elem(const elem_ops* ops, void* p) noexcept {
  if (ops->trivial) {
    switch (ops->size) {
      case 1: std::memset(p, 0, 1); return;
      case 4: std::memset(p, 0, 4); return;
      case 8: std::memset(p, 0, 8); return;
      default: std::memset(p, 0, ops->size); return;
    }
  } else {
    ops->clear(p);
  }
}

[[noreturn]] void panic(const char* msg) { throw panic_error(msg); }

// Go: full(c) — would a send block?
bool full(const hchan* c) noexcept {
  // c.dataqsiz is immutable (never written after the channel is created)
  // so it is safe to read at any time during channel operation.
  if (c->dataqsiz == 0) {
    // Assumes that a pointer read is relaxed-atomic.
    return c->recvq.first == nullptr;
  }
  return c->qcount.load(std::memory_order_relaxed) == c->dataqsiz;
}

// Go: empty(c) — would a receive block?
bool empty(const hchan* c) noexcept {
  if (c->dataqsiz == 0) {
    return c->sendq.first == nullptr;
  }
  return c->qcount.load(std::memory_order_relaxed) == 0;
}

// Go: send — a receiver sg is parked on c: hand the value to it directly.
// Called with c locked; unlocks it.
void send(hchan* c, sudog* sg, void* ep, lock_guard& lk) {
  if (sg->elem != nullptr) {
    move_elem(c->ops, sg->elem, ep);
    sg->elem = nullptr;
  }
  parker* p = sg->p;
  p->fired = sg;
  sg->success = true;
  lk.unlock();
  ready(*p);
}

// Go: recv — a sender sg is parked on c.
// Unbuffered: take its value directly. Buffered (and so full): take the head
// of the queue and put the sender's value at the tail.
// Called with c locked; unlocks it.
void recv(hchan* c, sudog* sg, void* ep, lock_guard& lk) {
  if (c->dataqsiz == 0) {
    if (ep != nullptr) {
      move_elem(c->ops, ep, sg->elem);  // copy data from sender
    }
  } else {
    // Queue is full. Take the item at the head of the queue. Make the sender
    // enqueue its item at the tail of the queue. Since the queue is full,
    // those are both the same slot.
    void* qp = c->slot(c->recvx);
    if (ep != nullptr) move_elem(c->ops, ep, qp);
    move_elem(c->ops, qp, sg->elem);  // copy data from sender to queue
    c->recvx++;
    if (c->recvx == c->dataqsiz) c->recvx = 0;
    c->sendx = c->recvx;  // c->sendx = (c->sendx+1) % c->dataqsiz
  }
  sg->elem = nullptr;
  parker* p = sg->p;
  p->fired = sg;
  sg->success = true;
  lk.unlock();
  ready(*p);
}

// After a park that shutdown aborted: take our sudog off the queue and unwind.
[[noreturn]] void abort_park(hchan* c, waitq& q, sudog* sg) {
  {
    lock_guard lk(c->lock);
    q.remove(sg);
  }
  exit_fiber();
}

}  // namespace

// ---------------------------------------------------------------------------
// waitq

void waitq::enqueue(sudog* sgp) noexcept {
  sgp->next = nullptr;
  sudog* x = last;
  if (x == nullptr) {
    sgp->prev = nullptr;
    first = sgp;
    last = sgp;
    return;
  }
  sgp->prev = x;
  x->next = sgp;
  last = sgp;
}

// Go: waitq.dequeue
sudog* waitq::dequeue() noexcept {
  for (;;) {
    sudog* sgp = first;
    if (sgp == nullptr) return nullptr;
    sudog* y = sgp->next;
    if (y == nullptr) {
      first = nullptr;
      last = nullptr;
    } else {
      y->prev = nullptr;
      first = y;
      sgp->next = nullptr;  // mark as removed (see dequeueSudoG)
    }
    // If a goroutine was put on this queue because of a select, there is a
    // small window between the goroutine being woken up by a different case
    // and it grabbing the channel locks. Once it has the lock it removes
    // itself from the queue, so we won't see it after that. We use the claim
    // in the parker to make sure that only one party wins the race to wake
    // it. The same claim arbitrates against runtime shutdown for plain waits.
    if (!try_claim(*sgp->p, sgp->gen)) continue;
    return sgp;
  }
}

// Go: waitq.dequeueSudoG
void waitq::remove(sudog* sgp) noexcept {
  sudog* x = sgp->prev;
  sudog* y = sgp->next;
  if (x != nullptr) {
    if (y != nullptr) {
      // middle of queue
      x->next = y;
      y->prev = x;
      sgp->next = nullptr;
      sgp->prev = nullptr;
      return;
    }
    // end of queue
    x->next = nullptr;
    last = x;
    sgp->prev = nullptr;
    return;
  }
  if (y != nullptr) {
    // start of queue
    y->prev = nullptr;
    first = y;
    sgp->next = nullptr;
    return;
  }
  // x==y==nil. Either sgp is the only element in the queue, or it has
  // already been removed. Use q.first to disambiguate.
  if (first == sgp) {
    first = nullptr;
    last = nullptr;
  }
}

// ---------------------------------------------------------------------------
// makechan

void check_make_size(long long size) {
  if (size < 0 || size > std::numeric_limits<std::uint32_t>::max() / 2) {
    panic("makechan: size out of range");
  }
}

// ---------------------------------------------------------------------------
// chansend

bool chansend(hchan* c, void* ep, bool block) {
  // A nil channel: block forever, or (non-blocking) report "not ready".
  if (c == nullptr) {
    if (!block) return false;
    block_forever(wait_reason::chan_send_nil);
  }

  // Fast path: check for failed non-blocking operation without acquiring the lock.
  //
  // After observing that the channel is not closed, we observe that the channel is
  // not ready for sending. Each of these observations is a single word-sized read
  // (first c.closed and second full()). Because a closed channel cannot transition
  // from 'ready for sending' to 'not ready for sending', even if the channel is
  // closed between the two observations, they imply a moment between the two when
  // the channel was both not yet closed and not ready for sending. We behave as if
  // we observed the channel at that moment, and report that the send cannot proceed.
  if (!block && c->closed.load(std::memory_order_relaxed) == 0 && full(c)) return false;

  lock_guard lk(c->lock);

  // 1. Closed: panic.
  if (c->closed.load(std::memory_order_relaxed) != 0) {
    lk.unlock();
    panic("send on closed channel");
  }

  // 2. A receiver is waiting: pass the value directly, bypassing the buffer.
  if (sudog* sg = c->recvq.dequeue()) {
    send(c, sg, ep, lk);
    return true;
  }

  // 3. Space in the buffer: enqueue the element.
  if (c->qcount.load(std::memory_order_relaxed) < c->dataqsiz) {
    move_elem(c->ops, c->slot(c->sendx), ep);
    c->sendx++;
    if (c->sendx == c->dataqsiz) c->sendx = 0;
    c->qcount.store(c->qcount.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // under c->lock
    return true;
  }

  if (!block) return false;

  // 4. Block on the channel. Some receiver will complete our operation for us.
  parker& gp = self();
  sudog mysg;
  mysg.p = &gp;
  mysg.elem = ep;
  mysg.c = c;
  mysg.gen = begin_park(gp);  // also clears gp.fired
  c->sendq.enqueue(&mysg);
  spinlock* held = &c->lock;
  lk.release();
  park(gp, &held, 1, wait_reason::chan_send);
  if (gp.aborted) abort_park(c, c->sendq, &mysg);

  // someone woke us up.
  if (!mysg.success) panic("send on closed channel");
  return true;
}

// ---------------------------------------------------------------------------
// chanrecv

std::pair<bool, bool> chanrecv(hchan* c, void* ep, bool block) {
  // A nil channel: block forever, or (non-blocking) report "not ready".
  if (c == nullptr) {
    if (!block) return {false, false};
    block_forever(wait_reason::chan_recv_nil);
  }

  // Fast path: check for failed non-blocking operation without acquiring the lock.
  if (!block && empty(c)) {
    // After observing that the channel is not ready for receiving, we observe whether
    // the channel is closed. Reordering of these checks could lead to incorrect
    // behavior when racing with a close.
    if (c->closed.load(std::memory_order_acquire) == 0) return {false, false};
    // The channel is irreversibly closed. Re-check whether the channel has any
    // pending data to receive, which could have arrived between the empty and
    // closed checks above. Sequential consistency is also required here, when
    // racing with such a send.
    if (empty(c)) {
      // The channel is irreversibly closed and empty.
      if (ep != nullptr) clear_elem(c->ops, ep);
      return {true, false};
    }
  }

  lock_guard lk(c->lock);

  if (c->closed.load(std::memory_order_relaxed) != 0) {
    // 1. Closed and drained: the zero value, ok = false.
    if (c->qcount.load(std::memory_order_relaxed) == 0) {
      lk.unlock();
      if (ep != nullptr) clear_elem(c->ops, ep);
      return {true, false};
    }
    // The channel has been closed, but the channel's buffer have data.
  } else {
    // 2. A sender is waiting: if the buffer is size 0, receive its value
    // directly; otherwise receive from the head of the queue and add the
    // sender's value to the tail of the queue (both map to the same slot
    // because the queue is full).
    if (sudog* sg = c->sendq.dequeue()) {
      recv(c, sg, ep, lk);
      return {true, true};
    }
  }

  // 3. Data in the buffer: receive directly from the queue.
  if (c->qcount.load(std::memory_order_relaxed) > 0) {
    void* qp = c->slot(c->recvx);
    if (ep != nullptr) move_elem(c->ops, ep, qp);
    clear_elem(c->ops, qp);
    c->recvx++;
    if (c->recvx == c->dataqsiz) c->recvx = 0;
    c->qcount.store(c->qcount.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);  // under c->lock
    return {true, true};
  }

  if (!block) return {false, false};

  // 4. No sender available: block on this channel.
  parker& gp = self();
  sudog mysg;
  mysg.p = &gp;
  mysg.elem = ep;
  mysg.c = c;
  mysg.gen = begin_park(gp);  // also clears gp.fired
  c->recvq.enqueue(&mysg);
  spinlock* held = &c->lock;
  lk.release();
  park(gp, &held, 1, wait_reason::chan_recv);
  if (gp.aborted) abort_park(c, c->recvq, &mysg);

  // someone woke us up
  return {true, mysg.success};
}

// ---------------------------------------------------------------------------
// closechan

void closechan(hchan* c) {
  if (c == nullptr) panic("close of nil channel");

  lock_guard lk(c->lock);
  if (c->closed.load(std::memory_order_relaxed) != 0) {
    lk.unlock();
    panic("close of closed channel");
  }
  c->closed.store(1, std::memory_order_release);

  // Collect every waiter while holding the lock, wake them after releasing it.
  // Go keeps them on a gList; the sudogs are linked through `next` here.
  sudog* glist = nullptr;

  // release all readers: they get the zero value and ok == false
  while (sudog* sg = c->recvq.dequeue()) {
    if (sg->elem != nullptr) {
      clear_elem(c->ops, sg->elem);
      sg->elem = nullptr;
    }
    sg->p->fired = sg;
    sg->success = false;
    sg->next = glist;
    glist = sg;
  }

  // release all writers (they will panic)
  while (sudog* sg = c->sendq.dequeue()) {
    sg->elem = nullptr;
    sg->p->fired = sg;
    sg->success = false;
    sg->next = glist;
    glist = sg;
  }
  lk.unlock();

  // Ready all Gs now that we've dropped the channel lock.
  while (glist != nullptr) {
    sudog* sg = glist;
    glist = sg->next;
    sg->next = nullptr;
    ready(*sg->p, false);
  }
}

// ---------------------------------------------------------------------------
// selectgo

namespace {

void sellock(scase* cases, const std::uint16_t* lockorder, int n) {
  hchan* c = nullptr;
  for (int i = 0; i < n; ++i) {
    hchan* c0 = cases[lockorder[i]].c;
    if (c0 != c) {
      c = c0;
      c->lock.lock();
    }
  }
}

void selunlock(scase* cases, const std::uint16_t* lockorder, int n) {
  // We must be very careful here to not touch sel after we have unlocked the
  // last lock, because sel can be freed right after the last unlock.
  for (int i = n - 1; i >= 0; --i) {
    hchan* c = cases[lockorder[i]].c;
    if (i > 0 && c == cases[lockorder[i - 1]].c) continue;  // will unlock it on the next iteration
    c->lock.unlock();
  }
}

// selunlock, but leaves `keep` locked: send()/recv() release it themselves
// after the hand-off (Go passes selunlock as their unlockf instead).
void selunlock_except(scase* cases, const std::uint16_t* lockorder, int n, hchan* keep) {
  for (int i = n - 1; i >= 0; --i) {
    hchan* c = cases[lockorder[i]].c;
    if (c == keep || (i > 0 && c == cases[lockorder[i - 1]].c)) continue;
    c->lock.unlock();
  }
}

}  // namespace

// Which cases are ready (for the trace; every case's channel is locked): a receive finds a
// sender that can still be claimed, buffered data or a closed channel; a send finds a receiver,
// buffer space or a closed channel (and would panic).
int select_ready_cases(const scase* cases, int ncases, int* out) {
  auto has_waiter = [](const waitq& q) {
    for (sudog* sg = q.first; sg != nullptr; sg = sg->next) {
      if (sg->p->state.load(std::memory_order_acquire) == (sg->gen << 1)) return true;
    }
    return false;
  };
  int n = 0;
  for (int i = 0; i < ncases; ++i) {
    const hchan* c = cases[i].c;
    if (c == nullptr) continue;
    bool closed = c->closed.load(std::memory_order_relaxed) != 0;
    std::uint32_t q = c->qcount.load(std::memory_order_relaxed);
    bool ready = cases[i].is_send ? closed || has_waiter(c->recvq) || q < c->dataqsiz
                                  : closed || has_waiter(c->sendq) || q > 0;
    if (ready) out[n++] = i;
  }
  return n;
}

std::pair<int, bool> selectgo(scase* cases, int ncases, bool block, const std::source_location& where) {
  constexpr int kMaxCases = 65536;
  if (ncases > kMaxCases) panic("select: too many cases");

  // Small selects keep their scratch space on the stack, like Go's compiler-
  // allocated order arrays.
  constexpr int kInline = 16;
  std::uint16_t inline_order[2 * kInline];
  std::unique_ptr<std::uint16_t[]> heap_order;
  std::uint16_t* order = inline_order;
  if (ncases > kInline) {
    heap_order.reset(new std::uint16_t[2 * std::size_t(ncases)]);
    order = heap_order.get();
  }
  std::uint16_t* pollorder = order;
  std::uint16_t* lockorder = order + ncases;

  // generate permuted order; omit cases on nil channels from the poll and lock orders.
  int norder = 0;
  for (int i = 0; i < ncases; ++i) {
    if (cases[i].c == nullptr) continue;
    std::uint32_t j = fastrandn(static_cast<std::uint32_t>(norder + 1));
    pollorder[norder] = pollorder[j];
    pollorder[j] = static_cast<std::uint16_t>(i);
    norder++;
  }

  // sort the cases by channel address to get the locking order.
  // Go uses a heap sort here to avoid allocation. Selects are mostly 2-4 cases: a plain
  // insertion sort up to kInline (std::sort's own small-range path moved elements with
  // memmove and was most of selectgo's time), std::sort beyond.
  auto chan_less = [cases](std::uint16_t a, std::uint16_t b) {
    return std::less<hchan*>{}(cases[a].c, cases[b].c);
  };
  if (norder <= kInline) {
    for (int i = 0; i < norder; ++i) {
      std::uint16_t x = pollorder[i];
      int j = i;
      for (; j > 0 && chan_less(x, lockorder[j - 1]); --j) lockorder[j] = lockorder[j - 1];
      lockorder[j] = x;
    }
  } else {
    std::copy(pollorder, pollorder + norder, lockorder);
    std::sort(lockorder, lockorder + norder, chan_less);
  }

  if (norder == 0) {
    // select {} or only nil channels.
    if (!block) return {-1, false};
    block_forever(wait_reason::select_no_cases);
  }

  // Scratch for pass 2, allocated before any lock is taken.
  // (Raw storage: a sudog is constructed only for the cases that enqueue.)
  alignas(sudog) unsigned char inline_sudogs[kInline * sizeof(sudog)];
  spinlock* inline_held[kInline];
  std::unique_ptr<sudog[]> heap_sudogs;
  std::unique_ptr<spinlock*[]> heap_held;
  sudog* sgs = reinterpret_cast<sudog*>(inline_sudogs);
  spinlock** held = inline_held;
  if (block && ncases > kInline) {
    heap_sudogs.reset(new sudog[std::size_t(ncases)]);
    heap_held.reset(new spinlock*[std::size_t(ncases)]);
    sgs = heap_sudogs.get();
    held = heap_held.get();
  }

  sellock(cases, lockorder, norder);

  // The trace (go::sim::trace) records every case that is ready, not only the one pass 1 takes.
  std::unique_ptr<int[]> traced_ready;
  int ntraced_ready = 0;
  if (tl_trace != nullptr) [[unlikely]] {
    traced_ready.reset(new int[std::size_t(ncases)]);
    ntraced_ready = select_ready_cases(cases, ncases, traced_ready.get());
  }
  auto done = [&](int casi, bool ok, bool parked) -> std::pair<int, bool> {
    if (traced_ready) [[unlikely]] {
      trace_select(where, cases, ncases, traced_ready.get(), ntraced_ready, parked, casi, ok);
    }
    return {casi, ok};
  };

  // pass 1 - look for something already waiting
  for (int k = 0; k < norder; ++k) {
    int casi = pollorder[k];
    scase& cas = cases[casi];
    hchan* c = cas.c;
    if (!cas.is_send) {
      if (sudog* sg = c->sendq.dequeue()) {
        // can receive from sleeping sender (sg)
        lock_guard lk(c->lock, std::adopt_lock);
        // recv() unlocks c; release the others
        selunlock_except(cases, lockorder, norder, c);
        recv(c, sg, cas.elem, lk);
        return done(casi, true, false);
      }
      if (c->qcount.load(std::memory_order_relaxed) > 0) {
        // can receive from buffer
        void* qp = c->slot(c->recvx);
        if (cas.elem != nullptr) move_elem(c->ops, cas.elem, qp);
        clear_elem(c->ops, qp);
        c->recvx++;
        if (c->recvx == c->dataqsiz) c->recvx = 0;
        c->qcount.store(c->qcount.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);  // under c->lock
        selunlock(cases, lockorder, norder);
        return done(casi, true, false);
      }
      if (c->closed.load(std::memory_order_relaxed) != 0) {
        // read at end of closed channel
        selunlock(cases, lockorder, norder);
        if (cas.elem != nullptr) clear_elem(c->ops, cas.elem);
        return done(casi, false, false);
      }
    } else {
      if (c->closed.load(std::memory_order_relaxed) != 0) {
        // send on closed channel
        selunlock(cases, lockorder, norder);
        panic("send on closed channel");
      }
      if (sudog* sg = c->recvq.dequeue()) {
        // can send to a sleeping receiver (sg)
        lock_guard lk(c->lock, std::adopt_lock);
        selunlock_except(cases, lockorder, norder, c);
        send(c, sg, cas.elem, lk);
        return done(casi, false, false);
      }
      if (c->qcount.load(std::memory_order_relaxed) < c->dataqsiz) {
        // can send to buffer
        move_elem(c->ops, c->slot(c->sendx), cas.elem);
        c->sendx++;
        if (c->sendx == c->dataqsiz) c->sendx = 0;
        c->qcount.store(c->qcount.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // under c->lock
        selunlock(cases, lockorder, norder);
        return done(casi, false, false);
      }
    }
  }

  if (!block) {
    selunlock(cases, lockorder, norder);
    return done(-1, false, false);
  }

  // pass 2 - enqueue on all chans
  parker& gp = self();
  std::uint32_t gen = begin_park(gp);  // also clears gp.fired
  for (int k = 0; k < norder; ++k) {
    int casi = lockorder[k];
    scase& cas = cases[casi];
    sudog* sg = new (&sgs[casi]) sudog{};
    sg->p = &gp;
    sg->gen = gen;
    sg->is_select = true;
    sg->elem = cas.elem;
    sg->c = cas.c;
    if (cas.is_send) {
      cas.c->sendq.enqueue(sg);
    } else {
      cas.c->recvq.enqueue(sg);
    }
  }

  // wait for someone to wake us up. park() releases every channel lock once
  // the parker is committed.
  int nheld = 0;
  for (int k = 0; k < norder; ++k) {
    hchan* c = cases[lockorder[k]].c;
    if (k > 0 && c == cases[lockorder[k - 1]].c) continue;
    held[nheld++] = &c->lock;
  }
  park(gp, held, nheld, wait_reason::select);

  sellock(cases, lockorder, norder);

  sudog* fired = gp.fired;
  gp.fired = nullptr;

  // pass 3 - dequeue from unsuccessful chans; otherwise they stack up on
  // quiet channels. Record the successful case, if any.
  int casi = -1;
  bool success = false;
  for (int k = 0; k < norder; ++k) {
    int i = lockorder[k];
    sudog* sg = &sgs[i];
    if (sg == fired) {
      casi = i;
      success = sg->success;
    } else if (cases[i].is_send) {
      cases[i].c->sendq.remove(sg);
    } else {
      cases[i].c->recvq.remove(sg);
    }
  }
  selunlock(cases, lockorder, norder);

  if (gp.aborted || casi < 0) exit_fiber();

  if (cases[casi].is_send) {
    if (!success) panic("send on closed channel");
    return done(casi, false, true);
  }
  return done(casi, success, true);
}

}  // namespace go::detail

namespace go::debug {

bool send_ready(const detail::hchan* c) noexcept {
  if (c == nullptr) return false;
  auto* m = const_cast<detail::hchan*>(c);
  detail::lock_guard lk(m->lock);
  return m->closed.load(std::memory_order_relaxed) != 0 || !m->recvq.empty() ||
         m->qcount.load(std::memory_order_relaxed) < m->dataqsiz;
}

bool recv_ready(const detail::hchan* c) noexcept {
  if (c == nullptr) return false;
  auto* m = const_cast<detail::hchan*>(c);
  detail::lock_guard lk(m->lock);
  return m->closed.load(std::memory_order_relaxed) != 0 || !m->sendq.empty() ||
         m->qcount.load(std::memory_order_relaxed) > 0;
}

}  // namespace go::debug
