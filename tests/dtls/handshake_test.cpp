// pion: handshake_test.go (package dtls: a whole ClientHello handshake message parsed through
// handshake.Handshake) and cipher_suite_go114_test.go.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"

namespace dtls {
namespace {

namespace handshake = pkg::protocol::handshake;

// pion: handshake_test.go TestHandshakeMessage
TEST(Handshake, HandshakeMessage) {
  const std::vector<std::uint8_t> rawHandshakeMessage = {
      0x01, 0x00, 0x00, 0x29, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x29, 0xfe, 0xfd, 0xb6,
      0x2f, 0xce, 0x5c, 0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42, 0x62, 0x15, 0xad,
      0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec, 0xd8, 0x3d, 0xdc,
      0x4b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  handshake::Header wantHeader;
  wantHeader.Length = 0x29;
  wantHeader.FragmentLength = 0x29;
  wantHeader.Type = handshake::TypeClientHello;
  handshake::Random wantRandom;
  wantRandom.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(3056586332));
  wantRandom.RandomBytes = {0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42, 0x62, 0x15, 0xad, 0x16, 0xc9,
                            0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec, 0xd8, 0x3d, 0xdc, 0x4b};

  handshake::Handshake h;
  ASSERT_EQ(h.Unmarshal(rawHandshakeMessage), nullptr);
  // Go compares with reflect.DeepEqual; field by field here.
  EXPECT_EQ(h.Header, wantHeader);
  auto m = std::dynamic_pointer_cast<handshake::MessageClientHello>(h.Message);
  ASSERT_TRUE(m) << "handshakeMessageClientHello unmarshal: not a ClientHello";
  EXPECT_EQ(m->Version.Major, 0xFE);
  EXPECT_EQ(m->Version.Minor, 0xFD);
  EXPECT_TRUE(m->Random == wantRandom);
  EXPECT_TRUE(m->SessionID.empty());
  EXPECT_TRUE(m->Cookie.empty());
  EXPECT_TRUE(m->CipherSuiteIDs.empty());
  EXPECT_TRUE(m->CompressionMethods.empty());
  EXPECT_TRUE(m->Extensions.empty());

  auto [raw, err] = h.Marshal();
  ASSERT_EQ(err, nullptr) << err.Error();
  EXPECT_EQ(raw, rawHandshakeMessage) << "handshakeMessageClientHello marshal";
}

// pion: cipher_suite_go114_test.go TestInsecureCipherSuites
TEST(CipherSuiteGo114, InsecureCipherSuites) {
  auto r = InsecureCipherSuites();
  EXPECT_EQ(r.size(), 0u) << "Expected no insecure ciphersuites, got " << r.size();
}

// pion: cipher_suite_go114_test.go TestCipherSuites
TEST(CipherSuiteGo114, CipherSuites) {
  auto ours = allCipherSuites();
  auto theirs = CipherSuites();
  ASSERT_EQ(ours.size(), theirs.size()) << "Expected " << ours.size() << " CipherSuites, got " << theirs.size();
  for (std::size_t i = 0; i < ours.size(); i++) {
    const auto& s = ours[i];
    SCOPED_TRACE(s->String());
    const auto& c = theirs[i];
    EXPECT_EQ(c.ID, static_cast<std::uint16_t>(s->ID()));
    EXPECT_EQ(c.Name, s->String());
    ASSERT_EQ(c.SupportedVersions.size(), 1u);
    EXPECT_EQ(c.SupportedVersions[0], VersionDTLS12);
    EXPECT_FALSE(c.Insecure);
  }
}

}  // namespace
}  // namespace dtls
