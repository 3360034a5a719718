// Go's `error` interface, `errors` package and `fmt.Errorf` wrapping.
//
// Go:   n, err := conn.Read(buf); if err != nil { return err }
// C++:  auto [n, err] = conn.Read(buf); if (err) { return err; }
//
// A go::error is nil (default-constructed, or from nullptr) or points to an
// immutable value implementing go::error_value. Comparison is by identity, as
// Go compares interface values holding pointers: sentinel errors
// (`var errFoo = errors.New("foo")`) become `const go::error errFoo =
// go::errors::New("foo");` and `err == errFoo` works as in Go.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace go {

class error;

// The dynamic type behind a non-nil error. Mirrors Go's
//   type error interface { Error() string }
// plus the optional Unwrap/Is methods the errors package looks for.
struct error_value {
  virtual ~error_value() = default;
  virtual std::string Error() const = 0;
  // Unwrap() error: the wrapped error, or nil.
  virtual error Unwrap() const;
  // Is(target error) bool: custom equivalence for errors.Is.
  virtual bool Is(const error& target) const;
};

class error {
 public:
  error() noexcept = default;
  error(std::nullptr_t) noexcept {}  // NOLINT: `return nullptr;` reads like Go's `return nil`
  explicit error(std::shared_ptr<const error_value> v) noexcept : v_(std::move(v)) {}

  // err != nil
  explicit operator bool() const noexcept { return v_ != nullptr; }

  // err.Error(). Calling it on a nil error returns "<nil>" (Go would panic;
  // a log line is more useful than a crash).
  std::string Error() const { return v_ ? v_->Error() : std::string("<nil>"); }

  const error_value* get() const noexcept { return v_.get(); }
  const std::shared_ptr<const error_value>& ptr() const noexcept { return v_; }

  friend bool operator==(const error& a, const error& b) noexcept { return a.v_ == b.v_; }
  friend bool operator==(const error& a, std::nullptr_t) noexcept { return !a.v_; }

 private:
  std::shared_ptr<const error_value> v_;
};

// Construct an error of a custom dynamic type: go::make_error<FatalError>(inner).
template <class E, class... Args>
error make_error(Args&&... args) {
  static_assert(std::is_base_of_v<error_value, E>);
  return error(std::make_shared<const E>(std::forward<Args>(args)...));
}

namespace errors {

// errors.New: a fresh error whose identity is unique.
error New(std::string text);

// errors.Unwrap
error Unwrap(const error& err);

// errors.Is: walks the Unwrap chain comparing by identity or the Is method.
bool Is(error err, const error& target);

// errors.As: the first error in the chain whose dynamic type is E (or derives
// from it), or nullptr. Go:  var fe *FatalError; if errors.As(err, &fe) {...}
// C++: if (auto* fe = go::errors::As<FatalError>(err)) {...}
// The pointer is into the error's value, which `err` keeps alive: As on a temporary would
// dangle as soon as the statement ends, so that overload is deleted (store the error first).
template <class E>
const E* As(const error& err) {
  error cur = err;
  while (cur) {
    if (auto* p = dynamic_cast<const E*>(cur.get())) return p;
    cur = cur.get()->Unwrap();
  }
  return nullptr;
}
template <class E>
const E* As(error&& err) = delete;

}  // namespace errors

namespace net {
// net.Error: an error that knows whether it is a timeout.
struct Error : error_value {
  virtual bool Timeout() const = 0;
  virtual bool Temporary() const = 0;
};
}  // namespace net

}  // namespace go
