// Go's context package (Go 1.19): cancellation, deadlines and request-scoped
// values, propagated from parent to children exactly as in Go.
//
//   Go                                         C++
//   ctx := context.Background()                auto ctx = go::context::Background();
//   ctx, cancel := context.WithCancel(p)       auto [ctx, cancel] = go::context::WithCancel(p);
//   defer cancel()                             ... cancel();
//   ctx, cancel := context.WithTimeout(p, d)   auto [ctx, cancel] = go::context::WithTimeout(p, d);
//   <-ctx.Done(); ctx.Err()                    ctx->Done().recv(); ctx->Err()
//   ctx.Err() == context.Canceled              ctx->Err() == go::context::Canceled
//   context.WithValue(p, key, v)               go::context::WithValue(p, key, v)
//   v, ok := ctx.Value(key).(string)           std::any_cast<std::string>(&ctx->Value(key))
//
// A Context is a std::shared_ptr<const ContextI>; a custom Context derives
// from ContextI (Go's interface). Keys are values of any equality-comparable,
// copyable type; like Go's interface keys, two keys are equal when both their
// types and their values are equal (define a private key type, as Go advises).
// A nil value is an empty std::any.
//
// Deviation: a canceled-on-parent child is registered with its parent by a
// weak reference, so dropping every reference to a child (and not calling its
// CancelFunc) frees it instead of leaking it until the parent is canceled.
#pragma once

#include <any>
#include <concepts>
#include <cstddef>
#include <type_traits>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>

#include "chan/chan.hpp"
#include "chan/error.hpp"
#include "chan/time.hpp"

namespace go {

// Go's struct{}: the element of signal-only channels (chan struct{}).
struct struct_ {
  friend constexpr bool operator==(struct_, struct_) noexcept { return true; }
};

}  // namespace go

namespace go::context {

// Go: `key any` of Context.Value / WithValue, comparable by type and value.
class Key {
 public:
  template <class K>
    requires(!std::is_same_v<std::decay_t<K>, Key> && !std::is_null_pointer_v<std::decay_t<K>> &&
             !std::is_convertible_v<K &&, const char*> &&
             std::equality_comparable<std::decay_t<K>> && std::copy_constructible<std::decay_t<K>>)
  Key(K&& k)  // NOLINT: implicit, as any value converts to Go's `any`
      : v_(std::forward<K>(k)), type_(&typeid(std::decay_t<K>)), eq_(&equal<std::decay_t<K>>) {}
  // A string literal is a std::string key (Go: untyped string constant).
  Key(const char* s) : Key(std::string(s)) {}  // NOLINT
  Key(std::nullptr_t) = delete;                 // Go panics "nil key"

  friend bool operator==(const Key& a, const Key& b) noexcept {
    return *a.type_ == *b.type_ && a.eq_(a.v_, b.v_);
  }
  const std::type_info& type() const noexcept { return *type_; }
  const std::any& value() const noexcept { return v_; }

 private:
  template <class K>
  static bool equal(const std::any& a, const std::any& b) noexcept {
    return *std::any_cast<K>(&a) == *std::any_cast<K>(&b);
  }
  std::any v_;
  const std::type_info* type_;
  bool (*eq_)(const std::any&, const std::any&) noexcept;
};

// Go: context.Context
class ContextI {
 public:
  virtual ~ContextI() = default;
  // The time when work done on behalf of this context should be canceled;
  // ok == false when no deadline is set.
  virtual std::pair<time::Time, bool> Deadline() const = 0;
  // A channel that is closed when this context is canceled; nil if it can
  // never be canceled. Successive calls return the same channel.
  virtual recv_chan<struct_> Done() const = 0;
  // nil until Done is closed; then Canceled or DeadlineExceeded.
  virtual error Err() const = 0;
  // The value associated with key, or an empty std::any.
  virtual std::any Value(const Key& key) const = 0;
  // Go's fmt.Stringer (contextName): the context's description. The default
  // is the dynamic type's name, as Go prints an unnamed implementation.
  virtual std::string String() const;
};

using Context = std::shared_ptr<const ContextI>;

// Go: context.CancelFunc. Safe to call more than once and from any fiber.
using CancelFunc = std::function<void()>;

// Go: context.Canceled — "context canceled"
inline const error Canceled = errors::New("context canceled");

// Go: the dynamic type of context.DeadlineExceeded (a net.Error timeout).
struct deadlineExceededError final : net::Error {
  std::string Error() const override { return "context deadline exceeded"; }
  bool Timeout() const override { return true; }
  bool Temporary() const override { return true; }
};
// Go: context.DeadlineExceeded — "context deadline exceeded"
inline const error DeadlineExceeded = make_error<deadlineExceededError>();

// context.Background: never canceled, no values, no deadline.
Context Background();
// context.TODO
Context TODO();

// context.WithCancel. Throws go::panic_error for a nil parent.
std::pair<Context, CancelFunc> WithCancel(Context parent);
// context.WithDeadline
std::pair<Context, CancelFunc> WithDeadline(Context parent, time::Time d);
// context.WithTimeout == WithDeadline(parent, Now() + timeout)
std::pair<Context, CancelFunc> WithTimeout(Context parent, time::Duration timeout);
// context.WithValue
Context WithValue(Context parent, Key key, std::any val);

// Test hooks for the ports of Go's internal context tests.
namespace detail {
// Number of children registered on a WithCancel/WithTimeout context (Go: len(c.children)).
std::size_t children(const Context& c);
// Go: parentCancelCtx — the cancelable context c's cancellation hangs on, or null.
const ContextI* parent_cancel_ctx(const Context& parent);
// Go: the package's `goroutines` counter (propagation fibers started).
int goroutines();
}  // namespace detail

}  // namespace go::context
