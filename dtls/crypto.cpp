// pion: crypto.go
//
// Go's crypto.Signer calls map to Botan as follows, so that the bytes on the wire are Go's:
// - ed25519.PrivateKey.Sign(msg, crypto.Hash(0)): PureEd25519 over msg ("Pure").
// - ecdsa.PrivateKey.Sign(hashed, _): ECDSA over the given digest, truncated to the order's
//   bits, DER encoded (Go's asn1 ecdsaSignature): Botan "Raw" over the digest with
//   Signature_Format DER_SEQUENCE (Botan's ECDSA truncates a raw input to the order's bits too).
// - rsa.PrivateKey.Sign(hashed, h): PKCS #1 v1.5 with h's DigestInfo prefix over the given
//   digest: Botan "EMSA3(Raw,<h>)" ("EMSA3(Raw)", no prefix, for crypto.Hash(0)).
// Verification mirrors this (ecdsa.Verify on the digest, rsa.VerifyPKCS1v15 on the digest).
// ECDSA with a P-256 key, the usual WebRTC certificate, goes to go::crypto::p256 (dtls/go_p256)
// instead of Botan: the same bytes on the wire (DER, the digest truncated to 256 bits), at a
// third of Botan's cost.
#include "dtls/crypto.hpp"

#include <botan/ber_dec.h>
#include <botan/bigint.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dtls/errors.hpp"
#include "dtls/go_p256.hpp"

namespace dtls {

namespace elliptic = pkg::crypto::elliptic;
namespace hash = pkg::crypto::hash;

namespace {

// Go: rsa.ErrVerification
const go::error errRSAVerification = go::errors::New("crypto/rsa: verification error");

// pion: crypto.go ecdsaSignature
struct ecdsaSignature {
  Botan::BigInt R, S;
};

// Go: asn1.Unmarshal(remoteKeySignature, ecdsaSig) (trailing data is ignored, as asn1.Unmarshal
// returns it as `rest`, which Pion drops).
go::error unmarshalECDSASignature(std::span<const std::uint8_t> der, ecdsaSignature& sig) {
  try {
    Botan::BER_Decoder dec(der.data(), der.size());
    dec.start_cons(Botan::SEQUENCE).decode(sig.R).decode(sig.S).end_cons();
    return nullptr;
  } catch (const std::exception& e) {
    return go::errors::New(std::string("asn1: structure error: ") + e.what());
  }
}

// The EMSA for rsa.SignPKCS1v15 / rsa.VerifyPKCS1v15 over an already hashed value.
std::string pkcs1v15Raw(go::crypto::Hash h) {
  if (h == go::crypto::Hash(0)) {
    return "EMSA3(Raw)";
  }
  return "EMSA3(Raw," + go::crypto::BotanName(h) + ")";
}

// Go: crypto/rsa pkcs1v15HashInfo's checks, which both SignPKCS1v15 and VerifyPKCS1v15 make.
go::error pkcs1v15HashInfo(go::crypto::Hash h, std::size_t inLen) {
  // Special case: crypto.Hash(0) is used to indicate that the data is
  // signed directly.
  if (h == go::crypto::Hash(0)) {
    return nullptr;
  }
  if (go::crypto::BotanName(h).empty() || inLen != go::crypto::Size(h)) {
    return go::errors::New("crypto/rsa: input must be hashed message");
  }
  return nullptr;
}

// Go's crypto.Signer is cheap to call and safe for concurrent use. A Botan PK_Signer is neither
// cheap to make (RSA's builds its blinder: a modular inverse and an exponentiation, a third of
// an RSA-2048 handshake) nor safe to share. Signers are therefore pooled per (key, padding) for
// as long as the key lives: each signature takes one from its pool (or makes one) and puts it
// back, so concurrent handshakes never share a signer and never wait on each other's signing.
// Botan's blinder re-randomizes itself on every use, so reuse keeps its protection.
class signerPool {
 public:
  static signerPool& get() {
    static signerPool* p = new signerPool;  // never destroyed: signing may run during exit
    return *p;
  }

  std::vector<std::uint8_t> sign(const std::shared_ptr<Botan::Private_Key>& key, const char* padding,
                                 Botan::Signature_Format format, std::span<const std::uint8_t> msg) {
    Botan::RandomNumberGenerator& rng = Botan::system_rng();  // kept by the signer: lives forever
    std::unique_ptr<Botan::PK_Signer> signer = take(key, padding);
    if (!signer) signer = std::make_unique<Botan::PK_Signer>(*key, rng, padding, format);
    auto sig = signer->sign_message(msg.data(), msg.size(), rng);
    give(key, padding, std::move(signer));  // after an exception the signer is dropped instead
    return sig;
  }

