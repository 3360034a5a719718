// pion: pkg/crypto/signature/signature.go
// Package signature provides our implemented Signature Algorithms
#pragma once

#include <cstdint>
#include <set>

namespace dtls::pkg::crypto::signature {

// pion: pkg/crypto/signature/signature.go Algorithm
// Algorithm as defined in TLS 1.2
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-16
enum Algorithm : std::uint16_t {
  // SignatureAlgorithm enums
  Anonymous = 0,
  RSA = 1,
  ECDSA = 3,
  Ed25519 = 7,
};

// pion: pkg/crypto/signature/signature.go Algorithms
// Algorithms returns all implemented Signature Algorithms
// (Go: map[Algorithm]struct{}; a set is the C++ spelling of a map to struct{}.)
inline std::set<Algorithm> Algorithms() {
  return std::set<Algorithm>{Anonymous, RSA, ECDSA, Ed25519};
}

}  // namespace dtls::pkg::crypto::signature
