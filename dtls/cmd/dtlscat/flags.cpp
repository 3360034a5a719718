// dtlscat's command line (ours; see flags.hpp).
#include "dtls/cmd/dtlscat/flags.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "dtls/cipher_suite.hpp"
#include "dtls/conn.hpp"
#include "dtls/srtp_protection_profile.hpp"

namespace dtlscat {

namespace {

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, ',')) {
    auto b = cur.find_first_not_of(" \t");
    auto e = cur.find_last_not_of(" \t");
    out.push_back(b == std::string::npos ? std::string() : cur.substr(b, e - b + 1));
  }
  if (!s.empty() && s.back() == ',') out.emplace_back();
  return out;
}

bool parseHex(const std::string& s, std::vector<std::uint8_t>& out) {
  std::string h = s;
  if (h.size() >= 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) h = h.substr(2);
  if (h.empty() || h.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < h.size(); i += 2) {
    if (!std::isxdigit(static_cast<unsigned char>(h[i])) || !std::isxdigit(static_cast<unsigned char>(h[i + 1]))) {
      return false;
    }
    out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
  }
  return true;
}

bool parseInt(const std::string& s, long lo, long hi, int& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  out = static_cast<int>(v);
  return true;
}

const std::vector<std::pair<std::string, dtls::SRTPProtectionProfile>>& srtpProfiles() {
  static const std::vector<std::pair<std::string, dtls::SRTPProtectionProfile>> p = {
      {"SRTP_AES128_CM_HMAC_SHA1_80", dtls::SRTP_AES128_CM_HMAC_SHA1_80},
      {"SRTP_AES128_CM_HMAC_SHA1_32", dtls::SRTP_AES128_CM_HMAC_SHA1_32},
      {"SRTP_AEAD_AES_128_GCM", dtls::SRTP_AEAD_AES_128_GCM},
      {"SRTP_AEAD_AES_256_GCM", dtls::SRTP_AEAD_AES_256_GCM},
  };
  return p;
}

const std::vector<std::pair<std::string, dtls::ClientAuthType>>& clientAuthModes() {
  static const std::vector<std::pair<std::string, dtls::ClientAuthType>> m = {
      {"none", dtls::NoClientCert},
      {"request", dtls::RequestClientCert},
      {"require", dtls::RequireAnyClientCert},
      {"verify-if-given", dtls::VerifyClientCertIfGiven},
      {"require-and-verify", dtls::RequireAndVerifyClientCert},
  };
  return m;
}

// Every suite this build can negotiate: Pion's allCipherSuites plus the two that only
// cipherSuiteForID knows (the CBC PSK suites).
std::vector<dtls::CipherSuiteID> knownSuites() {
  std::vector<dtls::CipherSuiteID> ids;
  for (const auto& cs : dtls::allCipherSuites()) ids.push_back(cs->ID());
  for (auto id : {dtls::TLS_PSK_WITH_AES_128_CBC_SHA256, dtls::TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256}) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end() && dtls::cipherSuiteForID(id, nullptr)) ids.push_back(id);
  }
  return ids;
}

