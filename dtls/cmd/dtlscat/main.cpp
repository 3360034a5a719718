// dtlscat: netcat for DTLS 1.2, on this repository's port of pion/dtls v2.2.6 (ours; the shape of
// `openssl s_client`/`s_server -dtls1_2` and of Pion's examples, which it extends).
//
//   dtlscat connect HOST:PORT [flags]     dtlscat listen [HOST:]PORT [flags]     dtlscat --help
//
// After the handshake standard input goes to the peer and the peer's data to standard output,
// until standard input ends (close_notify is sent) or the peer closes. Exit status: 0 after a
// clean close, 1 when the connection or handshake fails, 2 for a usage error (flags.cpp).
//
// Structure: everything that can be wrong with the command line (flags, address, files, PEM, the
// resulting dtls::Config) is checked before go::run; inside the runtime one fiber reads the peer
// into standard output and the main fiber selects between standard input (util::StdinReader, a
// thread feeding a channel) and the peer's end.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <botan/pkix_types.h>
#include <botan/x509cert.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/udp_listener.hpp"
#include "dtls/cmd/dtlscat/flags.hpp"
#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/crypto/fingerprint/fingerprint.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "logging/logger.hpp"

namespace util = dtls::examples::util;

namespace dtlscat {
namespace {

// A go::io::Writer on a file descriptor (standard error for the logger, the --keylog file).
class FdWriter final : public go::io::Writer {
 public:
  FdWriter(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdWriter() override {
    if (owned_) ::close(fd_);
  }
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override {
    std::size_t done = 0;
    while (done < p.size()) {
      ssize_t n = ::write(fd_, p.data() + done, p.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return {static_cast<int>(done), go::make_error<go::syscall::Errno>(errno)};
      }
      done += static_cast<std::size_t>(n);
    }
    return {static_cast<int>(done), nullptr};
  }

 private:
  int fd_;
  bool owned_;
};

std::mutex stderrMu;

// An error line: always printed.
void errorLine(const std::string& msg) {
  std::lock_guard lk(stderrMu);
  std::string line = "dtlscat: " + msg + "\n";
  (void)!::write(2, line.data(), line.size());
}

bool quiet = false;

// A status line: printed unless --quiet.
void statusLine(const std::string& msg) {
  if (!quiet) errorLine(msg);
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string hexString(std::span<const std::uint8_t> b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto c : b) {
    s += digits[c >> 4];
    s += digits[c & 15];
  }
  return s;
}

// Everything the handshake needs, built and checked before the runtime starts.
struct Setup {
  dtls::Config config;
  std::string selfSignedFingerprint;  // listen without --cert/--psk
};

// Builds the dtls::Config from the options; false with a one-line message (exit status 2).
bool buildConfig(const Options& o, Setup& s, std::string& error) {
  dtls::Config& c = s.config;
  if (!o.certFile.empty()) {
    auto [cert, err] = util::LoadX509KeyPair(o.certFile, o.keyFile);
    if (err) {
      error = "--cert " + o.certFile + " / --key " + o.keyFile + ": " + err.Error();
      return false;
    }
    c.Certificates = {cert};
  } else if (o.mode == Mode::Listen && !o.psk) {
    auto [cert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      error = "generating a self-signed certificate: " + err.Error();
      return false;
    }
    auto [fp, ferr] = dtls::pkg::crypto::fingerprint::Fingerprint(cert.chain.front(), go::crypto::SHA256);
    s.selfSignedFingerprint = ferr ? "?" : fp;
    c.Certificates = {cert};
  }
  if (!o.caFile.empty()) {
    auto [pem, err] = util::ReadFile(o.caFile);
    if (err) {
      error = "--ca: " + err.Error();
      return false;
    }
    auto pool = go::x509::NewCertPool();
    if (!pool->AppendCertsFromPEM(bytes(pem))) {
      error = "--ca " + o.caFile + ": no parseable PEM CERTIFICATE block in the file";
      return false;
    }
    if (o.mode == Mode::Connect) {
      c.RootCAs = pool;
    } else {
      c.ClientCAs = pool;
    }
  }
  if (o.mode == Mode::Connect) {
    // Without --ca the server is not verified (Pion's examples do the same, with a comment).
    c.InsecureSkipVerify = o.caFile.empty();
    if (o.serverName) {
      c.ServerName = *o.serverName;
    } else if (go::net::ParseIP(o.host).empty()) {
      c.ServerName = o.host;  // a name, as crypto/tls's Dial takes it from the address
    }
  } else {
    c.ClientAuth = o.clientAuth.value_or(o.caFile.empty() ? dtls::NoClientCert : dtls::RequireAndVerifyClientCert);
  }
  if (o.psk) {
    auto key = *o.psk;
    const bool verbose = o.verbose;
    const bool listen = o.mode == Mode::Listen;
    c.PSK = [key, verbose, listen](std::span<const std::uint8_t> hint) -> std::pair<std::vector<std::uint8_t>, go::error> {
      if (verbose) {
        statusLine(std::string(listen ? "client's PSK identity: \"" : "server's PSK identity hint: \"") +
                   std::string(hint.begin(), hint.end()) + "\"");
      }
      return {std::move(key), nullptr};
    };
    c.PSKIdentityHint = std::vector<std::uint8_t>(o.pskIdentity.begin(), o.pskIdentity.end());
  }
  c.CipherSuites = o.ciphers;
  if (o.psk && !o.ciphers) {
    // Pion's default list has no PSK suite (defaultCipherSuites), so PSK needs a list; offer them all.
    c.CipherSuites = std::vector<dtls::CipherSuiteID>{
        dtls::TLS_PSK_WITH_AES_128_GCM_SHA256, dtls::TLS_PSK_WITH_AES_128_CCM,         dtls::TLS_PSK_WITH_AES_128_CCM_8,
        dtls::TLS_PSK_WITH_AES_256_CCM_8,      dtls::TLS_PSK_WITH_AES_128_CBC_SHA256, dtls::TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256};
  }
  c.SupportedProtocols = o.alpn;
  c.SRTPProtectionProfiles = o.srtp;
  c.ExtendedMasterSecret = o.ems;
  c.MTU = o.mtu;
  if (!o.keylogFile.empty()) {
    int fd = ::open(o.keylogFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
      error = "--keylog: open " + o.keylogFile + ": " + std::strerror(errno);
      return false;
    }
    c.KeyLogWriter = std::make_shared<FdWriter>(fd, true);
  }
  if (o.verbose) {
    auto f = std::make_shared<pion::logging::DefaultLoggerFactory>();
    f->Writer = std::make_shared<FdWriter>(2, false);
    f->DefaultLogLevel = pion::logging::LogLevelTrace;
    c.LoggerFactory = f;
  }
  const go::time::Duration timeout = o.timeout;
  c.ConnectContextMaker = [timeout] { return go::context::WithTimeout(go::context::Background(), timeout); };
  if (go::error err = dtls::validateConfig(&c); err) {
    error = "these flags make no usable DTLS configuration: " + err.Error();
    return false;
  }
  return true;
}

// The peer closed cleanly: io.EOF from Read, or a close_notify alert.
bool cleanClose(const go::error& err) {
  if (go::errors::Is(err, go::io::EOF_)) return true;
  if (const auto* a = go::errors::As<dtls::alertError>(err)) {
    return a->Alert.Description == dtls::pkg::protocol::alert::CloseNotify;
  }
  return false;
}

// One status line after the handshake, and --ekm's keying material.
void summary(const Options& o, const Setup& s, dtls::Conn& conn, const std::string& verb) {
  dtls::State state = conn.ConnectionState();
  std::string line = verb + " " + conn.RemoteAddr()->String();
  line += " cipher=" + (state.cipherSuite ? dtls::CipherSuiteName(state.cipherSuite->ID()) : std::string("?"));
  if (o.psk) {
    line += " psk-identity=\"" + std::string(state.IdentityHint.begin(), state.IdentityHint.end()) + "\"";
  } else if (state.PeerCertificates.empty()) {
    line += " peer-cert=none";
  } else {
    bool verified = o.mode == Mode::Connect ? !s.config.InsecureSkipVerify
                                            : s.config.ClientAuth >= dtls::VerifyClientCertIfGiven;
    line += verified ? " peer-cert=verified" : " peer-cert=unverified";
  }
  // Pion v2.2.6's ConnectionState() loses NegotiatedProtocol (State.clone goes through
  // serializedState, which has no such field), so read it where ConnectionState reads, under the lock.
  std::string alpn;
  {
    std::lock_guard lk(conn.lock);
    alpn = conn.state.NegotiatedProtocol;
  }
  line += " alpn=" + (alpn.empty() ? std::string("-") : alpn);
  auto [profile, ok] = conn.SelectedSRTPProtectionProfile();
  line += " srtp=" + (ok ? SRTPProfileName(profile) : std::string("-"));
  statusLine(line);
  if (o.verbose && !state.PeerCertificates.empty()) {
    try {
      Botan::X509_Certificate leaf(state.PeerCertificates.front());
      auto [fp, err] = dtls::pkg::crypto::fingerprint::Fingerprint(leaf, go::crypto::SHA256);
      statusLine("peer certificate: " + leaf.subject_dn().to_string() + ", sha-256 " + (err ? "?" : fp));
    } catch (const std::exception& e) {
      statusLine(std::string("peer certificate: cannot parse: ") + e.what());
    }
  }
  if (!o.ekmLabel.empty()) {
    auto [ekm, err] = state.ExportKeyingMaterial(o.ekmLabel, {}, o.ekmLength);
    if (err) {
      errorLine("--ekm: " + err.Error());
    } else {
      errorLine("keying material " + o.ekmLabel + " " + std::to_string(o.ekmLength) + ": " + hexString(ekm));
    }
  }
}

// Writes a stdin chunk to the peer in records of at most maxRecord bytes.
go::error writeRecords(dtls::Conn& conn, const std::string& data, std::size_t maxRecord) {
  for (std::size_t off = 0; off < data.size(); off += maxRecord) {
    auto piece = bytes(data).subspan(off, std::min(maxRecord, data.size() - off));
    if (auto [n, err] = conn.Write(piece); err) {
      return err;
    }
  }
  return nullptr;
}

std::size_t maxRecord(const Options& o) { return static_cast<std::size_t>((o.mtu ? o.mtu : dtls::defaultMTU) - 100); }

// Standard output failed (closed pipe, full disk): the peer's data has nowhere to go.
struct stdoutError final : go::error_value {
  explicit stdoutError(int e) : err(go::make_error<go::syscall::Errno>(e)) {}
  std::string Error() const override { return "write to standard output: " + err.Error(); }
  go::error Unwrap() const override { return err; }
  go::error err;
};

// Reads the peer into standard output until Read (or the write) fails; the error (io.EOF for a
// clean close, stdoutError) is sent on done. (SIGPIPE is ignored, so a closed pipe is EPIPE here.)
void readPeer(std::shared_ptr<dtls::Conn> conn, go::chan<go::error> done) {
  std::vector<std::uint8_t> buf(65536);
  for (;;) {
    auto [n, err] = conn->Read(buf);
    if (err) {
      done.send(err);
      return;
    }
    for (std::size_t off = 0; off < static_cast<std::size_t>(n);) {
      ssize_t w = ::write(1, buf.data() + off, static_cast<std::size_t>(n) - off);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        done.send(go::make_error<stdoutError>(errno));
        return;
      }
      off += static_cast<std::size_t>(w);
    }
  }
}

// One peer: standard input -> conn, conn -> standard output. The exit status.
int pump(const Options& o, const std::shared_ptr<dtls::Conn>& conn, util::StdinReader& in) {
  const std::string peer = conn->RemoteAddr()->String();
  auto peerDone = go::make_chan<go::error>(1);
  go::go([conn, peerDone] { readPeer(conn, peerDone); });

  auto stdinChunks = in.Chunks();
  for (;;) {
    util::StdinReader::Chunk chunk;
    go::error peerErr;
    bool peerEnded = false;
    go::select(go::recv(stdinChunks, [&](util::StdinReader::Chunk c) { chunk = std::move(c); }),
               go::recv(peerDone, [&](go::error e) {
                 peerErr = e;
                 peerEnded = true;
               }));
    if (peerEnded) {
      conn->Close();
      if (go::errors::As<stdoutError>(peerErr) != nullptr) {
        errorLine(peerErr.Error());
        return 1;
      }
      if (cleanClose(peerErr)) {
        statusLine(peer + " closed the connection");
        return 0;
      }
      errorLine("connection with " + peer + " failed: " + peerErr.Error());
      return 1;
    }
    if (chunk.err) {
      if (!go::errors::Is(chunk.err, go::io::EOF_)) {
        errorLine(chunk.err.Error());
        conn->Close();
        return 1;
      }
      // Standard input ended: wait up to --linger for the peer, then close_notify.
      if (o.linger > go::time::Duration(0)) {
        go::error e;
        bool ended = false;
        // (--linger forever: a nil timer channel, which never fires.)
        go::recv_chan<go::time::Time> timer;
        if (o.linger != go::time::Duration::max()) timer = go::time::After(o.linger);
        go::select(go::recv(peerDone, [&](go::error v) {
                     e = v;
                     ended = true;
                   }),
                   go::recv(timer));
        if (ended) {
          conn->Close();
          if (cleanClose(e)) {
            statusLine(peer + " closed the connection");
            return 0;
          }
          errorLine("connection with " + peer + " failed: " + e.Error());
          return 1;
        }
      }
      if (go::error err = conn->Close(); err && !go::errors::Is(err, dtls::ErrConnClosed)) {
        errorLine("closing the connection with " + peer + ": " + err.Error());
        return 1;
      }
      statusLine("end of input: closed the connection with " + peer);
      return 0;
    }
    if (go::error err = writeRecords(*conn, chunk.data, maxRecord(o)); err) {
      conn->Close();
      errorLine("sending to " + peer + " failed: " + err.Error());
      return 1;
    }
  }
}

std::string handshakeFailure(const std::string& who, const go::error& err, const Options& o) {
  std::string msg = "handshake with " + who + " failed: " + err.Error();
  if (go::errors::Is(err, go::context::DeadlineExceeded) || go::net::IsTimeout(err)) {
    msg += " (no handshake within --timeout " + go::time::String(o.timeout) +
           (o.psk ? "; different pre-shared keys also end this way: records that fail to decrypt are dropped)" : ")");
  }
  return msg;
}

// The socket buffers each side asks for. DTLS carries application data without flow control
// or retransmission, so a receiver that is not scheduled while its peer sends (a loaded machine)
// loses whatever the kernel's buffer cannot hold: Linux's default 208 KiB is about 160 datagrams
// of 450 bytes. Linux grants at most net.core.rmem_max / wmem_max (doubled), and a refusal is
// not an error here.
constexpr int kSocketBuffer = 4 << 20;

int runConnect(const Options& o, Setup& s) {
  if (s.config.InsecureSkipVerify && !o.psk) {
    statusLine("warning: no --ca: the server's certificate will not be verified (insecure-skip-verify)");
  }
  auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), o.timeout);
  // dtls::DialWithContext's two steps, with the buffer sizes between them.
  auto [pConn, derr] = go::net::DialUDP("udp", nullptr, o.addr.get());
  if (derr) {
    cancel();
    errorLine("dial " + o.addr->String() + ": " + derr.Error());
    return 1;
  }
  (void)pConn->SetReadBuffer(kSocketBuffer);
  (void)pConn->SetWriteBuffer(kSocketBuffer);
  auto [conn, err] = dtls::ClientWithContext(ctx, pConn, &s.config);
  cancel();
  if (err) {
    errorLine(handshakeFailure(o.addr->String(), err, o));
    return 1;
  }
  summary(o, s, *conn, "connected to");
  util::StdinReader in;
  return pump(o, conn, in);
}

