// pion: pkg/crypto/fingerprint/hash.go
#pragma once

#include <map>
#include <string>
#include <utility>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::pkg::crypto::fingerprint {

inline const go::error errInvalidHashAlgorithm = go::errors::New("fingerprint: invalid hash algorithm");

// pion: pkg/crypto/fingerprint/hash.go nameToHash
std::map<std::string, go::crypto::Hash> nameToHash();

// pion: pkg/crypto/fingerprint/hash.go HashFromString
// HashFromString allows looking up a hash algorithm by it's string representation
std::pair<go::crypto::Hash, go::error> HashFromString(const std::string& s);

// pion: pkg/crypto/fingerprint/hash.go StringFromHash
// StringFromHash allows looking up a string representation of the crypto.Hash.
std::pair<std::string, go::error> StringFromHash(go::crypto::Hash hash);

}  // namespace dtls::pkg::crypto::fingerprint
