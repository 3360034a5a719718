// The parts of Go's crypto/x509 that Pion's top-level package uses, on Botan 2 (see go_x509.hpp).
//
// Certificate.Verify keeps Go 1.19's order of checks (leaf validity period, then hostname, then
// chain building, then extended key usage) and Go's error strings; Botan's x509_path_validate
// builds and checks the chain. Deviations from Go, all in edge cases Pion does not rely on:
// - Go can return several chains (one per candidate root); this returns the one chain Botan
//   validated (leaf first, root last).
// - Botan's path validation also checks what Go ignores (KeyUsage certSign bits of CAs); its
//   failures other than trust, time and usage are reported as "x509: <Botan's reason>".
// - The extended key usage check is Go's checkChainForKeyUsage over the validated chain, not
//   Botan's Usage_Type (which also looks at KeyUsage bits of the leaf, which Go ignores).
// - CurrentTime is a point on the runtime's monotonic clock (go::time::Time); it is turned into
//   wall-clock time by its offset from go::time::Now().
#include "dtls/go_x509.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <botan/base64.h>
#include <botan/ber_dec.h>
#include <botan/certstor.h>
#include <botan/pk_keys.h>
#include <botan/pkix_types.h>
#include <botan/x509path.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <list>
#include <mutex>
#include <set>
#include <sstream>