// --accept-many: every accepted client gets standard input; each one's data goes to standard
// output; ends (status 0) when standard input ends.
int serveMany(const Options& o, Setup& s, const std::shared_ptr<go::net::Listener>& ln) {
  struct peers {
    go::sync::Mutex mu;
    std::map<dtls::Conn*, std::shared_ptr<dtls::Conn>> conns;
    bool closing = false;
  };
  auto set = std::make_shared<peers>();
  go::go([&o, &s, ln, set] {
    for (;;) {
      auto [c, err] = ln->Accept();
      if (err) {
        {
          std::lock_guard lk(set->mu);
          if (set->closing) return;
        }
        if (go::errors::Is(err, pion::udp::ErrClosedListener) || go::errors::Is(err, go::net::ErrClosed)) return;
        errorLine(handshakeFailure("a client", err, o));
        continue;
      }
      auto conn = std::dynamic_pointer_cast<dtls::Conn>(c);
      summary(o, s, *conn, "accepted");
      {
        std::lock_guard lk(set->mu);
        set->conns[conn.get()] = conn;
      }
      go::go([conn, set] {
        const std::string peer = conn->RemoteAddr()->String();
        auto done = go::make_chan<go::error>(1);
        readPeer(conn, done);
        go::error err = done.recv();
        {
          std::lock_guard lk(set->mu);
          set->conns.erase(conn.get());
          if (set->closing) return;
        }
        conn->Close();
        if (cleanClose(err)) {
          statusLine(peer + " closed the connection");
        } else {
          errorLine("connection with " + peer + " failed: " + err.Error());
        }
      });
    }
  });

  util::StdinReader in;
  for (;;) {
    util::StdinReader::Chunk chunk = in.Chunks().recv();
    if (chunk.err && go::errors::Is(chunk.err, go::io::EOF_) && o.linger > go::time::Duration(0)) {
      // --linger: keep serving (receiving) for that long, or forever, after standard input ends.
      if (o.linger != go::time::Duration::max()) {
        go::time::Sleep(o.linger);
      } else {
        go::make_chan<go::struct_>().recv();  // until a signal ends the process
      }
    }
    std::vector<std::shared_ptr<dtls::Conn>> conns;
    {
      std::lock_guard lk(set->mu);
      for (auto& [p, c] : set->conns) conns.push_back(c);
      if (chunk.err) set->closing = true;
    }
    if (chunk.err) {
      ln->Close();
      for (auto& c : conns) c->Close();
      if (!go::errors::Is(chunk.err, go::io::EOF_)) {
        errorLine(chunk.err.Error());
        return 1;
      }
      statusLine("end of input: closed " + std::to_string(conns.size()) + " connection(s)");
      return 0;
    }
    for (auto& c : conns) {
      if (go::error err = writeRecords(*c, chunk.data, maxRecord(o)); err) {
        errorLine("sending to " + c->RemoteAddr()->String() + " failed: " + err.Error());
      }
    }
  }
}

