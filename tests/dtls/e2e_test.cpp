// pion: e2e/e2e_test.go (and e2e/e2e.go, which is only the package doc: "Package e2e contains end to
// end tests for pion/dtls").
//
// Our client and our server over real UDP loopback sockets (the runtime's net), on the wall clock
// as Pion runs them: each case dials, accepts, and exchanges testMessage both ways through
// simpleReadWrite. Go's test.TimeOut(30 s) is timeOut below (a runtime timer that dumps the
// goroutines and aborts); test.CheckRoutines is checkRoutines (every fiber the test started has
// ended, retrying for a while as CheckRoutines does). Each Go test runs in its own runtime with two
// worker threads. The OpenSSL half of the e2e package (e2e_openssl_test.go) is in
// tests/interop/openssl_interop_test.cpp.
#include <gtest/gtest.h>

#include <botan/auto_rng.h>
#include <botan/ed25519.h>
#include <botan/rsa.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace dtls {
namespace {

const std::string testMessage = "Hello World";
constexpr go::time::Duration testTimeLimit = 5 * go::time::Second;
constexpr go::time::Duration messageRetry = 200 * go::time::Millisecond;

const go::error errServerTimeout = go::errors::New("waiting on serverReady err: timeout");

// pion/transport test.TimeOut: if the test is still running after d, print every goroutine and
// abort (Go panics with the goroutine dump). Stop() disarms it.
struct timeOut {
  std::shared_ptr<go::time::Timer> t;
  explicit timeOut(go::time::Duration d)
      : t(go::time::AfterFunc(d, [] {
          std::fprintf(stderr, "test timed out\n%s\n", go::stack_all().c_str());
          std::abort();
        })) {}
  ~timeOut() { t->Stop(); }  // Go: defer lim.Stop()
};

// pion/transport test.CheckRoutines: runs body in a fresh runtime (two worker threads) and then
// checks that every goroutine the test started has ended, retrying for up to 2 s as the goroutines
// of the last case may still be finishing their messageRetry sleep.
void checkRoutines(const std::function<void()>& body) {
  go::run({.threads = 2}, [&] {
    body();
    for (int i = 0; i < 200 && go::num_goroutine() > 1; ++i) go::time::Sleep(10 * go::time::Millisecond);
    EXPECT_EQ(go::num_goroutine(), 1) << "leaked goroutines:\n" << go::stack_all();
  });
}

// pion: e2e/e2e_test.go randomPort
int randomPort() {
  go::net::UDPAddr laddr(go::net::ParseIP("127.0.0.1"), 0);
  auto [conn, err] = go::net::ListenUDP("udp4", &laddr);
  if (err) {
    ADD_FAILURE() << "failed to pickPort: " << err.Error();
    return 0;
  }
  auto addr = std::dynamic_pointer_cast<const go::net::UDPAddr>(conn->LocalAddr());
  conn->Close();
  if (!addr) {
    ADD_FAILURE() << "unknown addr type";
    return 0;
  }
  return addr->Port;
}

std::span<const std::uint8_t> bytesOf(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// pion: e2e/e2e_test.go simpleReadWrite
void simpleReadWrite(go::chan<go::error> errChan, go::chan<std::string> outChan, std::shared_ptr<go::net::Conn> conn,
                     std::shared_ptr<std::atomic<std::uint64_t>> messageRecvCount) {
  go::go([errChan, outChan, conn, messageRecvCount] {
    std::vector<std::uint8_t> buffer(8192);
    auto [n, err] = conn->Read(buffer);
    if (err) {
      errChan.send(err);
      return;
    }

    outChan.send(std::string(buffer.begin(), buffer.begin() + n));
    messageRecvCount->fetch_add(1);
  });

  for (;;) {
    if (messageRecvCount->load() == 2) {
      break;
    } else if (auto [n, err] = conn->Write(bytesOf(testMessage)); err) {
      errChan.send(err);
      break;
    }

    go::time::Sleep(messageRetry);
  }
}

// pion: e2e/e2e_test.go comm
// Go's fields clientConn, serverConn and serverListener are written by the client and server
// goroutines and read by assert's deferred Close; with two worker threads they are atomics here.
struct comm {
  go::context::Context ctx;
  Config clientConfig, serverConfig;  // Go: *dtls.Config
  int serverPort = 0;
  std::shared_ptr<std::atomic<std::uint64_t>> messageRecvCount;  // Counter to make sure both sides got a message
  go::sync::Mutex clientMutex;
  std::atomic<std::shared_ptr<go::net::Conn>> clientConn;
  go::sync::Mutex serverMutex;
  std::atomic<std::shared_ptr<go::net::Conn>> serverConn;
  std::atomic<std::shared_ptr<go::net::Listener>> serverListener;
  go::chan<go::struct_> serverReady;
  go::chan<go::error> errChan;
  go::chan<std::string> clientChan;
  go::chan<std::string> serverChan;
  std::function<void(std::shared_ptr<comm>)> client;
  std::function<void(std::shared_ptr<comm>)> server;
};

using commFunc = std::function<void(std::shared_ptr<comm>)>;

// pion: e2e/e2e_test.go newComm
std::shared_ptr<comm> newComm(go::context::Context ctx, const Config& clientConfig, const Config& serverConfig, int serverPort,
                              commFunc server, commFunc client) {
  auto c = std::make_shared<comm>();
  c->ctx = std::move(ctx);
  c->clientConfig = clientConfig;
  c->serverConfig = serverConfig;
  c->serverPort = serverPort;
  c->messageRecvCount = std::make_shared<std::atomic<std::uint64_t>>(0);
  c->serverReady = go::make_chan<go::struct_>();
  c->errChan = go::make_chan<go::error>();
  c->clientChan = go::make_chan<std::string>();
  c->serverChan = go::make_chan<std::string>();
  c->server = std::move(server);
  c->client = std::move(client);
  return c;
}

// pion: e2e/e2e_test.go comm.assert
void assertComm(const std::shared_ptr<comm>& c) {
  // DTLS Client
  go::go([c] { c->client(c); });

  // DTLS Server
  go::go([c] { c->server(c); });

  struct deferClose {
    const std::shared_ptr<comm>& c;
    ~deferClose() {
      if (auto conn = c->clientConn.load()) {
        auto err = conn->Close();
        EXPECT_EQ(err, nullptr) << err.Error();
      }
      if (auto conn = c->serverConn.load()) {
        auto err = conn->Close();
        EXPECT_EQ(err, nullptr) << err.Error();
      }
      if (auto ln = c->serverListener.load()) {
        auto err = ln->Close();
        EXPECT_EQ(err, nullptr) << err.Error();
      }
    }
  } closer{c};

  bool seenClient = false, seenServer = false;
  for (;;) {
    go::error err;
    std::string clientMsg, serverMsg;
    switch (go::select(go::recv(c->errChan, &err), go::recv(go::time::After(testTimeLimit)), go::recv(c->clientChan, &clientMsg),
                       go::recv(c->serverChan, &serverMsg))) {
      case 0:
        ADD_FAILURE() << err.Error();
        return;
      case 1:
        ADD_FAILURE() << "Test timeout, seenClient " << seenClient << " seenServer " << seenServer;
        return;
      case 2:
        if (clientMsg != testMessage) {
          ADD_FAILURE() << "clientMsg does not equal test message: " << clientMsg << " " << testMessage;
          return;
        }

        seenClient = true;
        if (seenClient && seenServer) {
          return;
        }
        break;
      case 3:
        if (serverMsg != testMessage) {
          ADD_FAILURE() << "serverMsg does not equal test message: " << serverMsg << " " << testMessage;
          return;
        }

        seenServer = true;
        if (seenClient && seenServer) {
          return;
        }
        break;
    }
  }
}

// pion: e2e/e2e_test.go clientPion
void clientPion(std::shared_ptr<comm> c) {
  switch (go::select(go::recv(c->serverReady), go::recv(go::time::After(go::time::Second)))) {
    case 0:
      // OK
      break;
    case 1:
      c->errChan.send(errServerTimeout);
      break;
  }

  c->clientMutex.Lock();
  struct unlock {
    go::sync::Mutex& m;
    ~unlock() { m.Unlock(); }
  } deferUnlock{c->clientMutex};

  go::net::UDPAddr raddr(go::net::ParseIP("127.0.0.1"), c->serverPort);
  auto [conn, err] = DialWithContext(c->ctx, "udp", &raddr, &c->clientConfig);
  if (err) {
    c->errChan.send(err);
    return;
  }
  c->clientConn = conn;

  simpleReadWrite(c->errChan, c->clientChan, conn, c->messageRecvCount);
}

// pion: e2e/e2e_test.go serverPion
void serverPion(std::shared_ptr<comm> c) {
  c->serverMutex.Lock();
  struct unlock {
    go::sync::Mutex& m;
    ~unlock() { m.Unlock(); }
  } deferUnlock{c->serverMutex};

  go::net::UDPAddr laddr(go::net::ParseIP("127.0.0.1"), c->serverPort);
  auto [ln, err] = Listen("udp", &laddr, &c->serverConfig);
  if (err) {
    c->errChan.send(err);
    return;
  }
  c->serverListener = ln;
  c->serverReady.send(go::struct_{});
  auto [conn, aerr] = ln->Accept();
  if (aerr) {
    c->errChan.send(aerr);
    return;
  }
  c->serverConn = conn;

  simpleReadWrite(c->errChan, c->serverChan, conn, c->messageRecvCount);
}

std::string suiteName(CipherSuiteID id) { return internal::ciphersuite::String(id); }

/*
          Simple DTLS Client/Server can communicate
            - Assert that you can send messages both ways
                - Assert that Close() on both ends work
                - Assert that no Goroutines are leaked
*/
// pion: e2e/e2e_test.go testPionE2ESimple
void testPionE2ESimple(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    for (CipherSuiteID cipherSuite : {TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                                      TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}) {
      SCOPED_TRACE(suiteName(cipherSuite));
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 2 * go::time::Second);

      auto [cert, err] = pkg::crypto::selfsign::GenerateSelfSignedWithDNS("localhost");
      ASSERT_EQ(err, nullptr) << err.Error();

      Config cfg;
      cfg.Certificates = {cert};
      cfg.CipherSuites = std::vector<CipherSuiteID>{cipherSuite};
      cfg.InsecureSkipVerify = true;
      int serverPort = randomPort();
      auto comm = newComm(ctx, cfg, cfg, serverPort, server, client);
      assertComm(comm);
      cancel();
    }
  });
}