namespace go::x509 {

namespace {

// pem.Decode, reduced to what AppendCertsFromPEM needs: the next block's type, whether it has
// headers, and its decoded bytes. Returns false when no further block exists.
struct pemBlock {
  std::string type;
  bool hasHeaders = false;
  bool ok = false;  // base64 body decoded
  std::vector<std::uint8_t> bytes;
};

bool nextPEMBlock(std::string_view& rest, pemBlock& out) {
  static constexpr std::string_view beginMark = "-----BEGIN ";
  static constexpr std::string_view dashes = "-----";
  for (;;) {
    const auto begin = rest.find(beginMark);
    if (begin == std::string_view::npos) {
      return false;
    }
    std::string_view afterBegin = rest.substr(begin + beginMark.size());
    const auto eol = afterBegin.find('\n');
    std::string_view typeLine = afterBegin.substr(0, eol);
    while (!typeLine.empty() && (typeLine.back() == '\r' || typeLine.back() == ' ' || typeLine.back() == '\t')) {
      typeLine.remove_suffix(1);
    }
    if (eol == std::string_view::npos || typeLine.size() < dashes.size() ||
        typeLine.substr(typeLine.size() - dashes.size()) != dashes) {
      // Not a well-formed BEGIN line: keep looking after it (Go does the same).
      rest = afterBegin;
      continue;
    }
    out = pemBlock{};
    out.type = std::string(typeLine.substr(0, typeLine.size() - dashes.size()));
    std::string_view body = afterBegin.substr(eol + 1);
    const std::string endMark = "-----END " + out.type + "-----";
    const auto end = body.find(endMark);
    if (end == std::string_view::npos) {
      rest = afterBegin;
      continue;
    }
    std::string_view content = body.substr(0, end);
    rest = body.substr(end + endMark.size());

    // Headers ("Key: value" lines before a blank line) make Go skip the block.
    std::string b64;
    std::size_t pos = 0;
    while (pos < content.size()) {
      auto nl = content.find('\n', pos);
      if (nl == std::string_view::npos) nl = content.size();
      std::string_view line = content.substr(pos, nl - pos);
      if (line.find(':') != std::string_view::npos) {
        out.hasHeaders = true;
      }
      for (char ch : line) {
        if (ch != '\r' && ch != ' ' && ch != '\t') b64.push_back(ch);
      }
      pos = nl + 1;
    }
    if (!out.hasHeaders) {
      try {
        const auto decoded = Botan::base64_decode(b64);
        out.bytes.assign(decoded.begin(), decoded.end());
        out.ok = true;
      } catch (const std::exception&) {
        out.ok = false;
      }
    }
    return true;
  }
}

// Go: Certificate.Equal (same DER).
bool sameCert(const Certificate& a, const Certificate& b) { return a.BER_encode() == b.BER_encode(); }

// time.Time.Format(time.RFC3339) of a UTC wall-clock time.
std::string formatRFC3339(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string toLowerASCII(std::string s) {
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (ch == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(ch);
    }
  }
  out.push_back(cur);
  return out;
}

// Go: crypto/x509 verify.go matchHostnames
bool matchHostnames(std::string pattern, std::string host) {
  auto trimDot = [](std::string s) {
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  host = trimDot(host);
  pattern = trimDot(pattern);
  if (pattern.empty() || host.empty()) {
    return false;
  }
  const auto patternParts = split(pattern, '.');
  const auto hostParts = split(host, '.');
  if (patternParts.size() != hostParts.size()) {
    return false;
  }
  for (std::size_t i = 0; i < patternParts.size(); ++i) {
    if (i == 0 && patternParts[i] == "*") {
      continue;
    }
    if (patternParts[i] != hostParts[i]) {
      return false;
    }
  }
  return true;
}

// An IP address in canonical binary form (4 or 16 bytes), or empty when s is not one.
std::vector<std::uint8_t> parseIP(const std::string& s) {
  std::uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    return {buf, buf + 4};
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return {buf, buf + 16};
  }
  return {};
}

std::vector<std::string> dnsNames(const Certificate& c) { return c.subject_alt_name().get_attribute("DNS"); }
std::vector<std::string> ipAddresses(const Certificate& c) { return c.subject_alt_name().get_attribute("IP"); }

bool hasSANExtension(const Certificate& c) {
  return c.v3_extensions().extension_set(Botan::OID::from_string("X509v3.SubjectAlternativeName"));
}

std::string commonName(const Certificate& c) {
  const auto cns = c.subject_info("X520.CommonName");
  return cns.empty() ? std::string() : cns.back();
}

// Go: crypto/x509 verify.go HostnameError.Error
error hostnameError(const Certificate& c, const std::string& host) {
  if (!hasSANExtension(c) && matchHostnames(commonName(c), host)) {
    return errors::New("x509: certificate relies on legacy Common Name field, use SANs instead");
  }
  std::string valid;
  if (!parseIP(host).empty()) {
    const auto ips = ipAddresses(c);
    if (ips.empty()) {
      return errors::New("x509: cannot validate certificate for " + host + " because it doesn't contain any IP SANs");
    }
    for (const auto& san : ips) {
      if (!valid.empty()) valid += ", ";
      valid += san;
    }
  } else {
    for (const auto& san : dnsNames(c)) {
      if (!valid.empty()) valid += ", ";
      valid += san;
    }
  }
  if (valid.empty()) {
    return errors::New("x509: certificate is not valid for any names, but wanted to match " + host);
  }
  return errors::New("x509: certificate is valid for " + valid + ", not " + host);
}

// Go: crypto/x509 verify.go Certificate.VerifyHostname
error verifyHostname(const Certificate& c, const std::string& h) {
  // IP addresses may be written in [ ].
  std::string candidateIP = h;
  if (h.size() >= 3 && h.front() == '[' && h.back() == ']') {
    candidateIP = h.substr(1, h.size() - 2);
  }
  if (const auto ip = parseIP(candidateIP); !ip.empty()) {
    // We only match IP addresses against IP SANs.
    // See RFC 6125, Appendix B.2.
    for (const auto& candidate : ipAddresses(c)) {
      if (parseIP(candidate) == ip) {
        return nullptr;
      }
    }
    return hostnameError(c, candidateIP);
  }

  const std::string candidateName = toLowerASCII(h);  // Save allocations inside the loop.
  for (const auto& match : dnsNames(c)) {
    // Go's validHostnamePattern/validHostnameInput reject odd names; matchHostnames fails on them.
    if (matchHostnames(toLowerASCII(match), candidateName)) {
      return nullptr;
    }
  }
  return hostnameError(c, h);
}

// Go: x509.ExtKeyUsage of the OIDs Botan reports; -2 for an EKU this shim does not name
// (Go's UnknownExtKeyUsage: it never matches a requested usage).
constexpr int unknownUsage = -2;
int extKeyUsageOf(const Botan::OID& oid) {
  const std::string s = oid.to_string();
  if (s == "2.5.29.37.0") return ExtKeyUsageAny;
  if (s == "1.3.6.1.5.5.7.3.1") return ExtKeyUsageServerAuth;
  if (s == "1.3.6.1.5.5.7.3.2") return ExtKeyUsageClientAuth;
  return unknownUsage;
}

// Go: crypto/x509 verify.go checkChainForKeyUsage
bool checkChainForKeyUsage(const std::vector<Certificate>& chain, const std::vector<ExtKeyUsage>& keyUsages) {
  std::vector<int> usages(keyUsages.begin(), keyUsages.end());
  if (chain.empty()) {
    return false;
  }
  std::size_t usagesRemaining = usages.size();

  // We walk down the list and cross out any usages that aren't supported
  // by each certificate. If we cross out all the usages, then the chain
  // is unacceptable.
  for (std::size_t k = chain.size(); k-- > 0;) {
    const Certificate& cert = chain[k];
    std::vector<int> certUsages;
    for (const auto& oid : cert.extended_key_usage()) {
      certUsages.push_back(extKeyUsageOf(oid));
    }
    if (certUsages.empty()) {
      // The certificate doesn't have any extended key usage specified.
      continue;
    }
    if (std::find(certUsages.begin(), certUsages.end(), static_cast<int>(ExtKeyUsageAny)) != certUsages.end()) {
      // The certificate is explicitly good for any usage.
      continue;
    }
    constexpr int invalidUsage = -1;
    for (int& requestedUsage : usages) {
      if (requestedUsage == invalidUsage) {
        continue;
      }
      if (std::find(certUsages.begin(), certUsages.end(), requestedUsage) != certUsages.end()) {
        continue;
      }
      requestedUsage = invalidUsage;
      usagesRemaining--;
      if (usagesRemaining == 0) {
        return false;
      }
    }
  }
  return true;
}

bool isTimeStatus(Botan::Certificate_Status_Code c) {
  using C = Botan::Certificate_Status_Code;
  return c == C::CERT_NOT_YET_VALID || c == C::CERT_HAS_EXPIRED;
}

const error errUnknownAuthority = errors::New("x509: certificate signed by unknown authority");

// Botan's failed path validation in Go's words.
error statusError(const Botan::Path_Validation_Result& res, const Certificate& leaf) {
  using C = Botan::Certificate_Status_Code;
  const C code = res.result();
  const std::string botanReason = Botan::Path_Validation_Result::status_string(code);
  if (code == C::CERT_ISSUER_NOT_FOUND || code == C::CANNOT_ESTABLISH_TRUST || code == C::CHAIN_LACKS_TRUST_ROOT) {
    return errUnknownAuthority;
  }
  if (isTimeStatus(code)) {
    return errors::New("x509: certificate has expired or is not yet valid: " + botanReason);
  }
  if (code == C::INVALID_USAGE) {
    return errors::New("x509: certificate specifies an incompatible key usage");
  }
  if (code == C::SIGNATURE_ERROR || code == C::CA_CERT_NOT_FOR_CERT_ISSUER || code == C::UNTRUSTED_HASH ||
      code == C::SIGNATURE_METHOD_TOO_WEAK || code == C::CERT_CHAIN_LOOP || code == C::CERT_PUBKEY_INVALID ||
      code == C::CHAIN_NAME_MISMATCH || code == C::CERT_CHAIN_TOO_LONG) {
    // Go: UnknownAuthorityError with its hint about the candidate authority.
    const auto issuerCN = leaf.issuer_info("X520.CommonName");
    return errors::New("x509: certificate signed by unknown authority (possibly because of \"" + botanReason +
                       "\" while trying to verify candidate authority certificate \"" +
                       (issuerCN.empty() ? std::string() : issuerCN.back()) + "\")");
  }
  return errors::New("x509: " + botanReason);
}

// Go's systemRoots: loaded once (sync.Once), then copied for each SystemCertPool caller.
std::once_flag systemRootsOnce;
std::shared_ptr<CertPool> systemRoots;
error systemRootsErr;

// os.ReadFile of a regular file (symlinks followed); ok is false for anything else or on error.
std::vector<std::uint8_t> readFile(const std::string& path, bool& ok) {
  ok = false;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return {};
  }
  try {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::vector<std::uint8_t> data{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    ok = !f.bad();
    return data;
  } catch (const std::exception&) {
    return {};
  }
}

// Go: crypto/x509 root_unix.go loadSystemRoots (Linux file and directory lists).
void loadSystemRoots() {
  static const char* const certFiles[] = {
      "/etc/ssl/certs/ca-certificates.crt",                 // Debian/Ubuntu/Gentoo etc.
      "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora/RHEL 6
      "/etc/ssl/ca-bundle.pem",                             // OpenSUSE
      "/etc/pki/tls/cacert.pem",                            // OpenELEC
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS/RHEL 7
      "/etc/ssl/cert.pem",                                  // Alpine Linux
  };
  static const char* const certDirectories[] = {
      "/etc/ssl/certs",      // SLES10/SLES11, https://golang.org/issue/12139
      "/etc/pki/tls/certs",  // Fedora/RHEL
  };
  auto roots = std::make_shared<CertPool>();
  std::set<std::vector<std::uint8_t>> seen;
  auto add = [&](std::span<const std::uint8_t> pem) {
    CertPool tmp;
    tmp.AppendCertsFromPEM(pem);
    for (const auto& c : tmp.Certs()) {
      if (seen.insert(c.BER_encode()).second) roots->AddCert(c);
    }
  };
  // SSL_CERT_FILE and SSL_CERT_DIR (colon separated) override the lists, as in Go.
  std::vector<std::string> files(std::begin(certFiles), std::end(certFiles));
  if (const char* f = std::getenv("SSL_CERT_FILE"); f != nullptr && *f != '\0') {
    files = {f};
  }
  std::vector<std::string> dirs(std::begin(certDirectories), std::end(certDirectories));
  if (const char* d = std::getenv("SSL_CERT_DIR"); d != nullptr && *d != '\0') {
    dirs = split(d, ':');
  }
  for (const auto& file : files) {
    bool ok = false;
    const auto data = readFile(file, ok);
    if (ok) {
      add(data);
      break;
    }
  }
  for (const auto& directory : dirs) {
    DIR* d = opendir(directory.c_str());
    if (d == nullptr) continue;
    while (const dirent* ent = readdir(d)) {
      const std::string name = ent->d_name;
      if (name == "." || name == "..") continue;
      const std::string path = directory + "/" + name;
      // readUniqueDirectoryEntries: skip symlinks to a file in the same directory (the hash
      // links of c_rehash), which would only load a certificate twice.
      char target[4096];
      const ssize_t n = ::readlink(path.c_str(), target, sizeof target);
      if (n >= 0 && std::string_view(target, static_cast<std::size_t>(n)).find('/') == std::string_view::npos) {
        continue;
      }
      bool ok = false;
      const auto data = readFile(path, ok);
      if (ok) add(data);
    }
    closedir(d);
  }
  if (roots->Certs().empty()) {
    systemRootsErr = errors::New("x509: failed to load system roots and no roots provided");
    return;
  }
  systemRoots = roots;
}

}  // namespace

// Go: CertPool.AppendCertsFromPEM
bool CertPool::AppendCertsFromPEM(std::span<const std::uint8_t> pemCerts) {
  bool ok = false;
  std::string_view rest(reinterpret_cast<const char*>(pemCerts.data()), pemCerts.size());
  pemBlock block;
  while (nextPEMBlock(rest, block)) {
    if (block.type != "CERTIFICATE" || block.hasHeaders || !block.ok) {
      continue;
    }
    auto [cert, err] = ParseCertificate(block.bytes);
    if (err) {
      continue;
    }
    AddCert(*cert);
    ok = true;
  }
  return ok;
}

// Go: x509.NewCertPool
std::shared_ptr<CertPool> NewCertPool() { return std::make_shared<CertPool>(); }

// Go: x509.SystemCertPool
std::pair<std::shared_ptr<CertPool>, error> SystemCertPool() {
  std::call_once(systemRootsOnce, [] {
    try {
      loadSystemRoots();
    } catch (const std::exception& e) {
      systemRootsErr = errors::New(std::string("x509: failed to load system roots: ") + e.what());
    }
  });
  if (!systemRoots) {
    return {nullptr, systemRootsErr};
  }
  return {std::make_shared<CertPool>(*systemRoots), nullptr};
}

namespace {

// A parsed certificate with its public key loaded (Go's Certificate.PublicKey): null for an
// algorithm Go leaves unparsed.
struct parsedCertificate final : Certificate {
  parsedCertificate(const std::uint8_t* der, std::size_t len) : Certificate(der, len) {}
  std::shared_ptr<const Botan::Public_Key> publicKey;
};

// The last kSize distinct certificates parsed, keyed by their DER bytes, most recent first.
// Go 1.20's crypto/tls does the same for the certificates its connections receive (cache.go,
// "certCache": every connection that presents the same certificate shares one parse); Go 1.19,
// which Pion v2.2.6 builds with, parses every time. Here the saving is larger: Botan parses an
// ECDSA certificate in ~35 us (Go: 4 us) and an RSA key builds its Montgomery parameters when
// it is loaded. Unlike Go's, which keeps an entry only while a connection references it, this
// one keeps the last kSize (a client that reconnects to its server finds the server's certificate
// still parsed). Failures are not kept.
class certCache {
 public:
  static certCache& get() {
    static auto* c = new certCache;  // never destroyed: parsing may run during exit
    return *c;
  }

