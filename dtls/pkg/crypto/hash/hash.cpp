// pion: pkg/crypto/hash/hash.go
#include "dtls/pkg/crypto/hash/hash.hpp"

#include <botan/hash.h>

namespace dtls::pkg::crypto::hash {

// pion: pkg/crypto/hash/hash.go Algorithm.String
// String makes hashAlgorithm printable
std::string String(Algorithm a) {
  switch (a) {
    case None:
      return "none";
    case MD5:
      return "md5";  // [RFC3279]
    case SHA1:
      return "sha-1";  // [RFC3279]
    case SHA224:
      return "sha-224";  // [RFC4055]
    case SHA256:
      return "sha-256";  // [RFC4055]
    case SHA384:
      return "sha-384";  // [RFC4055]
    case SHA512:
      return "sha-512";  // [RFC4055]
    case Ed25519:
      return "null";
    default:
      return "unknown or unsupported hash algorithm";
  }
}

namespace {
std::vector<std::uint8_t> sum(const char* name, std::span<const std::uint8_t> b) {
  auto h = Botan::HashFunction::create_or_throw(name);
  h->update(b.data(), b.size());
  const auto out = h->final();
  return std::vector<std::uint8_t>(out.begin(), out.end());
}
}  // namespace

// pion: pkg/crypto/hash/hash.go Algorithm.Digest
// Digest performs a digest on the passed value
std::vector<std::uint8_t> Digest(Algorithm a, std::span<const std::uint8_t> b) {
  switch (a) {
    case None:
      return {};
    case MD5:
      return sum("MD5", b);  // #nosec
    case SHA1:
      return sum("SHA-1", b);  // #nosec
    case SHA224:
      return sum("SHA-224", b);
    case SHA256:
      return sum("SHA-256", b);
    case SHA384:
      return sum("SHA-384", b);
    case SHA512:
      return sum("SHA-512", b);
    default:
      return {};
  }
}

// pion: pkg/crypto/hash/hash.go Algorithm.Insecure
// Insecure returns if the given HashAlgorithm is considered secure in DTLS 1.2
bool Insecure(Algorithm a) {
  switch (a) {
    case None:
    case MD5:
    case SHA1:
      return true;
    default:
      return false;
  }
}

// pion: pkg/crypto/hash/hash.go Algorithm.CryptoHash
// CryptoHash returns the crypto.Hash implementation for the given HashAlgorithm
go::crypto::Hash CryptoHash(Algorithm a) {
  switch (a) {
    case None:
      return go::crypto::Hash(0);
    case MD5:
      return go::crypto::MD5;
    case SHA1:
      return go::crypto::SHA1;
    case SHA224:
      return go::crypto::SHA224;
    case SHA256:
      return go::crypto::SHA256;
    case SHA384:
      return go::crypto::SHA384;
    case SHA512:
      return go::crypto::SHA512;
    case Ed25519:
      return go::crypto::Hash(0);
    default:
      return go::crypto::Hash(0);
  }
}

// pion: pkg/crypto/hash/hash.go Algorithms
// Algorithms returns all the supported Hash Algorithms
std::set<Algorithm> Algorithms() {
  return std::set<Algorithm>{
      None, MD5, SHA1, SHA224, SHA256, SHA384, SHA512, Ed25519,
  };
}

}  // namespace dtls::pkg::crypto::hash
