// pion: pkg/crypto/selfsign/selfsign.go
// Package selfsign is a test helper that generates self signed certificate.
#pragma once

#include <botan/pk_keys.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"

namespace dtls::pkg::crypto::selfsign {

inline const go::error errInvalidPrivateKey = go::errors::New("selfsign: invalid private key type");

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSigned
// GenerateSelfSigned creates a self-signed certificate
std::pair<go::tls::Certificate, go::error> GenerateSelfSigned();

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSignedWithDNS
// GenerateSelfSignedWithDNS creates a self-signed certificate
std::pair<go::tls::Certificate, go::error> GenerateSelfSignedWithDNS(const std::string& cn,
                                                                     const std::vector<std::string>& sans = {});

// pion: pkg/crypto/selfsign/selfsign.go SelfSign
// SelfSign creates a self-signed certificate from a elliptic curve key
std::pair<go::tls::Certificate, go::error> SelfSign(std::shared_ptr<Botan::Private_Key> key);

// pion: pkg/crypto/selfsign/selfsign.go WithDNS
// WithDNS creates a self-signed certificate from a elliptic curve key
// (key: Botan::Ed25519_PrivateKey, Botan::ECDSA_PrivateKey or Botan::RSA_PrivateKey;
//  anything else, or null, is errInvalidPrivateKey as in Go.)
std::pair<go::tls::Certificate, go::error> WithDNS(std::shared_ptr<Botan::Private_Key> key, const std::string& cn,
                                                   const std::vector<std::string>& sans = {});

}  // namespace dtls::pkg::crypto::selfsign
