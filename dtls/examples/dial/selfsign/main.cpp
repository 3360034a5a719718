// pion: examples/dial/selfsign/main.go
// Dials 127.0.0.1:4444 with a freshly generated self-signed certificate, skipping verification of
// the server's; then chats (stdin lines to the server, its messages to stdout; "exit" ends).
#include "chan/context.hpp"
#include "chan/fmt.hpp"
#include "chan/runtime.hpp"
#include "dtls/conn.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace util = dtls::examples::util;

// pion: examples/dial/selfsign/main.go main
int main() {
  go::run([] {
    // Prepare the IP to connect to
    go::net::UDPAddr addr(go::net::ParseIP("127.0.0.1"), 4444);

    // Generate a certificate and private key to secure the connection
    auto [certificate, genErr] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    util::Check(genErr);

    //
    // Everything below is the pion-DTLS API! Thanks for using it ❤️.
    //

    // Prepare the configuration of the DTLS connection
    dtls::Config config;
    config.Certificates = {certificate};
    config.InsecureSkipVerify = true;
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
