// A small subset of Go's fmt: Sprintf and Errorf with the verbs ported code uses.
//
// Verbs: %v %s %d %x %X %q %w %%. Arguments may be strings, integers, bools,
// floating point values, go::error (formats as err.Error(), "<nil>" for nil),
// byte vectors/spans (%x as hex, %v as Go's [1 2 3]) and anything with an
// operator<<. Errorf's %w both formats the error and records it so that
// go::errors::Unwrap/Is/As see through the wrapper, as in Go 1.13+.
// A verb without an argument renders as Go does: "%!v(MISSING)"; extra
// arguments are appended as "%!(EXTRA ...)".
#pragma once

#include <cstdint>
#include <iomanip>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "chan/error.hpp"

namespace go::fmt {

namespace detail {

// One formatted argument, pre-rendered for each verb family.
struct arg {
  std::string v;      // %v / %s / %d
  std::string x;      // %x
  std::string q;      // %q
  error wrapped;      // set when the argument is an error (for %w)
  bool is_error = false;
};

std::string quote(std::string_view s);
std::string hex(const std::uint8_t* p, std::size_t n, bool upper);

template <class T>
arg make_arg(const T& a) {
  arg r;
  using D = std::decay_t<T>;
  if constexpr (std::is_same_v<D, error>) {
    r.v = a.Error();
    r.x = hex(reinterpret_cast<const std::uint8_t*>(r.v.data()), r.v.size(), false);
    r.q = quote(r.v);
    r.wrapped = a;
    r.is_error = true;
  } else if constexpr (std::is_same_v<D, bool>) {
    r.v = a ? "true" : "false";
    r.x = r.q = r.v;
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    std::string_view s = a;
    r.v = std::string(s);
    r.x = hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), false);
    r.q = quote(s);
  } else if constexpr (std::is_integral_v<D> || std::is_enum_v<D>) {
    using I = std::conditional_t<std::is_enum_v<D>, std::underlying_type<D>, std::type_identity<D>>;
    auto n = static_cast<typename I::type>(a);
    if constexpr (sizeof(n) == 1) {
      r.v = std::to_string(static_cast<int>(n));
    } else {
      r.v = std::to_string(n);
    }
    std::ostringstream os;
    os << std::hex << static_cast<std::uint64_t>(n);
    r.x = os.str();
    r.q = r.v;
  } else if constexpr (std::is_convertible_v<const T&, std::span<const std::uint8_t>>) {
    std::span<const std::uint8_t> b = a;
    std::string s = "[";
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (i) s += ' ';
      s += std::to_string(b[i]);
    }
    s += ']';
    r.v = s;
    r.x = hex(b.data(), b.size(), false);
    r.q = r.v;
  } else {
    std::ostringstream os;
    os << a;
    r.v = os.str();
    r.x = r.q = r.v;
  }
  return r;
}

std::string format(std::string_view f, const std::vector<arg>& args, error* wrapped);

}  // namespace detail

error detail_errorf(std::string msg, error wrapped);

// fmt.Sprintf
template <class... Args>
std::string Sprintf(std::string_view f, const Args&... args) {
  return detail::format(f, {detail::make_arg(args)...}, nullptr);
}

// fmt.Errorf: with %w the result wraps that error (Unwrap returns it).
template <class... Args>
error Errorf(std::string_view f, const Args&... args) {
  error w;
  std::string msg = detail::format(f, {detail::make_arg(args)...}, &w);
  return detail_errorf(std::move(msg), std::move(w));
}

}  // namespace go::fmt
