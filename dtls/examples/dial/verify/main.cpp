// pion: examples/dial/verify/main.go
// Dials 127.0.0.1:4444 presenting dtls/examples/certificates/client.pub.pem and verifying the
// server's certificate against server.pub.pem; then chats. Run it from the repository root, as
// Pion's is run from its own (the certificate paths are relative).
#include "chan/context.hpp"
#include "chan/runtime.hpp"
#include "dtls/conn.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/go_x509.hpp"

namespace util = dtls::examples::util;

// pion: examples/dial/verify/main.go main
int main() {
  go::run([] {
    // Prepare the IP to connect to
    go::net::UDPAddr addr(go::net::ParseIP("127.0.0.1"), 4444);

    //
    // Everything below is the pion-DTLS API! Thanks for using it ❤️.
    //

    auto [certificate, err] = util::LoadKeyAndCertificate("dtls/examples/certificates/client.pem",
                                                          "dtls/examples/certificates/client.pub.pem");
    util::Check(err);

    auto [rootCertificate, rerr] = util::LoadCertificate("dtls/examples/certificates/server.pub.pem");
    util::Check(rerr);
    auto certPool = go::x509::NewCertPool();
    auto [cert, perr] = go::x509::ParseCertificate(rootCertificate->chain[0].BER_encode());
    util::Check(perr);
    certPool->AddCert(*cert);

    // Prepare the configuration of the DTLS connection
    dtls::Config config;
    config.Certificates = {certificate};
    config.ExtendedMasterSecret = dtls::RequireExtendedMasterSecret;
    config.RootCAs = certPool;

    // Connect to a DTLS server
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 30 * go::time::Second);
    auto [dtlsConn, derr] = dtls::DialWithContext(ctx, "udp", &addr, &config);
    util::Check(derr);

    util::Printf("Connected; type 'exit' to shutdown gracefully\n");

    // Simulate a chat session
    util::Chat(dtlsConn);

    // (Go's deferred calls, in reverse order: dtlsConn.Close(), then cancel().)
    util::Check(dtlsConn->Close());
    cancel();
  });
  return 0;
}
