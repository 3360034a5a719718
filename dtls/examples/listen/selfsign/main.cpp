// pion: examples/listen/selfsign/main.go
// Listens on 127.0.0.1:4444 with a freshly generated self-signed certificate; every client that
// connects joins a chat hub (stdin lines go to every client, their messages to stdout; "exit" ends).
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "dtls/examples/util/hub.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace util = dtls::examples::util;

// pion: examples/listen/selfsign/main.go main
int main() {
  go::run([] {
    // Prepare the IP to connect to
    go::net::UDPAddr addr(go::net::ParseIP("127.0.0.1"), 4444);

    // Generate a certificate and private key to secure the connection
    auto [certificate, genErr] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    util::Check(genErr);

    // Create parent context to cleanup handshaking connections on exit.
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());

    //
    // Everything below is the pion-DTLS API! Thanks for using it ❤️.
    //

    // Prepare the configuration of the DTLS connection
    dtls::Config config;
    config.Certificates = {certificate};
    config.ExtendedMasterSecret = dtls::RequireExtendedMasterSecret;
    // Create timeout context for accepted connection.
    config.ConnectContextMaker = [ctx = ctx] { return go::context::WithTimeout(ctx, 30 * go::time::Second); };

    // Connect to a DTLS server
    auto [listener, err] = dtls::Listen("udp", &addr, &config);
    util::Check(err);

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
        if (!err) {
          hub->Register(conn);
        }
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