int runListen(const Options& o, Setup& s) {
  pion::udp::ListenConfig lc;
  lc.ReadBufferSize = kSocketBuffer;
  lc.WriteBufferSize = kSocketBuffer;
  auto [ln, err] = dtls::Listen("udp", o.addr.get(), &s.config, lc);
  if (err) {
    errorLine("listen on " + o.addr->String() + ": " + err.Error());
    return 1;
  }
  if (!s.selfSignedFingerprint.empty()) {
    statusLine("no --cert: using a generated self-signed ECDSA P-256 certificate, sha-256 " + s.selfSignedFingerprint);
  }
  statusLine("listening on " + ln->Addr()->String());
  if (o.acceptMany) {
    return serveMany(o, s, ln);
  }
  auto [c, aerr] = ln->Accept();
  // One peer: no further clients (Pion's listener keeps the socket until the accepted Conn closes).
  ln->Close();
  if (aerr) {
    errorLine(handshakeFailure("the client", aerr, o));
    return 1;
  }
  auto conn = std::dynamic_pointer_cast<dtls::Conn>(c);
  summary(o, s, *conn, "accepted");
  util::StdinReader in;
  return pump(o, conn, in);
}

}  // namespace
}  // namespace dtlscat

int main(int argc, char** argv) {
  using namespace dtlscat;
  ::signal(SIGPIPE, SIG_IGN);  // a closed standard output is an error from write(2), not a signal

  Options o;
  std::string error;
  if (!ParseFlags(argc, argv, o, error)) {
    std::fprintf(stderr, "dtlscat: %s\nRun 'dtlscat --help' for usage.\n", error.c_str());
    return 2;
  }
  if (o.mode == Mode::Help) {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }
  if (o.mode == Mode::Ciphers) {
    std::fputs(CipherList().c_str(), stdout);
    return 0;
  }
  quiet = o.quiet;

  Setup s;
  if (!buildConfig(o, s, error)) {
    std::fprintf(stderr, "dtlscat: %s\n", error.c_str());
    return 2;
  }

  int status = 1;
  go::run(go::config{.threads = 1}, [&] { status = o.mode == Mode::Connect ? runConnect(o, s) : runListen(o, s); });
  return status;
}