// Pion names one suite with dashes ("TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA256"); IANA's has underscores.
std::string underscores(std::string s) {
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

bool parseCipher(const std::string& name, dtls::CipherSuiteID& id) {
  std::vector<std::uint8_t> b;
  const bool isHex = name.size() == 6 && parseHex(name, b) && b.size() == 2;
  for (auto known : knownSuites()) {
    if (underscores(dtls::CipherSuiteName(known)) == underscores(name) || (isHex && known == static_cast<dtls::CipherSuiteID>((b[0] << 8) | b[1]))) {
      id = known;
      return true;
    }
  }
  return false;
}

// Splits "HOST:PORT" (or, for listen, "PORT") and resolves it; false with a message.
bool parseAddress(Options& o, std::string& error) {
  std::string hostport = o.address;
  if (o.mode == Mode::Listen && hostport.find(':') == std::string::npos) {
    hostport = "0.0.0.0:" + hostport;  // a bare PORT: every interface, as nc -l and s_server -accept
  }
  auto [host, port, serr] = go::net::SplitHostPort(hostport);
  if (serr) {
    error = "bad address \"" + o.address + "\": want " +
            (o.mode == Mode::Connect ? "HOST:PORT (e.g. 127.0.0.1:4444 or [::1]:4444)" : "[HOST:]PORT (e.g. 4444 or 127.0.0.1:4444)");
    return false;
  }
  int portnum = 0;
  if (!parseInt(port, o.mode == Mode::Connect ? 1 : 0, 65535, portnum)) {
    error = "bad address \"" + o.address + "\": port \"" + port + "\" is not a number from " +
            (o.mode == Mode::Connect ? "1" : "0") + " to 65535";
    return false;
  }
  if (o.mode == Mode::Connect && host.empty()) {
    error = "bad address \"" + o.address + "\": missing HOST (e.g. 127.0.0.1:" + port + ")";
    return false;
  }
  if (o.mode == Mode::Listen && host.empty()) {
    hostport = "0.0.0.0:" + port;
  }
  auto [addr, rerr] = go::net::ResolveUDPAddr("udp", hostport);
  if (rerr) {
    error = "bad address \"" + o.address + "\": " + rerr.Error() + " (numeric addresses and localhost only)";
    return false;
  }
  o.host = host;
  o.addr = addr;
  return true;
}

}  // namespace

std::string SRTPProfileName(dtls::SRTPProtectionProfile p) {
  for (const auto& [name, v] : srtpProfiles()) {
    if (v == p) return name;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", static_cast<unsigned>(p));
  return buf;
}

// go: time/format.go ParseDuration (no sign; a bare "0" is zero)
bool ParseDuration(const std::string& s, go::time::Duration& d) {
  static const std::map<std::string, double> unitMap = {
      {"ns", 1.0}, {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9},
  };
  if (s == "0") {
    d = go::time::Duration(0);
    return true;
  }
  if (s.empty()) return false;
  double total = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) i++;
    if (start == i) return false;
    double v = 0;
    try {
      v = std::stod(s.substr(start, i - start));
    } catch (const std::exception&) {
      return false;
    }
    std::size_t ustart = i;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.') i++;
    auto u = unitMap.find(s.substr(ustart, i - ustart));
    if (u == unitMap.end()) return false;  // Go: missing or unknown unit
    total += v * u->second;
  }
  if (total > 9.2e18) return false;
  d = go::time::Duration(static_cast<std::int64_t>(std::llround(total)));
  return true;
}