 private:
  static constexpr std::size_t kMaxIdle = 4;  // per key: about the handshakes signing at once
  struct entry {
    std::weak_ptr<Botan::Private_Key> key;
    const Botan::Private_Key* raw;
    std::string padding;
    std::vector<std::unique_ptr<Botan::PK_Signer>> idle;
  };

  static bool same(const entry& e, const std::shared_ptr<Botan::Private_Key>& key, const char* padding) {
    return e.raw == key.get() && !e.key.owner_before(key) && !key.owner_before(e.key) && !e.key.expired() &&
           e.padding == padding;
  }

  std::unique_ptr<Botan::PK_Signer> take(const std::shared_ptr<Botan::Private_Key>& key, const char* padding) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : entries_) {
      if (same(e, key, padding) && !e.idle.empty()) {
        auto s = std::move(e.idle.back());
        e.idle.pop_back();
        return s;
      }
    }
    return nullptr;
  }

  void give(const std::shared_ptr<Botan::Private_Key>& key, const char* padding, std::unique_ptr<Botan::PK_Signer> s) {
    std::vector<entry> expired;  // destroyed outside the lock
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->key.expired()) {
        expired.push_back(std::move(*it));
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& e : entries_) {
      if (same(e, key, padding)) {
        if (e.idle.size() < kMaxIdle) e.idle.push_back(std::move(s));
        return;
      }
    }
    entries_.push_back(entry{key, key.get(), padding, {}});
    entries_.back().idle.push_back(std::move(s));
  }

  std::mutex mu_;
  std::vector<entry> entries_;
};

// Is this an ECDSA key on P-256 (named by its OID, as X.509 and PKCS #8 name it)?
bool isP256(const Botan::EC_PublicKey& key) {
  static const Botan::OID secp256r1("1.2.840.10045.3.1.7");
  return key.domain().get_curve_oid() == secp256r1;
}

std::array<std::uint8_t, 32> be32(const Botan::BigInt& v) {
  std::array<std::uint8_t, 32> out{};
  v.binary_encode(out.data(), out.size());
  return out;
}

// ecdsa.PrivateKey.Sign(rand.Reader, hashed, _)
std::pair<std::vector<std::uint8_t>, go::error> ecdsaSign(const std::shared_ptr<Botan::Private_Key>& key,
                                                          std::span<const std::uint8_t> hashed) {
  try {
    if (const auto* k = dynamic_cast<const Botan::ECDSA_PrivateKey*>(key.get()); k != nullptr && isP256(*k)) {
      auto d = be32(k->private_value());
      auto sig = go::crypto::p256::SignASN1(d, hashed);
      Botan::secure_scrub_memory(d.data(), d.size());
      return {std::move(sig), nullptr};
    }
    return {signerPool::get().sign(key, "Raw", Botan::DER_SEQUENCE, hashed), nullptr};
  } catch (const std::exception& e) {
    return {{}, go::errors::New(std::string("ecdsa: ") + e.what())};
  }
}

// rsa.PrivateKey.Sign(rand.Reader, hashed, h)
std::pair<std::vector<std::uint8_t>, go::error> rsaSign(const std::shared_ptr<Botan::Private_Key>& key,
                                                        std::span<const std::uint8_t> hashed, go::crypto::Hash h) {
  if (auto err = pkcs1v15HashInfo(h, hashed.size())) {
    return {{}, err};
  }
  try {
    const std::string padding = pkcs1v15Raw(h);
    return {signerPool::get().sign(key, padding.c_str(), Botan::IEEE_1363, hashed), nullptr};
  } catch (const std::exception& e) {
    return {{}, go::errors::New(std::string("crypto/rsa: ") + e.what())};
  }
}

// ed25519.PrivateKey.Sign(rand.Reader, msg, crypto.Hash(0))
std::pair<std::vector<std::uint8_t>, go::error> ed25519Sign(const std::shared_ptr<Botan::Private_Key>& key,
                                                            std::span<const std::uint8_t> msg) {
  try {
    return {signerPool::get().sign(key, "Pure", Botan::IEEE_1363, msg), nullptr};
  } catch (const std::exception& e) {
    return {{}, go::errors::New(std::string("ed25519: ") + e.what())};
  }
}

