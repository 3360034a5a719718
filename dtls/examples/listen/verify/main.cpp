// pion: examples/listen/verify/main.go
// Listens on 127.0.0.1:4444 presenting dtls/examples/certificates/server.pub.pem and requiring a
// client certificate that verifies against it (RequireAndVerifyClientCert); every client joins a
// chat hub. Run it from the repository root, as Pion's is run from its own (relative paths).
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "dtls/examples/util/hub.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/listener.hpp"

namespace util = dtls::examples::util;

// pion: examples/listen/verify/main.go main
int main() {
  go::run([] {
    // Prepare the IP to connect to
    go::net::UDPAddr addr(go::net::ParseIP("127.0.0.1"), 4444);

    // Create parent context to cleanup handshaking connections on exit.
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());

    //
    // Everything below is the pion-DTLS API! Thanks for using it ❤️.
    //

    auto [certificate, err] = util::LoadKeyAndCertificate("dtls/examples/certificates/server.pem",
                                                          "dtls/examples/certificates/server.pub.pem");
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
    config.ClientAuth = dtls::RequireAndVerifyClientCert;
    config.ClientCAs = certPool;
    // Create timeout context for accepted connection.
    config.ConnectContextMaker = [ctx = ctx] { return go::context::WithTimeout(ctx, 30 * go::time::Second); };

    // Connect to a DTLS server
    auto [listener, lerr] = dtls::Listen("udp", &addr, &config);
    util::Check(lerr);

    util::Printf("Listening\n");

    // Simulate a chat session
    auto hub = util::NewHub();

    go::go([listener = listener, hub] {
      for (;;) {
        // Wait for a connection.
        auto [conn, err] = listener->Accept();
        util::Check(err);
        // defer conn.Close() // TODO: graceful shutdown

        // `conn` is of type `net.Conn` but may be casted to `dtls.Conn`
        // using `dtlsConn := conn.(*dtls.Conn)` in order to to expose
        // functions like `ConnectionState` etc.

        // Register the connection with the chat hub
        hub->Register(conn);
      }
    });

    // Start chatting
    hub->Chat();

    // (Go's deferred calls, in reverse order: listener.Close(), then cancel().)
    util::Check(listener->Close());
    cancel();
  });
  return 0;
}
