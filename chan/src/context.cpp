// Go's context package, a port of go1.19 src/context/context.go.
#include "chan/context.hpp"

#include <cxxabi.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "chan/detail/park.hpp"
#include "chan/select.hpp"

namespace go::context {

namespace gd = go::detail;

namespace {

std::string demangle(const char* name) {
  int status = 0;
  char* s = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || s == nullptr) return name;
  std::string r(s);
  std::free(s);
  return r;
}

// go: context.go contextName
std::string contextName(const Context& c) { return c->String(); }

// go: context.go emptyCtx
class emptyCtx final : public ContextI {
 public:
  explicit emptyCtx(const char* name) : name_(name) {}
  std::pair<time::Time, bool> Deadline() const override { return {time::Time{}, false}; }
  recv_chan<struct_> Done() const override { return nullptr; }
  error Err() const override { return nullptr; }
  std::any Value(const Key&) const override { return {}; }
  std::string String() const override { return name_; }

 private:
  const char* name_;
};

// go: context.go cancelCtxKey — the key a cancelCtx answers with itself.
struct cancel_ctx_key {
  friend bool operator==(cancel_ctx_key, cancel_ctx_key) noexcept { return true; }
};
const Key& cancelCtxKey() {
  static const Key k{cancel_ctx_key{}};
  return k;
}

std::atomic<int> goroutines_{0};

// go: context.go cancelCtx (also Go's `canceler` interface: cancel + Done).
class cancelCtx : public ContextI {
 public:
  explicit cancelCtx(Context parent) : parent_(std::move(parent)), done_(make_chan<struct_>()) {}
  ~cancelCtx() override {
    // A child that is freed without having been canceled leaves its parent's
    // set (Go keeps it alive there instead; see context.hpp).
    remove_from_parent();
  }

  std::pair<time::Time, bool> Deadline() const override { return parent_->Deadline(); }
  recv_chan<struct_> Done() const override { return done_; }
  error Err() const override {
    std::lock_guard<gd::spinlock> g(mu_);
    return err_;
  }
  std::any Value(const Key& key) const override {
    if (key == cancelCtxKey()) return std::any(static_cast<const cancelCtx*>(this));
    return parent_->Value(key);
  }
  std::string String() const override { return contextName(parent_) + ".WithCancel"; }

  // go: context.go cancelCtx.cancel — closes done, cancels each child, and
  // if removeFromParent is true, removes c from its parent's children.
  virtual void cancel(bool removeFromParent, const error& err) const;

  // go: context.go removeChild(c.Context, c)
  void remove_from_parent() const {
    if (const cancelCtx* p = registered_with_) {
      std::lock_guard<gd::spinlock> g(p->mu_);
      p->children_.erase(this);
    }
  }

  Context parent_;
  mutable gd::spinlock mu_;  // protects the fields below
  chan<struct_> done_;       // closed by the first cancel call
  // Set to empty by the first cancel call. Weak: see context.hpp.
  mutable std::unordered_map<const cancelCtx*, std::weak_ptr<const cancelCtx>> children_;
  mutable error err_;                             // set to non-nil by the first cancel call
  mutable const cancelCtx* registered_with_ = nullptr;  // the ancestor holding us in its children
};

void cancelCtx::cancel(bool removeFromParent, const error& err) const {
  if (!err) throw std::logic_error("context: internal error: missing cancel error");
  std::vector<std::shared_ptr<const cancelCtx>> kids;
  {
    std::lock_guard<gd::spinlock> g(mu_);
    if (err_) return;  // already canceled
    err_ = err;
    done_.close();
    kids.reserve(children_.size());
    for (auto& [raw, weak] : children_) {
      if (auto k = weak.lock()) kids.push_back(std::move(k));
    }
    children_.clear();
  }
  // Go cancels the children while holding c.mu; outside it here, because
  // dropping the last reference to a child runs its destructor, which takes
  // c.mu. The children left c's set under the lock, so nothing else sees them.
  for (auto& k : kids) k->cancel(false, err);
  kids.clear();
  if (removeFromParent) remove_from_parent();
}

// go: context.go timerCtx
class timerCtx final : public cancelCtx {
 public:
  timerCtx(Context parent, time::Time d) : cancelCtx(std::move(parent)), deadline_(d) {}

  std::pair<time::Time, bool> Deadline() const override { return {deadline_, true}; }
  std::string String() const override {
    return contextName(parent_) + ".WithDeadline(m=+" + time::String(deadline_.time_since_epoch()) + " [" +
           time::String(time::Until(deadline_)) + "])";
  }
  void cancel(bool removeFromParent, const error& err) const override {
    cancelCtx::cancel(false, err);
    if (removeFromParent) {
      // Remove this timerCtx from its parent cancelCtx's children.
      remove_from_parent();
    }
    std::shared_ptr<time::Timer> t;
    {
      std::lock_guard<gd::spinlock> g(mu_);
      t = std::move(timer_);
    }
    // Stopped outside the spinlock: Stop may wait for a callback in flight.
    if (t) t->Stop();
  }

