// pion: pkg/crypto/signaturehash/signaturehash.go
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"

#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/rsa.h>

#include "chan/fmt.hpp"

namespace dtls::pkg::crypto::signaturehash {

// pion: pkg/crypto/signaturehash/signaturehash.go Algorithms
// Algorithms are all the know SignatureHash Algorithms
std::vector<Algorithm> Algorithms() {
  return std::vector<Algorithm>{
      {hash::SHA256, signature::ECDSA},   {hash::SHA384, signature::ECDSA}, {hash::SHA512, signature::ECDSA},
      {hash::SHA256, signature::RSA},     {hash::SHA384, signature::RSA},   {hash::SHA512, signature::RSA},
      {hash::Ed25519, signature::Ed25519},
  };
}

// pion: pkg/crypto/signaturehash/signaturehash.go SelectSignatureScheme
// SelectSignatureScheme returns most preferred and compatible scheme.
std::pair<Algorithm, go::error> SelectSignatureScheme(std::span<const Algorithm> sigs,
                                                      const std::shared_ptr<Botan::Private_Key>& privateKey) {
  for (const auto& ss : sigs) {
    if (ss.isCompatible(privateKey)) {
      return {ss, nullptr};
    }
  }
  return {Algorithm{}, errNoAvailableSignatureSchemes};
}

// pion: pkg/crypto/signaturehash/signaturehash.go Algorithm.isCompatible
// isCompatible checks that given private key is compatible with the signature scheme.
bool Algorithm::isCompatible(const std::shared_ptr<Botan::Private_Key>& privateKey) const {
  // switch privateKey.(type)
  const Botan::Private_Key* k = privateKey.get();
  if (dynamic_cast<const Botan::Ed25519_PrivateKey*>(k) != nullptr) {
    return Signature == signature::Ed25519;
  }
  if (dynamic_cast<const Botan::ECDSA_PrivateKey*>(k) != nullptr) {
    return Signature == signature::ECDSA;
  }
  if (dynamic_cast<const Botan::RSA_PrivateKey*>(k) != nullptr) {
    return Signature == signature::RSA;
  }
  return false;
}

// pion: pkg/crypto/signaturehash/signaturehash.go ParseSignatureSchemes
// ParseSignatureSchemes translates []tls.SignatureScheme to []signatureHashAlgorithm.
// It returns default signature scheme list if no SignatureScheme is passed.
std::pair<std::vector<Algorithm>, go::error> ParseSignatureSchemes(std::span<const go::tls::SignatureScheme> sigs,
                                                                   bool insecureHashes) {
  if (sigs.empty()) {
    return {Algorithms(), nullptr};
  }
  // Go formats the scheme with "%04x"; tls.SignatureScheme is a Stringer, so
  // Go prints the hex of its String() (never shorter than 4 digits), e.g.
  // "SignatureScheme 5369676e...: invalid signature algorithm". go::fmt's %x of
  // a string is the same hex.
  std::vector<Algorithm> out;
  for (const auto ss : sigs) {
    const auto sig = static_cast<signature::Algorithm>(ss & 0xFF);
    if (signature::Algorithms().count(sig) == 0) {
      return {std::vector<Algorithm>{}, go::fmt::Errorf("SignatureScheme %x: %w", go::tls::String(ss), errInvalidSignatureAlgorithm)};
    }
    const auto h = static_cast<hash::Algorithm>(ss >> 8);
    const bool ok = hash::Algorithms().count(h) != 0;
    if (!ok || (ok && h == hash::None)) {
      return {std::vector<Algorithm>{}, go::fmt::Errorf("SignatureScheme %x: %w", go::tls::String(ss), errInvalidHashAlgorithm)};
    }
    if (hash::Insecure(h) && !insecureHashes) {
      continue;
    }
    out.push_back(Algorithm{
        .Hash = h,
        .Signature = sig,
    });
  }

  if (out.empty()) {
    return {std::vector<Algorithm>{}, errNoAvailableSignatureSchemes};
  }

  return {std::move(out), nullptr};
}

}  // namespace dtls::pkg::crypto::signaturehash
