// pion: pkg/crypto/signaturehash/signaturehash.go
// Package signaturehash provides the SignatureHashAlgorithm as defined in TLS 1.2
#pragma once

#include <botan/pk_keys.h>

#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/crypto/signaturehash/errors.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"

namespace dtls::pkg::crypto::signaturehash {

// pion: pkg/crypto/signaturehash/signaturehash.go Algorithm
// Algorithm is a signature/hash algorithm pairs which may be used in
// digital signatures.
//
// https://tools.ietf.org/html/rfc5246#section-7.4.1.4.1
struct Algorithm {
  hash::Algorithm Hash{};
  signature::Algorithm Signature{};

  // pion: pkg/crypto/signaturehash/signaturehash.go Algorithm.isCompatible
  // isCompatible checks that given private key is compatible with the signature scheme.
  // Go's crypto.PrivateKey is a std::shared_ptr<Botan::Private_Key> (null is nil):
  // ed25519.PrivateKey is Botan::Ed25519_PrivateKey, *ecdsa.PrivateKey is
  // Botan::ECDSA_PrivateKey, *rsa.PrivateKey is Botan::RSA_PrivateKey.
  bool isCompatible(const std::shared_ptr<Botan::Private_Key>& privateKey) const;

  friend bool operator==(const Algorithm&, const Algorithm&) = default;
};

// pion: pkg/crypto/signaturehash/signaturehash.go Algorithms
// Algorithms are all the know SignatureHash Algorithms
std::vector<Algorithm> Algorithms();

// pion: pkg/crypto/signaturehash/signaturehash.go SelectSignatureScheme
// SelectSignatureScheme returns most preferred and compatible scheme.
std::pair<Algorithm, go::error> SelectSignatureScheme(std::span<const Algorithm> sigs,
                                                      const std::shared_ptr<Botan::Private_Key>& privateKey);

// pion: pkg/crypto/signaturehash/signaturehash.go ParseSignatureSchemes
// ParseSignatureSchemes translates []tls.SignatureScheme to []signatureHashAlgorithm.
// It returns default signature scheme list if no SignatureScheme is passed.
std::pair<std::vector<Algorithm>, go::error> ParseSignatureSchemes(std::span<const go::tls::SignatureScheme> sigs,
                                                                   bool insecureHashes);

}  // namespace dtls::pkg::crypto::signaturehash
