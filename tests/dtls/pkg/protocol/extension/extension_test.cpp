// pion: pkg/protocol/extension/extension_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"

namespace extension = dtls::pkg::protocol::extension;
namespace elliptic = dtls::pkg::crypto::elliptic;

// pion: pkg/protocol/extension/extension_test.go TestExtensions
TEST(Extension, Extensions) {
  // t.Run("Zero")
  {
    auto [extensions, err] = extension::Unmarshal(std::vector<std::uint8_t>{});
    ASSERT_TRUE(!err && extensions.empty()) << "Failed to decode zero extensions";
  }
  // t.Run("Invalid")
  {
    auto [extensions, err] = extension::Unmarshal(std::vector<std::uint8_t>{0x00});
    ASSERT_TRUE(go::errors::Is(err, extension::errBufferTooSmall) && extensions.empty())
        << "Failed to error on invalid extension";
  }
}

namespace {

std::vector<std::shared_ptr<extension::Extension>> allDispatchable() {
  auto sn = std::make_shared<extension::ServerName>();
  sn->ServerName = "example.com";
  auto ec = std::make_shared<extension::SupportedEllipticCurves>();
  ec->EllipticCurves = {elliptic::X25519, elliptic::P256};
  auto srtp = std::make_shared<extension::UseSRTP>();
  srtp->ProtectionProfiles = {extension::SRTP_AEAD_AES_128_GCM};
  auto alpn = std::make_shared<extension::ALPN>();
  alpn->ProtocolNameList = {"h2", "http/1.1"};
  auto ems = std::make_shared<extension::UseExtendedMasterSecret>();
  ems->Supported = true;
  auto ri = std::make_shared<extension::RenegotiationInfo>();
  ri->RenegotiatedConnection = 0;
  return {sn, ec, srtp, alpn, ems, ri};
}

}  // namespace

// Marshal many -> Unmarshal many -> Marshal identity, with the concrete types recovered (beyond Pion).
TEST(Extension, ListRoundTrip) {
  auto exts = allDispatchable();
  auto [raw, err] = extension::Marshal(exts);
  ASSERT_FALSE(err) << err.Error();
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ((std::size_t{raw[0]} << 8 | raw[1]), raw.size() - 2);

  auto [back, uerr] = extension::Unmarshal(raw);
  ASSERT_FALSE(uerr) << uerr.Error();
  ASSERT_EQ(back.size(), exts.size());
  for (std::size_t i = 0; i < exts.size(); ++i) {
    EXPECT_EQ(back[i]->TypeValue(), exts[i]->TypeValue()) << i;
  }
  EXPECT_EQ(std::dynamic_pointer_cast<extension::ServerName>(back[0])->ServerName, "example.com");
  EXPECT_EQ(std::dynamic_pointer_cast<extension::ALPN>(back[3])->ProtocolNameList,
            (std::vector<std::string>{"h2", "http/1.1"}));
  auto [raw2, err2] = extension::Marshal(back);
  ASSERT_FALSE(err2);
  EXPECT_EQ(raw2, raw);

  // Empty list.
  auto [emptyRaw, err3] = extension::Marshal({});
  ASSERT_FALSE(err3);
  EXPECT_EQ(emptyRaw, (std::vector<std::uint8_t>{0x00, 0x00}));
  auto [emptyBack, err4] = extension::Unmarshal(emptyRaw);
  ASSERT_FALSE(err4);
  EXPECT_TRUE(emptyBack.empty());
}

// Bad input: every truncation, a declared length that disagrees, a dangling type (beyond Pion).
TEST(Extension, ListBadInput) {
  auto [raw, err] = extension::Marshal(allDispatchable());
  ASSERT_FALSE(err);
  for (std::size_t n = 1; n < raw.size(); ++n) {
    auto [e, uerr] = extension::Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    EXPECT_TRUE(uerr) << n;
    EXPECT_TRUE(e.empty()) << n;
    if (n < 2) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errBufferTooSmall));
    } else {
      // The outer declared length no longer matches.
      EXPECT_TRUE(go::errors::Is(uerr, extension::errLengthMismatch)) << n;
    }
  }
  auto bad = raw;
  bad[1] = static_cast<std::uint8_t>(bad[1] + 1);
  EXPECT_TRUE(go::errors::Is(extension::Unmarshal(bad).second, extension::errLengthMismatch));

  // Only a type, no length: Pion's errBufferTooSmall for offset+4.
  const std::vector<std::uint8_t> danglingUnknown{0x00, 0x02, 0x12, 0x34};
  EXPECT_TRUE(go::errors::Is(extension::Unmarshal(danglingUnknown).second, extension::errBufferTooSmall));
  const std::vector<std::uint8_t> danglingOdd{0x00, 0x01, 0x12};
  EXPECT_TRUE(go::errors::Is(extension::Unmarshal(danglingOdd).second, extension::errBufferTooSmall));
  // A known extension whose body is bad fails with that extension's error.
  const std::vector<std::uint8_t> badRI{0x00, 0x04, 0xff, 0x01, 0x00, 0x01};
  EXPECT_TRUE(go::errors::Is(extension::Unmarshal(badRI).second, extension::errBufferTooSmall));
  // Unknown extensions are skipped.
  const std::vector<std::uint8_t> unknown{0x00, 0x06, 0x12, 0x34, 0x00, 0x02, 0xaa, 0xbb};
  auto [u, uerr] = extension::Unmarshal(unknown);
  ASSERT_FALSE(uerr);
  EXPECT_TRUE(u.empty());
}

// Deterministic fuzzing of extension.Unmarshal: no crash (ASan), success re-marshals (beyond Pion).
TEST(Extension, FuzzUnmarshalDeterministic) {
  std::mt19937 rng(0x5eed);
  auto [valid, err] = extension::Marshal(allDispatchable());
  ASSERT_FALSE(err);
  const std::vector<std::uint16_t> types{0, 10, 11, 13, 14, 16, 23, 65281, 0x1234};
  for (int iter = 0; iter < 20000; ++iter) {
    std::vector<std::uint8_t> buf;
    if (iter % 2 == 0) {
      // Mutate a valid list.
      buf = valid;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) buf[rng() % buf.size()] = static_cast<std::uint8_t>(rng());
      if (rng() % 3 == 0) buf.resize(rng() % (buf.size() + 1));
    } else {
      // Random list of random extensions with a correct outer length.
      std::vector<std::uint8_t> body;
      int count = static_cast<int>(rng() % 4);
      for (int c = 0; c < count; ++c) {
        auto t = types[rng() % types.size()];
        std::size_t len = rng() % 12;
        body.push_back(static_cast<std::uint8_t>(t >> 8));
        body.push_back(static_cast<std::uint8_t>(t));
        std::size_t declared = (rng() % 4 == 0) ? rng() % 16 : len;
        body.push_back(static_cast<std::uint8_t>(declared >> 8));
        body.push_back(static_cast<std::uint8_t>(declared));
        for (std::size_t i = 0; i < len; ++i) body.push_back(static_cast<std::uint8_t>(rng() % 8));
      }
      buf = {static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
      buf.insert(buf.end(), body.begin(), body.end());
    }
    auto [exts, uerr] = extension::Unmarshal(buf);
    if (uerr) {
      EXPECT_TRUE(exts.empty());
      continue;
    }
    for (const auto& e : exts) ASSERT_NE(e, nullptr);
    auto [out, merr] = extension::Marshal(exts);
    EXPECT_FALSE(merr) << merr.Error();
    EXPECT_GE(out.size(), 2u);
  }
}
