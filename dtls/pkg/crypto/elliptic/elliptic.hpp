// pion: pkg/crypto/elliptic/elliptic.go
// Package elliptic provides elliptic curve cryptography for DTLS
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::crypto::elliptic {

inline const go::error errInvalidNamedCurve = go::errors::New("invalid named curve");

// pion: pkg/crypto/elliptic/elliptic.go CurvePointFormat
// CurvePointFormat is used to represent the IANA registered curve points
//
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xml#tls-parameters-9
enum CurvePointFormat : std::uint8_t {
  // CurvePointFormat enums
  CurvePointFormatUncompressed = 0,
};

// pion: pkg/crypto/elliptic/elliptic.go CurveType
// CurveType is used to represent the IANA registered curve types for TLS
//
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-10
enum CurveType : std::uint8_t {
  // CurveType enums
  CurveTypeNamedCurve = 0x03,
};

// pion: pkg/crypto/elliptic/elliptic.go CurveTypes
// CurveTypes returns all known curves
// (Go: map[CurveType]struct{}; a set is the C++ spelling of a map to struct{}.)
inline std::set<CurveType> CurveTypes() { return std::set<CurveType>{CurveTypeNamedCurve}; }

// pion: pkg/crypto/elliptic/elliptic.go Curve
// Curve is used to represent the IANA registered curves for TLS
//
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xml#tls-parameters-8
enum Curve : std::uint16_t {
  // Curve enums
  P256 = 0x0017,
  P384 = 0x0018,
  X25519 = 0x001d,
};

// pion: pkg/crypto/elliptic/elliptic.go Curve.String
std::string String(Curve c);

// pion: pkg/crypto/elliptic/elliptic.go Curves
// Curves returns all curves we implement
inline std::map<Curve, bool> Curves() {
  return std::map<Curve, bool>{
      {X25519, true},
      {P256, true},
      {P384, true},
  };
}

// pion: pkg/crypto/elliptic/elliptic.go Keypair
// Keypair is a Curve with a Private/Public Keypair
//
// PublicKey is the encoded public value: 32 bytes for X25519, the uncompressed
// point (0x04 || X || Y) for P-256/P-384. PrivateKey is the 32-byte X25519
// scalar, or the big-endian private scalar padded to the curve's byte size.
struct Keypair {
  elliptic::Curve Curve{};
  std::vector<std::uint8_t> PublicKey;
  std::vector<std::uint8_t> PrivateKey;
};

// pion: pkg/crypto/elliptic/elliptic.go GenerateKeypair
// GenerateKeypair generates a keypair for the given Curve
// (Go returns *Keypair; here a shared_ptr, null on error.)
std::pair<std::shared_ptr<Keypair>, go::error> GenerateKeypair(Curve c);

}  // namespace dtls::pkg::crypto::elliptic
