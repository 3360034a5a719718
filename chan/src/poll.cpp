// go: runtime/netpoll.go and runtime/netpoll_epoll.go (the parts a socket
// needs): pollDesc, netpollblock/netpollready, netpollBreak, deadlines.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>

#include "chan/detail/hchan.hpp"
#include "poller.hpp"

namespace go::detail {

// Go: runtime.pollDesc
//
// Like Go's, a poll_desc is never freed: poll_free returns it to pollcache for the next
// poll_open. A worker that took an event out of epoll_wait may still be about to lock a
// descriptor that another worker is closing; with type-stable memory that lock is always
// safe, and the sequence number carried in the epoll event (Go: fdseq in a tagged pointer)
// tells the late worker that the event belongs to an earlier use and must be dropped.
struct poll_desc {
  poll_desc* link = nullptr;  // in pollcache (Go: pollDesc.link)
  int fd = -1;
  poller* pl = nullptr;
  poll_desc* pl_next = nullptr;  // in pl's list of registered descriptors (under its lock)
  poll_desc* pl_prev = nullptr;
  spinlock lk;
  std::uint32_t fdseq = 0;    // under lk; bumped by every poll_free (Go: pollDesc.fdseq)
  bool closing = false;
  struct side {
    parker* p = nullptr;  // the parked reader/writer (Go: rg/wg holding a g)
    std::uint32_t gen = 0;
    bool ready = false;  // readiness seen while nobody waited (Go: pdReady)
    poll_result result = poll_result::ready;
    bool expired = false;   // the deadline passed
    std::uint64_t seq = 0;  // deadline generation (Go: rseq/wseq)
    clock::time_point deadline = clock::time_point::max();
    timer t;
    poll_desc* pd = nullptr;
  } r, w;
  side& get(char mode) noexcept { return mode == 'r' ? r : w; }
};

namespace {

using side = poll_desc::side;

// The epoll event's data: the descriptor's address in the low 48 bits and the low 16 bits of
// its fdseq above them (Go: taggedPointerPack). User-space addresses on x86-64 and arm64 Linux
// fit in 48 bits unless a program asks mmap for more.
constexpr int tag_shift = 48;
constexpr std::uint64_t addr_mask = (std::uint64_t{1} << tag_shift) - 1;

std::uint64_t tagged(poll_desc* pd, std::uint32_t seq) noexcept {
  return reinterpret_cast<std::uintptr_t>(pd) | (std::uint64_t{seq & 0xffff} << tag_shift);
}

// Go: pollCache — descriptors are reused, never freed (see poll_desc).
struct poll_cache {
  spinlock lk;
  poll_desc* first = nullptr;