// ed25519.Verify(p, message, sig)
bool ed25519Verify(const Botan::Public_Key& p, std::span<const std::uint8_t> message, std::span<const std::uint8_t> sig) {
  if (sig.size() != 64) {  // ed25519.SignatureSize
    return false;
  }
  try {
    Botan::PK_Verifier verifier(p, "Pure");
    return verifier.verify_message(message.data(), message.size(), sig.data(), sig.size());
  } catch (const std::exception&) {
    return false;
  }
}

// ecdsa.Verify(p, hashed, r, s)
bool ecdsaVerify(const Botan::ECDSA_PublicKey& p, std::span<const std::uint8_t> hashed, const Botan::BigInt& r,
                 const Botan::BigInt& s) {
  try {
    if (isP256(p)) {
      const Botan::PointGFp& q = p.public_point();
      return go::crypto::p256::Verify(be32(q.get_affine_x()), be32(q.get_affine_y()), hashed, Botan::BigInt::encode(r),
                                      Botan::BigInt::encode(s));
    }
    const Botan::BigInt& n = p.domain().get_order();
    if (r >= n || s >= n) {
      return false;
    }
    const auto sig = Botan::BigInt::encode_fixed_length_int_pair(r, s, p.domain().get_order_bytes());
    Botan::PK_Verifier verifier(p, "Raw", Botan::IEEE_1363);
    return verifier.verify_message(hashed.data(), hashed.size(), sig.data(), sig.size());
  } catch (const std::exception&) {
    return false;
  }
}

// rsa.VerifyPKCS1v15(p, h, hashed, sig)
go::error rsaVerifyPKCS1v15(const Botan::Public_Key& p, go::crypto::Hash h, std::span<const std::uint8_t> hashed,
                            std::span<const std::uint8_t> sig) {
  if (auto err = pkcs1v15HashInfo(h, hashed.size())) {
    return err;
  }
  try {
    Botan::PK_Verifier verifier(p, pkcs1v15Raw(h));
    if (!verifier.verify_message(hashed.data(), hashed.size(), sig.data(), sig.size())) {
      return errRSAVerification;
    }
    return nullptr;
  } catch (const std::exception&) {
    return errRSAVerification;
  }
}

// x509.Certificate.SignatureAlgorithm is one of SHA1WithRSA, SHA256WithRSA, SHA384WithRSA,
// SHA512WithRSA.
bool isSHAWithRSA(const go::x509::Certificate& certificate) {
  const std::string oid = certificate.signature_algorithm().get_oid().to_string();
  return oid == "1.2.840.113549.1.1.5"      // sha1WithRSAEncryption
         || oid == "1.2.840.113549.1.1.11"  // sha256WithRSAEncryption
         || oid == "1.2.840.113549.1.1.12"  // sha384WithRSAEncryption
         || oid == "1.2.840.113549.1.1.13";  // sha512WithRSAEncryption
}

// certificate.PublicKey: null for a key algorithm Go's x509 leaves unparsed (ParseCertificate
// already rejected a malformed key of an algorithm Go knows).
std::pair<std::shared_ptr<const Botan::Public_Key>, go::error> publicKeyOf(const go::x509::Certificate& certificate) {
  return {go::x509::PublicKey(certificate), nullptr};
}

// The shared body of verifyKeySignature and verifyCertificateVerify (Go duplicates it, //nolint:dupl).
go::error verifySignature(std::span<const std::uint8_t> message, std::span<const std::uint8_t> remoteKeySignature,
                          hash::Algorithm hashAlgorithm, const std::vector<std::vector<std::uint8_t>>& rawCertificates) {
  if (rawCertificates.empty()) {
    return errLengthMismatch;
  }
  auto [certificate, err] = go::x509::ParseCertificate(rawCertificates[0]);
  if (err) {
    return err;
  }
  auto [publicKey, keyErr] = publicKeyOf(*certificate);
  if (keyErr) {
    return keyErr;
  }

  if (const auto* p = dynamic_cast<const Botan::Ed25519_PublicKey*>(publicKey.get())) {
    if (bool ok = ed25519Verify(*p, message, remoteKeySignature); !ok) {
      return errKeySignatureMismatch;
    }
    return nullptr;
  }
  if (const auto* p = dynamic_cast<const Botan::ECDSA_PublicKey*>(publicKey.get())) {
    ecdsaSignature ecdsaSig;
    if (auto err = unmarshalECDSASignature(remoteKeySignature, ecdsaSig)) {
      return err;
    }
    if (ecdsaSig.R.cmp_word(0) <= 0 || ecdsaSig.S.cmp_word(0) <= 0) {
      return errInvalidECDSASignature;
    }
    const auto hashed = hash::Digest(hashAlgorithm, message);
    if (!ecdsaVerify(*p, hashed, ecdsaSig.R, ecdsaSig.S)) {
      return errKeySignatureMismatch;
    }
    return nullptr;
  }
  if (const auto* p = dynamic_cast<const Botan::RSA_PublicKey*>(publicKey.get())) {
    if (isSHAWithRSA(*certificate)) {
      const auto hashed = hash::Digest(hashAlgorithm, message);
      return rsaVerifyPKCS1v15(*p, hash::CryptoHash(hashAlgorithm), hashed, remoteKeySignature);
    }
    return errKeySignatureVerifyUnimplemented;
  }

  return errKeySignatureVerifyUnimplemented;
}

}  // namespace

