// pion: examples/dial/psk/main.go
// Dials 127.0.0.1:4444 with a pre-shared key (TLS_PSK_WITH_AES_128_CCM_8); then chats (stdin lines
// to the server, its messages to stdout; "exit" ends).
#include "chan/context.hpp"
#include "chan/runtime.hpp"
#include "dtls/conn.hpp"
#include "dtls/examples/util/util.hpp"

namespace util = dtls::examples::util;

// pion: examples/dial/psk/main.go main
int main() {
  go::run([] {
    // Prepare the IP to connect to
    go::net::UDPAddr addr(go::net::ParseIP("127.0.0.1"), 4444);

    //
    // Everything below is the pion-DTLS API! Thanks for using it ❤️.
    //

    // Prepare the configuration of the DTLS connection
    dtls::Config config;
    config.PSK = [](std::span<const std::uint8_t> hint) -> std::pair<std::vector<std::uint8_t>, go::error> {
      util::Printf("Server's hint: %s \n", std::string(hint.begin(), hint.end()));
      return {{0xAB, 0xC1, 0x23}, nullptr};
    };
    const std::string identity = "Pion DTLS Server";
    config.PSKIdentityHint = std::vector<std::uint8_t>(identity.begin(), identity.end());
    config.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8};
    config.ExtendedMasterSecret = dtls::RequireExtendedMasterSecret;

    // Connect to a DTLS server
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 30 * go::time::Second);
    auto [dtlsConn, err] = dtls::DialWithContext(ctx, "udp", &addr, &config);
    util::Check(err);

    util::Printf("Connected; type 'exit' to shutdown gracefully\n");

    // Simulate a chat session
    util::Chat(dtlsConn);

    // (Go's deferred calls, in reverse order: dtlsConn.Close(), then cancel().)
    util::Check(dtlsConn->Close());
    cancel();
  });
  return 0;
}
