// pion: examples/util/util.go (and the crypto/tls, encoding/pem, os and bufio pieces it uses)
#include "dtls/examples/util/util.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <botan/alg_id.h>
#include <botan/asn1_oid.h>
#include <botan/base64.h>
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pkcs8.h>
#include <botan/rsa.h>
#include <botan/x509cert.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"

namespace dtls::examples::util {

void writeStdout(std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(1, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // Go's fmt.Printf ignores the error too
    }
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

namespace {

// go: strings.TrimSpace (ASCII white space)
std::string_view trimSpace(std::string_view s) {
  const char* ws = " \t\n\v\f\r";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

// pion: util.go Chat
void Chat(const std::shared_ptr<go::net::Conn>& conn) {
  go::go([conn] {
    std::vector<std::uint8_t> b(bufSize);

    for (;;) {
      auto [n, err] = conn->Read(b);
      Check(err);
      Printf("Got message: %s\n", std::string(b.begin(), b.begin() + n));
    }
  });

  StdinReader reader;

  for (;;) {
    auto [text, err] = reader.ReadString('\n');
    Check(err);

    if (trimSpace(text) == "exit") {
      return;
    }

    auto [n, werr] = conn->Write(bytes(text));
    (void)n;
    Check(werr);
  }
}

// pion: util.go Check
void Check(const go::error& err) {
  if (const auto* netError = go::errors::As<go::net::Error>(err); netError != nullptr && netError->Temporary()) {
    Printf("Warning: %v\n", err);
  } else if (err) {
    Printf("error: %v\n", err);
    // panic(err): Go prints "panic: <err>" (and the goroutines) on standard error and exits with 2.
    std::fprintf(stderr, "panic: %s\n", err.Error().c_str());
    std::fflush(stderr);
    std::_Exit(2);
  }
}

// pion: util.go LoadKeyAndCertificate
std::pair<go::tls::Certificate, go::error> LoadKeyAndCertificate(const std::string& keyPath,
                                                                 const std::string& certificatePath) {
  return LoadX509KeyPair(certificatePath, keyPath);
}

// pion: util.go LoadCertificate
std::pair<std::shared_ptr<go::tls::Certificate>, go::error> LoadCertificate(const std::string& path) {
  auto [rawData, err] = ReadFile(path);
  if (err) {
    return {nullptr, err};
  }

  auto certificate = std::make_shared<go::tls::Certificate>();

  std::string_view rest = rawData;
  for (;;) {
    PEMBlock block;
    if (!PEMDecode(rest, block)) {
      break;
    }

    if (block.Type != "CERTIFICATE") {
      return {nullptr, errBlockIsNotCertificate};
    }

    try {
      certificate->chain.emplace_back(block.Bytes);
    } catch (const std::exception&) {
      return {nullptr, go::errors::New("x509: malformed certificate")};
    }
  }

  if (certificate->chain.empty()) {
    return {nullptr, errNoCertificateFound};
  }

  return {std::move(certificate), nullptr};
}

// go: encoding/pem/pem.go Decode (headers such as Proc-Type are skipped, not returned)
bool PEMDecode(std::string_view& rest, PEMBlock& block) {
  static constexpr std::string_view pemStart = "-----BEGIN ";
  static constexpr std::string_view pemEnd = "-----END ";
  static constexpr std::string_view pemEndOfLine = "-----";
  std::string_view data = rest;
  for (;;) {
    auto begin = data.find(pemStart);
    if (begin == std::string_view::npos) return false;
    data.remove_prefix(begin + pemStart.size());
    auto eol = data.find('\n');
    if (eol == std::string_view::npos) return false;
    std::string_view typeLine = trimSpace(data.substr(0, eol));
    if (typeLine.size() < pemEndOfLine.size() || typeLine.substr(typeLine.size() - pemEndOfLine.size()) != pemEndOfLine) {
      continue;  // not a BEGIN line; Go retries from here
    }
    std::string type(typeLine.substr(0, typeLine.size() - pemEndOfLine.size()));
    std::string_view body = data.substr(eol + 1);
    std::string endMarker = std::string(pemEnd) + type + std::string(pemEndOfLine);
    auto end = body.find(endMarker);
    if (end == std::string_view::npos) continue;
    std::string_view b64 = body.substr(0, end);
    // Skip RFC 1421 headers ("Name: value" lines up to a blank line).
    if (auto colon = b64.find(':'); colon != std::string_view::npos && colon < b64.find('\n')) {
      auto blank = b64.find("\n\n");
      if (blank == std::string_view::npos) blank = b64.find("\r\n\r\n");
      if (blank == std::string_view::npos) continue;
      b64.remove_prefix(blank);
    }
    try {
      Botan::secure_vector<std::uint8_t> decoded = Botan::base64_decode(std::string(b64), true);
      block.Type = std::move(type);
      block.Bytes.assign(decoded.begin(), decoded.end());
    } catch (const std::exception&) {
      continue;  // Go: a block whose base64 does not decode is skipped
    }
    std::string_view after = body.substr(end + endMarker.size());
    auto nl = after.find('\n');
    rest = nl == std::string_view::npos ? std::string_view{} : after.substr(nl + 1);
    return true;
  }
}

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string joinTypes(const std::vector<std::string>& types) {
  std::string s = "[";
  for (std::size_t i = 0; i < types.size(); i++) {
    if (i) s += " ";
    s += types[i];
  }
  return s + "]";
}

// go: crypto/x509/sec1.go parseECPrivateKey (with the curve named in the key)
std::shared_ptr<Botan::Private_Key> parseECPrivateKey(const std::vector<std::uint8_t>& der) {
  Botan::OID curve;
  Botan::secure_vector<std::uint8_t> priv;
  std::size_t version = 0;
  Botan::BER_Decoder(der)
      .start_cons(Botan::SEQUENCE)
      .decode(version)
      .decode(priv, Botan::OCTET_STRING)
      .decode_optional(curve, Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC));
  if (version != 1 || curve.empty()) {
    throw std::runtime_error("x509: failed to parse EC private key");
  }
  std::vector<std::uint8_t> params;
  Botan::DER_Encoder(params).encode(curve);
  Botan::AlgorithmIdentifier algId(Botan::OID("1.2.840.10045.2.1"), params);  // id-ecPublicKey
  Botan::secure_vector<std::uint8_t> bits(der.begin(), der.end());
  return std::make_shared<Botan::ECDSA_PrivateKey>(algId, bits);
}

// go: crypto/tls/tls.go parsePrivateKey
// Attempt to parse the given private key DER block. OpenSSL 0.9.8 generates
// PKCS #1 private keys by default, while OpenSSL 1.0.0 generates PKCS #8 keys.
// OpenSSL ecparam generates SEC1 EC private keys for ECDSA. We try all three.
std::pair<std::shared_ptr<Botan::Private_Key>, go::error> parsePrivateKey(const std::vector<std::uint8_t>& der) {
  try {
    Botan::secure_vector<std::uint8_t> bits(der.begin(), der.end());
    return {std::make_shared<Botan::RSA_PrivateKey>(Botan::AlgorithmIdentifier(), bits), nullptr};
  } catch (const std::exception&) {
  }
  try {
    Botan::DataSource_Memory in(der);
    std::shared_ptr<Botan::Private_Key> key(Botan::PKCS8::load_key(in).release());
    if (dynamic_cast<Botan::RSA_PrivateKey*>(key.get()) != nullptr ||
        dynamic_cast<Botan::ECDSA_PrivateKey*>(key.get()) != nullptr ||
        dynamic_cast<Botan::Ed25519_PrivateKey*>(key.get()) != nullptr) {
      return {std::move(key), nullptr};
    }
    return {nullptr, go::errors::New("tls: found unknown private key type in PKCS#8 wrapping")};
  } catch (const std::exception&) {
  }
  try {
    return {parseECPrivateKey(der), nullptr};
  } catch (const std::exception&) {
  }

  return {nullptr, go::errors::New("tls: failed to parse private key")};
}

}  // namespace

// go: crypto/tls/tls.go X509KeyPair
std::pair<go::tls::Certificate, go::error> X509KeyPair(std::string_view certPEMBlock, std::string_view keyPEMBlock) {
  auto fail = [](go::error err) { return std::pair<go::tls::Certificate, go::error>{go::tls::Certificate{}, err}; };

  go::tls::Certificate cert;
  std::vector<std::vector<std::uint8_t>> certDER;
  std::vector<std::string> skippedBlockTypes;
  for (;;) {
    PEMBlock certDERBlock;
    if (!PEMDecode(certPEMBlock, certDERBlock)) {
      break;
    }
    if (certDERBlock.Type == "CERTIFICATE") {
      certDER.push_back(std::move(certDERBlock.Bytes));
    } else {
      skippedBlockTypes.push_back(certDERBlock.Type);
    }
  }

  if (certDER.empty()) {
    if (skippedBlockTypes.empty()) {
      return fail(go::errors::New("tls: failed to find any PEM data in certificate input"));
    }
    if (skippedBlockTypes.size() == 1 && endsWith(skippedBlockTypes[0], "PRIVATE KEY")) {
      return fail(go::errors::New(
          "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"));
    }
    return fail(go::fmt::Errorf(
        "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: %v",
        joinTypes(skippedBlockTypes)));
  }

  skippedBlockTypes.clear();
  PEMBlock keyDERBlock;
  for (;;) {
    if (!PEMDecode(keyPEMBlock, keyDERBlock)) {
      if (skippedBlockTypes.empty()) {
        return fail(go::errors::New("tls: failed to find any PEM data in key input"));
      }
      if (skippedBlockTypes.size() == 1 && skippedBlockTypes[0] == "CERTIFICATE") {
        return fail(go::errors::New("tls: found a certificate rather than a key in the PEM for the private key"));
      }
      return fail(go::fmt::Errorf(
          "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: %v",
          joinTypes(skippedBlockTypes)));
    }
    if (keyDERBlock.Type == "PRIVATE KEY" || endsWith(keyDERBlock.Type, " PRIVATE KEY")) {
      break;
    }
    skippedBlockTypes.push_back(keyDERBlock.Type);
  }

  // We don't need to parse the public key for TLS, but we so do anyway
  // to check that it looks sane and matches the private key.
  try {
    for (const auto& der : certDER) {
      cert.chain.emplace_back(der);
    }
  } catch (const std::exception&) {
    return fail(go::errors::New("x509: malformed certificate"));  // Go's message; Botan's says less
  }
  auto [privateKey, err] = parsePrivateKey(keyDERBlock.Bytes);
  if (err) {
    return fail(err);
  }
  cert.key = privateKey;

  std::unique_ptr<Botan::Public_Key> pub;
  try {
    pub = cert.chain.front().load_subject_public_key();
  } catch (const std::exception& e) {
    return fail(go::errors::New(std::string("x509: cannot parse the certificate's public key: ") + e.what()));
  }
  const std::string algo = pub->algo_name();
  if (algo != "RSA" && algo != "ECDSA" && algo != "Ed25519") {
    return fail(go::errors::New("tls: unknown public key algorithm"));
  }
  if (cert.key->algo_name() != algo) {
    return fail(go::errors::New("tls: private key type does not match public key type"));
  }
  if (cert.key->public_key_bits() != pub->public_key_bits()) {
    return fail(go::errors::New("tls: private key does not match public key"));
  }
  return {std::move(cert), nullptr};
}

// go: crypto/tls/tls.go LoadX509KeyPair
std::pair<go::tls::Certificate, go::error> LoadX509KeyPair(const std::string& certFile, const std::string& keyFile) {
  auto [certPEMBlock, err] = ReadFile(certFile);
  if (err) {
    return {go::tls::Certificate{}, err};
  }
  auto [keyPEMBlock, kerr] = ReadFile(keyFile);
  if (kerr) {
    return {go::tls::Certificate{}, kerr};
  }
  return X509KeyPair(certPEMBlock, keyPEMBlock);
}

// go: os/file.go ReadFile
std::pair<std::string, go::error> ReadFile(const std::string& name) {
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {"", go::fmt::Errorf("open %s: %w", name, go::make_error<go::syscall::Errno>(errno))};
  }
  std::string data;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      data.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return {"", go::fmt::Errorf("read %s: %w", name, go::make_error<go::syscall::Errno>(e))};
    }
    break;
  }
  ::close(fd);
  return {std::move(data), nullptr};
}

