// go: errors/errors.go, errors/wrap.go, fmt/errors.go (the parts ported code uses)
#include "chan/error.hpp"

#include <cstdio>

#include "chan/fmt.hpp"

namespace go {

error error_value::Unwrap() const { return {}; }
bool error_value::Is(const error&) const { return false; }

namespace {

// go: errors/errors.go errorString
struct error_string final : error_value {
  explicit error_string(std::string s) : s(std::move(s)) {}
  std::string Error() const override { return s; }
  std::string s;
};

// go: fmt/errors.go wrapError
struct wrap_error final : error_value {
  wrap_error(std::string m, error w) : msg(std::move(m)), err(std::move(w)) {}
  std::string Error() const override { return msg; }
  error Unwrap() const override { return err; }
  std::string msg;
  error err;
};

}  // namespace

namespace errors {

error New(std::string text) { return make_error<error_string>(std::move(text)); }

error Unwrap(const error& err) { return err ? err.get()->Unwrap() : error{}; }

// go: errors/wrap.go Is
bool Is(error err, const error& target) {
  if (!target) return !err;
  while (err) {
    if (err == target) return true;
    if (err.get()->Is(target)) return true;
    err = err.get()->Unwrap();
  }
  return false;
}

}  // namespace errors

namespace fmt {

error detail_errorf(std::string msg, error wrapped) {
  if (wrapped) return make_error<wrap_error>(std::move(msg), std::move(wrapped));
  return make_error<error_string>(std::move(msg));
}

namespace detail {

std::string quote(std::string_view s) {
  std::string r = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': r += "\\\""; break;
      case '\\': r += "\\\\"; break;
      case '\n': r += "\\n"; break;
      case '\t': r += "\\t"; break;
      case '\r': r += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char b[8];
          std::snprintf(b, sizeof b, "\\x%02x", c);
          r += b;
        } else {
          r += static_cast<char>(c);
        }
    }
  }
  return r + "\"";
}

std::string hex(const std::uint8_t* p, std::size_t n, bool upper) {
  static const char* lo = "0123456789abcdef";
  static const char* up = "0123456789ABCDEF";
  const char* d = upper ? up : lo;
  std::string r;
  r.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    r += d[p[i] >> 4];
    r += d[p[i] & 15];
  }
  return r;
}

std::string format(std::string_view f, const std::vector<arg>& args, error* wrapped) {
  std::string out;
  std::size_t ai = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (c != '%' || i + 1 == f.size()) {
      out += c;
      continue;
    }
    char verb = f[++i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (ai >= args.size()) {
      out += "%!";
      out += verb;
      out += "(MISSING)";
      continue;
    }
    const arg& a = args[ai++];
    switch (verb) {
      case 'x': out += a.x; break;
      case 'X': {
        std::string x = a.x;
        for (char& ch : x) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        out += x;
        break;
      }
      case 'q': out += a.q; break;
      case 'w':
        out += a.v;
        if (wrapped && a.is_error && !*wrapped) *wrapped = a.wrapped;
        break;
      default: out += a.v; break;  // v, s, d, and anything else
    }
  }
  if (ai < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = ai; k < args.size(); ++k) {
      if (k > ai) out += ", ";
      out += args[k].v;
    }
    out += ")";
  }
  return out;
}

}  // namespace detail
}  // namespace fmt
}  // namespace go