  poll_desc* alloc() {
    {
      std::lock_guard<spinlock> g(lk);
      if (poll_desc* pd = first) {
        first = pd->link;
        pd->link = nullptr;
        return pd;
      }
    }
    auto* pd = new poll_desc();
    if ((reinterpret_cast<std::uintptr_t>(pd) & ~addr_mask) != 0) {
      std::fprintf(stderr, "fatal error: chan poller: descriptor address %p does not fit in 48 bits\n",
                   static_cast<void*>(pd));
      std::abort();
    }
    return pd;
  }
  void free(poll_desc* pd) noexcept {
    std::lock_guard<spinlock> g(lk);
    pd->link = first;
    first = pd;
  }
};

poll_cache& pollcache() {
  static auto* c = new poll_cache();  // lives as long as the process, like its descriptors
  return *c;
}

// Go: netpollunblock. With pd->lk held: take the parked waiter, if any, and
// give it `result`; with no waiter, remember readiness. Returns the parker to
// ready() after the lock is released.
parker* unblock(side& s, poll_result result) noexcept {
  if (s.p != nullptr && try_claim(*s.p, s.gen)) {
    parker* p = s.p;
    s.p = nullptr;
    s.result = result;
    return p;
  }
  if (result == poll_result::ready) s.ready = true;
  return nullptr;
}

// The deadline timer's callback (Go: netpollReadDeadline/netpollWriteDeadline).
void deadline_fired(timer* t) {
  auto* s = static_cast<side*>(t->arg);
  parker* wake = nullptr;
  {
    std::lock_guard<spinlock> lk(s->pd->lk);
    if (s->seq != t->arg2) return;  // the deadline was changed meanwhile
    s->expired = true;
    wake = unblock(*s, poll_result::timeout);
  }
  if (wake) ready(*wake);
}

}  // namespace

// ---------------------------------------------------------------------------
// poller

poller::poller(timer_queue* timers) : timers_(timers) {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  evfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (evfd_ < 0) {
    int e = errno;
    ::close(epfd_);
    throw std::system_error(e, std::generic_category(), "eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the wake-up descriptor
  ::epoll_ctl(epfd_, EPOLL_CTL_ADD, evfd_, &ev);
}

poller::~poller() {
  ::close(evfd_);
  ::close(epfd_);
}

void poller::wakeup() noexcept {
  std::uint64_t one = 1;
  ssize_t n = ::write(evfd_, &one, sizeof one);
  (void)n;  // EAGAIN: the counter is already non-zero, a wake-up is pending
}

constexpr std::uint32_t kEvents = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;

void poller::link(poll_desc* pd) noexcept {
  std::lock_guard<spinlock> g(fds_lk_);
  pd->pl_prev = nullptr;
  pd->pl_next = fds_;
  if (fds_ != nullptr) fds_->pl_prev = pd;
  fds_ = pd;
  nfds_.fetch_add(1, std::memory_order_relaxed);
}

void poller::unlink(poll_desc* pd) noexcept {
  std::lock_guard<spinlock> g(fds_lk_);
  if (pd->pl_prev != nullptr) {
    pd->pl_prev->pl_next = pd->pl_next;
  } else {
    fds_ = pd->pl_next;
  }
  if (pd->pl_next != nullptr) pd->pl_next->pl_prev = pd->pl_prev;
  pd->pl_next = pd->pl_prev = nullptr;
  nfds_.fetch_sub(1, std::memory_order_relaxed);
}

void poller::add(poll_desc* pd) {
  epoll_event ev{};
  ev.events = kEvents;
  {
    std::lock_guard<spinlock> lk(pd->lk);
    ev.data.u64 = tagged(pd, pd->fdseq);
  }
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, pd->fd, &ev) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl(ADD)");
  }
  link(pd);
}

void poller::del(poll_desc* pd) noexcept {
  epoll_event ev{};
  ::epoll_ctl(epfd_, EPOLL_CTL_DEL, pd->fd, &ev);
  unlink(pd);
}

void poller::hand_over(poller& to, clock::time_point from_now) noexcept {
  const clock::time_point to_now = clock::now();  // `to` is the process-wide poller: real time
  for (;;) {
    poll_desc* pd;
    {
      std::lock_guard<spinlock> g(fds_lk_);
      pd = fds_;
    }
    if (pd == nullptr) return;
    del(pd);
    bool registered;
    {
      std::lock_guard<spinlock> lk(pd->lk);
      pd->pl = &to;
      for (side* s : {&pd->r, &pd->w}) {
        if (timers_->del(&s->t)) {
          s->t.when = s->t.when <= from_now ? to_now : to_now + (s->t.when - from_now);
          to.timers_->add(&s->t);
        }
      }
      epoll_event ev{};
      ev.events = kEvents;
      ev.data.u64 = tagged(pd, pd->fdseq);
      // Registering reports the readiness the descriptor has now, so no edge that arrived
      // since this poller last looked is lost.
      registered = ::epoll_ctl(to.epfd_, EPOLL_CTL_ADD, pd->fd, &ev) == 0;
      // Linked even if not registered: poll_free unlinks it from its poller, as any other.
      to.link(pd);
    }
    // Nothing could ever report an unregistered descriptor ready again: close it for I/O (its
    // operations fail with "use of closed network connection") rather than let them hang.
    if (!registered) poll_close(pd);
  }
}

int poller::poll(int timeout_ms) noexcept {
  epoll_event events[128];
  int n = ::epoll_wait(epfd_, events, 128, timeout_ms);
  if (n < 0) return 0;  // EINTR
  for (int i = 0; i < n; ++i) {
    const std::uint64_t data = events[i].data.u64;
    auto* pd = reinterpret_cast<poll_desc*>(static_cast<std::uintptr_t>(data & addr_mask));
    if (pd == nullptr) {
      // The wake-up descriptor. Only a blocking poll consumes it: it is there
      // for the worker blocked in epoll_wait, and a busy worker's poll(0) that
      // drained it would leave that worker asleep (epoll wakes one waiter, which
      // then finds nothing and keeps waiting).
      if (timeout_ms != 0) {
        std::uint64_t v;
        ssize_t r = ::read(evfd_, &v, sizeof v);
        (void)r;
      }
      continue;
    }
    std::uint32_t e = events[i].events;
    parker* wr = nullptr;
    parker* ww = nullptr;
    {
      std::lock_guard<spinlock> lk(pd->lk);
      // An event for an earlier use of this descriptor, freed after epoll_wait returned it
      // (Go: the fdseq check in netpoll).
      if ((pd->fdseq & 0xffff) != (data >> tag_shift)) continue;
      if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) wr = unblock(pd->r, poll_result::ready);
      if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)) ww = unblock(pd->w, poll_result::ready);
    }
    if (wr) ready(*wr);
    if (ww) ready(*ww);
  }
  return n;
}

// ---------------------------------------------------------------------------
// pollDesc operations

// Go: poll_runtime_pollOpen
poll_desc* poll_open(int fd) {
  poll_desc* pd = pollcache().alloc();
  {
    std::lock_guard<spinlock> lk(pd->lk);
    pd->fd = fd;
    pd->pl = &current_poller();
    pd->closing = false;
    for (side* s : {&pd->r, &pd->w}) {
      s->p = nullptr;
      s->ready = false;
      s->result = poll_result::ready;
      s->expired = false;
      s->seq++;
      s->deadline = clock::time_point::max();
      s->pd = pd;
      s->t.arg = s;
      s->t.f = deadline_fired;
    }
  }
  try {
    pd->pl->add(pd);
  } catch (...) {
    {
      std::lock_guard<spinlock> lk(pd->lk);
      pd->fdseq++;
    }
    pollcache().free(pd);
    throw;
  }
  return pd;
}

