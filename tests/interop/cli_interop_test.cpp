// dtlscat (dtls/cmd/dtlscat) as a subprocess against real peers over UDP loopback: OpenSSL 3's
// `s_server`/`s_client -dtls1_2`, Pion (tests/interop/pion_peer.go, built from Debian's source),
// and itself. Data goes both ways through the tool's standard input and output; the tool's exit
// status, --keylog file, --ekm output and usage errors are checked. Every child is a
// interop::Subprocess: killed (SIGTERM) and reaped when the test ends, and every wait is bounded.
// (Ours: the tool has no Go origin. The OpenSSL and Pion cases follow Pion's e2e_openssl_test.go
// and tests/interop/pion_interop_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ios>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "interop/subprocess.hpp"

namespace {

using namespace std::chrono_literals;

const std::string kTool = DTLSCAT;
const std::string kPion = PION_PEER;
const std::string kCerts = EXAMPLE_CERTIFICATES;  // dtls/examples/certificates in the source tree

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/dtlscat-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// A self-signed certificate for CN/SAN localhost: name.pem + name.key. kind: "ec" (P-256, PKCS #8
// key), "rsa-pkcs1" (2048-bit, PKCS #1 "RSA PRIVATE KEY"), "ed25519" (PKCS #8).
void makeCert(const TempDir& dir, const std::string& kind, const std::string& name = "cert") {
  const std::string key = dir.file(name + ".key"), cert = dir.file(name + ".pem");
  std::string keygen;
  if (kind == "ec") {
    keygen = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key;
  } else if (kind == "rsa-pkcs1") {
    keygen = "openssl genrsa -traditional -out " + key + " 2048";
  } else {
    keygen = "openssl genpkey -algorithm ED25519 -out " + key;
  }
  std::string cmd = keygen + " >/dev/null 2>&1 && openssl req -x509 -key " + key +
                    " -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -out " + cert +
                    " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

std::vector<std::string> tool(std::vector<std::string> args) {
  args.insert(args.begin(), kTool);
  return args;
}

// Waits (bounded) until the output holds a complete line containing needle.
bool waitForLine(interop::Subprocess& p, const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::string& out = p.Output();
    auto at = out.find(needle);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (!p.WaitFor(std::string("\x01never"), 20ms)) std::this_thread::sleep_for(10ms);
  }
}

// The port from the tool's "dtlscat: listening on 127.0.0.1:PORT" line, or -1.
int listeningPort(interop::Subprocess& p) {
  const std::string marker = "dtlscat: listening on 127.0.0.1:";
  if (!waitForLine(p, marker, 10s)) return -1;
  const std::string& out = p.Output();
  auto at = out.find(marker) + marker.size();
  return std::atoi(out.c_str() + at);
}

// The value after "prefix" up to the end of its line, or "".
std::string lineAfter(const std::string& out, const std::string& prefix) {
  auto at = out.find(prefix);
  if (at == std::string::npos) return "";
  at += prefix.size();
  return out.substr(at, out.find('\n', at) - at);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// s_server -quiet prints nothing once bound; give it a moment (the tool's ClientHello is
// retransmitted after 1 s anyway).
void letServerBind() { std::this_thread::sleep_for(300ms); }

// ---------------------------------------------------------------------------
// dtlscat connect <-> openssl s_server -dtls1_2

// ECDSA certificate verified with --ca and the host name; --keylog's CLIENT_RANDOM line must
// equal the one OpenSSL's -keylogfile writes for the same session (48-byte master secret).
TEST(CliInterop, ToolClientOpenSSLServerECDSAVerifiedWithKeylog) {
  TempDir dir;
  makeCert(dir, "ec");
  int port = interop::FreeUDPPort();
  interop::Subprocess srv({"openssl", "s_server", "-dtls1_2", "-quiet", "-accept", "127.0.0.1:" + std::to_string(port),
                           "-cert", dir.file("cert.pem"), "-key", dir.file("cert.key"), "-cipher",
                           "ECDHE-ECDSA-AES128-GCM-SHA256", "-keylogfile", dir.file("openssl-keys.log")});
  letServerBind();
  interop::Subprocess cli(tool({"connect", "localhost:" + std::to_string(port), "--ca", dir.file("cert.pem"), "--ciphers",
                                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "--keylog", dir.file("keys.log"),
                                "--timeout", "15s"}));
  ASSERT_TRUE(waitForLine(cli, "dtlscat: connected to 127.0.0.1:", 15s)) << cli.Output();
  EXPECT_NE(cli.Output().find("cipher=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 peer-cert=verified"), std::string::npos)
      << cli.Output();
  EXPECT_EQ(cli.Output().find("warning: no --ca"), std::string::npos) << cli.Output();

  cli.Write("ping from dtlscat\n");
  EXPECT_TRUE(srv.WaitFor("ping from dtlscat", 10s)) << srv.Output();
  srv.Write("pong from openssl\n");
  EXPECT_TRUE(cli.WaitFor("pong from openssl", 10s)) << cli.Output();
  cli.CloseStdin();
  EXPECT_EQ(cli.Wait(10s), 0) << cli.Output();

  std::string ours = readFile(dir.file("keys.log"));
  std::smatch m;
  ASSERT_TRUE(std::regex_match(ours, m, std::regex("CLIENT_RANDOM ([0-9a-f]{64}) ([0-9a-f]{96})\n"))) << ours;
  // OpenSSL's file has a comment line and the same CLIENT_RANDOM line.
  std::string theirs = readFile(dir.file("openssl-keys.log"));
  std::string want = "CLIENT_RANDOM " + m[1].str() + " " + m[2].str();
  std::transform(want.begin(), want.end(), want.begin(), ::toupper);
  std::string theirsUpper = theirs;
  std::transform(theirsUpper.begin(), theirsUpper.end(), theirsUpper.begin(), ::toupper);
  EXPECT_NE(theirsUpper.find(want), std::string::npos) << "ours: " << ours << "openssl: " << theirs;
}

// PSK: the server's identity hint reaches the tool; data both ways; clean exit.
TEST(CliInterop, ToolClientOpenSSLServerPSK) {
  int port = interop::FreeUDPPort();
  interop::Subprocess srv({"openssl", "s_server", "-dtls1_2", "-quiet", "-accept", "127.0.0.1:" + std::to_string(port),
                           "-nocert", "-psk", "abc123", "-psk_hint", "openssl-hint", "-cipher", "PSK-AES128-GCM-SHA256"});
  letServerBind();
  interop::Subprocess cli(tool({"connect", "127.0.0.1:" + std::to_string(port), "--psk", "abc123", "--psk-identity",
                                "dtlscat-id", "--ciphers", "TLS_PSK_WITH_AES_128_GCM_SHA256", "--timeout", "15s"}));
  ASSERT_TRUE(waitForLine(cli, "dtlscat: connected to", 15s)) << cli.Output();
  EXPECT_NE(cli.Output().find("cipher=TLS_PSK_WITH_AES_128_GCM_SHA256 psk-identity=\"openssl-hint\""), std::string::npos)
      << cli.Output();
  cli.Write("ping from dtlscat\n");
  EXPECT_TRUE(srv.WaitFor("ping from dtlscat", 10s)) << srv.Output();
  srv.Write("pong from openssl\n");
  EXPECT_TRUE(cli.WaitFor("pong from openssl", 10s)) << cli.Output();
  cli.CloseStdin();
  EXPECT_EQ(cli.Wait(10s), 0) << cli.Output();
}

// The server's certificate does not chain to --ca: exit 1 with one line naming the cause.
TEST(CliInterop, ToolClientRejectsUntrustedServer) {
  TempDir dir;
  makeCert(dir, "ec", "server");
  makeCert(dir, "ec", "other");
  int port = interop::FreeUDPPort();
  interop::Subprocess srv({"openssl", "s_server", "-dtls1_2", "-quiet", "-accept", "127.0.0.1:" + std::to_string(port),
                           "-cert", dir.file("server.pem"), "-key", dir.file("server.key")});
  letServerBind();
  interop::Subprocess cli(
      tool({"connect", "localhost:" + std::to_string(port), "--ca", dir.file("other.pem"), "--timeout", "10s"}));
  EXPECT_EQ(cli.Wait(15s), 1) << cli.Output();
  EXPECT_NE(cli.Output().find("dtlscat: handshake with 127.0.0.1:" + std::to_string(port) + " failed: "), std::string::npos)
      << cli.Output();
  EXPECT_NE(cli.Output().find("certificate"), std::string::npos) << cli.Output();
}

// Nothing answers: exit 1 once --timeout passes, saying so.
TEST(CliInterop, ToolClientHandshakeTimeout) {
  int port = interop::FreeUDPPort();
  auto start = std::chrono::steady_clock::now();
  interop::Subprocess cli(tool({"connect", "127.0.0.1:" + std::to_string(port), "--timeout", "1500ms"}));
  EXPECT_EQ(cli.Wait(15s), 1) << cli.Output();
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 10s);
  EXPECT_NE(cli.Output().find("dtlscat: handshake with 127.0.0.1:" + std::to_string(port) + " failed: "), std::string::npos)
      << cli.Output();
}

// ---------------------------------------------------------------------------
// openssl s_client -dtls1_2 <-> dtlscat listen

struct ServerCase {
  std::string name;
  std::string kind;  // makeCert kind, or "psk"
  std::string opensslCipher;
  std::string ourCipher;
  int mtu = 0;  // --mtu for the tool and -mtu for OpenSSL (0: defaults)
};
inline void PrintTo(const ServerCase& c, std::ostream* os) { *os << c.name; }

class CliServer : public ::testing::TestWithParam<ServerCase> {};

// s_client without -quiet ends the session with close_notify when its standard input ends, so
// the tool must exit 0 on its own.
TEST_P(CliServer, OpenSSLClientToolServer) {
  const ServerCase& tc = GetParam();
  TempDir dir;
  std::vector<std::string> args = {"listen", "127.0.0.1:0", "--ciphers", tc.ourCipher, "--timeout", "15s"};
  if (tc.kind == "psk") {
    args.insert(args.end(), {"--psk", "abc123", "--psk-identity", "dtlscat-hint"});
  } else {
    makeCert(dir, tc.kind);
    args.insert(args.end(), {"--cert", dir.file("cert.pem"), "--key", dir.file("cert.key")});
  }
  if (tc.mtu) args.insert(args.end(), {"--mtu", std::to_string(tc.mtu)});
  interop::Subprocess srv(tool(args));
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();

  std::vector<std::string> ossl = {"openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + std::to_string(port),
                                   "-cipher", tc.opensslCipher};
  if (tc.mtu) ossl.insert(ossl.end(), {"-mtu", std::to_string(tc.mtu)});
  if (tc.kind == "psk") ossl.insert(ossl.end(), {"-psk", "abc123", "-psk_identity", "openssl-id"});
  interop::Subprocess cli(ossl);
  ASSERT_TRUE(waitForLine(srv, "dtlscat: accepted 127.0.0.1:", 15s)) << srv.Output() << cli.Output();
  EXPECT_NE(srv.Output().find("cipher=" + tc.ourCipher), std::string::npos) << srv.Output();
  if (tc.kind == "psk") {
    EXPECT_NE(srv.Output().find("psk-identity=\"openssl-id\""), std::string::npos) << srv.Output();
  }
  cli.Write("ping from openssl\n");
  EXPECT_TRUE(srv.WaitFor("ping from openssl", 10s)) << srv.Output();
  srv.Write("pong from dtlscat\n");
  EXPECT_TRUE(cli.WaitFor("pong from dtlscat", 10s)) << cli.Output();
  cli.CloseStdin();
  EXPECT_EQ(srv.Wait(10s), 0) << srv.Output() << cli.Output();
  EXPECT_NE(srv.Output().find("closed the connection"), std::string::npos) << srv.Output();
}

INSTANTIATE_TEST_SUITE_P(
    Keys, CliServer,
    ::testing::Values(ServerCase{"ECDSA", "ec", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
                      ServerCase{"RSA_PKCS1", "rsa-pkcs1", "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
                      ServerCase{"Ed25519", "ed25519", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
                      ServerCase{"PSK_AES128CCM8", "psk", "PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8"},
                      // --mtu 500 / -mtu 500: the RSA certificate (over 700 bytes) must be fragmented.
                      ServerCase{"RSA_PKCS1_MTU500", "rsa-pkcs1", "ECDHE-RSA-AES128-GCM-SHA256",
                                 "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 500}),
    [](const ::testing::TestParamInfo<ServerCase>& i) { return i.param.name; });

// ---------------------------------------------------------------------------
// dtlscat <-> dtlscat

// Pion's example certificates (SEC 1 keys; the client's signed by the server's): mutual
// verification, ALPN, SRTP, and the same exported keying material on both sides.
TEST(CliInterop, ToolClientToolServerMutualAuth) {
  interop::Subprocess srv(tool({"listen", "127.0.0.1:0", "--cert", kCerts + "/server.pub.pem", "--key",
                                kCerts + "/server.pem", "--ca", kCerts + "/server.pub.pem", "--alpn", "beta,alpha",
                                "--srtp", "SRTP_AEAD_AES_128_GCM,SRTP_AES128_CM_HMAC_SHA1_80", "--ekm",
                                "EXTRACTOR-dtls_srtp:32", "--timeout", "15s"}));
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();
  interop::Subprocess cli(tool({"connect", "127.0.0.1:" + std::to_string(port), "--cert", kCerts + "/client.pub.pem",
                                "--key", kCerts + "/client.pem", "--ca", kCerts + "/server.pub.pem", "--alpn", "alpha",
                                "--srtp", "SRTP_AES128_CM_HMAC_SHA1_80", "--ekm", "EXTRACTOR-dtls_srtp:32", "--timeout",
                                "15s"}));
  ASSERT_TRUE(waitForLine(cli, "keying material", 15s)) << cli.Output() << srv.Output();
  ASSERT_TRUE(waitForLine(srv, "keying material", 10s)) << srv.Output();
  const std::string wantLine = "peer-cert=verified alpn=alpha srtp=SRTP_AES128_CM_HMAC_SHA1_80";
  EXPECT_NE(cli.Output().find(wantLine), std::string::npos) << cli.Output();
  EXPECT_NE(srv.Output().find(wantLine), std::string::npos) << srv.Output();
  std::string ekmCli = lineAfter(cli.Output(), "keying material EXTRACTOR-dtls_srtp 32: ");
  std::string ekmSrv = lineAfter(srv.Output(), "keying material EXTRACTOR-dtls_srtp 32: ");
  EXPECT_TRUE(std::regex_match(ekmCli, std::regex("[0-9a-f]{64}"))) << cli.Output();
  EXPECT_EQ(ekmCli, ekmSrv);

  cli.Write("from client\n");
  EXPECT_TRUE(srv.WaitFor("from client", 10s)) << srv.Output();
  srv.Write("from server\n");
  EXPECT_TRUE(cli.WaitFor("from server", 10s)) << cli.Output();
  cli.CloseStdin();
  EXPECT_EQ(cli.Wait(10s), 0) << cli.Output();
  EXPECT_EQ(srv.Wait(10s), 0) << srv.Output();
  EXPECT_NE(srv.Output().find("closed the connection"), std::string::npos) << srv.Output();
}

// A client without a certificate is refused by a server that requires one: both exit 1.
TEST(CliInterop, ToolServerRequiresClientCertificate) {
  TempDir dir;
  makeCert(dir, "ed25519");
  interop::Subprocess srv(tool({"listen", "127.0.0.1:0", "--cert", dir.file("cert.pem"), "--key", dir.file("cert.key"),
                                "--client-auth", "require", "--timeout", "10s"}));
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();
  interop::Subprocess cli(tool({"connect", "127.0.0.1:" + std::to_string(port), "--timeout", "10s"}));
  EXPECT_EQ(cli.Wait(15s), 1) << cli.Output();
  EXPECT_EQ(srv.Wait(15s), 1) << srv.Output();
  EXPECT_NE(srv.Output().find("dtlscat: handshake with the client failed: "), std::string::npos) << srv.Output();
  EXPECT_NE(cli.Output().find("warning: no --ca"), std::string::npos) << cli.Output();
}

// --accept-many: two clients at once; standard input reaches both; each one's data reaches the
// server's standard output; the server ends when its standard input does.
TEST(CliInterop, ToolServerAcceptMany) {
  interop::Subprocess srv(tool({"listen", "127.0.0.1:0", "--psk", "00ff", "--accept-many", "--timeout", "10s"}));
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();
  auto client = [&](const std::string& id) {
    return tool({"connect", "127.0.0.1:" + std::to_string(port), "--psk", "00ff", "--psk-identity", id, "--timeout", "10s"});
  };
  interop::Subprocess a(client("client-a"));
  ASSERT_TRUE(a.WaitFor("dtlscat: connected", 15s)) << a.Output();
  interop::Subprocess b(client("client-b"));
  ASSERT_TRUE(b.WaitFor("dtlscat: connected", 15s)) << b.Output();
  ASSERT_TRUE(srv.WaitFor("psk-identity=\"client-b\"", 10s)) << srv.Output();
  a.Write("hello from a\n");
  b.Write("hello from b\n");
  EXPECT_TRUE(srv.WaitFor("hello from a", 10s)) << srv.Output();
  EXPECT_TRUE(srv.WaitFor("hello from b", 10s)) << srv.Output();
  srv.Write("to everyone\n");
  EXPECT_TRUE(a.WaitFor("to everyone", 10s)) << a.Output();
  EXPECT_TRUE(b.WaitFor("to everyone", 10s)) << b.Output();
  a.CloseStdin();
  EXPECT_EQ(a.Wait(10s), 0) << a.Output();
  srv.CloseStdin();
  EXPECT_EQ(srv.Wait(10s), 0) << srv.Output();
  EXPECT_EQ(b.Wait(10s), 0) << b.Output();  // the server's close_notify ends b cleanly
  EXPECT_NE(b.Output().find("closed the connection"), std::string::npos) << b.Output();
}

// 64 KiB of binary data from a file through the client's standard input to the server's
// standard output (a file), in 400-byte records (--mtu 500), intact; the server only receives
// (--linger forever with standard input at EOF) and ends when the client's close_notify arrives.
// The client runs with -v: Pion's trace goes to standard error, never into the data.
// The server is stopped (SIGSTOP) from when it reports the handshake until the client has sent
// everything and exited: DTLS has no flow control, so the ~165 datagrams wait in the server's
// socket buffer, which dtlscat enlarges (Linux's default holds about 160 of them: a server not
// scheduled during the transfer on a loaded machine lost the tail and the close_notify).
TEST(CliInterop, BinaryFileThroughToolToToolIntact) {
  TempDir dir;
  std::string data(64 * 1024, '\0');
  std::mt19937 rng(5);
  for (auto& c : data) c = static_cast<char>(rng());
  std::ofstream(dir.file("in.bin"), std::ios::binary) << data;
  interop::Subprocess srv({"sh", "-c", "exec " + kTool + " listen 127.0.0.1:0 --psk 0011 --mtu 500 --linger forever"
                           " --timeout 15s </dev/null >" + dir.file("out.bin")});
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();
  interop::Subprocess cli({"sh", "-c", "exec " + kTool + " connect 127.0.0.1:" + std::to_string(port) +
                                           " --psk 0011 --mtu 500 -v --timeout 15s <" + dir.file("in.bin") + " 2>" +
                                           dir.file("client.err")});
  ASSERT_TRUE(srv.WaitFor("dtlscat: accepted", 15s)) << srv.Output() << readFile(dir.file("client.err"));
  srv.Signal(SIGSTOP);
  EXPECT_EQ(cli.Wait(20s), 0) << cli.Output() << readFile(dir.file("client.err"));
  srv.Signal(SIGCONT);
  EXPECT_EQ(srv.Wait(20s), 0) << srv.Output();
  EXPECT_NE(srv.Output().find("closed the connection"), std::string::npos) << srv.Output();
  std::string out = readFile(dir.file("out.bin"));
  EXPECT_EQ(out.size(), data.size());
  EXPECT_TRUE(out == data) << "the data differs from byte "
                           << (std::mismatch(out.begin(), out.end(), data.begin(), data.end()).first - out.begin())
                           << "; the server's output: " << srv.Output();
  std::string trace = readFile(dir.file("client.err"));
  EXPECT_NE(trace.find("dtls TRACE: "), std::string::npos) << trace;
  EXPECT_NE(trace.find("[handshake:client] Flight 1: Preparing"), std::string::npos) << trace;
  EXPECT_EQ(cli.Output().find("TRACE"), std::string::npos) << cli.Output();  // standard output stays data only
}

// ---------------------------------------------------------------------------
// dtlscat <-> Pion

// Pion's server echoes; SRTP is negotiated and both sides export the same keying material.
TEST(CliInterop, ToolClientPionServer) {
  interop::Subprocess pion({kPion, "-mode", "server", "-addr", "127.0.0.1:0", "-srtp"});
  ASSERT_TRUE(waitForLine(pion, "LISTENING 127.0.0.1:", 15s)) << pion.Output();
  int port = std::atoi(lineAfter(pion.Output(), "LISTENING 127.0.0.1:").c_str());
  ASSERT_GT(port, 0);
  interop::Subprocess cli(tool({"connect", "127.0.0.1:" + std::to_string(port), "--srtp", "SRTP_AES128_CM_HMAC_SHA1_80",
                                "--ekm", "EXTRACTOR-dtls_srtp:32", "--timeout", "15s"}));
  ASSERT_TRUE(waitForLine(cli, "keying material", 15s)) << cli.Output() << pion.Output();
  EXPECT_NE(cli.Output().find("srtp=SRTP_AES128_CM_HMAC_SHA1_80"), std::string::npos) << cli.Output();
  cli.Write("hello pion\n");
  EXPECT_TRUE(cli.WaitFor("hello pion", 10s)) << cli.Output();  // the echo (standard input is not echoed locally)
  cli.CloseStdin();
  EXPECT_EQ(cli.Wait(10s), 0) << cli.Output();
  ASSERT_TRUE(waitForLine(pion, "OK ", 10s)) << pion.Output();
  EXPECT_EQ(pion.Wait(10s), 0) << pion.Output();
  EXPECT_EQ(lineAfter(pion.Output(), "ekm="), lineAfter(cli.Output(), "keying material EXTRACTOR-dtls_srtp 32: "))
      << pion.Output() << cli.Output();
  EXPECT_NE(pion.Output().find("OK srtp=0x0001"), std::string::npos) << pion.Output();
}

// Pion's client sends a message and expects it back: the test echoes it through the tool's
// standard output and input; Pion then closes (close_notify) and the tool exits 0.
TEST(CliInterop, PionClientToolServer) {
  interop::Subprocess srv(tool({"listen", "127.0.0.1:0", "--srtp", "SRTP_AES128_CM_HMAC_SHA1_80", "--ekm",
                                "EXTRACTOR-dtls_srtp:32", "--timeout", "15s"}));
  int port = listeningPort(srv);
  ASSERT_GT(port, 0) << srv.Output();
  interop::Subprocess pion(
      {kPion, "-mode", "client", "-addr", "127.0.0.1:" + std::to_string(port), "-srtp", "-msg", "hello from pion"});
  ASSERT_TRUE(srv.WaitFor("hello from pion", 15s)) << srv.Output() << pion.Output();
  srv.Write("hello from pion");
  ASSERT_TRUE(waitForLine(pion, "OK ", 15s)) << pion.Output();
  EXPECT_EQ(pion.Wait(10s), 0) << pion.Output();
  EXPECT_EQ(srv.Wait(10s), 0) << srv.Output();
  EXPECT_NE(srv.Output().find("srtp=SRTP_AES128_CM_HMAC_SHA1_80"), std::string::npos) << srv.Output();
  EXPECT_EQ(lineAfter(pion.Output(), "ekm="), lineAfter(srv.Output(), "keying material EXTRACTOR-dtls_srtp 32: "))
      << pion.Output() << srv.Output();
}

// ---------------------------------------------------------------------------
// Usage errors: exit status 2 and a message naming the problem, never a crash or a hang.

struct UsageCase {
  std::string name;
  std::vector<std::string> args;
  std::string message;
};
inline void PrintTo(const UsageCase& c, std::ostream* os) { *os << c.name; }

class CliUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(CliUsage, ExitsTwoWithMessage) {
  const UsageCase& tc = GetParam();
  TempDir dir;
  std::ofstream(dir.file("garbage.pem")) << "this is not PEM\n";
  std::ofstream(dir.file("corrupt.pem")) << "-----BEGIN CERTIFICATE-----\nAAAABBBBCCCC\n-----END CERTIFICATE-----\n";
  std::ofstream(dir.file("corrupt.key")) << "-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCC\n-----END PRIVATE KEY-----\n";
  makeCert(dir, "ec", "a");
  makeCert(dir, "ec", "b");
  std::vector<std::string> args;
  for (auto a : tc.args) {
    for (const char* f : {"garbage.pem", "corrupt.pem", "corrupt.key", "a.pem", "a.key", "b.pem", "b.key"}) {
      if (a == f) a = dir.file(f);
    }
    args.push_back(a);
  }
  interop::Subprocess p(tool(args));
  p.CloseStdin();
  EXPECT_EQ(p.Wait(10s), 2) << p.Output();
  EXPECT_NE(p.Output().find("dtlscat: "), std::string::npos) << p.Output();
  EXPECT_NE(p.Output().find(tc.message), std::string::npos) << p.Output();
}

INSTANTIATE_TEST_SUITE_P(
    Flags, CliUsage,
    ::testing::Values(
        UsageCase{"NoArguments", {}, "missing command"},
        UsageCase{"UnknownCommand", {"dial", "127.0.0.1:1"}, "unknown command \"dial\""},
        UsageCase{"MissingAddress", {"connect"}, "missing address"},
        UsageCase{"AddressWithoutPort", {"connect", "127.0.0.1"}, "bad address \"127.0.0.1\""},
        UsageCase{"PortOutOfRange", {"connect", "127.0.0.1:70000"}, "port \"70000\" is not a number"},
        UsageCase{"UnresolvableHost", {"connect", "no.such.host.invalid:4444"}, "bad address"},
        UsageCase{"UnknownFlag", {"listen", "4444", "--bogus"}, "unknown flag --bogus"},
        UsageCase{"FlagWithoutValue", {"connect", "127.0.0.1:4444", "--mtu"}, "flag --mtu needs a value"},
        UsageCase{"MissingCertFile", {"connect", "127.0.0.1:4444", "--cert", "/nonexistent/c.pem", "--key", "/nonexistent/k.pem"},
                  "open /nonexistent/c.pem: no such file or directory"},
        UsageCase{"CertWithoutKey", {"listen", "4444", "--cert", "a.pem"}, "--cert needs --key"},
        UsageCase{"BadPEM", {"listen", "4444", "--cert", "garbage.pem", "--key", "a.key"}, "failed to find any PEM data"},
        UsageCase{"CorruptCertificate", {"listen", "4444", "--cert", "corrupt.pem", "--key", "a.key"}, "x509: malformed certificate"},
        UsageCase{"CorruptKey", {"listen", "4444", "--cert", "a.pem", "--key", "corrupt.key"}, "tls: failed to parse private key"},
        UsageCase{"KeyDoesNotMatch", {"listen", "4444", "--cert", "a.pem", "--key", "b.key"}, "private key does not match public key"},
        UsageCase{"MissingCAFile", {"connect", "127.0.0.1:4444", "--ca", "/nonexistent/ca.pem"}, "--ca: open /nonexistent/ca.pem"},
        UsageCase{"CAWithoutCertificates", {"connect", "127.0.0.1:4444", "--ca", "garbage.pem"}, "no parseable PEM CERTIFICATE block"},
        UsageCase{"BadPSK", {"connect", "127.0.0.1:4444", "--psk", "xyz"}, "bad --psk \"xyz\""},
        UsageCase{"UnknownCipher", {"connect", "127.0.0.1:4444", "--ciphers", "TLS_RSA_WITH_RC4_128_MD5"}, "unknown cipher suite"},
        UsageCase{"PSKSuiteWithoutPSK", {"connect", "127.0.0.1:4444", "--ciphers", "TLS_PSK_WITH_AES_128_CCM_8"},
                  "no usable DTLS configuration"},
        UsageCase{"UnknownSRTPProfile", {"connect", "127.0.0.1:4444", "--srtp", "SRTP_NULL"}, "unknown SRTP profile"},
        UsageCase{"BadTimeout", {"connect", "127.0.0.1:4444", "--timeout", "5"}, "bad --timeout \"5\""},
        UsageCase{"ClientAuthOnConnect", {"connect", "127.0.0.1:4444", "--client-auth", "require"}, "applies to listen only"},
        UsageCase{"BadClientAuth", {"listen", "4444", "--client-auth", "always"}, "bad --client-auth"},
        UsageCase{"BadMTU", {"listen", "4444", "--mtu", "12"}, "bad --mtu"},
        UsageCase{"ReservedEKMLabel", {"listen", "4444", "--ekm", "master secret:32"}, "reserved"},
        UsageCase{"KeylogNotWritable", {"connect", "127.0.0.1:4444", "--keylog", "/nonexistent/keys.log"}, "--keylog: open"}),
    [](const ::testing::TestParamInfo<UsageCase>& i) { return i.param.name; });

// --help documents every flag, each valued one with an example ("e.g. --flag ..."), and exits 0.
TEST(CliInterop, HelpListsEveryFlag) {
  interop::Subprocess p(tool({"--help"}));
  EXPECT_EQ(p.Wait(10s), 0) << p.Output();
  for (const char* flag : {"--cert", "--key", "--ca", "--server-name", "--client-auth", "--psk", "--psk-identity",
                           "--ciphers", "--alpn", "--srtp", "--ems", "--mtu", "--timeout", "--ekm", "--linger",
                           "--keylog"}) {
    EXPECT_NE(p.Output().find(std::string("  ") + flag + " "), std::string::npos) << flag;
    EXPECT_NE(p.Output().find(std::string("e.g. ") + flag + " "), std::string::npos) << flag;
  }
  for (const char* flag : {"--accept-many", "-v, --verbose", "-q, --quiet", "-h, --help"}) {
    EXPECT_NE(p.Output().find(std::string("  ") + flag + " "), std::string::npos) << flag;
  }
  EXPECT_NE(p.Output().find("Examples:"), std::string::npos);
}

}  // namespace