// pion: crypto.go valueKeyMessage
std::vector<std::uint8_t> valueKeyMessage(std::span<const std::uint8_t> clientRandom,
                                          std::span<const std::uint8_t> serverRandom,
                                          std::span<const std::uint8_t> publicKey, elliptic::Curve namedCurve) {
  std::vector<std::uint8_t> serverECDHParams(4);
  serverECDHParams[0] = 3;  // named curve
  serverECDHParams[1] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(namedCurve) >> 8);
  serverECDHParams[2] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(namedCurve));
  serverECDHParams[3] = static_cast<std::uint8_t>(publicKey.size());

  std::vector<std::uint8_t> plaintext;
  plaintext.reserve(clientRandom.size() + serverRandom.size() + serverECDHParams.size() + publicKey.size());
  plaintext.insert(plaintext.end(), clientRandom.begin(), clientRandom.end());
  plaintext.insert(plaintext.end(), serverRandom.begin(), serverRandom.end());
  plaintext.insert(plaintext.end(), serverECDHParams.begin(), serverECDHParams.end());
  plaintext.insert(plaintext.end(), publicKey.begin(), publicKey.end());

  return plaintext;
}

// pion: crypto.go generateKeySignature
// If the client provided a "signature_algorithms" extension, then all
// certificates provided by the server MUST be signed by a
// hash/signature algorithm pair that appears in that extension
//
// https://tools.ietf.org/html/rfc5246#section-7.4.2
std::pair<std::vector<std::uint8_t>, go::error> generateKeySignature(
    std::span<const std::uint8_t> clientRandom, std::span<const std::uint8_t> serverRandom,
    std::span<const std::uint8_t> publicKey, elliptic::Curve namedCurve,
    const std::shared_ptr<Botan::Private_Key>& privateKey, hash::Algorithm hashAlgorithm) {
  const auto msg = valueKeyMessage(clientRandom, serverRandom, publicKey, namedCurve);
  if (dynamic_cast<const Botan::Ed25519_PrivateKey*>(privateKey.get()) != nullptr) {
    // https://crypto.stackexchange.com/a/55483
    return ed25519Sign(privateKey, msg);
  }
  if (dynamic_cast<const Botan::ECDSA_PrivateKey*>(privateKey.get()) != nullptr) {
    const auto hashed = hash::Digest(hashAlgorithm, msg);
    return ecdsaSign(privateKey, hashed);
  }
  if (dynamic_cast<const Botan::RSA_PrivateKey*>(privateKey.get()) != nullptr) {
    const auto hashed = hash::Digest(hashAlgorithm, msg);
    return rsaSign(privateKey, hashed, hash::CryptoHash(hashAlgorithm));
  }

  return {{}, errKeySignatureGenerateUnimplemented};
}

// pion: crypto.go verifyKeySignature
go::error verifyKeySignature(std::span<const std::uint8_t> message, std::span<const std::uint8_t> remoteKeySignature,
                             hash::Algorithm hashAlgorithm,
                             const std::vector<std::vector<std::uint8_t>>& rawCertificates) {  //nolint:dupl
  return verifySignature(message, remoteKeySignature, hashAlgorithm, rawCertificates);
}