// pion: e2e/e2e_test.go testPionE2ESimplePSK
void testPionE2ESimplePSK(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    for (CipherSuiteID cipherSuite : {TLS_PSK_WITH_AES_128_CCM, TLS_PSK_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_256_CCM_8,
                                      TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256}) {
      SCOPED_TRACE(suiteName(cipherSuite));
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 2 * go::time::Second);

      Config cfg;
      cfg.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
        return {{0xAB, 0xC1, 0x23}, nullptr};
      };
      cfg.PSKIdentityHint = std::vector<std::uint8_t>{0x01, 0x02, 0x03, 0x04, 0x05};
      cfg.CipherSuites = std::vector<CipherSuiteID>{cipherSuite};
      int serverPort = randomPort();
      auto comm = newComm(ctx, cfg, cfg, serverPort, server, client);
      assertComm(comm);
      cancel();
    }
  });
}

// pion: e2e/e2e_test.go testPionE2EMTUs
void testPionE2EMTUs(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    for (int mtu : {10000, 1000, 100}) {
      SCOPED_TRACE("MTU" + std::to_string(mtu));
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * go::time::Second);

      auto [cert, err] = pkg::crypto::selfsign::GenerateSelfSignedWithDNS("localhost");
      ASSERT_EQ(err, nullptr) << err.Error();

      Config cfg;
      cfg.Certificates = {cert};
      cfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
      cfg.InsecureSkipVerify = true;
      cfg.MTU = mtu;
      int serverPort = randomPort();
      auto comm = newComm(ctx, cfg, cfg, serverPort, server, client);
      assertComm(comm);
      cancel();
    }
  });
}