namespace {

// A usage message quotes the user's arguments; control characters in them (a newline in an
// argument, found by the dtlscat_flags fuzz target) are written as \n, \t or \xNN so the message
// stays one line.
std::string printable(const std::string& s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\n') {
      out += "\\n";
    } else if (u == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

bool parseFlags(int argc, char** argv, Options& o, std::string& error);

}  // namespace

bool ParseFlags(int argc, char** argv, Options& o, std::string& error) {
  const bool ok = parseFlags(argc, argv, o, error);
  if (!ok) error = printable(error);
  return ok;
}

namespace {

bool parseFlags(int argc, char** argv, Options& o, std::string& error) {
  std::vector<std::string> positional;
  std::map<std::string, bool> seen;

  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      for (i++; i < argc; i++) positional.emplace_back(argv[i]);
      break;
    }
    std::string name = arg, value;
    bool hasValue = false;
    if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      hasValue = true;
    }
    // Boolean flags.
    if (name == "-h" || name == "--help") {
      o.mode = Mode::Help;
      return true;
    }
    if (name == "-v" || name == "--verbose" || name == "-q" || name == "--quiet" || name == "--accept-many") {
      if (hasValue) {
        error = "flag " + name + " takes no value";
        return false;
      }
      if (name == "-v" || name == "--verbose") o.verbose = true;
      if (name == "-q" || name == "--quiet") o.quiet = true;
      if (name == "--accept-many") o.acceptMany = true;
      continue;
    }
    static const char* const valued[] = {"--cert", "--key", "--ca", "--server-name", "--client-auth", "--psk",
                                         "--psk-identity", "--ciphers", "--alpn", "--srtp", "--ems", "--mtu",
                                         "--timeout", "--linger", "--ekm", "--keylog"};
    bool known = false;
    for (const char* v : valued) known = known || name == v;
    if (!known) {
      error = "unknown flag " + name;
      return false;
    }
    if (!hasValue) {
      if (i + 1 >= argc) {
        error = "flag " + name + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (seen[name]) {
      error = "flag " + name + " given twice";
      return false;
    }
    seen[name] = true;

    if (name == "--cert") {
      o.certFile = value;
    } else if (name == "--key") {
      o.keyFile = value;
    } else if (name == "--ca") {
      o.caFile = value;
    } else if (name == "--server-name") {
      o.serverName = value;
    } else if (name == "--client-auth") {
      bool ok = false;
      for (const auto& [n, v] : clientAuthModes()) {
        if (n == value) {
          o.clientAuth = v;
          ok = true;
        }
      }
      if (!ok) {
        error = "bad --client-auth \"" + value + "\": want none, request, require, verify-if-given or require-and-verify";
        return false;
      }
    } else if (name == "--psk") {
      std::vector<std::uint8_t> key;
      if (!parseHex(value, key)) {
        error = "bad --psk \"" + value + "\": want the key as an even number of hex digits (e.g. abc123)";
        return false;
      }
      o.psk = key;
    } else if (name == "--psk-identity") {
      o.pskIdentity = value;
    } else if (name == "--ciphers") {
      std::vector<dtls::CipherSuiteID> ids;
      for (const auto& n : splitList(value)) {
        dtls::CipherSuiteID id{};
        if (!parseCipher(n, id)) {
          error = "unknown cipher suite \"" + n + "\" in --ciphers (run 'dtlscat ciphers' for the names)";
          return false;
        }
        ids.push_back(id);
      }
      o.ciphers = ids;
    } else if (name == "--alpn") {
      for (const auto& p : splitList(value)) {
        if (p.empty() || p.size() > 255) {
          error = "bad --alpn \"" + value + "\": each protocol name must be 1 to 255 bytes";
          return false;
        }
        o.alpn.push_back(p);
      }
    } else if (name == "--srtp") {
      for (const auto& n : splitList(value)) {
        bool ok = false;
        for (const auto& [pn, v] : srtpProfiles()) {
          if (pn == n) {
            o.srtp.push_back(v);
            ok = true;
          }
        }
        if (!ok) {
          error = "unknown SRTP profile \"" + n + "\" in --srtp (run 'dtlscat ciphers' for the names)";
          return false;
        }
      }
    } else if (name == "--ems") {
      if (value == "request") {
        o.ems = dtls::RequestExtendedMasterSecret;
      } else if (value == "require") {
        o.ems = dtls::RequireExtendedMasterSecret;
      } else if (value == "disable") {
        o.ems = dtls::DisableExtendedMasterSecret;
      } else {
        error = "bad --ems \"" + value + "\": want request, require or disable";
        return false;
      }
    } else if (name == "--mtu") {
      if (!parseInt(value, 200, 65535, o.mtu)) {
        error = "bad --mtu \"" + value + "\": want a number of bytes from 200 to 65535";
        return false;
      }
    } else if (name == "--linger" && value == "forever") {
      o.linger = go::time::Duration::max();
    } else if (name == "--timeout" || name == "--linger") {
      go::time::Duration d{};
      if (!ParseDuration(value, d) || (name == "--timeout" && d <= go::time::Duration(0))) {
        error = "bad " + name + " \"" + value + "\": want a Go duration such as 500ms, 10s or 1m30s" +
                (name == "--linger" ? std::string(", or forever") : std::string());
        return false;
      }
      (name == "--timeout" ? o.timeout : o.linger) = d;
    } else if (name == "--ekm") {
      auto colon = value.rfind(':');
      if (colon == std::string::npos || colon == 0 || !parseInt(value.substr(colon + 1), 1, 4096, o.ekmLength)) {
        error = "bad --ekm \"" + value + "\": want LABEL:LENGTH (e.g. EXTRACTOR-dtls_srtp:60)";
        return false;
      }
      o.ekmLabel = value.substr(0, colon);
      if (dtls::isInvalidKeyingLabel(o.ekmLabel)) {
        error = "bad --ekm: label \"" + o.ekmLabel + "\" is reserved by TLS";
        return false;
      }
    } else if (name == "--keylog") {
      o.keylogFile = value;
    }
  }

  if (positional.empty()) {
    error = "missing command: connect HOST:PORT or listen [HOST:]PORT";
    return false;
  }
  const std::string& cmd = positional[0];
  if (cmd == "connect") {
    o.mode = Mode::Connect;
  } else if (cmd == "listen") {
    o.mode = Mode::Listen;
  } else if (cmd == "ciphers") {
    o.mode = Mode::Ciphers;
    if (positional.size() > 1) {
      error = "unexpected argument \"" + positional[1] + "\" after ciphers";
      return false;
    }
    return true;
  } else if (cmd == "help") {
    o.mode = Mode::Help;
    return true;
  } else {
    error = "unknown command \"" + cmd + "\": want connect, listen or ciphers";
    return false;
  }
  if (positional.size() < 2) {
    error = std::string("missing address: ") + (o.mode == Mode::Connect ? "connect HOST:PORT" : "listen [HOST:]PORT");
    return false;
  }
  if (positional.size() > 2) {
    error = "unexpected argument \"" + positional[2] + "\"";
    return false;
  }
  o.address = positional[1];
  if (!parseAddress(o, error)) return false;

  // Flags that belong to one side only, and flags that need each other.
  if (o.mode == Mode::Connect) {
    if (o.clientAuth) {
      error = "--client-auth applies to listen only";
      return false;
    }
    if (o.acceptMany) {
      error = "--accept-many applies to listen only";
      return false;
    }
  } else if (o.serverName) {
    error = "--server-name applies to connect only";
    return false;
  }
  if (o.certFile.empty() != o.keyFile.empty()) {
    error = o.certFile.empty() ? "--key needs --cert" : "--cert needs --key";
    return false;
  }
  if (seen["--psk-identity"] && !o.psk) {
    error = "--psk-identity needs --psk";
    return false;
  }
  return true;
}

}  // namespace