// pion: crypto.go generateCertificateVerify
// If the server has sent a CertificateRequest message, the client MUST send the Certificate
// message.  The ClientKeyExchange message is now sent, and the content
// of that message will depend on the public key algorithm selected
// between the ClientHello and the ServerHello.  If the client has sent
// a certificate with signing ability, a digitally-signed
// CertificateVerify message is sent to explicitly verify possession of
// the private key in the certificate.
// https://tools.ietf.org/html/rfc5246#section-7.3
std::pair<std::vector<std::uint8_t>, go::error> generateCertificateVerify(
    std::span<const std::uint8_t> handshakeBodies, const std::shared_ptr<Botan::Private_Key>& privateKey,
    hash::Algorithm hashAlgorithm) {
  if (dynamic_cast<const Botan::Ed25519_PrivateKey*>(privateKey.get()) != nullptr) {
    // https://pkg.go.dev/crypto/ed25519#PrivateKey.Sign
    // Sign signs the given message with priv. Ed25519 performs two passes over
    // messages to be signed and therefore cannot handle pre-hashed messages.
    return ed25519Sign(privateKey, handshakeBodies);
  }

  // h := sha256.New(); h.Write(handshakeBodies); hashed := h.Sum(nil)
  const auto hashed = hash::Digest(hash::SHA256, handshakeBodies);

  if (dynamic_cast<const Botan::ECDSA_PrivateKey*>(privateKey.get()) != nullptr) {
    return ecdsaSign(privateKey, hashed);
  }
  if (dynamic_cast<const Botan::RSA_PrivateKey*>(privateKey.get()) != nullptr) {
    return rsaSign(privateKey, hashed, hash::CryptoHash(hashAlgorithm));
  }

  return {{}, errInvalidSignatureAlgorithm};
}

// pion: crypto.go verifyCertificateVerify
go::error verifyCertificateVerify(std::span<const std::uint8_t> handshakeBodies, hash::Algorithm hashAlgorithm,
                                  std::span<const std::uint8_t> remoteKeySignature,
                                  const std::vector<std::vector<std::uint8_t>>& rawCertificates) {  //nolint:dupl
  return verifySignature(handshakeBodies, remoteKeySignature, hashAlgorithm, rawCertificates);
}

// pion: crypto.go loadCerts
std::pair<std::vector<go::x509::Certificate>, go::error> loadCerts(const std::vector<std::vector<std::uint8_t>>& rawCertificates) {
  if (rawCertificates.empty()) {
    return {{}, errLengthMismatch};
  }

  std::vector<go::x509::Certificate> certs;
  certs.reserve(rawCertificates.size());
  for (const auto& rawCert : rawCertificates) {
    auto [cert, err] = go::x509::ParseCertificate(rawCert);
    if (err) {
      return {{}, err};
    }
    certs.push_back(*cert);
  }
  return {std::move(certs), nullptr};
}

// pion: crypto.go verifyClientCert
std::pair<std::vector<std::vector<go::x509::Certificate>>, go::error> verifyClientCert(
    const std::vector<std::vector<std::uint8_t>>& rawCertificates, const std::shared_ptr<go::x509::CertPool>& roots) {
  auto [certificate, err] = loadCerts(rawCertificates);
  if (err) {
    return {{}, err};
  }
  auto intermediateCAPool = go::x509::NewCertPool();
  for (std::size_t i = 1; i < certificate.size(); ++i) {
    intermediateCAPool->AddCert(certificate[i]);
  }
  go::x509::VerifyOptions opts;
  opts.Roots = roots;
  opts.CurrentTime = go::time::Now();
  opts.Intermediates = intermediateCAPool;
  opts.KeyUsages = {go::x509::ExtKeyUsageClientAuth};
  return go::x509::Verify(certificate[0], opts);
}

// pion: crypto.go verifyServerCert
std::pair<std::vector<std::vector<go::x509::Certificate>>, go::error> verifyServerCert(
    const std::vector<std::vector<std::uint8_t>>& rawCertificates, const std::shared_ptr<go::x509::CertPool>& roots,
    const std::string& serverName) {
  auto [certificate, err] = loadCerts(rawCertificates);
  if (err) {
    return {{}, err};
  }
  auto intermediateCAPool = go::x509::NewCertPool();
  for (std::size_t i = 1; i < certificate.size(); ++i) {
    intermediateCAPool->AddCert(certificate[i]);
  }
  go::x509::VerifyOptions opts;
  opts.Roots = roots;
  opts.CurrentTime = go::time::Now();
  opts.DNSName = serverName;
  opts.Intermediates = intermediateCAPool;
  return go::x509::Verify(certificate[0], opts);
}

}  // namespace dtls
