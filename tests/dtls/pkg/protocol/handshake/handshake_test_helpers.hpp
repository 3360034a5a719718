// Shared helpers for the pkg/protocol/handshake tests (not a Pion file).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace handshake_test {

using bytes = std::vector<std::uint8_t>;

inline bytes sub(const bytes& b, std::size_t from, std::size_t to) {
  return bytes(b.begin() + static_cast<std::ptrdiff_t>(from), b.begin() + static_cast<std::ptrdiff_t>(to));
}
inline bytes sub(const bytes& b, std::size_t from) { return sub(b, from, b.size()); }

// Unmarshal raw into a fresh M (configured by setup), expect success and that Marshal reproduces
// raw; then unmarshal that output again and expect the same bytes (marshal -> unmarshal -> marshal).
template <class M>
void expectRoundTrip(const bytes& raw, const std::function<void(M&)>& setup = nullptr) {
  M m;
  if (setup) setup(m);
  auto err = m.Unmarshal(raw);
  ASSERT_FALSE(err) << err.Error();
  auto [out, merr] = m.Marshal();
  ASSERT_FALSE(merr) << merr.Error();
  EXPECT_EQ(out, raw);

  M m2;
  if (setup) setup(m2);
  auto err2 = m2.Unmarshal(out);
  ASSERT_FALSE(err2) << err2.Error();
  auto [out2, merr2] = m2.Marshal();
  ASSERT_FALSE(merr2) << merr2.Error();
  EXPECT_EQ(out2, out);
}

// Every strict prefix of raw must fail to Unmarshal (no crash), except the prefix lengths listed in
// validPrefixes, which are themselves complete encodings. check(len, err) may add more specific
// expectations for each failing prefix.
template <class M>
void expectTruncationsFail(const bytes& raw, const std::set<std::size_t>& validPrefixes,
                           const std::function<void(std::size_t, const go::error&)>& check = nullptr,
                           const std::function<void(M&)>& setup = nullptr) {
  for (std::size_t n = 0; n < raw.size(); n++) {
    // A fresh heap copy of exactly n bytes, so ASan flags any read past the prefix.
    bytes prefix(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(n));
    M m;
    if (setup) setup(m);
    auto err = m.Unmarshal(prefix);
    if (validPrefixes.count(n) != 0) {
      EXPECT_FALSE(err) << "prefix length " << n << ": " << err.Error();
      continue;
    }
    EXPECT_TRUE(err) << "prefix length " << n << " of " << raw.size() << " unmarshaled without error";
    if (err && check) check(n, err);
  }
}

}  // namespace handshake_test
