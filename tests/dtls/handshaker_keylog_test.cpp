// pion: handshaker_test.go (TestWriteKeyLog; TestHandshaker needs running flights and lives with
// the handshaker's own tests)
#include <gtest/gtest.h>

#include <string>

#include "dtls/handshaker.hpp"

namespace {

// bytes.Buffer as an io.Writer
class bufferWriter final : public go::io::Writer {
 public:
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override {
    buf.append(reinterpret_cast<const char*>(p.data()), p.size());
    return {static_cast<int>(p.size()), nullptr};
  }
  std::string buf;
};

}  // namespace

// pion: handshaker_test.go TestWriteKeyLog
TEST(Handshaker, TestWriteKeyLog) {
  auto buf = std::make_shared<bufferWriter>();
  {
    dtls::handshakeConfig cfg;
    cfg.keyLogWriter = buf;
    const std::vector<std::uint8_t> clientRandom = {0xAA, 0xBB, 0xCC};
    const std::vector<std::uint8_t> secret = {0xDD, 0xEE, 0xFF};
    cfg.writeKeyLog("LABEL", clientRandom, secret);
  }

  // Secrets follow the format <Label> <space> <ClientRandom> <space> <Secret>
  // https://developer.mozilla.org/en-US/docs/Mozilla/Projects/NSS/Key_Log_Format
  const std::string want = "LABEL aabbcc ddeeff\n";
  EXPECT_EQ(buf->buf, want) << "Got " << buf->buf << " want " << want;

  // no key log writer = no writes
  dtls::handshakeConfig cfg;
  const std::vector<std::uint8_t> clientRandom = {0xAA, 0xBB, 0xCC};
  const std::vector<std::uint8_t> secret = {0xDD, 0xEE, 0xFF};
  cfg.writeKeyLog("LABEL", clientRandom, secret);
  EXPECT_EQ(buf->buf, want);
}