// ---------------------------------------------------------------------------
// StdinReader

StdinReader::StdinReader() : chunks_(go::make_chan<Chunk>()), stop_(go::make_chan<go::struct_>()) {
  if (::pipe2(stopPipe_, O_CLOEXEC) != 0) {
    throw std::runtime_error("StdinReader: pipe2 failed");
  }
  thread_ = std::thread([this] { loop(); });
}

StdinReader::~StdinReader() {
  stop_.close();
  char b = 0;
  (void)!::write(stopPipe_[1], &b, 1);
  thread_.join();
  ::close(stopPipe_[0]);
  ::close(stopPipe_[1]);
}

void StdinReader::loop() {
  go::external_waker waker;  // this thread may wake the fiber parked in fill()
  char buf[bufSize];
  for (;;) {
    pollfd fds[2] = {{0, POLLIN, 0}, {stopPipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) {
      return;
    }
    Chunk c;
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n > 0) {
      c.data.assign(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      c.err = go::io::EOF_;
    } else if (errno == EINTR || errno == EAGAIN) {
      continue;
    } else {
      c.err = go::fmt::Errorf("read /dev/stdin: %w", go::make_error<go::syscall::Errno>(errno));
    }
    const bool last = static_cast<bool>(c.err);
    bool stopped = false;
    go::select(go::send(chunks_, std::move(c)), go::recv(stop_, [&] { stopped = true; }));
    if (stopped || last) {
      return;
    }
  }
}

bool StdinReader::fill() {
  if (err_) return false;
  Chunk c = chunks_.recv();
  if (c.err) {
    err_ = c.err;
    return false;
  }
  pending_ += c.data;
  return true;
}

std::pair<int, go::error> StdinReader::Read(std::span<std::uint8_t> p) {
  if (p.empty()) return {0, nullptr};
  while (pending_.empty()) {
    if (!fill()) return {0, err_};
  }
  std::size_t n = std::min(p.size(), pending_.size());
  std::copy_n(pending_.begin(), n, p.begin());
  pending_.erase(0, n);
  return {static_cast<int>(n), nullptr};
}

// go: bufio/bufio.go Reader.ReadString
std::pair<std::string, go::error> StdinReader::ReadString(char delim) {
  for (;;) {
    if (auto i = pending_.find(delim); i != std::string::npos) {
      std::string line = pending_.substr(0, i + 1);
      pending_.erase(0, i + 1);
      return {std::move(line), nullptr};
    }
    if (!fill()) {
      std::string line = std::move(pending_);
      pending_.clear();
      return {std::move(line), err_};
    }
  }
}

}  // namespace dtls::examples::util
