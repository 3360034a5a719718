// Interop with Pion itself: pion/dtls v2.2.6 from Debian's golang-github-pion-dtls.v2-dev, built
// offline with Debian's Go into build/tests/interop/pion_peer (tests/interop/pion_peer.go).
// Both directions over UDP loopback, data both ways, and — with use_srtp — the negotiated SRTP
// profile and RFC 5705 exported keying material must be identical on both sides.
#include <gtest/gtest.h>

#include <ostream>

#include <string>
#include <thread>

#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "interop/subprocess.hpp"

#ifndef PION_PEER
#error "PION_PEER (path of the built Go peer) must be defined by the build"
#endif

namespace {

using namespace std::chrono_literals;

std::string hex(const std::vector<std::uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s.push_back(d[x >> 4]);
    s.push_back(d[x & 15]);
  }
  return s;
}

struct Case {
  std::string name;
  bool psk = false;
  bool srtp = false;
  dtls::CipherSuiteID suite;
};
// gtest prints a parameter with PrintTo: the case name, not the struct's bytes.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }


std::vector<std::string> peerArgs(const Case& tc, const std::string& mode, const std::string& addr) {
  std::vector<std::string> a = {PION_PEER, "-mode", mode, "-addr", addr, "-msg", "hello from pion"};
  char suite[8];
  std::snprintf(suite, sizeof suite, "%04x", static_cast<unsigned>(tc.suite));
  a.insert(a.end(), {"-suites", suite});
  if (tc.psk) a.insert(a.end(), {"-psk", "abc123", "-identity", "pion"});
  if (tc.srtp) a.push_back("-srtp");
  return a;
}

dtls::Config ourConfig(const Case& tc) {
  dtls::Config cfg;
  cfg.CipherSuites = std::vector<dtls::CipherSuiteID>{tc.suite};
  cfg.InsecureSkipVerify = true;
  cfg.ExtendedMasterSecret = dtls::RequireExtendedMasterSecret;
  if (tc.psk) {
    cfg.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
      return {{0xab, 0xc1, 0x23}, nullptr};
    };
    cfg.PSKIdentityHint = std::vector<std::uint8_t>{'o', 'u', 'r', 's'};
  } else {
    auto [cert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    EXPECT_FALSE(err) << err.Error();
    cfg.Certificates = {cert};
  }
  if (tc.srtp) cfg.SRTPProtectionProfiles = {dtls::SRTP_AES128_CM_HMAC_SHA1_80};
  cfg.ConnectContextMaker = [] { return go::context::WithTimeout(go::context::Background(), 15 * go::time::Second); };
  return cfg;
}

// "OK srtp=0x0001 ekm=..." for our side, in the Pion peer's format.
std::string summary(dtls::Conn& conn) {
  auto state = conn.ConnectionState();
  auto [ekm, err] = state.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", {}, 32);
  if (err) return "EKM error: " + err.Error();
  auto [profile, ok] = conn.SelectedSRTPProtectionProfile();
  (void)ok;
  char p[16];
  std::snprintf(p, sizeof p, "0x%04x", static_cast<unsigned>(profile));
  return std::string("OK srtp=") + p + " ekm=" + hex(ekm);
}

class PionInterop : public ::testing::TestWithParam<Case> {};

TEST_P(PionInterop, OurClientPionServer) {
  const Case& tc = GetParam();
  int port = interop::FreeUDPPort();
  interop::Subprocess srv(peerArgs(tc, "server", "127.0.0.1:" + std::to_string(port)));
  ASSERT_TRUE(srv.WaitFor("LISTENING", 10s)) << srv.Output();
  dtls::Config cfg = ourConfig(tc);
  std::string got, err_, ours;
  std::thread t([&] {
    go::run(go::config{.threads = 1}, [&] {
      auto [raddr, err] = go::net::ResolveUDPAddr("udp", "127.0.0.1:" + std::to_string(port));
      auto [conn, derr] = dtls::Dial("udp", raddr.get(), &cfg);
      if (derr) { err_ = "dial: " + derr.Error(); return; }
      std::string msg = "hello from ours";
      conn->Write(std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()));
      conn->SetReadDeadline(go::time::Now() + 10 * go::time::Second);
      std::vector<std::uint8_t> buf(8192);
      auto [n, rerr] = conn->Read(buf);
      if (rerr) { err_ = "read: " + rerr.Error(); } else { got.assign(buf.begin(), buf.begin() + n); }
      ours = summary(*conn);
      conn->Close();
    });
  });
  t.join();
  EXPECT_EQ(err_, "") << srv.Output();
  EXPECT_EQ(got, "hello from ours");
  ASSERT_TRUE(srv.WaitFor("OK srtp=", 10s)) << srv.Output();
  EXPECT_NE(srv.Output().find(ours), std::string::npos) << "ours: " << ours << "\npion: " << srv.Output();
  if (tc.srtp) {
    EXPECT_NE(ours.find("srtp=0x0001"), std::string::npos) << ours;
  }
}

TEST_P(PionInterop, PionClientOurServer) {
  const Case& tc = GetParam();
  dtls::Config cfg = ourConfig(tc);
  std::atomic<int> port{0};
  std::string got, err_, ours;
  std::thread t([&] {
    go::run(go::config{.threads = 1}, [&] {
      go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
      auto [ln, err] = dtls::Listen("udp", &laddr, &cfg);
      if (err) { err_ = "listen: " + err.Error(); port = -1; return; }
      port = std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr())->Port;
      auto [c, aerr] = ln->Accept();
      if (aerr) { err_ = "accept: " + aerr.Error(); ln->Close(); return; }
      auto conn = std::dynamic_pointer_cast<dtls::Conn>(c);
      conn->SetReadDeadline(go::time::Now() + 10 * go::time::Second);
      std::vector<std::uint8_t> buf(8192);
      auto [n, rerr] = conn->Read(buf);
      if (rerr) { err_ = "read: " + rerr.Error(); } else { got.assign(buf.begin(), buf.begin() + n); }
      conn->Write(std::span(buf.data(), static_cast<std::size_t>(n)));
      ours = summary(*conn);
      // Wait for the client's close_notify (Read returns an error) before closing.
      conn->Read(buf);
      conn->Close();
      ln->Close();
    });
  });
  while (port == 0) std::this_thread::sleep_for(10ms);
  ASSERT_GT(port.load(), 0) << err_;
  interop::Subprocess cli(peerArgs(tc, "client", "127.0.0.1:" + std::to_string(port.load())));
  int rc = cli.Wait(20s);
  t.join();
  EXPECT_EQ(rc, 0) << cli.Output();
  EXPECT_EQ(err_, "") << cli.Output();
  EXPECT_EQ(got, "hello from pion");
  EXPECT_NE(cli.Output().find(ours), std::string::npos) << "ours: " << ours << "\npion: " << cli.Output();
}

INSTANTIATE_TEST_SUITE_P(E2E, PionInterop,
                         ::testing::Values(Case{"ECDSA_AES128GCM", false, false, dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
                                           Case{"ECDSA_AES256CBC", false, false, dtls::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA},
                                           Case{"ECDSA_SRTP", false, true, dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
                                           Case{"PSK_AES128CCM8", true, false, dtls::TLS_PSK_WITH_AES_128_CCM_8},
                                           Case{"PSK_AES128GCM", true, false, dtls::TLS_PSK_WITH_AES_128_GCM_SHA256}),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

}  // namespace