// Go: ed25519.GenerateKey(rand.Reader) + selfsign.SelfSign(key)
std::pair<go::tls::Certificate, go::error> selfSignedEd25519() {
  Botan::AutoSeeded_RNG rng;
  return pkg::crypto::selfsign::SelfSign(std::make_shared<Botan::Ed25519_PrivateKey>(rng));
}

// Go: rsa.GenerateKey(rand.Reader, 2048) + selfsign.SelfSign(priv)
std::pair<go::tls::Certificate, go::error> selfSignedRSA() {
  Botan::AutoSeeded_RNG rng;
  return pkg::crypto::selfsign::SelfSign(std::make_shared<Botan::RSA_PrivateKey>(rng, 2048));
}

// pion: e2e/e2e_test.go testPionE2ESimpleED25519
void testPionE2ESimpleED25519(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    for (CipherSuiteID cipherSuite : {TLS_ECDHE_ECDSA_WITH_AES_128_CCM, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                                      TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                                      TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}) {
      SCOPED_TRACE(suiteName(cipherSuite));
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 5 * go::time::Second);

      auto [cert, err] = selfSignedEd25519();
      ASSERT_EQ(err, nullptr) << err.Error();

      Config cfg;
      cfg.Certificates = {cert};
      cfg.CipherSuites = std::vector<CipherSuiteID>{cipherSuite};
      cfg.InsecureSkipVerify = true;
      int serverPort = randomPort();
      auto comm = newComm(ctx, cfg, cfg, serverPort, server, client);
      assertComm(comm);
      cancel();
    }
  });
}