  std::shared_ptr<const parsedCertificate> find(std::string_view der) {
    std::lock_guard lk(mu_);
    for (auto it = lru_.begin(); it != lru_.end(); ++it) {
      if (it->first == der) {
        lru_.splice(lru_.begin(), lru_, it);
        return it->second;
      }
    }
    return nullptr;
  }

  void add(std::string_view der, std::shared_ptr<const parsedCertificate> c) {
    std::lock_guard lk(mu_);
    for (const auto& e : lru_) {
      if (e.first == der) return;  // parsed meanwhile by another caller
    }
    lru_.emplace_front(std::string(der), std::move(c));
    if (lru_.size() > kSize) lru_.pop_back();
  }

 private:
  static constexpr std::size_t kSize = 32;
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const parsedCertificate>>> lru_;
};

}  // namespace

// Go: x509.ParseCertificate
std::pair<std::shared_ptr<const Certificate>, error> ParseCertificate(std::span<const std::uint8_t> der) {
  const std::string_view key(reinterpret_cast<const char*>(der.data()), der.size());
  if (auto c = certCache::get().find(key)) {
    return {std::move(c), nullptr};
  }
  try {
    // Go accepts exactly one DER SEQUENCE (Botan would also take PEM text, or ignore trailing bytes).
    Botan::BER_Decoder outer(der.data(), der.size());
    const Botan::BER_Object obj = outer.get_next_object();
    if (!obj.is_a(Botan::SEQUENCE, Botan::CONSTRUCTED)) {
      return {nullptr, errors::New("x509: malformed certificate")};
    }
    if (outer.more_items()) {
      return {nullptr, errors::New("x509: trailing data")};
    }
    auto cert = std::make_shared<parsedCertificate>(der.data(), der.size());
    // Go parses the public key of the algorithms it knows and fails on a malformed one
    // (others are left as UnknownPublicKeyAlgorithm, PublicKey == nil).
    const std::string keyAlgo = cert->subject_public_key_algo().get_oid().to_string();
    if (keyAlgo == "1.2.840.113549.1.1.1" || keyAlgo == "1.2.840.10045.2.1" || keyAlgo == "1.3.101.112") {
      cert->publicKey = cert->load_subject_public_key();
      if (!cert->publicKey) {
        return {nullptr, errors::New("x509: malformed public key")};
      }
    }
    certCache::get().add(key, cert);
    return {std::move(cert), nullptr};
  } catch (const std::exception& e) {
    return {nullptr, errors::New(std::string("x509: malformed certificate: ") + e.what())};
  }
}

// Go: Certificate.PublicKey
std::shared_ptr<const Botan::Public_Key> PublicKey(const Certificate& c) {
  if (const auto* p = dynamic_cast<const parsedCertificate*>(&c)) {
    return p->publicKey;
  }
  try {
    return c.load_subject_public_key();
  } catch (const std::exception&) {
    return nullptr;
  }
}

// Go: Certificate.Verify
std::pair<std::vector<std::vector<Certificate>>, error> Verify(const Certificate& c, const VerifyOptions& opts) {
  try {
    std::shared_ptr<CertPool> roots = opts.Roots;
    if (!roots) {
      auto [sys, err] = SystemCertPool();
      if (err) {
        return {{}, err};
      }
      roots = sys;
    }

    using sysclock = std::chrono::system_clock;
    sysclock::time_point now = sysclock::now();
    if (opts.CurrentTime != go::time::Time{}) {
      now += std::chrono::duration_cast<sysclock::duration>(opts.CurrentTime - go::time::Now());
    }

    // c.isValid(leafCertificate, nil, &opts): the validity period.
    const auto notBefore = c.not_before().to_std_timepoint();
    const auto notAfter = c.not_after().to_std_timepoint();
    if (now < notBefore) {
      return {{}, errors::New("x509: certificate has expired or is not yet valid: current time " + formatRFC3339(now) +
                              " is before " + formatRFC3339(notBefore))};
    }
    if (now > notAfter) {
      return {{}, errors::New("x509: certificate has expired or is not yet valid: current time " + formatRFC3339(now) +
                              " is after " + formatRFC3339(notAfter))};
    }

    if (!opts.DNSName.empty()) {
      if (auto err = verifyHostname(c, opts.DNSName)) {
        return {{}, err};
      }
    }

    std::vector<Certificate> chain;
    const auto& rootCerts = roots->Certs();
    if (std::any_of(rootCerts.begin(), rootCerts.end(), [&](const Certificate& r) { return sameCert(r, c); })) {
      chain.push_back(c);
    } else {
      Botan::Certificate_Store_In_Memory trusted;
      for (const auto& r : rootCerts) {
        trusted.add_certificate(r);
      }
      std::vector<Botan::X509_Certificate> endCerts{c};
      if (opts.Intermediates) {
        for (const auto& ic : opts.Intermediates->Certs()) {
          endCerts.push_back(ic);
        }
      }
      // No revocation checking, RSA-1024 and up (Go sets no minimum), and the signature
      // hashes Go 1.19 accepts in chains (not SHA-1 or MD5).
      const Botan::Path_Validation_Restrictions restrictions(false, 80, false,
                                                             std::set<std::string>{"SHA-256", "SHA-384", "SHA-512"});
      const std::vector<Botan::Certificate_Store*> stores{&trusted};
      const Botan::Path_Validation_Result res =
          Botan::x509_path_validate(endCerts, restrictions, stores, "", Botan::Usage_Type::UNSPECIFIED, now);
      if (!res.successful_validation()) {
        return {{}, statusError(res, c)};
      }
      for (const auto& p : res.cert_path()) {
        chain.push_back(*p);
      }
    }

    std::vector<ExtKeyUsage> keyUsages = opts.KeyUsages;
    if (keyUsages.empty()) {
      keyUsages = {ExtKeyUsageServerAuth};
    }
    for (auto eku : keyUsages) {
      if (eku == ExtKeyUsageAny) {
        // If any key usage is acceptable, no need to check the chain for
        // key usages.
        return {{chain}, nullptr};
      }
    }
    if (!checkChainForKeyUsage(chain, keyUsages)) {
      return {{}, errors::New("x509: certificate specifies an incompatible key usage")};
    }
    return {{chain}, nullptr};
  } catch (const std::exception& e) {
    return {{}, errors::New(std::string("x509: ") + e.what())};
  }
}

}  // namespace go::x509
