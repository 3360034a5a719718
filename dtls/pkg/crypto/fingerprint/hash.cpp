// pion: pkg/crypto/fingerprint/hash.go
#include "dtls/pkg/crypto/fingerprint/hash.hpp"

#include <algorithm>
#include <cctype>

namespace dtls::pkg::crypto::fingerprint {

// pion: pkg/crypto/fingerprint/hash.go nameToHash
std::map<std::string, go::crypto::Hash> nameToHash() {
  return std::map<std::string, go::crypto::Hash>{
      {"md5", go::crypto::MD5},        // [RFC3279]
      {"sha-1", go::crypto::SHA1},     // [RFC3279]
      {"sha-224", go::crypto::SHA224}, // [RFC4055]
      {"sha-256", go::crypto::SHA256}, // [RFC4055]
      {"sha-384", go::crypto::SHA384}, // [RFC4055]
      {"sha-512", go::crypto::SHA512}, // [RFC4055]
  };
}

// pion: pkg/crypto/fingerprint/hash.go HashFromString
// HashFromString allows looking up a hash algorithm by it's string representation
std::pair<go::crypto::Hash, go::error> HashFromString(const std::string& s) {
  // strings.ToLower (the map keys are ASCII)
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto m = nameToHash();
  if (auto it = m.find(lower); it != m.end()) {
    return {it->second, nullptr};
  }
  return {go::crypto::Hash(0), errInvalidHashAlgorithm};
}

// pion: pkg/crypto/fingerprint/hash.go StringFromHash
// StringFromHash allows looking up a string representation of the crypto.Hash.
std::pair<std::string, go::error> StringFromHash(go::crypto::Hash hash) {
  for (const auto& [s, h] : nameToHash()) {
    if (h == hash) {
      return {s, nullptr};
    }
  }
  return {"", errInvalidHashAlgorithm};
}

}  // namespace dtls::pkg::crypto::fingerprint
