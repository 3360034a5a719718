// Tests for go::error, go::errors and go::fmt (the Go standard library's shapes).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "chan/error.hpp"
#include "chan/fmt.hpp"

namespace {

struct custom_error : go::error_value {
  explicit custom_error(int c) : code(c) {}
  std::string Error() const override { return "custom " + std::to_string(code); }
  int code;
};

TEST(Errors, NilAndIdentity) {
  go::error nil;
  EXPECT_FALSE(nil);
  EXPECT_TRUE(nil == nullptr);
  EXPECT_EQ(nil.Error(), "<nil>");
  auto a = go::errors::New("same text");
  auto b = go::errors::New("same text");
  EXPECT_TRUE(a);
  EXPECT_EQ(a, a);
  EXPECT_NE(a, b) << "errors.New values are distinct even with equal text, as in Go";
  EXPECT_EQ(a.Error(), "same text");
}

// go: errors/wrap_test.go TestIs (the wrapping cases)
TEST(Errors, WrapIsAsUnwrap) {
  auto base = go::errors::New("base");
  auto w1 = go::fmt::Errorf("ctx one: %w", base);
  auto w2 = go::fmt::Errorf("ctx two: %w", w1);
  EXPECT_EQ(w2.Error(), "ctx two: ctx one: base");
  EXPECT_TRUE(go::errors::Is(w2, base));
  EXPECT_TRUE(go::errors::Is(w2, w1));
  EXPECT_FALSE(go::errors::Is(base, w2));
  EXPECT_EQ(go::errors::Unwrap(w2), w1);
  EXPECT_EQ(go::errors::Unwrap(base), nullptr);
  // %v formats but does not wrap.
  auto v = go::fmt::Errorf("not wrapped: %v", base);
  EXPECT_FALSE(go::errors::Is(v, base));
  EXPECT_TRUE(go::errors::Is(nullptr, nullptr));
  EXPECT_FALSE(go::errors::Is(base, nullptr));

  auto c = go::make_error<custom_error>(7);
  auto wc = go::fmt::Errorf("outer: %w", c);
  const custom_error* ce = go::errors::As<custom_error>(wc);
  ASSERT_NE(ce, nullptr);
  EXPECT_EQ(ce->code, 7);
  EXPECT_EQ(go::errors::As<custom_error>(base), nullptr);
}

TEST(Fmt, Verbs) {
  std::vector<std::uint8_t> b{1, 0xab};
  EXPECT_EQ(go::fmt::Sprintf("%d-%s-%v", 42, "x", true), "42-x-true");
  EXPECT_EQ(go::fmt::Sprintf("%x %X %v", b, b, b), "01ab 01AB [1 171]");
  EXPECT_EQ(go::fmt::Sprintf("%q", "a\"b\n"), "\"a\\\"b\\n\"");
  EXPECT_EQ(go::fmt::Sprintf("100%%"), "100%");
  EXPECT_EQ(go::fmt::Sprintf("%d %d"), "%!d(MISSING) %!d(MISSING)");
  EXPECT_EQ(go::fmt::Sprintf("%d", 1, 2), "1%!(EXTRA 2)");
  EXPECT_EQ(go::fmt::Sprintf("%x", 255), "ff");
  EXPECT_EQ(go::fmt::Sprintf("%d", std::uint8_t{200}), "200");
  EXPECT_EQ(go::fmt::Sprintf("%v", go::error{}), "<nil>");
}

}  // namespace