// pion: e2e/e2e_test.go testPionE2ESimpleED25519ClientCert
void testPionE2ESimpleED25519ClientCert(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 5 * go::time::Second);

    auto [scert, err] = selfSignedEd25519();
    ASSERT_EQ(err, nullptr) << err.Error();

    auto [ccert, err2] = selfSignedEd25519();
    ASSERT_EQ(err2, nullptr) << err2.Error();

    Config scfg;
    scfg.Certificates = {scert};
    scfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    scfg.ClientAuth = RequireAnyClientCert;
    Config ccfg;
    ccfg.Certificates = {ccert};
    ccfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    ccfg.InsecureSkipVerify = true;
    int serverPort = randomPort();
    auto comm = newComm(ctx, ccfg, scfg, serverPort, server, client);
    assertComm(comm);
    cancel();
  });
}

// pion: e2e/e2e_test.go testPionE2ESimpleECDSAClientCert
void testPionE2ESimpleECDSAClientCert(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 5 * go::time::Second);

    auto [scert, err] = pkg::crypto::selfsign::GenerateSelfSigned();
    ASSERT_EQ(err, nullptr) << err.Error();

    auto [ccert, err2] = pkg::crypto::selfsign::GenerateSelfSigned();
    ASSERT_EQ(err2, nullptr) << err2.Error();

    auto clientCAs = go::x509::NewCertPool();
    auto [caCert, perr] = go::x509::ParseCertificate(ccert.chain.at(0).BER_encode());
    ASSERT_EQ(perr, nullptr) << perr.Error();
    clientCAs->AddCert(*caCert);

    Config scfg;
    scfg.ClientCAs = clientCAs;
    scfg.Certificates = {scert};
    scfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    scfg.ClientAuth = RequireAnyClientCert;
    Config ccfg;
    ccfg.Certificates = {ccert};
    ccfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    ccfg.InsecureSkipVerify = true;
    int serverPort = randomPort();
    auto comm = newComm(ctx, ccfg, scfg, serverPort, server, client);
    assertComm(comm);
    cancel();
  });
}

// pion: e2e/e2e_test.go testPionE2ESimpleRSAClientCert
void testPionE2ESimpleRSAClientCert(commFunc server, commFunc client) {
  checkRoutines([&] {
    timeOut lim(30 * go::time::Second);

    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 5 * go::time::Second);

    auto [scert, err] = selfSignedRSA();
    ASSERT_EQ(err, nullptr) << err.Error();

    auto [ccert, err2] = selfSignedRSA();
    ASSERT_EQ(err2, nullptr) << err2.Error();

    Config scfg;
    scfg.Certificates = {scert};
    scfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
    scfg.ClientAuth = RequireAnyClientCert;
    Config ccfg;
    ccfg.Certificates = {ccert};
    ccfg.CipherSuites = std::vector<CipherSuiteID>{TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
    ccfg.InsecureSkipVerify = true;
    int serverPort = randomPort();
    auto comm = newComm(ctx, ccfg, scfg, serverPort, server, client);
    assertComm(comm);
    cancel();
  });
}

// pion: e2e/e2e_test.go TestPionE2ESimple
TEST(E2E, PionE2ESimple) { testPionE2ESimple(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2ESimplePSK
TEST(E2E, PionE2ESimplePSK) { testPionE2ESimplePSK(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2EMTUs
TEST(E2E, PionE2EMTUs) { testPionE2EMTUs(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2ESimpleED25519
TEST(E2E, PionE2ESimpleED25519) { testPionE2ESimpleED25519(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2ESimpleED25519ClientCert
TEST(E2E, PionE2ESimpleED25519ClientCert) { testPionE2ESimpleED25519ClientCert(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2ESimpleECDSAClientCert
TEST(E2E, PionE2ESimpleECDSAClientCert) { testPionE2ESimpleECDSAClientCert(serverPion, clientPion); }

// pion: e2e/e2e_test.go TestPionE2ESimpleRSAClientCert
TEST(E2E, PionE2ESimpleRSAClientCert) { testPionE2ESimpleRSAClientCert(serverPion, clientPion); }

}  // namespace
}  // namespace dtls
