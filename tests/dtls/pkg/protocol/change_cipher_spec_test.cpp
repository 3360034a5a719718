// pion: pkg/protocol/change_cipher_spec_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace protocol = dtls::pkg::protocol;

// pion: pkg/protocol/change_cipher_spec_test.go TestChangeCipherSpecRoundTrip
TEST(ChangeCipherSpec, RoundTrip) {
  protocol::ChangeCipherSpec c;
  auto [raw, err] = c.Marshal();
  EXPECT_FALSE(err) << err.Error();
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0x01}));

  protocol::ChangeCipherSpec cNew;
  auto uerr = cNew.Unmarshal(raw);
  EXPECT_FALSE(uerr) << uerr.Error();
  EXPECT_EQ(c, cNew);
  EXPECT_EQ(cNew.ContentType(), protocol::ContentTypeChangeCipherSpec);
}

// pion: pkg/protocol/change_cipher_spec_test.go TestChangeCipherSpecInvalid
TEST(ChangeCipherSpec, Invalid) {
  protocol::ChangeCipherSpec c;
  std::vector<std::uint8_t> in{0x00};
  EXPECT_TRUE(go::errors::Is(c.Unmarshal(in), protocol::errInvalidCipherSpec));
}

// Bad input beyond Pion's test: empty, too long, wrong value.
TEST(ChangeCipherSpec, BadInput) {
  protocol::ChangeCipherSpec c;
  for (const auto& in : std::vector<std::vector<std::uint8_t>>{{}, {0x01, 0x01}, {0x02}, {0x01, 0x00}}) {
    auto err = c.Unmarshal(in);
    EXPECT_TRUE(go::errors::Is(err, protocol::errInvalidCipherSpec)) << err.Error();
    EXPECT_NE(go::errors::As<protocol::FatalError>(err), nullptr);
  }
}
