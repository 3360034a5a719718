// pion: pkg/crypto/hash/hash.go
// Package hash provides TLS HashAlgorithm as defined in TLS 1.2
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::pkg::crypto::hash {

// pion: pkg/crypto/hash/hash.go Algorithm
// Algorithm is used to indicate the hash algorithm used
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-18
enum Algorithm : std::uint16_t {
  // Supported hash algorithms
  None = 0,  // Blacklisted
  MD5 = 1,   // Blacklisted
  SHA1 = 2,  // Blacklisted
  SHA224 = 3,
  SHA256 = 4,
  SHA384 = 5,
  SHA512 = 6,
  Ed25519 = 8,
};

// pion: pkg/crypto/hash/hash.go Algorithm.String
// String makes hashAlgorithm printable
std::string String(Algorithm a);

// pion: pkg/crypto/hash/hash.go Algorithm.Digest
// Digest performs a digest on the passed value
// (returns an empty vector where Go returns nil)
std::vector<std::uint8_t> Digest(Algorithm a, std::span<const std::uint8_t> b);

// pion: pkg/crypto/hash/hash.go Algorithm.Insecure
// Insecure returns if the given HashAlgorithm is considered secure in DTLS 1.2
bool Insecure(Algorithm a);

// pion: pkg/crypto/hash/hash.go Algorithm.CryptoHash
// CryptoHash returns the crypto.Hash implementation for the given HashAlgorithm
// (go::crypto::Hash(0) where Go returns crypto.Hash(0))
go::crypto::Hash CryptoHash(Algorithm a);

// pion: pkg/crypto/hash/hash.go Algorithms
// Algorithms returns all the supported Hash Algorithms
// (Go: map[Algorithm]struct{}; a set is the C++ spelling of a map to struct{}.)
std::set<Algorithm> Algorithms();

}  // namespace dtls::pkg::crypto::hash