  time::Time deadline_;
  mutable std::shared_ptr<time::Timer> timer_;  // under mu_
};

// go: context.go valueCtx
class valueCtx final : public ContextI {
 public:
  valueCtx(Context parent, Key key, std::any val)
      : parent_(std::move(parent)), key_(std::move(key)), val_(std::move(val)) {}
  std::pair<time::Time, bool> Deadline() const override { return parent_->Deadline(); }
  recv_chan<struct_> Done() const override { return parent_->Done(); }
  error Err() const override { return parent_->Err(); }
  std::any Value(const Key& key) const override {
    if (key_ == key) return val_;
    return parent_->Value(key);
  }
  std::string String() const override {
    return contextName(parent_) + ".WithValue(type " + demangle(key_.type().name()) + ", val " + stringify(val_) +
           ")";
  }

 private:
  // go: context.go stringify
  static std::string stringify(const std::any& v) {
    if (auto* s = std::any_cast<std::string>(&v)) return *s;
    if (auto* s = std::any_cast<const char*>(&v)) return *s;
    return "<not Stringer>";
  }
  Context parent_;
  Key key_;
  std::any val_;
};

// go: context.go parentCancelCtx — the underlying cancelCtx of parent, found
// by asking parent.Value(&cancelCtxKey) and checking that its done channel is
// parent.Done() (a custom Context may wrap a cancelCtx but supply its own Done).
const cancelCtx* parentCancelCtx(const Context& parent) {
  auto done = parent->Done();
  if (done == nullptr) return nullptr;
  std::any v = parent->Value(cancelCtxKey());
  auto* pp = std::any_cast<const cancelCtx*>(&v);
  if (pp == nullptr || *pp == nullptr) return nullptr;
  if ((*pp)->done_.raw() != done.raw()) return nullptr;
  return *pp;
}

// go: context.go propagateCancel — arranges for child to be canceled when parent is.
void propagateCancel(const Context& parent, const std::shared_ptr<const cancelCtx>& child) {
  auto done = parent->Done();
  if (done == nullptr) return;  // parent is never canceled

  // select { case <-done: ...; default: }
  if (gd::chanrecv(done.raw(), nullptr, false).first) {
    // parent is already canceled
    child->cancel(false, parent->Err());
    return;
  }

  if (const cancelCtx* p = parentCancelCtx(parent)) {
    error perr;
    {
      std::lock_guard<gd::spinlock> g(p->mu_);
      if (p->err_) {
        // parent has already been canceled
        perr = p->err_;
      } else {
        p->children_.emplace(child.get(), child);
        child->registered_with_ = p;
      }
    }
    if (perr) child->cancel(false, perr);
  } else {
    goroutines_.fetch_add(1, std::memory_order_relaxed);
    go::go([parent, child] {
      go::select(go::recv(parent->Done(), [&] { child->cancel(false, parent->Err()); }), go::recv(child->Done()));
    });
  }
}

}  // namespace

std::string ContextI::String() const { return demangle(typeid(*this).name()); }

// go: context.go Background
Context Background() {
  static const Context background = std::make_shared<const emptyCtx>("context.Background");
  return background;
}

// go: context.go TODO
Context TODO() {
  static const Context todo = std::make_shared<const emptyCtx>("context.TODO");
  return todo;
}

// go: context.go WithCancel
std::pair<Context, CancelFunc> WithCancel(Context parent) {
  if (!parent) throw panic_error("cannot create context from nil parent");
  auto c = std::make_shared<const cancelCtx>(parent);
  propagateCancel(parent, c);
  return {c, [c] { c->cancel(true, Canceled); }};
}

// go: context.go WithDeadline
std::pair<Context, CancelFunc> WithDeadline(Context parent, time::Time d) {
  if (!parent) throw panic_error("cannot create context from nil parent");
  if (auto [cur, ok] = parent->Deadline(); ok && cur < d) {
    // The current deadline is already sooner than the new one.
    return WithCancel(parent);
  }
  auto c = std::make_shared<const timerCtx>(parent, d);
  propagateCancel(parent, c);
  auto dur = time::Until(d);
  if (dur <= time::Duration::zero()) {
    c->cancel(true, DeadlineExceeded);  // deadline has already passed
    return {c, [c] { c->cancel(false, Canceled); }};
  }
  {
    std::lock_guard<gd::spinlock> g(c->mu_);
    if (!c->err_) {
      c->timer_ = time::AfterFunc(dur, [c] { c->cancel(true, DeadlineExceeded); });
    }
  }
  return {c, [c] { c->cancel(true, Canceled); }};
}

// go: context.go WithTimeout
std::pair<Context, CancelFunc> WithTimeout(Context parent, time::Duration timeout) {
  auto now = time::Now();
  auto limit = time::Time::max() - time::Hour;  // saturate instead of overflowing
  auto d = timeout >= limit - now ? limit : now + std::chrono::duration_cast<gd::clock::duration>(timeout);
  return WithDeadline(std::move(parent), d);
}

// go: context.go WithValue
Context WithValue(Context parent, Key key, std::any val) {
  if (!parent) throw panic_error("cannot create context from nil parent");
  return std::make_shared<const valueCtx>(std::move(parent), std::move(key), std::move(val));
}

namespace detail {

std::size_t children(const Context& c) {
  auto* cc = dynamic_cast<const cancelCtx*>(c.get());
  if (cc == nullptr) return 0;
  std::lock_guard<gd::spinlock> g(cc->mu_);
  return cc->children_.size();
}

const ContextI* parent_cancel_ctx(const Context& parent) { return parentCancelCtx(parent); }

int goroutines() { return goroutines_.load(std::memory_order_relaxed); }

}  // namespace detail

}  // namespace go::context
