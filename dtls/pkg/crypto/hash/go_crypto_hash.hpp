// Go's standard-library `crypto.Hash` (package crypto), which Pion's hash and
// fingerprint packages use. Per port-notes/conventions.md Go standard-library
// names live under go::<pkg>; this header is the one definition of go::crypto::Hash
// in the tree (it lives here because pkg/crypto/hash is its first user).
// The implementations are Botan's HashFunction objects.
#pragma once

#include <botan/hash.h>

#include <memory>
#include <string>

namespace go::crypto {

// crypto.Hash identifies a cryptographic hash function that is implemented in
// another package. Values are Go's (MD4 = 1 + iota ...).
enum Hash : unsigned {
  MD4 = 1,          // import golang.org/x/crypto/md4
  MD5 = 2,          // import crypto/md5
  SHA1 = 3,         // import crypto/sha1
  SHA224 = 4,       // import crypto/sha256
  SHA256 = 5,       // import crypto/sha256
  SHA384 = 6,       // import crypto/sha512
  SHA512 = 7,       // import crypto/sha512
  MD5SHA1 = 8,      // no implementation; MD5+SHA1 used for TLS RSA
  RIPEMD160 = 9,    // import golang.org/x/crypto/ripemd160
  SHA3_224 = 10,    // import golang.org/x/crypto/sha3
  SHA3_256 = 11,    // import golang.org/x/crypto/sha3
  SHA3_384 = 12,    // import golang.org/x/crypto/sha3
  SHA3_512 = 13,    // import golang.org/x/crypto/sha3
  SHA512_224 = 14,  // import crypto/sha512
  SHA512_256 = 15,  // import crypto/sha512
  BLAKE2s_256 = 16, // import golang.org/x/crypto/blake2s
  BLAKE2b_256 = 17, // import golang.org/x/crypto/blake2b
  BLAKE2b_384 = 18, // import golang.org/x/crypto/blake2b
  BLAKE2b_512 = 19, // import golang.org/x/crypto/blake2b
};

// Hash.String: Go's name for the hash ("SHA-256"), or "unknown hash value N".
std::string String(Hash h);

// Hash.Available reports whether the given hash function is linked into the
// binary (here: whether Botan provides it).
bool Available(Hash h);

// Hash.Size returns the length, in bytes, of a digest resulting from the given
// hash function. Go panics on an unknown hash; this throws std::invalid_argument.
std::size_t Size(Hash h);

// Hash.New returns a new hash.Hash calculating the given hash function (a fresh
// Botan::HashFunction). Go panics if the hash function is not linked into the
// binary; this throws std::invalid_argument.
std::unique_ptr<Botan::HashFunction> New(Hash h);

// The Botan algorithm name used for h ("" when there is none).
std::string BotanName(Hash h);

}  // namespace go::crypto