// Go: poll_runtime_pollUnblock
void poll_close(poll_desc* pd) noexcept {
  parker* wr;
  parker* ww;
  {
    std::lock_guard<spinlock> lk(pd->lk);
    pd->closing = true;
    pd->r.seq++;
    pd->w.seq++;
    wr = unblock(pd->r, poll_result::closed);
    ww = unblock(pd->w, poll_result::closed);
  }
  if (wr) ready(*wr);
  if (ww) ready(*ww);
}

void poll_free(poll_desc* pd) noexcept {
  pd->pl->timers()->del_sync(&pd->r.t);
  pd->pl->timers()->del_sync(&pd->w.t);
  pd->pl->del(pd);
  {
    std::lock_guard<spinlock> lk(pd->lk);
    pd->fdseq++;  // events still in flight for this use are now stale
    pd->closing = true;
  }
  pollcache().free(pd);
}

// Go: poll_runtime_pollWait / netpollblock
poll_result poll_wait(poll_desc* pd, char mode) { return poll_wait(pd, mode, nullptr); }

// The same with a cancel channel (see poll.hpp); a nil one is Go's plain wait.
poll_result poll_wait(poll_desc* pd, char mode, hchan* cancel) {
  side& s = pd->get(mode);
  for (;;) {
    std::unique_lock<spinlock> lk(pd->lk);
    if (pd->closing) return poll_result::closed;
    if (s.expired) return poll_result::timeout;
    if (s.ready) {
      s.ready = false;
      return poll_result::ready;
    }
    // Nobody else holds a descriptor's lock and a channel's at once, so this nesting has no
    // order to agree with.
    std::unique_lock<spinlock> ck;
    if (cancel != nullptr) {
      ck = std::unique_lock<spinlock>(cancel->lock);
      if (cancel->closed.load(std::memory_order_relaxed) != 0 || cancel->qcount.load(std::memory_order_relaxed) > 0 ||
          !cancel->sendq.empty()) {
        // A receive may proceed: make it (the value, if any, is dropped as `<-ctx.Done()` drops
        // it). A sender found parked may be a select that has fired elsewhere meanwhile; then
        // the receive does not proceed and we look again.
        ck.unlock();
        lk.unlock();
        if (chanrecv(cancel, nullptr, false).first) return poll_result::canceled;
        continue;
      }
    }
    parker& p = self();
    sudog sg;  // on cancel's receive queue, when there is one
    s.gen = begin_park(p);  // also clears p.fired
    s.p = &p;
    spinlock* held[2] = {&pd->lk, nullptr};
    int nheld = 1;
    if (cancel != nullptr) {
      sg.p = &p;
      sg.c = cancel;
      sg.is_select = true;
      sg.gen = s.gen;
      cancel->recvq.enqueue(&sg);
      held[nheld++] = &cancel->lock;
      ck.release();
    }
    lk.release();
    park(p, held, nheld, wait_reason::io_wait);
    if (cancel == nullptr && !p.aborted) return s.result;  // the waker took us off the descriptor
    // Whoever won the claim readied us; take ourselves off the other queue (select's pass 3).
    poll_result r;
    {
      std::lock_guard<spinlock> g(pd->lk);
      if (s.p == &p) s.p = nullptr;
      r = s.result;
    }
    if (cancel != nullptr) {
      std::lock_guard<spinlock> g(cancel->lock);
      cancel->recvq.remove(&sg);
    }
    if (p.aborted) exit_fiber();
    return p.fired == &sg ? poll_result::canceled : r;
  }
}

// Go: poll_runtime_pollSetDeadline
void poll_set_deadline(poll_desc* pd, clock::time_point d, char mode) noexcept {
  timer_queue* tq = pd->pl->timers();
  parker* wake[2] = {nullptr, nullptr};
  int k = 0;
  for (char m : {'r', 'w'}) {
    if (mode != 'b' && mode != m) continue;
    side& s = pd->get(m);
    tq->del(&s.t);
    std::lock_guard<spinlock> lk(pd->lk);
    if (pd->closing) return;
    s.seq++;
    s.deadline = d;
    s.expired = false;
    if (d == clock::time_point::max()) continue;
    if (d <= now()) {
      s.expired = true;
      wake[k++] = unblock(s, poll_result::timeout);
      continue;
    }
    s.t.when = d;
    s.t.arg2 = s.seq;
    tq->add(&s.t);
  }
  for (parker* p : wake) {
    if (p) ready(*p);
  }
}

bool poll_expired(poll_desc* pd, char mode) noexcept {
  std::lock_guard<spinlock> lk(pd->lk);
  return pd->get(mode).expired;
}

}  // namespace go::detail
