// pion: handshaker.go (handshakeConfig.writeKeyLog)
#include <mutex>
#include <string>

#include "chan/fmt.hpp"
#include "dtls/handshaker.hpp"

namespace dtls {

// pion: handshaker.go handshakeConfig.writeKeyLog
void handshakeConfig::writeKeyLog(const std::string& label, std::span<const std::uint8_t> clientRandom,
                                  std::span<const std::uint8_t> secret) {
  if (!keyLogWriter) {
    return;
  }
  std::lock_guard lk(mu);
  const std::string line = go::fmt::Sprintf("%s %x %x\n", label, clientRandom, secret);
  auto [n, err] = keyLogWriter->Write(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()));
  (void)n;
  if (err && log) {  // (Go would dereference a nil logger here; a config without one just skips the line)
    log->Debugf("failed to write key log file: %s", err);
  }
}

}  // namespace dtls