std::string Usage() {
  return R"(dtlscat: netcat for DTLS 1.2, on this repository's port of pion/dtls v2.2.6.

Usage:
  dtlscat connect HOST:PORT [flags]    dial a DTLS server (like openssl s_client -dtls1_2)
  dtlscat listen [HOST:]PORT [flags]   accept a DTLS client (like openssl s_server -dtls1_2);
                                       a bare PORT listens on every interface, port 0 on any free port
  dtlscat ciphers                      list the cipher suite and SRTP profile names
  dtlscat --help                       this text

After the handshake, standard input goes to the peer and what the peer sends goes to standard
output, until standard input ends (dtlscat then closes with close_notify) or the peer closes.
Status lines ("dtlscat: listening on 127.0.0.1:4444", "dtlscat: connected ...") go to standard error.
Exit status: 0 after a clean close; 1 when the connection or handshake fails (one line on standard
error names the cause); 2 for a usage error (unknown or malformed flag, bad HOST:PORT, unreadable
file, bad PEM).

Certificates:
  --cert FILE            PEM certificate chain, leaf first (RSA, ECDSA or Ed25519 key)
                           e.g. --cert server.crt --key server.key
  --key FILE             PEM private key of --cert: PKCS #8, PKCS #1 (RSA) or SEC 1 (EC),
                           e.g. --key server.key
                           listen without --cert and --psk uses a generated self-signed ECDSA P-256 certificate
  --ca FILE              PEM certificates to trust, e.g. --ca ca.crt
                           connect: verify the server's chain and name; WITHOUT --ca THE SERVER IS NOT
                           VERIFIED (InsecureSkipVerify; a warning says so)
                           listen: the client CAs; implies --client-auth require-and-verify
  --server-name NAME     connect: SNI and the name to verify, e.g. --server-name localhost
                           (default: HOST when it is a name rather than an IP address)
  --client-auth MODE     listen: none, request, require, verify-if-given or require-and-verify
                           (Pion's ClientAuthType), e.g. --client-auth require
Pre-shared key:
  --psk HEX              the key in hex, e.g. --psk abc123; only PSK cipher suites are used
                           (without --ciphers: every PSK suite, AES-128-GCM first)
  --psk-identity ID      connect: the identity sent; listen: the identity hint sent
                           (default "dtlscat"), e.g. --psk-identity client1
Handshake:
  --ciphers LIST         cipher suites by IANA name or hex ID, in order of preference (see
                           'dtlscat ciphers'), e.g. --ciphers TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,0xc0ae
  --alpn LIST            ALPN protocol names, e.g. --alpn webrtc,c-webrtc
  --srtp LIST            SRTP protection profiles (use_srtp), e.g. --srtp SRTP_AES128_CM_HMAC_SHA1_80
  --ems MODE             extended master secret: request (default), require or disable, e.g. --ems require
  --mtu BYTES            fragment handshake messages to this size (default 1200) and send standard
                           input in records of at most BYTES-100 bytes, e.g. --mtu 500
  --timeout DURATION     handshake timeout (default 30s), e.g. --timeout 5s
  --ekm LABEL:LENGTH     after the handshake, print LENGTH bytes of keying material exported with
                           LABEL (RFC 5705), e.g. --ekm EXTRACTOR-dtls_srtp:60
Data:
  --linger DURATION      when standard input ends, keep printing what the peer sends for up to
                           DURATION (or until it closes) before closing, e.g. --linger 2s;
                           "forever" waits for the peer to close (receive only: ... --linger forever </dev/null)
  --accept-many          listen: keep accepting clients, several at once; standard input goes to
                           every connected client; ends when standard input ends (and --linger
                           has passed: --accept-many --linger forever </dev/null serves until killed)
Diagnostics:
  --keylog FILE          append the session secrets in NSS key log format (CLIENT_RANDOM lines)
                           for Wireshark, e.g. --keylog /tmp/dtls-keys.log
  -v, --verbose          Pion's trace log on standard error (every scope at TRACE, the lines of
                           PION_LOG_TRACE=all) and more status lines
  -q, --quiet            no status lines (errors are still printed)
  -h, --help             this text

Examples:
  dtlscat listen 4444 --cert server.crt --key server.key
  dtlscat connect localhost:4444 --ca server.crt
  dtlscat listen 127.0.0.1:4444 --psk abc123 --ciphers TLS_PSK_WITH_AES_128_CCM_8
  echo hello | dtlscat connect 127.0.0.1:4444 --psk abc123 --psk-identity me --linger 1s
  dtlscat connect 127.0.0.1:4444 --keylog keys.log -v        # against: openssl s_server -dtls1_2 -accept 4444 ...
)";
}

std::string CipherList() {
  std::string s = "Cipher suites (--ciphers):\n";
  for (auto id : knownSuites()) {
    auto cs = dtls::cipherSuiteForID(id, nullptr);
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04x", static_cast<unsigned>(id));
    const char* kind = cs->AuthenticationType() == dtls::CipherSuiteAuthenticationTypePreSharedKey ? "psk" : "certificate";
    s += "  " + underscores(dtls::CipherSuiteName(id)) + "  " + hex + "  " + kind + "\n";
  }
  s += "SRTP protection profiles (--srtp):\n";
  for (const auto& [name, v] : srtpProfiles()) {
    char id[16];
    std::snprintf(id, sizeof id, "0x%04x", static_cast<unsigned>(v));
    s += "  " + name + "  " + id + "\n";
  }
  return s;
}

}  // namespace dtlscat
